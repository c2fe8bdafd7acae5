// HTTP routes: the built app with cache rules, /healthz, and refusals for everything else.
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { Asset } from './static-assets.js';

export type HeaderList = ReadonlyArray<readonly [string, string]>;

function writeHeaders(res: HttpResponse, headers: HeaderList): void {
  for (const [name, value] of headers) res.writeHeader(name, value);
}

function sendText(res: HttpResponse, status: string, text: string, security: HeaderList, extra: HeaderList = []): void {
  res.cork(() => {
    res.writeStatus(status);
    writeHeaders(res, security);
    writeHeaders(res, extra);
    res.writeHeader('Content-Type', 'text/plain; charset=utf-8');
    res.writeHeader('Cache-Control', 'no-store');
    res.end(text);
  });
}

/** Decodes a request path; undefined for NUL bytes, bad escapes, backslashes and dot segments. */
export function safePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  return decoded;
}

/** An app route (no file extension, not under /assets/) falls back to index.html. */
function isAppRoute(path: string): boolean {
  return !path.startsWith('/assets/') && !/\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/')));
}

function pickEncoding(asset: Asset, acceptEncoding: string): { body: Buffer; encoding: string | undefined } {
  if (asset.brotli && /\bbr\b/.test(acceptEncoding)) return { body: asset.brotli, encoding: 'br' };
  if (asset.gzip && /\bgzip\b/.test(acceptEncoding)) return { body: asset.gzip, encoding: 'gzip' };
  return { body: asset.body, encoding: undefined };
}

function serveAsset(res: HttpResponse, req: HttpRequest, asset: Asset, security: HeaderList, head: boolean): void {
  const ifNoneMatch = req.getHeader('if-none-match');
  const { body, encoding } = pickEncoding(asset, req.getHeader('accept-encoding'));
  res.cork(() => {
    const fresh = ifNoneMatch !== '' && ifNoneMatch.split(',').some((tag) => tag.trim() === asset.etag);
    res.writeStatus(fresh ? '304 Not Modified' : '200 OK');
    writeHeaders(res, security);
    res.writeHeader('Content-Type', asset.contentType);
    res.writeHeader('Cache-Control', asset.cacheControl);
    res.writeHeader('ETag', asset.etag);
    if (asset.brotli || asset.gzip) res.writeHeader('Vary', 'Accept-Encoding');
    if (encoding) res.writeHeader('Content-Encoding', encoding);
    if (fresh) res.endWithoutBody();
    else if (head) res.writeHeader('Content-Length', String(body.length)).endWithoutBody();
    else res.end(body);
  });
}

/** Registers every HTTP route on `app`; assets is the in-memory build from loadAssets(). */
export function registerHttpRoutes(app: TemplatedApp, assets: ReadonlyMap<string, Asset>, security: HeaderList): void {
  const handle = (head: boolean) => (res: HttpResponse, req: HttpRequest): void => {
    const path = safePath(req.getUrl());
    if (path === undefined) return sendText(res, '400 Bad Request', 'bad path\n', security);
    if (path === '/healthz') return sendText(res, '200 OK', 'ok\n', security);
    const asset = assets.get(path) ?? (isAppRoute(path) ? assets.get('/index.html') : undefined);
    if (!asset) return sendText(res, '404 Not Found', 'not found\n', security);
    return serveAsset(res, req, asset, security, head);
  };
  // Shared invites are POSTed to /share-target and answered by the service worker. Without one in
  // control the request reaches us: the body (the shared link) is never read, the app opens instead.
  app.post('/share-target', (res) => sendText(res, '303 See Other', 'see /\n', security, [['Location', '/']]));
  app.get('/*', handle(false));
  app.head('/*', handle(true));
  app.any('/*', (res) => sendText(res, '405 Method Not Allowed', 'method not allowed\n', security, [['Allow', 'GET, HEAD']]));
}

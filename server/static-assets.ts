// The built app, read into memory once at start-up: lookups are map hits, so no path can escape dist/.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface Asset {
  readonly body: Buffer;
  readonly brotli: Buffer | undefined;
  readonly gzip: Buffer | undefined;
  readonly contentType: string;
  readonly etag: string;
  readonly cacheControl: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt', '.map']);

/** Files whose names carry a content hash may be cached forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, the service worker, the manifest, icons) is revalidated. */
const REVALIDATE = 'no-cache';

/** Smallest body worth compressing, in bytes. */
const MIN_COMPRESS_BYTES = 512;

function isHashed(urlPath: string): boolean {
  return urlPath.startsWith('/assets/') && /[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(urlPath);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function load(path: string, urlPath: string): Asset {
  const body = readFileSync(path);
  const ext = extname(path).toLowerCase();
  const compress = COMPRESSIBLE.has(ext) && body.length >= MIN_COMPRESS_BYTES;
  return {
    body,
    brotli: compress ? brotliCompressSync(body) : undefined,
    gzip: compress ? gzipSync(body, { level: 9 }) : undefined,
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    cacheControl: isHashed(urlPath) ? IMMUTABLE : REVALIDATE,
  };
}

/** Maps URL paths ("/", "/assets/x.js") to assets of the built app in `dir`. */
export function loadAssets(dir: string): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of walk(dir)) {
    const urlPath = '/' + relative(dir, file).split(sep).join('/');
    assets.set(urlPath, load(file, urlPath));
  }
  const index = assets.get('/index.html');
  if (!index) throw new Error(`${dir} has no index.html: run \`npm run build\``);
  assets.set('/', index);
  return assets;
}

// GET /lan.json: the LAN URLs and certificate fingerprint, so the page can show them to pass on.
import type { TemplatedApp } from 'uWebSockets.js';
import type { HeaderList } from '../http.js';

/** What the page learns in LAN mode. */
export interface LanInfo {
  readonly name: string;
  readonly urls: readonly string[];
  /** SHA-256 of the TLS certificate, "AB:CD:…". */
  readonly fingerprint: string;
}

/** The path of the LAN info document. */
export const LAN_INFO_PATH = '/lan.json';

/**
 * Registers GET /lan.json: the info as JSON in LAN mode, else 204 No Content. Not 404: the page
 * asks on every load, and a 404 would put an error in the console of every non-LAN page.
 */
export function registerLanInfoRoute(app: TemplatedApp, security: HeaderList, info: LanInfo | undefined): void {
  const body = info && JSON.stringify({ name: info.name, urls: info.urls, fingerprint: info.fingerprint });
  app.get(LAN_INFO_PATH, (res) => {
    res.cork(() => {
      res.writeStatus(body ? '200 OK' : '204 No Content');
      for (const [name, value] of security) res.writeHeader(name, value);
      res.writeHeader('Cache-Control', 'no-store');
      if (body) res.writeHeader('Content-Type', 'application/json; charset=utf-8').end(body);
      else res.endWithoutBody();
    });
  });
}

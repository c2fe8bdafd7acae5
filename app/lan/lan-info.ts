// Asks the server whether it runs in LAN mode and, if so, for the addresses, fingerprint and a QR of the first address.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorNameOf, reportDiagnostic } from '../diagnostics/sink.js';
import { formatLanLink } from '../../protocol/lan-link.js';

/** Where the server says whether it runs in LAN mode (200 with the info, 204 when not). */
const LAN_INFO_PATH = '/lan.json';

/** Host names that reach this machine without any network. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Pixel size of the QR image: big enough for a phone camera across a table. */
const QR_SIZE_PX = 200;

/** What GET /lan.json returns in LAN mode, plus the QR this page drew. */
export interface LanInfo {
  readonly urls: readonly string[];
  readonly fingerprint: string;
  /** data: URL of the first URL's QR code. */
  readonly qr: string;
}

function isLanInfo(value: unknown): value is Omit<LanInfo, 'qr'> {
  if (typeof value !== 'object' || value === null) return false;
  const { urls, fingerprint } = value as Record<string, unknown>;
  return (
    Array.isArray(urls) &&
    urls.length > 0 &&
    urls.every((u) => typeof u === 'string' && u.startsWith('https://')) &&
    typeof fingerprint === 'string'
  );
}

/** Asks the server once whether it runs in LAN mode; the request is cancelled if the host goes away. */
export class LanInfoController implements ReactiveController {
  info: LanInfo | undefined;
  private abort: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.abort = new AbortController();
    void this.load(this.abort.signal);
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }

  private async load(signal: AbortSignal): Promise<void> {
    try {
      // LAN mode always serves HTTPS, so a plain-HTTP page is never in it.
      if (location.protocol !== 'https:') return;
      // Offline there is nothing to ask (the failed request would only be logged), unless the server
      // is this machine itself, which needs no network.
      if (!navigator.onLine && !LOOPBACK_HOSTS.has(location.hostname)) {
        await new Promise((resolve) => window.addEventListener('online', resolve, { once: true, signal }));
      }
      if (signal.aborted) return;
      const res = await fetch(LAN_INFO_PATH, { signal, cache: 'no-store' });
      if (res.status !== 200) return;
      const body: unknown = await res.json();
      if (!isLanInfo(body) || signal.aborted) return;
      // Loaded only in LAN mode, so other pages do not pay for the QR encoder.
      const { default: QRCode } = await import('qrcode');
      const qr = await QRCode.toDataURL(formatLanLink(body.urls[0]!, body.fingerprint), { width: QR_SIZE_PX, margin: 2, errorCorrectionLevel: 'M' });
      if (signal.aborted) return;
      this.info = { urls: body.urls, fingerprint: body.fingerprint, qr };
      this.host.requestUpdate();
    } catch (error) {
      // Expected: the page went away (AbortError); the banner simply stays hidden. Anything else is recorded.
      if (signal.aborted || errorNameOf(error) === 'AbortError') return;
      reportDiagnostic('lan', 'lan-info-failed', error);
    }
  }
}

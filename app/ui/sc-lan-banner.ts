// In LAN mode, shows the address others on the network open (as text and QR), the certificate fingerprint, and what a LAN call reveals.
import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LocaleController, locale } from '../i18n/locale.js';
import type { Language } from '../i18n/strings.js';
import { formatLanLink } from '../../protocol/lan-link.js';

/** Where the server says whether it runs in LAN mode (200 with the info, 204 when not). */
/** Host names that reach this machine without any network. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

const LAN_INFO_PATH = '/lan.json';

/** Pixel size of the QR image: big enough for a phone camera across a table. */
const QR_SIZE_PX = 200;

const en = {
  heading: 'On this network',
  openThis: 'Others on this Wi-Fi open:',
  qrAlt: 'QR code of',
  certificate: 'Certificate SHA-256 — the browser warns that it is self-signed; continue only if it shows this fingerprint:',
  privacy: 'On a LAN call, voice goes directly between devices: the people in the call can see each other’s local IP address.',
} as const;

type LanStringKey = keyof typeof en;

const ru: Record<LanStringKey, string> = {
  heading: 'В этой сети',
  openThis: 'Остальные в этой Wi-Fi-сети открывают:',
  qrAlt: 'QR-код адреса',
  certificate: 'SHA-256 сертификата — браузер предупредит, что он самоподписанный; продолжайте, только если видите этот отпечаток:',
  privacy: 'В звонке по локальной сети голос идёт напрямую между устройствами: участники видят локальные IP-адреса друг друга.',
};

const STRINGS: Record<Language, Record<LanStringKey, string>> = { en, ru };
const lt = (key: LanStringKey): string => STRINGS[locale.language][key];

/** What GET /lan.json returns in LAN mode. */
interface LanInfo {
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
class LanInfoController implements ReactiveController {
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
    } catch {
      // Not in LAN mode, offline, or navigated away: the banner simply stays hidden.
    }
  }
}

@customElement('sc-lan-banner')
export class ScLanBanner extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    aside {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.5rem;
      padding: 1rem;
      border-radius: var(--sc-radius);
      border: 1px solid var(--sc-muted);
      background: var(--sc-surface);
      color: var(--sc-text);
      max-width: 30rem;
    }
    h2 {
      margin: 0;
      font-size: 1.1rem;
    }
    p {
      margin: 0;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      color: var(--sc-accent);
      font-size: 1.15rem;
      word-break: break-all;
    }
    img {
      width: 200px;
      height: 200px;
      image-rendering: pixelated;
      background: #fff;
    }
    code {
      font-size: 0.8rem;
      word-break: break-all;
    }
    .note {
      color: var(--sc-muted);
      font-size: 0.9rem;
    }
  `;

  private readonly lan = new LanInfoController(this);

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    const info = this.lan.info;
    if (!info) return nothing;
    return html`
      <aside aria-labelledby="lan-heading">
        <h2 id="lan-heading">${lt('heading')}</h2>
        <p>${lt('openThis')}</p>
        <ul>
          ${info.urls.map((url) => html`<li><a href=${url}>${url}</a></li>`)}
        </ul>
        <img src=${info.qr} alt="${lt('qrAlt')} ${info.urls[0]}" />
        <p class="note">${lt('certificate')}</p>
        <code>${info.fingerprint}</code>
        <p class="note">${lt('privacy')}</p>
      </aside>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-lan-banner': ScLanBanner;
  }
}

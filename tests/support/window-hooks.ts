// The one typed declaration of every window.__… hook the browser tests install in pages and read back.
import type * as cryptoModule from '../../app/crypto/index.js';
import type { ChatSession } from '../../app/crypto/chat.js';
import type * as keystoreModule from '../../app/keystore/index.js';
import type { locale as localeController } from '../../app/i18n/locale.js';

/** What tests/support/call-page.ts's instrumentation records in a page (window.__sc). */
export interface ScRecord {
  /** Every RTCPeerConnection the page created, closed ones included. */
  readonly pcs: RTCPeerConnection[];
  /** Every WebSocket the page opened. */
  readonly sockets: WebSocket[];
  /** Every track getUserMedia returned. */
  readonly tracks: MediaStreamTrack[];
  /** SDPs this page applied: local ones it sent, remote ones it received. */
  readonly sdps: { dir: 'local' | 'remote'; sdp: string }[];
  /** Candidate lines this page gathered or was given. */
  readonly candidates: { dir: 'local' | 'remote'; candidate: string }[];
  /** Error codes the server sent. */
  readonly serverErrors: string[];
  /** setLocal/setRemoteDescription failures, one line each. */
  readonly rtcErrors: string[];
  /** Close codes of the page's sockets. */
  readonly socketCloses: number[];
  /** Relay frames received, by sender peer id, and sent, by recipient ('*' for everyone). */
  readonly relaysIn: Record<string, number>;
  readonly relaysOut: Record<string, number>;
  /** My peer id, from the last welcome. */
  readonly me: string | undefined;
  /** Set to true to flip one byte of the next chat frame the page sends. */
  tamperNextChat: boolean;
  /** Every 32-byte secret the page imported for HKDF (room keys among them), as a compromised device would leak them. */
  readonly keyMaterial: number[][];
}

/** tests/support/firefox-page.ts's DOM helpers for a page driven over WebDriver BiDi (no Playwright locators there). */
export interface DomHooks {
  /** Every element matching `selector`, open shadow roots included. */
  all(selector: string): Element[];
  /** The enabled button whose accessible text (aria-label, else its text without aria-hidden parts) is `name`. */
  button(name: string): HTMLButtonElement | undefined;
  /** The input whose <label> text or aria-label is `label`. */
  field(label: string): HTMLInputElement | HTMLTextAreaElement | undefined;
}

/** What tests/support/scan-harness.ts's page exposes (window.harness). */
export interface ScanHarnessHooks {
  readonly keystore: typeof keystoreModule;
  /** app/scan's worker decoder (typed here: app/scan's worker import needs Vite's types). */
  readonly scan: { readonly WorkerDecoder: new () => { decodeImage(image: ImageData): Promise<string | undefined>; close(): void } };
  readonly crypto: typeof cryptoModule;
  readonly locale: typeof localeController;
  /** detail of every sc-scan-result event, in order. */
  readonly results: unknown[];
}

declare global {
  interface Window {
    /** tests/support/call-page.ts instrumentation. */
    __sc: ScRecord;
    /** tests/support/firefox-page.ts's DOM helpers. */
    __scDom: DomHooks;
    /** tests/support/browser.ts: reports a CSP violation to the test. */
    __reportCspViolation(text: string): void;
    /** tests/browser/scan.test.ts instrumentation: camera streams, frames posted to workers, workers terminated. */
    __streams: MediaStream[];
    __posts: number;
    __terminated: number;
    /** app/pwa/test-hooks.ts, in builds made with __SC_TEST_HOOKS__. */
    __securecallTest: { setCallActive(active: boolean): void };
    /** tests/browser/pwa-update.test.ts: set when the service worker controlling the page changed. */
    __controllerChanged: boolean;
    /** tests/support/scan-harness.ts's page. */
    harness: ScanHarnessHooks;
    harnessReady: boolean;
    /** tests/browser/crypto.test.ts's page: app/crypto bundled, and state kept between evaluate calls. */
    sc: typeof cryptoModule;
    ready: boolean;
    pageState: { keys: cryptoModule.PairKeys; chat: ChatSession; me: cryptoModule.Identity };
  }
}

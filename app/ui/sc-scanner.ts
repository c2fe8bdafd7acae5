// The QR scanner: camera picture, camera switch, torch, close, paste-a-link fallback; emits classified results.
import { css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { classifyScan, type ScanResult } from '../scan/classify.js';
import type { ScanErrorCode } from '../scan/errors.js';
import { ScannerController } from '../scan/scanner-controller.js';
import { st, type ScanStringKey } from '../scan/strings.js';
import { ScElement } from './sc-element.js';

/** What the scanner is for; a code of the other SecureCall kind gets a plain hint. */
export type ScanPurpose = 'invite' | 'fingerprint' | 'direct' | 'any';

/** Detail of `sc-scan-result`: what a newly read (or pasted) code is. */
export type ScanResultEvent = CustomEvent<ScanResult>;

const ERROR_TEXT: Readonly<Record<ScanErrorCode, ScanStringKey>> = {
  'permission-denied': 'scanErrorPermission',
  'no-camera': 'scanErrorNoCamera',
  'camera-busy': 'scanErrorBusy',
  unsupported: 'scanErrorUnsupported',
};

@customElement('sc-scanner')
export class ScScanner extends ScElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      width: min(32rem, 100%);
      text-align: start;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    .viewport {
      position: relative;
      aspect-ratio: 4 / 3;
      background: #000;
      border-radius: var(--sc-radius, 12px);
      overflow: hidden;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
      display: block;
    }
    .aim {
      position: absolute;
      inset: 15%;
      border: 3px solid rgba(255, 255, 255, 0.8);
      border-radius: 12px;
      pointer-events: none;
    }
    .controls,
    form {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
      align-items: center;
    }
    form input {
      flex: 1;
      min-width: 12rem;
    }
    button,
    input {
      font: inherit;
      min-height: 2.75rem;
      padding: 0.5rem 0.9rem;
      border-radius: 8px;
      border: 1px solid var(--sc-muted, #94a3b8);
      background: var(--sc-surface, #1e293b);
      color: var(--sc-text, #e2e8f0);
      box-sizing: border-box;
    }
    input {
      background: var(--sc-bg, #0f172a);
    }
    button:focus-visible,
    input:focus-visible {
      outline: 3px solid var(--sc-warn, #f59e0b);
      outline-offset: 2px;
    }
    button[aria-pressed='true'] {
      border-color: var(--sc-warn, #f59e0b);
    }
    p {
      margin: 0;
    }
    .status {
      min-height: 1.5em;
    }
    .error,
    .warning {
      color: var(--sc-warn, #f59e0b);
      font-weight: 600;
    }
    .warning {
      border: 2px solid var(--sc-danger, #ef4444);
      border-radius: 8px;
      padding: 0.6rem;
    }
    label {
      display: block;
    }
  `;

  /** What the scanner is for: decides the hint for a code of the other kind. */
  @property() purpose: ScanPurpose = 'any';
  /** A message from the host about the last result (e.g. "This invite was already used"). */
  @property() notice = '';
  /** A loud message from the host (e.g. a fingerprint mismatch); shown as an alert. */
  @property() warning = '';
  /** Decoder choice: 'worker' forces jsQR even where a native detector exists. */
  @property() engine: 'auto' | 'worker' = 'auto';

  @state() private hint: ScanStringKey | undefined;
  @query('video') private video!: HTMLVideoElement;

  private lastText: string | undefined;
  private source: 'camera' | 'paste' = 'camera';

  /** Where the last reported result came from: the camera picture or the paste field. */
  get lastSource(): 'camera' | 'paste' {
    return this.source;
  }
  private readonly scanner = new ScannerController(this, { onText: (text) => this.onText(text) });

  override firstUpdated(): void {
    this.startCamera();
  }

  override render() {
    const { status, error, torch, cameraCount } = this.scanner;
    return html`
      <header>
        <h2 id="scanner-title">${st('scannerTitle')}</h2>
        <button type="button" class="close" @click=${this._onClose}>${st('scannerClose')}</button>
      </header>
      <div class="viewport" ?hidden=${status === 'error'}>
        <video aria-label=${st('scannerVideoLabel')} muted playsinline></video>
        <div class="aim" aria-hidden="true"></div>
      </div>
      ${error !== undefined
        ? html`<p class="error" role="alert">${st(ERROR_TEXT[error])}</p>
            ${error === 'no-camera' || error === 'unsupported'
              ? nothing
              : html`<div class="controls"><button type="button" class="retry" @click=${this._onRetry}>${st('scannerRetry')}</button></div>`}`
        : html`<div class="controls">
            ${cameraCount > 1
              ? html`<button type="button" class="switch" @click=${this._onSwitch}>${st('scannerSwitchCamera')}</button>`
              : nothing}
            ${torch.supported
              ? html`<button type="button" class="torch" aria-pressed=${torch.on ? 'true' : 'false'} @click=${this._onTorch}>
                  ${st(torch.on ? 'scannerTorchOff' : 'scannerTorchOn')}
                </button>`
              : nothing}
          </div>`}
      <p class="status" role="status" aria-live="polite">${this.statusText()}</p>
      <p class="warning" role="alert" ?hidden=${this.warning === ''}>${this.warning}</p>
      <form @submit=${this._onPaste}>
        <label for="scan-paste">${st('scannerPasteLabel')}</label>
        <input id="scan-paste" name="link" autocomplete="off" spellcheck="false" placeholder=${st('scannerPastePlaceholder')} />
        <button type="submit">${st('scannerPasteSubmit')}</button>
      </form>
    `;
  }

  /** Stops the camera; the element can be restarted with `restart()`. */
  stop(): void {
    this.scanner.stop();
  }

  /** Restarts the camera and forgets the last code, so the same code is reported again. */
  restart(): void {
    this.lastText = undefined;
    this.hint = undefined;
    this.startCamera();
  }

  private startCamera(): void {
    void this.scanner.start(this.video, { prefer: this.engine });
  }

  private statusText(): string {
    if (this.notice !== '') return this.notice;
    if (this.hint !== undefined) return st(this.hint);
    if (this.scanner.status === 'starting') return st('scannerStarting');
    if (this.scanner.status === 'scanning') return st('scannerHint');
    return '';
  }

  private onText(text: string): void {
    // The same code stays in view for many frames: report it once.
    if (text === this.lastText) return;
    this.lastText = text;
    this.report(classifyScan(text), 'camera');
  }

  private report(result: ScanResult, source: 'camera' | 'paste'): void {
    this.source = source;
    this.notice = '';
    this.warning = '';
    this.hint = this.hintFor(result);
    this.dispatchEvent(new CustomEvent<ScanResult>('sc-scan-result', { detail: result, bubbles: true, composed: true }));
  }

  private hintFor(result: ScanResult): ScanStringKey | undefined {
    if (result.kind === 'not-securecall') return 'scanNotSecureCall';
    // The server-less call screen and the home screen explain these codes themselves.
    if (result.kind === 'direct' || result.kind === 'lan-server') return undefined;
    if (result.kind === 'invite') return this.purpose === 'fingerprint' ? 'scanWantFingerprint' : 'scanFoundInvite';
    return this.purpose === 'invite' ? 'scanWantInvite' : 'scanFoundFingerprint';
  }

  private _onPaste(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#scan-paste');
    const text = input?.value ?? '';
    if (input) input.value = '';
    this.lastText = undefined;
    this.report(classifyScan(text), 'paste');
  }

  private _onClose(): void {
    this.scanner.stop();
    this.dispatchEvent(new CustomEvent('sc-scanner-close', { bubbles: true, composed: true }));
  }

  private _onRetry(): void {
    this.startCamera();
  }

  private _onSwitch(): void {
    void this.scanner.switchCamera();
  }

  private _onTorch(): void {
    void this.scanner.toggleTorch();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-scanner': ScScanner;
  }
}

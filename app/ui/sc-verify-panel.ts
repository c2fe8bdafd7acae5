// The verify panel: my fingerprint QR and short fingerprint, the room safety code, a safety number and a camera check per participant.
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CallSnapshot } from '../call/call.js';
import type { QrCheck } from '../crypto/qr.js';
import { diagnostics } from '../diagnostics/sink.js';
import { t, tf } from '../i18n/strings.js';
import type { ScanResult } from '../scan/classify.js';
import { st, stf, type ScanStringKey } from '../scan/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import './sc-identity-setting.js';
import './sc-qr-code.js';

/** Checks scanned QR text against the key received for `peer`; marks them verified on 'match'. */
export type QrVerifier = (peer: string, text: string) => Promise<QrCheck>;

const OUTCOME_TEXT: Readonly<Record<QrCheck, ScanStringKey>> = {
  match: 'verifyMatch',
  'key-mismatch': 'verifyMismatch',
  'wrong-room': 'verifyWrongRoom',
  'wrong-version': 'verifyWrongVersion',
  'not-a-fingerprint': 'verifyUnreadable',
};

/** Details of the `sc-verified` event. */
export interface VerifiedChange {
  readonly peer: string;
  readonly verified: boolean;
}

@customElement('sc-verify-panel')
export class ScVerifyPanel extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    .code {
      font-family: ui-monospace, monospace;
      font-size: 1.05rem;
      letter-spacing: 0.05em;
      overflow-wrap: anywhere;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
    }
    li {
      background: var(--sc-bg);
      border-radius: 8px;
      padding: 0.6rem;
    }
    .scan-slot {
      border: 1px dashed var(--sc-muted);
      border-radius: 8px;
      padding: 0.6rem;
      margin-top: 0.75rem;
    }
    dt {
      color: var(--sc-muted);
      font-size: 0.9rem;
    }
    dd {
      margin: 0 0 0.5rem;
    }
    .mine {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 0.4rem;
      margin-bottom: 0.75rem;
    }
    .verified-mark {
      color: var(--sc-accent);
      font-weight: 600;
    }
    .outcome {
      margin: 0.5rem 0;
    }
    .outcome.alarm {
      color: #fff;
      background: var(--sc-danger-strong);
      border-radius: 8px;
      padding: 0.75rem;
      font-weight: 700;
      font-size: 1.1rem;
    }
    sc-identity-setting {
      margin-top: 1rem;
    }
  `);

  @property({ attribute: false }) snapshot: CallSnapshot | undefined;
  /** Checks a scanned code for a participant (Call.verifyByQr); scanning is offered only when set. */
  @property({ attribute: false }) verifier: QrVerifier | undefined;
  /** The participant whose code the open scanner is reading. */
  @state() private scanningPeer: string | undefined;
  @state() private scannerReady = false;
  @state() private outcome: { check: QrCheck; name: string } | undefined;

  override render() {
    const s = this.snapshot;
    if (!s) return '';
    return html`
      <h2>${t('verifyTitle')}</h2>
      <p class="muted">${t('verifyExplain')}</p>
      <div class="mine">
        <span>${st('verifyShowMine')}</span>
        <sc-qr-code data-my-fingerprint-qr .text=${s.me.fingerprintQr} label=${st('verifyMyQrAlt')}></sc-qr-code>
      </div>
      <dl>
        <dt>${t('myFingerprint')}</dt>
        <dd class="code" data-my-fingerprint>${s.me.shortFingerprint}</dd>
        <dt>${t('roomCode')}</dt>
        <dd class="code" data-room-code>${s.roomSafetyCode ?? '…'}</dd>
      </dl>
      <ul>
        ${s.participants.map((p) => {
          const name = p.name || t('guest');
          return html`<li data-peer=${p.id}>
            <strong>${name}</strong> <span class="code">${p.shortFingerprint}</span>
            <div>${tf('safetyNumberFor', { name })}:</div>
            <div class="code" data-safety-number>${p.safetyNumber}</div>
            ${p.verified ? html`<p class="verified-mark" data-verified>${st('verifiedMark')}${p.remembered ? html` · ${st('verifyRemembered')}` : nothing}</p>` : nothing}
            <button type="button" aria-pressed=${p.verified ? 'true' : 'false'} @click=${() => this.toggle(p.id, !p.verified)}>
              ${p.verified ? t('unmarkVerified') : t('markVerified')}
            </button>
            ${this.verifier ? html`<button type="button" data-scan-peer @click=${() => this.openScanner(p.id)}>${st('verifyScan')}</button>` : nothing}
          </li>`;
        })}
      </ul>
      ${this.renderOutcome()} ${this.renderScanner(s)}
      <sc-identity-setting></sc-identity-setting>
    `;
  }

  private renderOutcome() {
    const o = this.outcome;
    if (o === undefined) return nothing;
    const alarm = o.check !== 'match';
    return html`<p class="outcome ${o.check === 'key-mismatch' ? 'alarm' : ''}" role=${alarm ? 'alert' : 'status'} data-verify-outcome=${o.check}>
      ${stf(OUTCOME_TEXT[o.check], { name: o.name })}
    </p>`;
  }

  private renderScanner(s: CallSnapshot) {
    const peer = s.participants.find((p) => p.id === this.scanningPeer);
    if (peer === undefined || !this.scannerReady) return nothing;
    const name = peer.name || t('guest');
    return html`<div class="scan-slot" data-scan-slot>
      <p>${stf('verifyScanFor', { name })}</p>
      <sc-scanner purpose="fingerprint" @sc-scan-result=${this._onScan} @sc-scanner-close=${this._onScannerClose}></sc-scanner>
    </div>`;
  }

  private openScanner(peer: string): void {
    this.outcome = undefined;
    this.scanningPeer = peer;
    // The scanner (camera, decoder worker) loads only when someone wants to scan.
    void import('./sc-scanner.js').then(async () => {
      this.scannerReady = true;
      await this.updateComplete;
      // The scanner renders below the whole list: bring it into view, or a phone opens the camera off-screen.
      this.renderRoot.querySelector('[data-scan-slot]')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }, diagnostics.reportAs('ui', 'scanner-code-load-failed'));
  }

  private async _onScan(event: CustomEvent<ScanResult>): Promise<void> {
    const peer = this.scanningPeer;
    const verifier = this.verifier;
    if (event.detail.kind !== 'fingerprint' || peer === undefined || verifier === undefined) return;
    const name = this.snapshot?.participants.find((p) => p.id === peer)?.name || t('guest');
    const check = await verifier(peer, event.detail.text);
    this.outcome = { check, name };
    if (check === 'match') this.scanningPeer = undefined;
  }

  private _onScannerClose(): void {
    this.scanningPeer = undefined;
  }

  private toggle(peer: string, verified: boolean): void {
    this.dispatchEvent(new CustomEvent<VerifiedChange>('sc-verified', { detail: { peer, verified } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-verify-panel': ScVerifyPanel;
  }
}

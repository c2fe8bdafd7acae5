// The server-less call screen: show or scan the offer, show or scan the answer, then the verified tile, chat and hang up.
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ChatEntry, ParticipantView } from '../call/call.js';
import { DirectCall, ScanRefused, type DirectProblem, type DirectSide, type DirectSnapshot } from '../direct/direct-call.js';
import { dt, type DirectStringKey } from '../direct/strings.js';
import type { ScanResult } from '../scan/classify.js';
import './sc-chat-panel.js';
import './sc-qr-code.js';
import type { ScScanner } from './sc-scanner.js';
import './sc-scanner.js';
import { ScElement } from './sc-element.js';
import { controlStyles } from './shared-styles.js';
import './sc-tile.js';

const PROBLEM_TEXT: Readonly<Record<DirectProblem, DirectStringKey>> = {
  damaged: 'directErrorDamaged',
  'other-version': 'directErrorVersion',
  'not-direct': 'directErrorNotDirect',
  'want-offer': 'directErrorWantOffer',
  'want-answer': 'directErrorWantAnswer',
  microphone: 'directErrorMicrophone',
  'no-network': 'directErrorNoNetwork',
  unreachable: 'directErrorUnreachable',
  lost: 'directErrorLost',
  incompatible: 'directErrorIncompatible',
  'certificate-mismatch': 'directSecurityMismatch',
};

@customElement('sc-direct-call')
export class ScDirectCall extends ScElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 1rem;
        width: min(34rem, 100%);
        text-align: start;
      }
      h2 {
        margin: 0;
      }
      p {
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
        justify-content: center;
      }
      .alert {
        color: var(--sc-warn);
        font-weight: 600;
        border: 2px solid var(--sc-danger);
        border-radius: 8px;
        padding: 0.75rem;
      }
      .ok {
        color: var(--sc-accent);
      }
      sc-tile,
      sc-chat-panel,
      sc-scanner {
        align-self: stretch;
      }
    `,
  ];

  @state() private snapshot: DirectSnapshot | undefined;
  /** The caller pressed "scan their code" after showing the offer. */
  @state() private scanningAnswer = false;
  private call: DirectCall | undefined;

  override disconnectedCallback(): void {
    this.call?.hangUp();
    super.disconnectedCallback();
  }

  override render() {
    const s = this.snapshot;
    return html`
      <h2>${dt('directTitle')}</h2>
      <section data-phase=${s?.phase ?? 'choose'}>${s === undefined ? this.renderChoice() : this.renderPhase(s)}</section>
    `;
  }

  private renderChoice() {
    return html`
      <p>${dt('directIntro')}</p>
      <div class="actions">
        <button class="primary caller" type="button" @click=${() => this.begin('caller')}>${dt('directStartCaller')}</button>
        <button class="callee" type="button" @click=${() => this.begin('callee')}>${dt('directStartCallee')}</button>
        <button class="back" type="button" @click=${this._onExit}>${dt('directBack')}</button>
      </div>
    `;
  }

  private renderPhase(s: DirectSnapshot) {
    switch (s.phase) {
      case 'preparing':
        if (s.side === 'callee') return this.renderScanner('directScanOfferHint');
        return html`<p role="status">${dt('directPreparing')}</p>`;
      case 'show-offer':
        if (this.scanningAnswer) return this.renderScanner('directScanAnswerHint');
        return html`
          <p>${dt('directShowOffer')}</p>
          <sc-qr-code class="offer" .text=${s.localText ?? ''} label=${dt('directOfferAlt')}></sc-qr-code>
          <button class="primary scan-answer" type="button" @click=${this._onScanAnswer}>${dt('directScanAnswer')}</button>
        `;
      case 'show-answer':
        return html`
          <p>${dt('directShowAnswer')}</p>
          <sc-qr-code class="answer" .text=${s.localText ?? ''} label=${dt('directAnswerAlt')}></sc-qr-code>
          <p role="status">${dt('directConnecting')}</p>
        `;
      case 'connecting':
        return html`<p role="status">${dt('directConnecting')}</p>`;
      case 'connected':
        return this.renderConnected(s);
      default:
        return this.renderEnd(s);
    }
  }

  private renderScanner(hint: DirectStringKey) {
    return html`
      <p>${dt(hint)}</p>
      <sc-scanner purpose="direct" @sc-scan-result=${this._onScan} @sc-scanner-close=${this._onScannerClose}></sc-scanner>
    `;
  }

  private renderConnected(s: DirectSnapshot) {
    const peer: ParticipantView = {
      id: 'direct-peer',
      name: dt('directPeerName'),
      shortFingerprint: s.peerShortFingerprint,
      safetyNumber: '',
      verified: s.dtlsVerified,
      verifiedByInvite: false,
      speaking: false,
      muted: false,
      level: 0,
      badConnection: false,
      connection: s.connection,
      path: 'direct',
      stream: s.remoteStream,
      attachEpoch: 0,
      security: undefined,
      dtlsVerified: s.dtlsVerified,
      sentNonRelay: false,
      remembered: false,
    };
    const entries: ChatEntry[] = s.chat.map((e) => ({
      id: e.id,
      from: e.mine ? 'me' : 'direct-peer',
      mine: e.mine,
      name: e.mine ? '' : dt('directPeerName'),
      text: e.text,
      warning: undefined,
      at: e.at,
    }));
    return html`
      <sc-tile .participant=${peer}></sc-tile>
      <p class="ok verified-note">${dt('directVerifiedNote')}</p>
      <sc-chat-panel .entries=${entries} @sc-chat-send=${this._onChatSend}></sc-chat-panel>
      <button class="danger hang-up" type="button" @click=${this._onHangUp}>${dt('directHangUp')}</button>
    `;
  }

  private renderEnd(s: DirectSnapshot) {
    const problem = s.problem;
    return html`
      ${problem === undefined
        ? html`<p role="status">${dt('directEnded')}</p>`
        : html`<p class="alert" role="alert" data-problem=${problem}>${dt(PROBLEM_TEXT[problem])}</p>`}
      ${s.phase === 'refused' || problem === undefined ? nothing : html`<p class="muted">${dt('directEnded')}</p>`}
      <div class="actions"><button class="back" type="button" @click=${this._onExit}>${dt('directBack')}</button></div>
    `;
  }

  private begin(side: DirectSide): void {
    const call = new DirectCall(side, () => {
      if (this.call === call) this.snapshot = call.snapshot;
    });
    this.call = call;
    this.scanningAnswer = false;
    this.snapshot = call.snapshot;
    if (side === 'caller') void call.startAsCaller();
  }

  private _onScanAnswer(): void {
    this.scanningAnswer = true;
  }

  private async _onScan(event: CustomEvent<ScanResult>): Promise<void> {
    const scanner = event.target as ScScanner;
    const call = this.call;
    const result = event.detail;
    if (call === undefined) return;
    if (result.kind !== 'direct') {
      scanner.warning = dt('directErrorNotDirect');
      return;
    }
    try {
      if (call.side === 'callee') await call.acceptOffer(result.text);
      else await call.acceptAnswer(result.text);
    } catch (error) {
      if (!(error instanceof ScanRefused)) throw error;
      scanner.warning = dt(PROBLEM_TEXT[error.problem]);
    }
  }

  private _onScannerClose(): void {
    if (this.call?.side === 'caller' && this.snapshot?.phase === 'show-offer') {
      this.scanningAnswer = false;
      return;
    }
    this._onExit();
  }

  private _onChatSend(event: CustomEvent<string>): void {
    this.call?.sendChat(event.detail);
  }

  private _onHangUp(): void {
    this.call?.hangUp();
  }

  private _onExit(): void {
    this.call?.hangUp();
    this.call = undefined;
    this.snapshot = undefined;
    this.dispatchEvent(new CustomEvent('sc-exit', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-direct-call': ScDirectCall;
  }
}

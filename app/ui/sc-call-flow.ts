// The call flow (lazily loaded): pre-join or access key, connecting, the call view, and the end screen.
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { AdmissionError, startCall, type CallStart } from '../call/call.js';
import { diagnostics } from '../diagnostics/sink.js';
import { t, type StringKey } from '../i18n/strings.js';
import { rememberAccessKey, rememberedAccessKey } from './access-key-store.js';
import { CallController } from './call-controller.js';
import type { FlowStart } from './flow-start.js';
import type { AccessKeyEntry } from './sc-access-key.js';
import { ScElement } from './sc-element.js';
import type { PrejoinJoin } from './sc-prejoin.js';
import { withControls } from './shared-styles.js';
import './sc-access-key.js';
import './sc-call-view.js';
import './sc-prejoin.js';

type Step = 'prejoin' | 'access-key' | 'connecting' | 'call' | 'error';

const ADMISSION_MESSAGES: Partial<Record<string, StringKey>> = {
  bad_token: 'errBadToken',
  room_full: 'errRoomFull',
  no_room: 'errNoRoom',
  create_limited: 'errCreateLimited',
  closed: 'errClosed',
};

@customElement('sc-call-flow')
export class ScCallFlow extends ScElement {
  static override styles = withControls(css`
    :host {
      display: flex;
      flex-direction: column;
      padding: 1rem;
      box-sizing: border-box;
    }
    .center {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 1rem;
      margin: auto;
      text-align: center;
    }
    sc-call-view {
      flex: 1;
    }
  `);

  /** How this flow begins; set once by the app shell. */
  @property({ attribute: false }) start: FlowStart | undefined;
  @state() private step: Step = 'connecting';
  @state() private busy = false;
  @state() private wrongKey = false;
  @state() private error: StringKey = 'errGeneric';
  private readonly calls = new CallController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // One call, one list of diagnostics: what the "About this call" view shows starts here.
    diagnostics.clear();
    if (this.start?.kind === 'join') this.step = 'prejoin';
    else if (this.start?.kind === 'rejoin') void this.begin({ kind: 'rejoin', saved: this.start.saved }, this.start.saved.name);
    else void this.begin({ kind: 'create', ...this.keyOption(rememberedAccessKey()) }, '');
  }

  override render() {
    const call = this.calls.call;
    switch (this.step) {
      case 'prejoin':
        return html`<sc-prejoin ?busy=${this.busy} @sc-prejoin-join=${this._onJoin}></sc-prejoin>`;
      case 'access-key':
        return html`<sc-access-key ?wrong=${this.wrongKey} ?busy=${this.busy} @sc-access-key=${this._onAccessKey} @sc-cancel=${this._onExit}></sc-access-key>`;
      case 'connecting':
        return html`<div class="center"><p role="status">${t(this.start?.kind === 'rejoin' ? 'rejoining' : 'connecting')}</p></div>`;
      case 'error':
        return html`<div class="center">
          <p role="alert" data-error=${this.error}>${t(this.error)}</p>
          <button type="button" class="primary" @click=${this._onExit}>${t('backHome')}</button>
        </div>`;
      case 'call':
        return call
          ? html`<sc-call-view .call=${call} .snapshot=${call.snapshot} ?opensInvite=${this.start?.kind === 'create'} @sc-exit=${this._onExit}></sc-call-view>`
          : '';
    }
  }

  private keyOption(key: string | undefined): { accessKey?: string } {
    return key === undefined ? {} : { accessKey: key };
  }

  private async begin(start: CallStart, displayName: string, stream?: MediaStream): Promise<void> {
    this.busy = true;
    try {
      const call = await startCall({
        start,
        origin: window.location.origin,
        displayName,
        ...(stream ? { stream } : {}),
      });
      if (!this.isConnected) {
        await call.leave();
        return;
      }
      this.calls.adopt(call);
      void call.resumeAudio();
      this.step = 'call';
    } catch (error) {
      this.onStartError(error, start);
    } finally {
      this.busy = false;
    }
  }

  private onStartError(error: unknown, start: CallStart): void {
    if (error instanceof AdmissionError && error.code === 'bad_access_key') {
      // The first refusal only means a key is needed; a refused key the user typed is "wrong".
      this.wrongKey = start.kind === 'create' && start.accessKey !== undefined;
      if (this.wrongKey && start.kind === 'create' && start.accessKey === rememberedAccessKey()) rememberAccessKey(undefined);
      this.step = 'access-key';
      return;
    }
    // Expected: the server's refusals (AdmissionError), each with its message, and a saved seat the
    // server no longer holds. Anything else is recorded.
    if (!(error instanceof AdmissionError)) diagnostics.report('call', 'start-failed', error);
    if (start.kind === 'rejoin') this.error = 'endedSeatGone';
    else this.error = error instanceof AdmissionError ? (ADMISSION_MESSAGES[error.code] ?? 'errGeneric') : 'errGeneric';
    this.step = 'error';
  }

  private _onJoin(event: CustomEvent<PrejoinJoin>): void {
    if (this.start?.kind !== 'join') return;
    void this.begin({ kind: 'join', invite: this.start.invite, scanned: this.start.scanned === true }, event.detail.name, event.detail.stream);
  }

  private _onAccessKey(event: CustomEvent<AccessKeyEntry>): void {
    const { key, remember } = event.detail;
    rememberAccessKey(remember ? key : undefined);
    void this.begin({ kind: 'create', accessKey: key }, '');
  }

  private _onExit(): void {
    this.dispatchEvent(new CustomEvent('sc-exit', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-call-flow': ScCallFlow;
  }
}

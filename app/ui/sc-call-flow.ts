// The call flow (lazily loaded): pre-join or access key, connecting, the call view, and the end screen.
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { AdmissionError, RelayDowngradeError, startCall, type CallStart } from '../call/call.js';
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
  room_locked: 'errRoomLocked',
  create_limited: 'errCreateLimited',
  access_key_limited: 'errAccessKeyLimited',
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
  /** What the pre-join chose, kept for a retry after the access key prompt. */
  private choice: PrejoinJoin = { name: '', stream: undefined, deviceId: undefined };

  override connectedCallback(): void {
    super.connectedCallback();
    // One call, one list of diagnostics: what the "About this call" view shows starts here.
    diagnostics.clear();
    // A joiner and the person starting a call both see the pre-join first; a rejoin has it all saved.
    if (this.start?.kind === 'rejoin') void this.begin({ kind: 'rejoin', saved: this.start.saved }, { name: this.start.saved.name, stream: undefined, deviceId: undefined });
    else this.step = 'prejoin';
  }

  override render() {
    const call = this.calls.call;
    switch (this.step) {
      case 'prejoin':
        return html`<sc-prejoin mode=${this.start?.kind === 'create' ? 'create' : 'join'} ?busy=${this.busy} @sc-prejoin-join=${this._onJoin}></sc-prejoin>`;
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

  private sizeOption(): { size?: number } {
    const size = this.start?.kind === 'create' ? this.start.size : undefined;
    return size === undefined ? {} : { size };
  }

  private async begin(start: CallStart, choice: PrejoinJoin): Promise<void> {
    this.busy = true;
    // A refused first try stops the pre-join's stream; a retry (with an access key) opens the chosen microphone again.
    this.choice = { name: choice.name, stream: undefined, deviceId: choice.deviceId };
    try {
      const call = await startCall({
        start,
        origin: window.location.origin,
        displayName: choice.name,
        ...(choice.stream ? { stream: choice.stream } : {}),
        ...(choice.deviceId === undefined ? {} : { micDeviceId: choice.deviceId }),
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
    if (!(error instanceof AdmissionError) && !(error instanceof RelayDowngradeError)) diagnostics.report('call', 'start-failed', error);
    if (error instanceof RelayDowngradeError) this.error = 'errRelayDowngrade';
    else if (start.kind === 'rejoin') this.error = 'endedSeatGone';
    else this.error = error instanceof AdmissionError ? (ADMISSION_MESSAGES[error.code] ?? 'errGeneric') : 'errGeneric';
    this.step = 'error';
  }

  private _onJoin(event: CustomEvent<PrejoinJoin>): void {
    if (this.start?.kind === 'join') void this.begin({ kind: 'join', invite: this.start.invite, scanned: this.start.scanned === true }, event.detail);
    else if (this.start?.kind === 'create') void this.begin({ kind: 'create', ...this.sizeOption(), ...this.keyOption(rememberedAccessKey()) }, event.detail);
  }

  private _onAccessKey(event: CustomEvent<AccessKeyEntry>): void {
    const { key, remember } = event.detail;
    rememberAccessKey(remember ? key : undefined);
    void this.begin({ kind: 'create', ...this.sizeOption(), accessKey: key }, this.choice);
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

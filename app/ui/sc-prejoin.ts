// Pre-join screen, for a joiner and for the person starting a call: optional display name, microphone choice, a live level meter, and "Join call" / "Start call".
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listAudioDevices, type DeviceOption } from '../call/media.js';
import { MicPreview } from '../call/mic-preview.js';
import { errorNameOf, reportDiagnostic } from '../diagnostics/sink.js';
import { lt } from '../i18n/call-life.js';
import { t } from '../i18n/strings.js';
import { MAX_DISPLAY_NAME_CODE_UNITS } from '../signaling/payloads.js';
import { deviceLabel } from './device-label.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

/** Details of the `sc-prejoin-join` event. */
export interface PrejoinJoin {
  readonly name: string;
  readonly stream: MediaStream | undefined;
  /** The microphone chosen here, undefined for the system default. */
  readonly deviceId: string | undefined;
}

/** getUserMedia failures that mean "no usable microphone here", not a bug: shown as micDenied. */
const EXPECTED_MIC_ERRORS: ReadonlySet<string> = new Set(['NotAllowedError', 'NotFoundError', 'NotReadableError', 'OverconstrainedError']);

@customElement('sc-prejoin')
export class ScPrejoin extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    .hint {
      margin: 0;
      font-size: 0.9rem;
    }
  `);

  /** True while the call is being joined (button disabled). */
  @property({ type: Boolean }) busy = false;
  /** 'create' for the person starting a new call, 'join' for someone with an invite. */
  @property() mode: 'join' | 'create' = 'join';
  @state() private level = 0;
  @state() private micError = false;
  @state() private inputs: DeviceOption[] = [];
  @state() private deviceId = '';
  private preview: MicPreview | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.preview = new MicPreview((level) => {
      this.level = level;
    });
    void this.open(undefined);
  }

  override disconnectedCallback(): void {
    this.preview?.stop();
    this.preview = undefined;
    super.disconnectedCallback();
  }

  override render() {
    const create = this.mode === 'create';
    return html`
      <form class="dialog" @submit=${this._onSubmit}>
        <h2>${create ? lt('prejoinCreateTitle') : t('prejoinTitle')}</h2>
        <label for="name">${t('displayName')}</label>
        <input id="name" name="name" maxlength=${MAX_DISPLAY_NAME_CODE_UNITS} autocomplete="nickname" aria-describedby="name-hint" />
        <p id="name-hint" class="hint muted">${t('displayNameHint')}</p>
        ${this.inputs.length > 1
          ? html`<label for="device">${lt('micDevice')}</label>
              <select id="device" @change=${this._onDevice}>
                <option value="" ?selected=${this.deviceId === ''}>${t('systemDefault')}</option>
                ${this.inputs.map((d) => html`<option value=${d.id} ?selected=${d.id === this.deviceId}>${deviceLabel(d, 'input')}</option>`)}
              </select>`
          : ''}
        <label for="level">${t('micLevel')}</label>
        <meter id="level" min="0" max="0.3" low="0.02" .value=${this.level}></meter>
        ${this.micError ? html`<p class="warning" role="alert">${t('micDenied')}</p>` : ''}
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('connecting') : create ? lt('startCall') : t('joinCall')}</button>
      </form>
    `;
  }

  /** Opens the microphone (a chosen one, or the default), then lists the microphones, whose names the permission reveals. */
  private async open(deviceId: string | undefined): Promise<void> {
    try {
      await this.preview?.start(deviceId);
      this.micError = false;
    } catch (error) {
      // Expected: no microphone or permission refused; the person can still join and listen.
      if (!EXPECTED_MIC_ERRORS.has(errorNameOf(error) ?? '')) reportDiagnostic('ui', 'mic-preview-failed', error);
      this.micError = true;
    }
    try {
      this.inputs = (await listAudioDevices()).inputs;
    } catch (error) {
      reportDiagnostic('ui', 'list-devices-failed', error);
    }
  }

  private _onDevice(event: Event): void {
    this.deviceId = (event.target as HTMLSelectElement).value;
    void this.open(this.deviceId === '' ? undefined : this.deviceId);
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    const name = this.renderRoot.querySelector<HTMLInputElement>('#name')?.value ?? '';
    const stream = this.preview?.handOver();
    this.preview = undefined;
    const deviceId = this.deviceId === '' ? undefined : this.deviceId;
    this.dispatchEvent(new CustomEvent<PrejoinJoin>('sc-prejoin-join', { detail: { name, stream, deviceId } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-prejoin': ScPrejoin;
  }
}

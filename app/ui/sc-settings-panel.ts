// Audio settings: microphone and speaker choice, echo cancellation, noise suppression, auto gain, wake lock status.
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { canChooseOutput, listAudioDevices, type AudioProcessing, type DeviceOption } from '../call/media.js';
import { diagnostics } from '../diagnostics/sink.js';
import { lt } from '../i18n/call-life.js';
import { t } from '../i18n/strings.js';
import { MAX_DISPLAY_NAME_CODE_UNITS } from '../signaling/payloads.js';
import { deviceLabel } from './device-label.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import { wakeLockSupported } from './wake-lock-controller.js';

@customElement('sc-settings-panel')
export class ScSettingsPanel extends ScElement {
  static override styles = withControls(css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
    }
    label.field,
    form.field {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    fieldset {
      border: 1px solid var(--sc-muted);
      border-radius: 8px;
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
    }
  `);

  @property({ attribute: false }) processing: AudioProcessing | undefined;
  /** My display name as the others see it. */
  @property() displayName = '';
  @property() micDeviceId = '';
  @property() sinkId = '';
  /** Whether join, leave and message sounds play. */
  @property({ type: Boolean }) sounds = true;
  @state() private inputs: DeviceOption[] = [];
  @state() private outputs: DeviceOption[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void listAudioDevices()
      .then(({ inputs, outputs }) => {
        this.inputs = inputs;
        this.outputs = outputs;
      })
      .catch(diagnostics.reportAs('ui', 'list-devices-failed'));
  }

  override render() {
    const p = this.processing;
    return html`
      <h2>${t('settingsTitle')}</h2>
      <form class="field" @submit=${this._onName}>
        <label for="display-name">${t('displayName')}</label>
        <input id="display-name" maxlength=${MAX_DISPLAY_NAME_CODE_UNITS} autocomplete="nickname" .value=${this.displayName} @change=${this._onName} />
      </form>
      <label class="field">
        ${t('microphone')}
        <select @change=${this._onMic}>
          <option value="" ?selected=${this.micDeviceId === ''}>${t('systemDefault')}</option>
          ${this.inputs.map((d) => html`<option value=${d.id} ?selected=${d.id === this.micDeviceId}>${deviceLabel(d, 'input')}</option>`)}
        </select>
      </label>
      ${canChooseOutput()
        ? html`<label class="field">
            ${t('speaker')}
            <select @change=${this._onSpeaker}>
              <option value="" ?selected=${this.sinkId === ''}>${t('systemDefault')}</option>
              ${this.outputs.map((d) => html`<option value=${d.id} ?selected=${d.id === this.sinkId}>${deviceLabel(d, 'output')}</option>`)}
            </select>
          </label>`
        : ''}
      ${p
        ? html`<fieldset>
            <legend>${t('settingsTitle')}</legend>
            <label><input type="checkbox" .checked=${p.echoCancellation} @change=${(e: Event) => this.toggle(e, 'echoCancellation')} /> ${t('echoCancellation')}</label>
            <label><input type="checkbox" .checked=${p.noiseSuppression} @change=${(e: Event) => this.toggle(e, 'noiseSuppression')} /> ${t('noiseSuppression')}</label>
            <label><input type="checkbox" .checked=${p.autoGainControl} @change=${(e: Event) => this.toggle(e, 'autoGainControl')} /> ${t('autoGain')}</label>
          </fieldset>`
        : ''}
      <label><input type="checkbox" data-sounds .checked=${this.sounds} @change=${this._onSounds} /> ${lt('sounds')}</label>
      <p class="muted">${wakeLockSupported() ? t('wakeLockOn') : t('wakeLockOff')}</p>
    `;
  }

  private toggle(event: Event, key: keyof AudioProcessing): void {
    if (!this.processing) return;
    const checked = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent<AudioProcessing>('sc-processing', { detail: { ...this.processing, [key]: checked } }));
  }

  private _onName(event: Event): void {
    event.preventDefault();
    const name = this.renderRoot.querySelector<HTMLInputElement>('#display-name')?.value ?? '';
    this.dispatchEvent(new CustomEvent<string>('sc-name', { detail: name }));
  }

  private _onMic(event: Event): void {
    this.dispatchEvent(new CustomEvent<string>('sc-mic', { detail: (event.target as HTMLSelectElement).value }));
  }

  private _onSounds(event: Event): void {
    this.dispatchEvent(new CustomEvent<boolean>('sc-sounds', { detail: (event.target as HTMLInputElement).checked }));
  }

  private _onSpeaker(event: Event): void {
    this.dispatchEvent(new CustomEvent<string>('sc-speaker', { detail: (event.target as HTMLSelectElement).value }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-settings-panel': ScSettingsPanel;
  }
}

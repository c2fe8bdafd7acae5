// Pre-join screen: optional display name, a live microphone level meter, and "Join call".
import { css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MicPreview } from '../call/mic-preview.js';
import { errorNameOf, reportDiagnostic } from '../diagnostics/sink.js';
import { t } from '../i18n/strings.js';
import { MAX_DISPLAY_NAME_CODE_UNITS } from '../signaling/payloads.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

/** Details of the `sc-prejoin-join` event. */
export interface PrejoinJoin {
  readonly name: string;
  readonly stream: MediaStream | undefined;
}

/** getUserMedia failures that mean "no usable microphone here", not a bug: shown as micDenied. */
const EXPECTED_MIC_ERRORS: ReadonlySet<string> = new Set(['NotAllowedError', 'NotFoundError', 'NotReadableError']);

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
  @state() private level = 0;
  @state() private micError = false;
  private preview: MicPreview | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.preview = new MicPreview((level) => {
      this.level = level;
    });
    this.preview.start(undefined).catch((error: unknown) => {
      // Expected: no microphone or permission refused; the person can still join and listen.
      if (!EXPECTED_MIC_ERRORS.has(errorNameOf(error) ?? '')) reportDiagnostic('ui', 'mic-preview-failed', error);
      this.micError = true;
    });
  }

  override disconnectedCallback(): void {
    this.preview?.stop();
    this.preview = undefined;
    super.disconnectedCallback();
  }

  override render() {
    return html`
      <form class="dialog" @submit=${this._onSubmit}>
        <h2>${t('prejoinTitle')}</h2>
        <label for="name">${t('displayName')}</label>
        <input id="name" name="name" maxlength=${MAX_DISPLAY_NAME_CODE_UNITS} autocomplete="nickname" aria-describedby="name-hint" />
        <p id="name-hint" class="hint muted">${t('displayNameHint')}</p>
        <label for="level">${t('micLevel')}</label>
        <meter id="level" min="0" max="0.3" low="0.02" .value=${this.level}></meter>
        ${this.micError ? html`<p class="warning" role="alert">${t('micDenied')}</p>` : ''}
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('connecting') : t('joinCall')}</button>
      </form>
    `;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    const name = this.renderRoot.querySelector<HTMLInputElement>('#name')?.value ?? '';
    const stream = this.preview?.handOver();
    this.preview = undefined;
    this.dispatchEvent(new CustomEvent<PrejoinJoin>('sc-prejoin-join', { detail: { name, stream } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-prejoin': ScPrejoin;
  }
}

// The operator access key prompt shown when the server only lets key holders create calls.
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { MAX_ACCESS_KEY_CHARS } from '../../protocol/limits.js';
import { t } from '../i18n/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

/** Details of the `sc-access-key` event. */
export interface AccessKeyEntry {
  readonly key: string;
  readonly remember: boolean;
}

@customElement('sc-access-key')
export class ScAccessKey extends ScElement {
  static override styles = withControls(css`
    .row {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
  `);

  /** True when the last key tried was refused. */
  @property({ type: Boolean }) wrong = false;
  @property({ type: Boolean }) busy = false;

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#key')?.focus();
  }

  override render() {
    return html`
      <form class="dialog" @submit=${this._onSubmit}>
        <h2>${t('accessKeyTitle')}</h2>
        <p class="muted">${t('accessKeyExplain')}</p>
        <label for="key">${t('accessKeyLabel')}</label>
        <input
          id="key"
          type="password"
          required
          maxlength=${MAX_ACCESS_KEY_CHARS}
          autocomplete="off"
          aria-invalid=${this.wrong ? 'true' : 'false'}
          aria-describedby="key-error"
        />
        <p id="key-error" class="warning" role="alert">${this.wrong ? t('accessKeyWrong') : ''}</p>
        <label><input id="remember" type="checkbox" /> ${t('accessKeyRemember')}</label>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('connecting') : t('accessKeySubmit')}</button>
          <button type="button" @click=${this._onCancel}>${t('cancel')}</button>
        </div>
      </form>
    `;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const key = this.renderRoot.querySelector<HTMLInputElement>('#key')?.value.trim() ?? '';
    if (key === '') return;
    const remember = this.renderRoot.querySelector<HTMLInputElement>('#remember')?.checked ?? false;
    this.dispatchEvent(new CustomEvent<AccessKeyEntry>('sc-access-key', { detail: { key, remember } }));
  }

  private _onCancel(): void {
    this.dispatchEvent(new CustomEvent('sc-cancel'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-access-key': ScAccessKey;
  }
}

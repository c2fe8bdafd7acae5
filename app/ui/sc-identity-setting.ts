// The opt-in "Keep my identity on this device" switch, with the trade it makes spelled out.
import { css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { reportDiagnostic } from '../diagnostics/sink.js';
import { chooseKeepIdentity, keepIdentity } from '../keystore/index.js';
import { st, type ScanStringKey } from '../scan/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

@customElement('sc-identity-setting')
export class ScIdentitySetting extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
      text-align: start;
    }
    label {
      display: flex;
      gap: 0.6rem;
      align-items: center;
      font-weight: 600;
      min-height: 2.75rem;
    }
    input {
      width: 1.4rem;
      height: 1.4rem;
    }
    p {
      margin: 0.25rem 0 0;
      color: var(--sc-muted, #94a3b8);
    }
    p.status {
      color: var(--sc-text, #e2e8f0);
    }
  `);

  @state() private on = keepIdentity();
  @state() private status: ScanStringKey | undefined;

  override render() {
    return html`
      <label>
        <input type="checkbox" .checked=${this.on} @change=${this._onChange} aria-describedby="identity-explain" />
        ${st('identityKeepLabel')}
      </label>
      <p id="identity-explain">${st(this.on ? 'identityKeepOn' : 'identityKeepOff')}</p>
      <p class="status" role="status">${this.status === undefined ? '' : st(this.status)}</p>
    `;
  }

  private async _onChange(event: Event): Promise<void> {
    const on = (event.target as HTMLInputElement).checked;
    this.on = on;
    this.status = undefined;
    try {
      await chooseKeepIdentity(on);
      if (!on) this.status = 'identityForgotten';
    } catch (error) {
      // Expected where IndexedDB cannot be opened (some private modes): shown as identityUnavailable. Recorded too,
      // since the same status would hide a failure to erase.
      reportDiagnostic('keystore', 'keep-identity-failed', error);
      this.on = keepIdentity();
      this.status = 'identityUnavailable';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-identity-setting': ScIdentitySetting;
  }
}

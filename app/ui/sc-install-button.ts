// "Install app" where the browser offers installation; on iOS, how to Add to Home Screen.
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { installer } from '../pwa/install.js';
import { pt } from '../pwa/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import { SubscriptionController } from './subscription-controller.js';

@customElement('sc-install-button')
export class ScInstallButton extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    button {
      padding: 0.5rem 1.1rem;
      border-color: var(--sc-accent);
      background: transparent;
    }
    p {
      margin: 0;
      color: var(--sc-muted);
      font-size: 0.9rem;
    }
  `);

  constructor() {
    super();
    new SubscriptionController(this, (listener) => installer.subscribe(listener));
  }

  override render() {
    if (installer.canPrompt) return html`<button type="button" @click=${this._onInstall}>${pt('installApp')}</button>`;
    if (installer.needsIosHint) return html`<p>${pt('iosHint')}</p>`;
    return nothing;
  }

  private _onInstall(): void {
    void installer.prompt();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-install-button': ScInstallButton;
  }
}

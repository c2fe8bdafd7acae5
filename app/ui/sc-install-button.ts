// "Install app" where the browser offers installation; on iOS, how to Add to Home Screen.
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { installer } from '../pwa/install.js';
import { ScElement } from './sc-element.js';
import { SubscriptionController } from './subscription-controller.js';
import { pt } from '../pwa/strings.js';

@customElement('sc-install-button')
export class ScInstallButton extends ScElement {
  static override styles = css`
    :host {
      display: block;
    }
    button {
      font: inherit;
      padding: 0.5rem 1.1rem;
      border-radius: var(--sc-radius);
      border: 1px solid var(--sc-accent);
      background: transparent;
      color: var(--sc-text);
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--sc-warn);
      outline-offset: 2px;
    }
    p {
      margin: 0;
      color: var(--sc-muted);
      font-size: 0.9rem;
    }
  `;

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

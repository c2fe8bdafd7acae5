// The app-wide notices on top of every screen: offline, and a new version ready.
import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ScElement } from './sc-element.js';
import './sc-offline-banner.js';
import './sc-update-prompt.js';

@customElement('sc-pwa-status')
export class ScPwaStatus extends ScElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      width: 100%;
      max-width: 40rem;
      margin: 0 auto;
      text-align: center;
    }
  `;

  override render() {
    return html`<sc-offline-banner></sc-offline-banner><sc-update-prompt></sc-update-prompt>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-pwa-status': ScPwaStatus;
  }
}

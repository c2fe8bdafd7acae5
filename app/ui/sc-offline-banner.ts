// Says plainly, while the browser is offline, that the app works but calls need a connection.
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { OnlineController } from '../pwa/connectivity.js';
import { pt } from '../pwa/strings.js';
import { ScElement } from './sc-element.js';

@customElement('sc-offline-banner')
export class ScOfflineBanner extends ScElement {
  static override styles = css`
    :host {
      display: block;
    }
    p {
      margin: 0;
      padding: 0.6rem 1rem;
      border-radius: var(--sc-radius);
      border: 1px solid var(--sc-warn);
      background: var(--sc-surface);
      color: var(--sc-text);
    }
  `;

  private readonly connectivity = new OnlineController(this);

  override render() {
    if (this.connectivity.online) return nothing;
    return html`<p role="status">${pt('offline')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-offline-banner': ScOfflineBanner;
  }
}

// The footer: install the app, and About with the version this build was stamped with.
import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { pt } from '../pwa/strings.js';
import { APP_VERSION } from '../pwa/version.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import './sc-install-button.js';

@customElement('sc-about')
export class ScAbout extends ScElement {
  static override styles = withControls(css`
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.75rem;
      color: var(--sc-muted);
      font-size: 0.9rem;
    }
    summary {
      cursor: pointer;
    }
    p {
      margin: 0.5rem 0 0;
      max-width: 30rem;
    }
  `);

  override render() {
    return html`
      <sc-install-button></sc-install-button>
      <details>
        <summary>${pt('about')}</summary>
        <p>${pt('aboutText')}</p>
        <p>${pt('version')} <span class="version">${APP_VERSION}</span></p>
      </details>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-about': ScAbout;
  }
}

// "A new version is available — Reload", held back while a call is running.
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { isCallActive, onCallActivity } from '../pwa/call-activity.js';
import { pt } from '../pwa/strings.js';
import { updates } from '../pwa/updates.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import { SubscriptionController } from './subscription-controller.js';

@customElement('sc-update-prompt')
export class ScUpdatePrompt extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    .prompt {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: center;
      gap: 0.75rem;
      padding: 0.6rem 1rem;
      border-radius: var(--sc-radius);
      background: var(--sc-surface);
      border: 1px solid var(--sc-accent);
    }
    .waiting {
      color: var(--sc-muted);
      font-size: 0.9rem;
      border-color: var(--sc-muted);
    }
    button {
      padding: 0.4rem 1rem;
      border-radius: 8px;
      border-color: var(--sc-accent);
      background: var(--sc-accent);
      color: #052e16;
      font-weight: 600;
    }
  `);

  constructor() {
    super();
    new SubscriptionController(this, (listener) => updates.subscribe(listener));
    new SubscriptionController(this, (listener) => onCallActivity(listener));
  }

  override render() {
    if (!updates.available) return nothing;
    if (isCallActive()) return html`<div class="prompt waiting" role="status">${pt('updateAfterCall')}</div>`;
    return html`
      <div class="prompt" role="status">
        <span>${pt('updateAvailable')} —</span>
        <button type="button" @click=${this._onReload}>${pt('reload')}</button>
      </div>
    `;
  }

  private _onReload(): void {
    updates.reload();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-update-prompt': ScUpdatePrompt;
  }
}

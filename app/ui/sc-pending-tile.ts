// A tile for a member the server admitted that has not said hello: "Joining…", then a warning once it stays unidentified.
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PendingMember } from '../call/call.js';
import { t } from '../i18n/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

@customElement('sc-pending-tile')
export class ScPendingTile extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    article {
      border: 2px dashed var(--sc-muted);
      background: var(--sc-surface);
      border-radius: var(--sc-radius);
      padding: 0.75rem;
      min-height: 7rem;
      box-sizing: border-box;
    }
    article.unidentified {
      border: 2px solid var(--sc-danger);
    }
    p {
      margin: 0;
      font-size: 0.95rem;
    }
  `);

  /** The member, from the call snapshot's `pending`. */
  @property({ attribute: false }) member: PendingMember | undefined;

  override render() {
    const m = this.member;
    if (!m) return '';
    return m.unidentified
      ? html`<article class="unidentified" role="alert" data-unidentified><p class="danger-text">${t('pendingUnidentified')}</p></article>`
      : html`<article data-joining><p class="muted">${t('pendingJoining')}</p></article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-pending-tile': ScPendingTile;
  }
}

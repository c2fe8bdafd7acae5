// "About this call": the app version and what went wrong in this call, from the in-memory diagnostics sink.
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { diagnostics, type DiagnosticEntry, type DiagnosticsSink } from '../diagnostics/sink.js';
import { locale } from '../i18n/locale.js';
import { t } from '../i18n/strings.js';
import { APP_VERSION } from '../pwa/version.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import { SubscriptionController } from './subscription-controller.js';

@customElement('sc-call-about')
export class ScCallAbout extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    ol {
      list-style: none;
      margin: 0.5rem 0 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    p {
      margin: 0.25rem 0;
    }
  `);

  /** The sink to show; the running call's unless a test hands in another. */
  @property({ attribute: false }) sink: DiagnosticsSink = diagnostics;

  constructor() {
    super();
    new SubscriptionController(this, (listener) => this.sink.subscribe(listener));
  }

  override render() {
    const entries = this.sink.entries();
    return html`
      <h2>${t('aboutCall')}</h2>
      <p>${t('aboutCallVersion')} <span class="version">${APP_VERSION}</span></p>
      <p class="muted">${t('aboutCallExplain')}</p>
      ${entries.length === 0
        ? html`<p data-diagnostics="none">${t('aboutCallNothing')}</p>`
        : html`<ol data-diagnostics=${entries.length}>
            ${entries.map((e) => this.renderEntry(e))}
          </ol>`}
    `;
  }

  private renderEntry(entry: DiagnosticEntry) {
    const time = new Date(entry.at).toLocaleTimeString(locale.language);
    return html`<li data-diagnostic=${entry.code}>
      <time datetime=${new Date(entry.at).toISOString()}>${time}</time> ${entry.area} · ${entry.code}${entry.error ? ` (${entry.error})` : ''}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-call-about': ScCallAbout;
  }
}

// The app shell: the SecureCall name, the home actions and the language switch.
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LANGUAGES, type Language } from '../i18n/strings.js';
import { LocaleController, locale, t } from '../i18n/locale.js';
import './sc-about.js';
import './sc-pwa-status.js';

@customElement('sc-app')
export class ScApp extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 1.5rem;
      padding: 2rem 1rem;
      text-align: center;
    }
    h1 {
      margin: 0;
      font-size: 2.25rem;
    }
    p {
      margin: 0;
      color: var(--sc-muted);
      max-width: 30rem;
    }
    .actions {
      display: flex;
      gap: 1rem;
      flex-wrap: wrap;
      justify-content: center;
    }
    button {
      font: inherit;
      font-size: 1.1rem;
      min-width: 10rem;
      padding: 0.85rem 1.5rem;
      border-radius: var(--sc-radius);
      border: 1px solid var(--sc-muted);
      background: var(--sc-surface);
      color: var(--sc-text);
      cursor: pointer;
    }
    button.primary {
      background: var(--sc-accent);
      border-color: var(--sc-accent);
      color: #052e16;
      font-weight: 600;
    }
    button:focus-visible,
    select:focus-visible {
      outline: 3px solid var(--sc-warn);
      outline-offset: 2px;
    }
    select {
      font: inherit;
      background: var(--sc-surface);
      color: var(--sc-text);
      border-radius: 8px;
      padding: 0.25rem 0.5rem;
    }
  `;

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    return html`
      <sc-pwa-status></sc-pwa-status>
      <header>
        <h1>${t('appName')}</h1>
      </header>
      <main>
        <p>${t('tagline')}</p>
      </main>
      <div class="actions">
        <button class="primary" type="button" @click=${this._onNewCall}>${t('newCall')}</button>
        <button type="button" @click=${this._onJoin}>${t('join')}</button>
      </div>
      <sc-lan-banner></sc-lan-banner>
      <label>
        ${t('language')}
        <select @change=${this._onLanguage} .value=${locale.language}>
          ${LANGUAGES.map((lang) => html`<option value=${lang} ?selected=${lang === locale.language}>${lang === 'en' ? 'English' : 'Русский'}</option>`)}
        </select>
      </label>
      <sc-about></sc-about>
    `;
  }

  private _onNewCall(): void {
    this.dispatchEvent(new CustomEvent('sc-new-call', { bubbles: true, composed: true }));
  }

  private _onJoin(): void {
    this.dispatchEvent(new CustomEvent('sc-join', { bubbles: true, composed: true }));
  }

  private _onLanguage(event: Event): void {
    locale.language = (event.target as HTMLSelectElement).value as Language;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-app': ScApp;
  }
}

// The chat panel: the end-to-end encrypted message log (warnings in place of failed messages) and a send box.
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChatEntry } from '../call/call.js';
import type { ChatRejection } from '../crypto/chat.js';
import { t, tf, type StringKey } from '../i18n/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

/** Longest message the box accepts, in characters (well under the chat frame limit). */
export const MAX_CHAT_MESSAGE_CHARS = 2_000;

const WARNINGS: Record<ChatRejection, StringKey> = {
  tampered: 'chatWarningTampered',
  replayed: 'chatWarningReplayed',
  malformed: 'chatWarningMalformed',
};

@customElement('sc-chat-panel')
export class ScChatPanel extends ScElement {
  static override styles = withControls(css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 40vh;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
    }
    li {
      background: var(--sc-bg);
      border-radius: 8px;
      padding: 0.4rem 0.6rem;
      overflow-wrap: anywhere;
    }
    li.mine {
      align-self: flex-end;
    }
    .who {
      font-weight: 600;
      margin-inline-end: 0.4rem;
    }
    form {
      display: flex;
      gap: 0.5rem;
    }
    input {
      flex: 1;
      min-width: 0;
    }
  `);

  @property({ attribute: false }) entries: readonly ChatEntry[] = [];
  @property() selfName = '';

  override render() {
    return html`
      <h2 id="chat-title">${t('chatTitle')}</h2>
      <div role="log" aria-live="polite" aria-labelledby="chat-title">
        <ol>
          ${this.entries.length === 0 ? html`<li class="muted">${t('chatEmpty')}</li>` : ''}
          ${this.entries.map((e) => this.renderEntry(e))}
        </ol>
      </div>
      <form @submit=${this._onSubmit}>
        <label class="visually-hidden" for="message">${t('chatLabel')}</label>
        <input id="message" autocomplete="off" maxlength=${MAX_CHAT_MESSAGE_CHARS} placeholder=${t('chatPlaceholder')} />
        <button type="submit" class="primary">${t('send')}</button>
      </form>
    `;
  }

  private renderEntry(e: ChatEntry) {
    const name = e.mine ? this.selfName || t('you') : e.name || t('guest');
    if (e.warning) return html`<li class="warning" data-chat-warning=${e.warning}>⚠ ${tf(WARNINGS[e.warning], { name })}</li>`;
    return html`<li class=${e.mine ? 'mine' : ''} data-chat-text><span class="who">${name}</span>${e.text}</li>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('entries')) {
      const log = this.renderRoot.querySelector('ol');
      if (log) log.scrollTop = log.scrollHeight;
    }
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#message')?.focus();
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#message');
    const text = input?.value.trim() ?? '';
    if (!input || text === '') return;
    input.value = '';
    this.dispatchEvent(new CustomEvent<string>('sc-chat-send', { detail: text }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-chat-panel': ScChatPanel;
  }
}

// The verify panel: my short fingerprint, the room safety code, and a safety number per participant.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CallSnapshot } from '../call/call.js';
import { LocaleController, t, tf } from '../i18n/locale.js';
import { controlStyles } from './shared-styles.js';

/** Details of the `sc-verified` event. */
export interface VerifiedChange {
  readonly peer: string;
  readonly verified: boolean;
}

@customElement('sc-verify-panel')
export class ScVerifyPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .code {
        font-family: ui-monospace, monospace;
        font-size: 1.05rem;
        letter-spacing: 0.05em;
        overflow-wrap: anywhere;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
      }
      li {
        background: var(--sc-bg);
        border-radius: 8px;
        padding: 0.6rem;
      }
      .scan-slot {
        border: 1px dashed var(--sc-muted);
        border-radius: 8px;
        padding: 0.6rem;
        margin-top: 0.75rem;
      }
      dt {
        color: var(--sc-muted);
        font-size: 0.9rem;
      }
      dd {
        margin: 0 0 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) snapshot: CallSnapshot | undefined;

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    const s = this.snapshot;
    if (!s) return '';
    return html`
      <h2>${t('verifyTitle')}</h2>
      <p class="muted">${t('verifyExplain')}</p>
      <dl>
        <dt>${t('myFingerprint')}</dt>
        <dd class="code" data-my-fingerprint>${s.me.shortFingerprint}</dd>
        <dt>${t('roomCode')}</dt>
        <dd class="code" data-room-code>${s.roomSafetyCode ?? '…'}</dd>
      </dl>
      <ul>
        ${s.participants.map((p) => {
          const name = p.name || t('guest');
          return html`<li data-peer=${p.id}>
            <strong>${name}</strong> <span class="code">${p.shortFingerprint}</span>
            <div>${tf('safetyNumberFor', { name })}:</div>
            <div class="code" data-safety-number>${p.safetyNumber}</div>
            <button type="button" aria-pressed=${p.verified ? 'true' : 'false'} @click=${() => this.toggle(p.id, !p.verified)}>
              ${p.verified ? t('unmarkVerified') : t('markVerified')}
            </button>
          </li>`;
        })}
      </ul>
      <div class="scan-slot muted" data-scan-slot>${t('cameraLater')}</div>
    `;
  }

  private toggle(peer: string, verified: boolean): void {
    this.dispatchEvent(new CustomEvent<VerifiedChange>('sc-verified', { detail: { peer, verified } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-verify-panel': ScVerifyPanel;
  }
}

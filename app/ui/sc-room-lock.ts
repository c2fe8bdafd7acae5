// The call's size and lock as everyone in it sees them, and the control that locks or unlocks it.
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RoomSettings } from '../../protocol/messages.js';
import { rt, rtf } from './room-strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

/** Shows `settings` and fires `sc-room-lock` with the lock state the user asked for. */
@customElement('sc-room-lock')
export class ScRoomLock extends ScElement {
  static override styles = withControls(css`
    :host {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    p {
      margin: 0;
      color: var(--sc-muted);
    }
    p.locked {
      color: var(--sc-warn);
    }
  `);

  @property({ attribute: false }) settings: RoomSettings | undefined;

  override render() {
    const s = this.settings;
    if (!s) return '';
    return html`
      <p class=${s.locked ? 'locked' : ''} role="status" data-room-locked=${s.locked ? 'true' : 'false'} data-room-size=${s.size}>
        ${rtf('sizeStatus', { size: String(s.size) })} ${s.locked ? rt('lockedStatus') : rt('openStatus')}
      </p>
      <button type="button" data-room-lock aria-pressed=${s.locked ? 'true' : 'false'} @click=${this._onToggle}>${s.locked ? rt('unlock') : rt('lock')}</button>
    `;
  }

  private _onToggle(): void {
    if (!this.settings) return;
    this.dispatchEvent(new CustomEvent<boolean>('sc-room-lock', { detail: !this.settings.locked, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-room-lock': ScRoomLock;
  }
  interface HTMLElementEventMap {
    'sc-room-lock': CustomEvent<boolean>;
  }
}

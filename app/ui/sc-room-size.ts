// The home screen's room size choice: how many people the next call admits, creator included.
import { css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { MAX_ROOM_MEMBERS, MIN_ROOM_SIZE } from '../../protocol/limits.js';
import { rt } from './room-strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

const SIZES = Array.from({ length: MAX_ROOM_MEMBERS - MIN_ROOM_SIZE + 1 }, (_, i) => MIN_ROOM_SIZE + i);

/** A select of MIN_ROOM_SIZE..MAX_ROOM_MEMBERS; fires `sc-room-size` with the chosen number. */
@customElement('sc-room-size')
export class ScRoomSize extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    label {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      justify-content: center;
      flex-wrap: wrap;
    }
    small {
      display: block;
      color: var(--sc-muted);
      text-align: center;
    }
  `);

  /** The size shown as chosen. */
  @property({ type: Number }) size = MAX_ROOM_MEMBERS;

  override render() {
    return html`
      <label>
        ${rt('sizeLabel')}
        <select data-room-size @change=${this._onChange} .value=${String(this.size)}>
          ${SIZES.map((n) => html`<option value=${n} ?selected=${n === this.size}>${n}</option>`)}
        </select>
      </label>
      <small>${rt('sizeHint')}</small>
    `;
  }

  private _onChange(event: Event): void {
    const size = Number((event.target as HTMLSelectElement).value);
    this.size = size;
    this.dispatchEvent(new CustomEvent<number>('sc-room-size', { detail: size, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-room-size': ScRoomSize;
  }
  interface HTMLElementEventMap {
    'sc-room-size': CustomEvent<number>;
  }
}

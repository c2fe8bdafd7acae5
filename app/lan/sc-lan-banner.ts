// In LAN mode, shows the address others on the network open (as text and QR), the certificate fingerprint, and what a LAN call reveals.
import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { ScElement } from '../ui/sc-element.js';
import { LanInfoController } from './lan-info.js';
import { lt } from './strings.js';

@customElement('sc-lan-banner')
export class ScLanBanner extends ScElement {
  static override styles = css`
    :host {
      display: block;
    }
    aside {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.5rem;
      padding: 1rem;
      border-radius: var(--sc-radius);
      border: 1px solid var(--sc-muted);
      background: var(--sc-surface);
      color: var(--sc-text);
      max-width: 30rem;
    }
    h2 {
      margin: 0;
      font-size: 1.1rem;
    }
    p {
      margin: 0;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    a {
      color: var(--sc-accent);
      font-size: 1.15rem;
      word-break: break-all;
    }
    img {
      width: 200px;
      height: 200px;
      image-rendering: pixelated;
      background: #fff;
    }
    code {
      font-size: 0.8rem;
      word-break: break-all;
    }
    .note {
      color: var(--sc-muted);
      font-size: 0.9rem;
    }
  `;

  private readonly lan = new LanInfoController(this);

  override render() {
    const info = this.lan.info;
    if (!info) return nothing;
    return html`
      <aside aria-labelledby="lan-heading">
        <h2 id="lan-heading">${lt('heading')}</h2>
        <p>${lt('openThis')}</p>
        <ul>
          ${info.urls.map((url) => html`<li><a href=${url}>${url}</a></li>`)}
        </ul>
        <img src=${info.qr} alt="${lt('qrAlt')} ${info.urls[0]}" />
        <p class="note">${lt('certificate')}</p>
        <code>${info.fingerprint}</code>
        <p class="note">${lt('privacy')}</p>
      </aside>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-lan-banner': ScLanBanner;
  }
}

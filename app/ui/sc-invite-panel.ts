// The invite panel: a QR of the invite link, the link as text, "Copy link" and "New link".
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LocaleController, t } from '../i18n/locale.js';
import { controlStyles } from './shared-styles.js';

/** Side of the QR image, in CSS pixels. */
const QR_SIZE_PX = 240;

@customElement('sc-invite-panel')
export class ScInvitePanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .qr {
        display: block;
        width: 15rem;
        max-width: 100%;
        height: auto;
        image-rendering: pixelated;
        background: #fff;
        border-radius: 8px;
      }
      .link {
        font-family: ui-monospace, monospace;
        font-size: 0.8rem;
        overflow-wrap: anywhere;
        user-select: all;
        background: var(--sc-bg);
        padding: 0.5rem;
        border-radius: 8px;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
    `,
  ];

  /** The current invite link, undefined while a new one is being minted. */
  @property() link: string | undefined;
  @state() private qr: string | undefined;
  @state() private copied = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('link')) {
      this.qr = undefined;
      this.copied = false;
      const link = this.link;
      if (link) void this.makeQr(link);
    }
  }

  override render() {
    return html`
      <h2>${t('inviteTitle')}</h2>
      <p class="muted">${t('inviteExplain')}</p>
      ${this.link
        ? html`
            ${this.qr ? html`<img class="qr" src=${this.qr} alt=${t('inviteQrAlt')} width=${QR_SIZE_PX} height=${QR_SIZE_PX} />` : ''}
            <p class="link" data-invite-link>${this.link}</p>
            <div class="row">
              <button type="button" class="primary" @click=${this._onCopy}>${this.copied ? t('copied') : t('copyLink')}</button>
              <button type="button" @click=${this._onNewLink}>${t('newLink')}</button>
            </div>
          `
        : html`<p role="status">${t('inviteMinting')}</p>`}
    `;
  }

  private async makeQr(link: string): Promise<void> {
    const { toDataURL } = await import('qrcode');
    const url = await toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: QR_SIZE_PX });
    if (link === this.link) this.qr = url;
  }

  private async _onCopy(): Promise<void> {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link);
      this.copied = true;
    } catch {
      // Clipboard refused: select the text so the user can copy it by hand.
      const text = this.renderRoot.querySelector('.link');
      if (text) window.getSelection()?.selectAllChildren(text);
    }
  }

  private _onNewLink(): void {
    this.dispatchEvent(new CustomEvent('sc-new-invite'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-invite-panel': ScInvitePanel;
  }
}

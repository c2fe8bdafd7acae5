// The invite panel: a QR of the invite link, the link as text, Copy, Share, New link, and the list of invites with revoke.
import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { InviteFailure, InviteView } from '../call/call.js';
import { INVITE_LIFETIMES_SECONDS, type InviteLifetime } from '../call/invites.js';
import { lt, type CallLifeKey } from '../i18n/call-life.js';
import { errorNameOf, reportDiagnostic } from '../diagnostics/sink.js';
import { locale } from '../i18n/locale.js';
import { t } from '../i18n/strings.js';
import { st, stf, type ScanStringKey } from '../scan/strings.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';
import './sc-qr-code.js';

/** How an invite in the list is shown. */
type ShownState = InviteView['state'] | 'expired';

const STATE_TEXT: Readonly<Record<ShownState, ScanStringKey>> = {
  pending: 'inviteStatePending',
  used: 'inviteStateUsed',
  revoked: 'inviteStateRevoked',
  expired: 'inviteStateExpired',
};

const LIFETIME_TEXT: Readonly<Record<InviteLifetime, CallLifeKey>> = {
  900: 'lifetime15m',
  3600: 'lifetime1h',
  86400: 'lifetime1d',
};

@customElement('sc-invite-panel')
export class ScInvitePanel extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    sc-qr-code {
      display: block;
      width: 15rem;
      max-width: 100%;
    }
    ul.invites {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0 0;
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
    }
    ul.invites li {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
      background: var(--sc-bg);
      border-radius: 8px;
      padding: 0.4rem 0.6rem;
    }
    ul.invites .id {
      font-family: ui-monospace, monospace;
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
  `);

  /** The current invite link, undefined while a new one is being minted. */
  @property() link: string | undefined;
  /** Every invite minted by this member in this call, newest first. */
  @property({ attribute: false }) invites: readonly InviteView[] = [];
  /** Why the last invite could not be made; shown instead of "Making an invite…". */
  @property({ attribute: false }) failure: InviteFailure | undefined;
  /** The lifetime of the shown link and the next ones, in seconds. */
  @property({ type: Number }) lifetime: InviteLifetime = INVITE_LIFETIMES_SECONDS[1];
  @state() private copied = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('link')) this.copied = false;
  }

  override render() {
    return html`
      <h2>${t('inviteTitle')}</h2>
      <p class="muted">${t('inviteExplain')}</p>
      <label class="row lifetime">
        ${lt('inviteLifetime')}
        <select data-invite-lifetime @change=${this._onLifetime}>
          ${INVITE_LIFETIMES_SECONDS.map((seconds) => html`<option value=${seconds} ?selected=${seconds === this.lifetime}>${lt(LIFETIME_TEXT[seconds])}</option>`)}
        </select>
      </label>
      ${this.link
        ? html`
            <sc-qr-code data-invite-qr .text=${this.link} label=${t('inviteQrAlt')}></sc-qr-code>
            <p class="link" data-invite-link>${this.link}</p>
            <div class="row">
              <button type="button" class="primary" @click=${this._onCopy}>${this.copied ? t('copied') : t('copyLink')}</button>
              ${'share' in navigator ? html`<button type="button" @click=${this._onShare}>${st('inviteShare')}</button>` : nothing}
              <button type="button" @click=${this._onNewLink}>${t('newLink')}</button>
            </div>
          `
        : this.failure !== undefined && this.failure !== 'aborted'
          ? html`<p role="alert" data-invite-failure=${this.failure}>${t(this.failure === 'too_many_invites' ? 'inviteTooMany' : 'inviteFailed')}</p>
              <button type="button" @click=${this._onNewLink}>${t('inviteRetry')}</button>`
          : html`<p role="status">${t('inviteMinting')}</p>`}
      ${this.renderList()}
    `;
  }

  private renderList() {
    if (this.invites.length === 0) return nothing;
    const now = Date.now();
    const time = new Intl.DateTimeFormat(locale.language, { hour: '2-digit', minute: '2-digit' });
    return html`<h3>${st('invitePending')}</h3>
      <ul class="invites">
        ${this.invites.map((invite) => {
          const shown: ShownState = invite.state === 'pending' && invite.expires <= now ? 'expired' : invite.state;
          return html`<li data-invite=${invite.hash} data-invite-state=${shown}>
            <span class="id">${invite.hash.slice(0, 6)}</span>
            <span>${st(STATE_TEXT[shown])}</span>
            ${shown === 'pending'
              ? html`<span class="muted">${stf('inviteExpiresAt', { time: time.format(invite.expires) })}</span>
                  <button type="button" data-revoke @click=${() => this.revoke(invite.hash)}>${st('inviteRevoke')}</button>`
              : nothing}
          </li>`;
        })}
      </ul>`;
  }

  private revoke(hash: string): void {
    this.dispatchEvent(new CustomEvent<string>('sc-revoke-invite', { detail: hash }));
  }

  private async _onShare(): Promise<void> {
    if (!this.link) return;
    try {
      await navigator.share({ title: t('appName'), url: this.link });
    } catch (error) {
      // Expected: dismissed (AbortError) or refused (NotAllowedError); the link and Copy stay on screen.
      const name = errorNameOf(error);
      if (name !== 'AbortError' && name !== 'NotAllowedError') reportDiagnostic('ui', 'share-failed', error);
    }
  }

  private async _onCopy(): Promise<void> {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link);
      this.copied = true;
    } catch (error) {
      // Expected: clipboard refused (NotAllowedError). Either way, select the text so the user can copy it by hand.
      if (errorNameOf(error) !== 'NotAllowedError') reportDiagnostic('ui', 'clipboard-write-failed', error);
      const text = this.renderRoot.querySelector('.link');
      if (text) window.getSelection()?.selectAllChildren(text);
    }
  }

  private _onNewLink(): void {
    this.dispatchEvent(new CustomEvent<InviteLifetime>('sc-new-invite', { detail: this.lifetime }));
  }

  /** A new lifetime takes effect at once: a fresh link with it replaces the shown one (which stays listed, revocable). */
  private _onLifetime(event: Event): void {
    const seconds = Number((event.target as HTMLSelectElement).value);
    const lifetime = INVITE_LIFETIMES_SECONDS.find((s) => s === seconds);
    if (lifetime !== undefined) this.dispatchEvent(new CustomEvent<InviteLifetime>('sc-new-invite', { detail: lifetime }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-invite-panel': ScInvitePanel;
  }
}

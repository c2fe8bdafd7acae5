// The call screen: privacy line, notices, participant tiles, controls, and the invite/verify/chat/settings/about panels.
import { css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Call, CallSnapshot, Notice, NoticeKind } from '../call/call.js';
import type { AudioProcessing } from '../call/media.js';
import { t, tf, type StringKey } from '../i18n/strings.js';
import type { ScChatPanel } from './sc-chat-panel.js';
import { ScElement } from './sc-element.js';
import type { ScTile } from './sc-tile.js';
import type { QrVerifier, VerifiedChange } from './sc-verify-panel.js';
import { withControls } from './shared-styles.js';
import { WakeLockController } from './wake-lock-controller.js';
import './sc-call-about.js';
import './sc-chat-panel.js';
import './sc-invite-panel.js';
import './sc-pending-tile.js';
import './sc-settings-panel.js';
import './sc-tile.js';
import './sc-verify-panel.js';

type Panel = 'invite' | 'verify' | 'chat' | 'settings' | 'aboutCall';

const NOTICE_KEYS: Record<NoticeKind, StringKey> = {
  reattached: 'noticeReattached',
  'mic-reacquired': 'noticeMicReacquired',
  'ice-restart': 'noticeIceRestart',
  'security-sdp-mac': 'noticeSecuritySdp',
  'security-dtls-certificate': 'noticeSecurityDtls',
  'identity-changed': 'noticeIdentityChanged',
  'verified-key-changed': 'noticeVerifiedKeyChanged',
  'remembered-key-changed': 'noticeRememberedKeyChanged',
  'returned-key-changed': 'noticeReturnedKeyChanged',
  'invite-key-mismatch': 'noticeInviteKeyMismatch',
  'names-alike': 'noticeNamesAlike',
  'non-relay': 'noticeNonRelay',
  'mic-failed': 'noticeMicFailed',
  reconnected: 'noticeReconnected',
  'rate-limited': 'noticeRateLimited',
};

const SECURITY_NOTICES: ReadonlySet<NoticeKind> = new Set([
  'security-sdp-mac',
  'security-dtls-certificate',
  'identity-changed',
  'verified-key-changed',
  'remembered-key-changed',
  'returned-key-changed',
  'invite-key-mismatch',
  'names-alike',
  'non-relay',
]);

@customElement('sc-call-view')
export class ScCallView extends ScElement {
  static override styles = withControls(css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      text-align: start;
    }
    header {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    h1 {
      margin: 0;
      font-size: 1.3rem;
    }
    .privacy {
      margin: 0;
    }
    .privacy.hidden {
      color: var(--sc-accent);
    }
    .privacy.exposed,
    .banner {
      color: var(--sc-warn);
    }
    .notices {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .notices li {
      background: var(--sc-surface);
      border-radius: 8px;
      padding: 0.4rem 0.6rem;
      font-size: 0.9rem;
    }
    .notices li.security {
      border: 1px solid var(--sc-danger);
    }
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
      gap: 0.6rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: center;
      position: sticky;
      bottom: 0;
      background: var(--sc-bg);
      padding: 0.5rem 0;
    }
    .controls button {
      flex: 1 1 6rem;
    }
    section.panel {
      background: var(--sc-surface);
      border-radius: var(--sc-radius);
      padding: 0.75rem;
    }
    .badge {
      background: var(--sc-accent);
      color: #052e16;
      border-radius: 999px;
      padding: 0 0.4rem;
      margin-inline-start: 0.3rem;
      font-size: 0.8rem;
    }
    .ended {
      text-align: center;
      margin: auto;
      display: flex;
      flex-direction: column;
      gap: 1rem;
      align-items: center;
    }
    @media (max-width: 480px) {
      .tiles {
        grid-template-columns: repeat(2, 1fr);
      }
    }
    .quiet {
      margin: 0;
      font-size: 0.9rem;
    }
    .confirm {
      display: flex;
      flex: 2 1 14rem;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
  `);

  @property({ attribute: false }) call: Call | undefined;
  @property({ attribute: false }) snapshot: CallSnapshot | undefined;
  /** Open the invite panel first (the creator of a new call). */
  @property({ type: Boolean }) opensInvite = false;
  @state() private panel: Panel | undefined;
  @state() private sinkId = '';
  @state() private audioBlocked = false;
  @state() private readChat = 0;
  @state() private confirmingLeave = false;
  private readonly wakeLock = new WakeLockController(this);
  private readonly verifier: QrVerifier = (peer, text) => this.call?.verifyByQr(peer, text) ?? Promise.resolve('not-a-fingerprint');

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.opensInvite) this.panel = 'invite';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('snapshot')) this.wakeLock.active = this.snapshot !== undefined && this.snapshot.phase !== 'ended';
    if (this.panel === 'chat') this.readChat = this.snapshot?.chat.length ?? 0;
  }

  override render() {
    const s = this.snapshot;
    if (!s) return '';
    if (s.phase === 'ended') {
      return html`<div class="ended">
        <p role="status" data-ended=${s.endReason ?? 'left'}>${s.endReason === 'seat-gone' ? t('endedSeatGone') : t('endedLeft')}</p>
        <button type="button" class="primary" @click=${this._onExit}>${t('backHome')}</button>
      </div>`;
    }
    const unread = Math.max(0, s.chat.length - this.readChat);
    return html`
      <header>
        <h1>${t('callTitle')}</h1>
        ${this.renderPrivacy(s)}
        ${s.phase === 'reconnecting' ? html`<p class="quiet muted" role="status" data-server="reconnecting">${t('reconnectingBanner')}</p>` : ''}
        ${s.phase === 'detached' ? html`<p class="quiet banner" role="status" data-server="detached">${t('detachedBanner')}</p>` : ''}
      </header>
      ${this.renderNotices(s.notices)}
      ${this.audioBlocked ? html`<button type="button" class="primary" @click=${this._onStartAudio}>${t('tapToStartAudio')}</button>` : ''}
      <h2 class="visually-hidden">${t('participants')}</h2>
      <ul class="tiles" @sc-audio-blocked=${this._onAudioBlocked}>
        <li>
          <sc-tile
            .name=${s.me.name}
            .fingerprint=${s.me.shortFingerprint}
            ?speaking=${s.me.speaking}
            ?muted=${s.me.muted}
            .level=${s.me.level}
          ></sc-tile>
        </li>
        ${s.participants.map((p) => html`<li data-peer=${p.id}><sc-tile .participant=${p} .sinkId=${this.sinkId}></sc-tile></li>`)}
        ${s.pending.map((m) => html`<li data-pending=${m.id}><sc-pending-tile .member=${m}></sc-pending-tile></li>`)}
      </ul>
      ${s.participants.length + s.pending.length === 0 ? html`<p class="muted">${t('alone')}</p>` : ''}
      ${this.panel ? html`<section class="panel" aria-label=${t(this.panel)}>${this.renderPanel(this.panel, s)}</section>` : ''}
      <div class="controls" role="toolbar" aria-label=${t('callTitle')}>
        <button type="button" @click=${this._onMute} ?disabled=${!s.me.hasMic}>${s.me.muted ? t('unmute') : t('mute')}</button>
        ${this.panelButton('invite')} ${this.panelButton('verify')}
        <button type="button" aria-expanded=${this.panel === 'chat' ? 'true' : 'false'} @click=${() => this.toggle('chat')}>
          ${t('chat')}${unread > 0 ? html`<span class="badge" aria-hidden="true">${unread}</span>` : ''}
        </button>
        ${this.panelButton('settings')} ${this.panelButton('aboutCall')}
        ${this.confirmingLeave
          ? html`<div class="confirm" role="group" aria-label=${t('leaveConfirm')}>
              <span>${t('leaveConfirm')}</span>
              <button type="button" @click=${this._onStay}>${t('leaveConfirmNo')}</button>
              <button type="button" class="danger" @click=${this._onLeaveConfirmed}>${t('leaveConfirmYes')}</button>
            </div>`
          : html`<button type="button" class="danger" @click=${this._onLeave}>${t('leave')}</button>`}
      </div>
    `;
  }

  private renderPrivacy(s: CallSnapshot) {
    const nonRelay = s.participants.filter((p) => p.sentNonRelay).map((p) => p.name || p.shortFingerprint);
    const line =
      s.privacy.kind === 'hidden'
        ? html`<p class="privacy hidden" data-privacy="hidden">${t('privacyHidden')}</p>`
        : s.privacy.kind === 'exposed'
          ? html`<p class="privacy exposed" data-privacy="exposed">${t('privacyExposed')}${s.privacy.peers.join(', ')}</p>`
          : html`<p class="privacy muted" data-privacy="pending">${t('privacyPending')}</p>`;
    return html`${line}${nonRelay.length > 0 ? html`<p class="privacy exposed" role="alert" data-non-relay>${t('privacyNonRelay')}${nonRelay.join(', ')}</p>` : ''}`;
  }

  private renderNotices(notices: readonly Notice[]) {
    return html`<ul class="notices" role="status" aria-live="polite">
      ${notices.map(
        (n) => html`<li class=${SECURITY_NOTICES.has(n.kind) ? 'security' : ''} data-notice=${n.kind}>
          ${tf(NOTICE_KEYS[n.kind], { name: n.name || t('guest') })}
        </li>`,
      )}
    </ul>`;
  }

  private panelButton(panel: Exclude<Panel, 'chat'>) {
    return html`<button type="button" aria-expanded=${this.panel === panel ? 'true' : 'false'} @click=${() => this.toggle(panel)}>
      ${t(panel)}
    </button>`;
  }

  private renderPanel(panel: Panel, s: CallSnapshot) {
    switch (panel) {
      case 'invite':
        return html`<sc-invite-panel
          .link=${s.invite?.link}
          .failure=${s.inviteFailure}
          .invites=${s.invites}
          @sc-new-invite=${this._onNewInvite}
          @sc-revoke-invite=${this._onRevokeInvite}
        ></sc-invite-panel>`;
      case 'verify':
        return html`<sc-verify-panel .snapshot=${s} .verifier=${this.verifier} @sc-verified=${this._onVerified}></sc-verify-panel>`;
      case 'chat':
        return html`<sc-chat-panel .entries=${s.chat} .selfName=${s.me.name} @sc-chat-send=${this._onChatSend}></sc-chat-panel>`;
      case 'settings':
        return html`<sc-settings-panel
          .processing=${s.processing}
          .displayName=${s.me.name}
          @sc-name=${this._onName}
          .micDeviceId=${s.micDeviceId ?? ''}
          .sinkId=${this.sinkId}
          @sc-processing=${this._onProcessing}
          @sc-mic=${this._onMic}
          @sc-speaker=${this._onSpeaker}
        ></sc-settings-panel>`;
      case 'aboutCall':
        return html`<sc-call-about></sc-call-about>`;
    }
  }

  private toggle(panel: Panel): void {
    this.panel = this.panel === panel ? undefined : panel;
    // Anyone may show an invite; mint one the first time this member opens the panel.
    if (this.panel === 'invite' && !this.snapshot?.invite) this.mintInvite();
    if (this.panel === 'verify') this.call?.showRoomCode();
    if (this.panel === 'chat') void this.updateComplete.then(() => this.renderRoot.querySelector<ScChatPanel>('sc-chat-panel')?.focus());
  }

  private _onMute(): void {
    if (this.call && this.snapshot) this.call.setMuted(!this.snapshot.me.muted);
  }

  /** Leave asks first: one stray tap must not end a call. */
  private _onLeave(): void {
    this.confirmingLeave = true;
  }

  private _onStay(): void {
    this.confirmingLeave = false;
  }

  private async _onLeaveConfirmed(): Promise<void> {
    this.confirmingLeave = false;
    await this.call?.leave();
  }

  private _onExit(): void {
    this.dispatchEvent(new CustomEvent('sc-exit', { bubbles: true, composed: true }));
  }

  private _onNewInvite(): void {
    this.mintInvite();
  }

  /** A failed mint shows in the panel (the snapshot's inviteFailure), with a button to try again. */
  private mintInvite(): void {
    this.call?.newInvite().catch(() => undefined);
  }

  private _onRevokeInvite(event: CustomEvent<string>): void {
    this.call?.revokeInvite(event.detail);
  }

  private _onVerified(event: CustomEvent<VerifiedChange>): void {
    this.call?.setVerified(event.detail.peer, event.detail.verified);
  }

  private _onChatSend(event: CustomEvent<string>): void {
    this.call?.sendChat(event.detail);
  }

  private _onProcessing(event: CustomEvent<AudioProcessing>): void {
    void this.call?.setProcessing(event.detail);
  }

  private _onName(event: CustomEvent<string>): void {
    this.call?.setDisplayName(event.detail);
  }

  private _onMic(event: CustomEvent<string>): void {
    void this.call?.setMicrophone(event.detail === '' ? undefined : event.detail);
  }

  private _onSpeaker(event: CustomEvent<string>): void {
    this.sinkId = event.detail;
  }

  private _onAudioBlocked(): void {
    this.audioBlocked = true;
  }

  private _onStartAudio(): void {
    this.audioBlocked = false;
    void this.call?.resumeAudio();
    for (const tile of this.renderRoot.querySelectorAll<ScTile>('sc-tile')) tile.resumePlayback();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-call-view': ScCallView;
  }
}

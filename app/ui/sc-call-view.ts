// The call screen: duration and head count, privacy line, notices, participant tiles, controls, shortcuts, push-to-talk, sounds and announcements, and the invite/verify/chat/settings/about panels.
import { css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { SECURITY_NOTICES, type Call, type CallSnapshot, type InviteLifetime, type Notice, type NoticeKind } from '../call/call.js';
import { listAudioDevices, type AudioProcessing } from '../call/media.js';
import { diagnostics } from '../diagnostics/sink.js';
import { lt, ltf } from '../i18n/call-life.js';
import { t, tf, type StringKey } from '../i18n/strings.js';
import { callEvents, type CallEvent } from './call-events.js';
import { CallSounds, setSoundsOn, soundsOn } from './call-sounds.js';
import { formatDuration } from './duration.js';
import { MediaSessionController } from './media-session-controller.js';
import type { ScChatPanel } from './sc-chat-panel.js';
import { ScElement } from './sc-element.js';
import type { ScTile } from './sc-tile.js';
import type { QrVerifier, VerifiedChange } from './sc-verify-panel.js';
import { withControls } from './shared-styles.js';
import { keyTargetOf, shortcutFor } from './shortcuts.js';
import { WakeLockController } from './wake-lock-controller.js';
import './sc-call-about.js';
import './sc-chat-panel.js';
import './sc-invite-panel.js';
import './sc-room-lock.js';
import './sc-pending-tile.js';
import './sc-settings-panel.js';
import './sc-tile.js';
import './sc-verify-panel.js';

type Panel = 'invite' | 'verify' | 'chat' | 'settings' | 'aboutCall';

/** How long "You are muted" stays after my voice was last heard while muted, in milliseconds. */
export const MUTED_HINT_MS = 4_000;
/** How often the call's duration is redrawn, in milliseconds. */
const CLOCK_TICK_MS = 1_000;

/** Tile grid columns for `count` tiles on a wide screen: as square as it gets, at most four across. */
function wideColumns(count: number): number {
  return Math.min(4, Math.max(1, Math.ceil(Math.sqrt(count))));
}

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
  'relay-downgrade': 'noticeRelayDowngrade',
  'no-room-key': 'noticeNoRoomKey',
};

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
    .callbar {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 1rem;
    }
    h1 {
      margin: 0;
      font-size: 1.3rem;
    }
    .callbar .clock {
      font-variant-numeric: tabular-nums;
      font-size: 1.1rem;
    }
    .hint {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-radius: 8px;
      border: 1px solid var(--sc-warn);
      color: var(--sc-warn);
      background: var(--sc-surface);
    }
    dialog {
      background: var(--sc-surface);
      color: var(--sc-text);
      border: 1px solid var(--sc-muted);
      border-radius: var(--sc-radius);
      max-width: min(26rem, 90vw);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 60%);
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.4rem 1rem;
    }
    dt kbd {
      border: 1px solid var(--sc-muted);
      border-radius: 4px;
      padding: 0 0.35rem;
      font-family: inherit;
    }
    dd {
      margin: 0;
    }
    /* Keyboard shortcuts mean nothing on a touch screen without a keyboard. */
    @media (pointer: coarse) and (hover: none) {
      button.shortcuts {
        display: none;
      }
    }
    button.talk {
      touch-action: none;
      user-select: none;
    }
    button.talk[data-active] {
      border-color: var(--sc-accent);
      color: var(--sc-accent);
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
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .notices li span {
      flex: 1;
    }
    .notices button.dismiss {
      min-height: 2.75rem;
      min-width: 2.75rem;
      padding: 0;
      border: none;
      background: transparent;
      font-size: 1.3rem;
    }
    .notices li.security {
      border: 1px solid var(--sc-danger);
    }
    .tiles {
      --cols: 1;
      display: grid;
      grid-template-columns: repeat(var(--cols), minmax(0, 1fr));
      grid-auto-rows: minmax(9rem, 1fr);
      flex: 1;
      gap: 0.6rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .tiles li {
      min-height: 9rem;
    }
    .tiles[data-cols='2'] {
      --cols: 2;
    }
    .tiles[data-cols='3'] {
      --cols: 3;
    }
    .tiles[data-cols='4'] {
      --cols: 4;
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
      /* Sticky to the viewport's bottom edge: clear of a phone's home indicator. */
      padding-bottom: calc(0.5rem + env(safe-area-inset-bottom));
    }
    .controls button {
      flex: 1 1 6rem;
    }
    section.panel {
      background: var(--sc-surface);
      border-radius: var(--sc-radius);
      padding: 0.75rem;
    }
    .controls .badge {
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
    @media (max-width: 600px) {
      .tiles[data-cols] {
        --cols: 2;
      }
      .tiles[data-cols='1'] {
        --cols: 1;
      }
      .tiles li {
        min-height: 8rem;
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
  /** The latest announcement for screen readers (a polite live region). */
  @state() private announcement = '';
  /** Until when "You are muted" shows (performance.now() time). */
  @state() private mutedHintUntil = 0;
  /** True while push-to-talk holds the microphone open. */
  @state() private talking = false;
  @state() private helpOpen = false;
  @state() private now = Date.now();
  @state() private sounds = soundsOn();
  private startedAt = Date.now();
  private previous: CallSnapshot | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;
  private hintTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly wakeLock = new WakeLockController(this);
  private readonly sound = new CallSounds(this);
  private readonly mediaSession = new MediaSessionController(this);
  private readonly verifier: QrVerifier = (peer, text) => this.call?.verifyByQr(peer, text) ?? Promise.resolve('not-a-fingerprint');
  private readonly onKeyDown = (event: KeyboardEvent): void => this.keyDown(event);
  private readonly onKeyUp = (event: KeyboardEvent): void => {
    if (event.code === 'Space') this.stopTalking();
  };
  /** A chosen speaker unplugged: back to the system default, which follows whatever the system plays on. */
  private readonly onDeviceChange = (): void => {
    if (this.sinkId === '') return;
    void listAudioDevices().then(({ outputs }) => {
      if (!outputs.some((d) => d.id === this.sinkId)) this.sinkId = '';
    }, diagnostics.reportAs('ui', 'list-devices-failed'));
  };
  /** A key released in another window never reaches this one: leaving the window ends push-to-talk. */
  private readonly onBlur = (): void => this.stopTalking();

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.opensInvite) this.panel = 'invite';
    this.startedAt = Date.now();
    this.clock = setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
    window.addEventListener('blur', this.onBlur);
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
  }

  override disconnectedCallback(): void {
    clearInterval(this.clock);
    clearTimeout(this.hintTimer);
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
    window.removeEventListener('blur', this.onBlur);
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const s = this.snapshot;
    if (changed.has('snapshot')) {
      this.wakeLock.active = s !== undefined && s.phase !== 'ended';
      if (s !== undefined) this.onSnapshot(s);
    }
    if (this.panel === 'chat') this.readChat = s?.chat.length ?? 0;
  }

  protected override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.helpOpen && !dialog.open) dialog.showModal();
  }

  /** Sounds and announcements for what changed, the muted hint, and the lock screen. */
  private onSnapshot(s: CallSnapshot): void {
    const before = this.previous;
    this.previous = s;
    if (s.phase === 'ended') {
      this.mediaSession.state = undefined;
      this.talking = false;
      return;
    }
    if (before !== undefined) {
      const events = callEvents(before, s);
      for (const kind of new Set(events.map((e) => e.kind))) this.sound.play(kind);
      // An open chat panel reads new messages out itself (its log is a live region).
      const last = events.filter((e) => e.kind !== 'message' || this.panel !== 'chat').at(-1);
      if (last !== undefined) this.announcement = this.announce(last);
    }
    if (s.me.voiceWhileMuted && !this.talking) {
      this.mutedHintUntil = performance.now() + MUTED_HINT_MS;
      clearTimeout(this.hintTimer);
      this.hintTimer = setTimeout(() => (this.mutedHintUntil = 0), MUTED_HINT_MS);
    }
    if (!s.me.muted && !this.talking) this.mutedHintUntil = 0;
    this.mediaSession.state = {
      title: t('appName'),
      subtitle: ltf('headCount', { n: String(s.participants.length + 1) }),
      muted: s.me.muted,
      toggleMicrophone: () => this._onMute(),
      hangUp: () => void this._onLeaveConfirmed(),
    };
  }

  private announce(event: CallEvent): string {
    const name = event.name || t('guest');
    switch (event.kind) {
      case 'joined':
        return ltf('announceJoined', { name });
      case 'left':
        return ltf('announceLeft', { name });
      case 'message':
        return ltf('announceMessage', { name, text: event.text });
    }
  }

  private keyDown(event: KeyboardEvent): void {
    const s = this.snapshot;
    if (!s || s.phase === 'ended' || this.helpOpen) return;
    const action = shortcutFor(event, keyTargetOf(event.composedPath()[0]));
    if (action === undefined) return;
    event.preventDefault();
    if (event.repeat) return;
    switch (action) {
      case 'mute':
        this._onMute();
        return;
      case 'chat':
        this.toggle('chat');
        return;
      case 'verify':
        this.toggle('verify');
        return;
      case 'help':
        this.helpOpen = true;
        return;
      case 'talk':
        this.startTalking();
        return;
    }
  }

  /** Push-to-talk: opens a muted microphone while held. */
  private startTalking(): void {
    if (!this.call || !this.snapshot?.me.muted || !this.snapshot.me.hasMic || this.talking) return;
    this.talking = true;
    this.mutedHintUntil = 0;
    this.call.setMuted(false);
  }

  private stopTalking(): void {
    if (!this.talking) return;
    this.talking = false;
    this.call?.setMuted(true);
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
    const count = s.participants.length + 1;
    const showHint = s.me.muted && !this.talking && this.mutedHintUntil > performance.now();
    return html`
      <header>
        <div class="callbar">
          <h1>${t('callTitle')}</h1>
          <span class="clock" role="timer" aria-label=${lt('duration')} data-duration>${formatDuration(this.now - this.startedAt)}</span>
          <span data-head-count=${count}>${ltf('headCount', { n: String(count) })}</span>
        </div>
        ${this.renderPrivacy(s)}
        ${s.phase === 'reconnecting' ? html`<p class="quiet muted" role="status" data-server="reconnecting">${t('reconnectingBanner')}</p>` : ''}
        ${s.phase === 'detached' ? html`<p class="quiet banner" role="status" data-server="detached">${t('detachedBanner')}</p>` : ''}
        <sc-room-lock .settings=${s.settings} @sc-room-lock=${this._onRoomLock}></sc-room-lock>
      </header>
      ${this.renderNotices(s.notices)}
      <div class="visually-hidden" role="status" aria-live="polite" data-announcement>${this.announcement}</div>
      ${showHint ? html`<p class="hint" role="status" data-muted-hint>${lt('mutedHint')}</p>` : ''}
      ${this.audioBlocked ? html`<button type="button" class="primary" @click=${this._onStartAudio}>${t('tapToStartAudio')}</button>` : ''}
      <h2 class="visually-hidden">${t('participants')}</h2>
      <ul class="tiles" data-cols=${wideColumns(count)} @sc-audio-blocked=${this._onAudioBlocked}>
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
        <button type="button" @click=${this._onMute} ?disabled=${!s.me.hasMic}>${s.me.muted && !this.talking ? t('unmute') : t('mute')}</button>
        ${(s.me.muted || this.talking) && s.me.hasMic
          ? html`<button
              type="button"
              class="talk"
              ?data-active=${this.talking}
              @pointerdown=${this._onTalkDown}
              @pointerup=${this.stopTalking}
              @pointercancel=${this.stopTalking}
              @pointerleave=${this.stopTalking}
              @contextmenu=${this._onTalkMenu}
            >
              ${lt('pushToTalk')}
            </button>`
          : ''}
        ${this.panelButton('invite')} ${this.panelButton('verify')}
        <button type="button" aria-expanded=${this.panel === 'chat' ? 'true' : 'false'} @click=${() => this.toggle('chat')}>
          ${t('chat')}${unread > 0
            ? html`<span class="badge" aria-hidden="true">${unread}</span><span class="visually-hidden" data-unread=${unread}>, ${ltf('unreadCount', { n: String(unread) })}</span>`
            : ''}
        </button>
        ${this.panelButton('settings')} ${this.panelButton('aboutCall')}
        <button type="button" class="shortcuts" aria-haspopup="dialog" @click=${this._onHelp}>${lt('shortcutsButton')}</button>
        ${this.confirmingLeave
          ? html`<div class="confirm" role="group" aria-label=${t('leaveConfirm')}>
              <span>${t('leaveConfirm')}</span>
              <button type="button" @click=${this._onStay}>${t('leaveConfirmNo')}</button>
              <button type="button" class="danger" @click=${this._onLeaveConfirmed}>${t('leaveConfirmYes')}</button>
            </div>`
          : html`<button type="button" class="danger" @click=${this._onLeave}>${t('leave')}</button>`}
      </div>
      ${this.helpOpen ? this.renderHelp() : ''}
    `;
  }

  private renderHelp() {
    const rows: Array<[string, string]> = [
      ['M', lt('shortcutMute')],
      ['C', lt('shortcutChat')],
      ['V', lt('shortcutVerify')],
      ['?', lt('shortcutHelp')],
      [lt('spaceKey'), lt('shortcutPushToTalk')],
    ];
    return html`<dialog aria-labelledby="help-title" @close=${this._onHelpClosed}>
      <h2 id="help-title">${lt('shortcutsTitle')}</h2>
      <dl>${rows.map(([key, what]) => html`<dt><kbd>${key}</kbd></dt><dd>${what}</dd>`)}</dl>
      <form method="dialog"><button type="submit" class="primary">${t('close')}</button></form>
    </dialog>`;
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
    return html`<ul class="notices" role="status" aria-live="polite" aria-label=${lt('notices')}>
      ${repeat(
        notices,
        (n) => n.id,
        (n) => html`<li class=${SECURITY_NOTICES.has(n.kind) ? 'security' : ''} data-notice=${n.kind}>
          <span>${tf(NOTICE_KEYS[n.kind], { name: n.name || t('guest') })}</span>
          <button type="button" class="dismiss" aria-label=${lt('dismissNotice')} title=${lt('dismissNotice')} @click=${() => this.call?.dismissNotice(n.id)}>×</button>
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
          .lifetime=${s.inviteLifetime}
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
          .sounds=${this.sounds}
          @sc-sounds=${this._onSounds}
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

  private _onRoomLock(event: CustomEvent<boolean>): void {
    this.call?.setLocked(event.detail);
  }

  private _onMute(): void {
    if (!this.call || !this.snapshot) return;
    // Pressing Mute while holding to talk leaves the microphone muted.
    const muted = this.talking || !this.snapshot.me.muted;
    this.talking = false;
    this.call.setMuted(muted);
  }

  private _onTalkDown(event: PointerEvent): void {
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    this.startTalking();
  }

  /** A long press on a phone opens the context menu; holding to talk must not. */
  private _onTalkMenu(event: Event): void {
    event.preventDefault();
  }

  private _onHelp(): void {
    this.helpOpen = true;
  }

  private _onHelpClosed(): void {
    this.helpOpen = false;
  }

  private _onSounds(event: CustomEvent<boolean>): void {
    setSoundsOn(event.detail);
    this.sounds = event.detail;
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

  private _onNewInvite(event: CustomEvent<InviteLifetime>): void {
    this.mintInvite(event.detail);
  }

  /** A failed mint shows in the panel (the snapshot's inviteFailure), with a button to try again. */
  private mintInvite(lifetime?: InviteLifetime): void {
    this.call?.newInvite(lifetime).catch(() => undefined);
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

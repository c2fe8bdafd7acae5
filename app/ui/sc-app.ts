// The app shell: home (New call, Join by scanning or pasting an invite, language), and the lazily loaded call flow.
import { css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { diagnostics } from '../diagnostics/sink.js';
import { LANGUAGES, locale, type Language } from '../i18n/locale.js';
import { t } from '../i18n/strings.js';
import { takeLaunchInvite, takeLaunchNewCall, takeNewCallFromLocation } from '../invite/launch.js';
import { dt } from '../direct/strings.js';
import { formatInviteLink, takeInviteFromLocation, type Invite } from '../invite/link.js';
import { deviceRejoinStore, seatHeldElsewhere } from '../rejoin/store.js';
import type { ScanResult } from '../scan/classify.js';
import { lst, lstf } from '../scan/lan-strings.js';
import { stf } from '../scan/strings.js';
import { MAX_ROOM_MEMBERS } from '../../protocol/limits.js';
import type { FlowStart } from './flow-start.js';
import { ScElement } from './sc-element.js';
import type { ScScanner } from './sc-scanner.js';
import { withControls } from './shared-styles.js';
import './sc-about.js';
import '../lan/sc-lan-banner.js';
import './sc-pwa-status.js';
import './sc-room-size.js';

/** The app shell; boot() in app/main.ts defines it as <sc-app> once the launch invite is taken. */
export class ScApp extends ScElement {
  static override styles = withControls(css`
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
      font-size: 1.1rem;
      min-width: 10rem;
      padding: 0.85rem 1.5rem;
    }
    .other-server {
      max-width: 32rem;
      overflow-wrap: anywhere;
    }
    .other-server a {
      color: var(--sc-accent);
    }
    :host([in-call]) {
      justify-content: flex-start;
      padding: 0;
      gap: 0;
    }
    sc-call-flow {
      align-self: stretch;
      flex: 1;
    }
    select {
      background: var(--sc-surface);
      padding: 0.25rem 0.5rem;
    }
  `);

  /** Which screen shows: home, the invite scanner (lazily loaded, with a paste field), a call, or a call without a server (both lazily loaded). */
  @state() private view: 'home' | 'scan' | 'call' | 'direct' = 'home';
  @state() private start: FlowStart | undefined;
  /** Most people in the next call this device starts. */
  @state() private roomSize = MAX_ROOM_MEMBERS;
  @state() private flowReady = false;
  @state() private scannerReady = false;
  @state() private directReady = false;
  /** A scanned invite for another server: its link, to open there. */
  @state() private otherServer: { origin: string; link: string } | undefined;
  /** A scanned LAN server QR: its origin and certificate fingerprint, to compare and open. */
  @state() private lanServer: { origin: string; fingerprint: string } | undefined;
  private readonly onHashChange = (): void => {
    const invite = takeInviteFromLocation(window.location, window.history);
    const newCall = takeNewCallFromLocation(window.location, window.history);
    if (this.view === 'call') return;
    if (invite) this.openFlow({ kind: 'join', invite });
    else if (newCall) this.openFlow({ kind: 'create' });
  };

  constructor() {
    super();
    void this.restore(takeLaunchInvite(), takeLaunchNewCall());
  }

  /**
   * A seat saved before a reload (or a killed tab) takes this page straight back into that call;
   * otherwise an invite in the launch URL opens the join flow. An invite to another room wins
   * over the saved seat, which is then erased: the person chose the other call; so does the "New
   * call" route (/#/new). A seat another tab is using is left to it.
   */
  private async restore(invite: Invite | undefined, newCall: boolean): Promise<void> {
    const chosen: FlowStart | undefined = invite ? { kind: 'join', invite } : newCall ? { kind: 'create' } : undefined;
    const store = deviceRejoinStore();
    // Another tab is in that call now: leave its seat alone.
    const heldElsewhere = await seatHeldElsewhere().catch((error: unknown) => {
      diagnostics.report('keystore', 'seat-lock-query-failed', error);
      return false;
    });
    if (heldElsewhere) {
      if (chosen) this.openFlow(chosen);
      return;
    }
    const saved = await store.load().catch((error: unknown) => {
      diagnostics.report('keystore', 'saved-seat-unreadable', error);
      return undefined;
    });
    if (saved !== undefined && saved.origin === window.location.origin && !newCall && (invite === undefined || invite.room === saved.room)) {
      this.openFlow({ kind: 'rejoin', saved });
      return;
    }
    if (saved !== undefined) await store.erase().catch(diagnostics.reportAs('keystore', 'saved-seat-erase-failed'));
    if (chosen) this.openFlow(chosen);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  override render() {
    if (this.view === 'call') {
      return html`
        <sc-pwa-status></sc-pwa-status>
        ${this.flowReady && this.start
          ? html`<sc-call-flow .start=${this.start} @sc-exit=${this._onExit}></sc-call-flow>`
          : html`<p role="status">${t('loading')}</p>`}
      `;
    }
    return html`
      <sc-pwa-status></sc-pwa-status>
      <header>
        <h1>${t('appName')}</h1>
      </header>
      <main>
        <p>${t('tagline')}</p>
      </main>
      ${this.view === 'scan' ? this.renderScanner() : this.view === 'direct' ? this.renderDirect() : html`
        <div class="actions">
          <button class="primary" type="button" @click=${this._onNewCall}>${t('newCall')}</button>
          <button type="button" @click=${this._onJoin}>${t('join')}</button>
          <button class="direct" type="button" @click=${this._onDirect}>${dt('directHome')}</button>
        </div>
        <sc-room-size .size=${this.roomSize} @sc-room-size=${this._onRoomSize}></sc-room-size>`}
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

  private renderScanner() {
    if (!this.scannerReady) return html`<p role="status">${t('loading')}</p>`;
    return html`
      <sc-scanner purpose="invite" @sc-scan-result=${this._onScanResult} @sc-scanner-close=${this._onScannerClose}></sc-scanner>
      ${this.otherServer
        ? html`<p class="other-server" role="status">
            ${stf('joinOtherServer', { origin: this.otherServer.origin })}
            <a href=${this.otherServer.link} rel="noreferrer">${this.otherServer.origin}</a>
          </p>`
        : ''}
      ${this.lanServer
        ? html`<p class="other-server" role="status" data-lan-server>
            ${lstf('lanServerFound', { origin: this.lanServer.origin })} ${lst('lanServerFingerprint')}
            <code>${this.lanServer.fingerprint}</code> ${lst('lanServerCompare')}
            <a href=${`${this.lanServer.origin}/`} rel="noreferrer">${this.lanServer.origin}</a>
          </p>`
        : ''}
    `;
  }

  private renderDirect() {
    if (!this.directReady) return html`<p role="status">${t('loading')}</p>`;
    return html`<sc-direct-call @sc-exit=${this._onScannerClose}></sc-direct-call>`;
  }

  private openFlow(start: FlowStart): void {
    this.start = start;
    this.view = 'call';
    this.toggleAttribute('in-call', true);
    // The call code loads only when a call starts, keeping the first screen small.
    void import('./sc-call-flow.js').then(() => {
      this.flowReady = true;
    }, diagnostics.reportAs('ui', 'call-code-load-failed'));
  }

  private _onNewCall(): void {
    this.openFlow({ kind: 'create', size: this.roomSize });
  }

  private _onRoomSize(event: CustomEvent<number>): void {
    this.roomSize = event.detail;
  }

  private _onJoin(): void {
    this.otherServer = undefined;
    this.lanServer = undefined;
    this.view = 'scan';
    // The scanner (camera, decoder worker) loads only when someone wants to join.
    void import('./sc-scanner.js').then(() => {
      this.scannerReady = true;
    }, diagnostics.reportAs('ui', 'scanner-code-load-failed'));
  }

  private _onDirect(): void {
    this.view = 'direct';
    // The server-less call (camera, QR, peer connection) loads only when someone starts one.
    void import('./sc-direct-call.js').then(() => {
      this.directReady = true;
    });
  }

  private _onScanResult(event: CustomEvent<ScanResult>): void {
    const result = event.detail;
    this.otherServer = undefined;
    this.lanServer = result.kind === 'lan-server' ? { origin: result.origin, fingerprint: result.fingerprint } : undefined;
    if (result.kind !== 'invite') return;
    if (result.origin === window.location.origin) {
      // Read off the inviter's screen with the camera, the invite's key commitment verifies them.
      const scanned = (event.currentTarget as ScScanner | null)?.lastSource === 'camera';
      this.openFlow({ kind: 'join', invite: result.invite, scanned });
      return;
    }
    this.otherServer = { origin: result.origin, link: formatInviteLink(result.origin, result.invite) };
  }

  private _onScannerClose(): void {
    this.otherServer = undefined;
    this.lanServer = undefined;
    this.view = 'home';
  }

  private _onExit(): void {
    this.start = undefined;
    this.view = 'home';
    this.toggleAttribute('in-call', false);
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

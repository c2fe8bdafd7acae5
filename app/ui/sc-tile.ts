// One participant's tile: avatar (initials, colour from the key) with a speaking ring, name, short fingerprint, verified, muted, connection, volume, and their audio.
import { css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ParticipantView } from '../call/call.js';
import { diagnostics, errorNameOf } from '../diagnostics/sink.js';
import { lt, ltf } from '../i18n/call-life.js';
import { t, type StringKey } from '../i18n/strings.js';
import { hueOf, initialsOf } from './avatar.js';
import { DEFAULT_VOLUME_PERCENT, MAX_VOLUME_PERCENT, RemoteVolume } from './remote-volume.js';
import { ScElement } from './sc-element.js';
import { withControls } from './shared-styles.js';

const CONNECTION_KEYS: Record<ParticipantView['connection'], StringKey> = {
  waiting: 'stateWaiting',
  new: 'stateNew',
  connecting: 'stateConnecting',
  connected: 'stateConnected',
  disconnected: 'stateDisconnected',
  failed: 'stateFailed',
  closed: 'stateClosed',
  refused: 'stateRefused',
};

/** A speaker, drawn (emoji fonts are missing on some systems). */
const SPEAKER_ICON = svg`<path d="M3 9v6h4l5 4V5L7 9H3zm13.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z" fill="currentColor" />`;
/** A struck-through microphone. */
const MUTED_ICON = svg`<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9h-2z" fill="currentColor" /><path d="M4 4l16 16" stroke="currentColor" stroke-width="2.2" />`;

/** The voice level that fills the speaking ring. */
const RING_FULL_LEVEL = 0.25;

@customElement('sc-tile')
export class ScTile extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
      height: 100%;
    }
    article {
      border: 2px solid transparent;
      background: var(--sc-surface);
      border-radius: var(--sc-radius);
      padding: 0.75rem;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      text-align: center;
      gap: 0.3rem;
      height: 100%;
      min-height: 9rem;
      box-sizing: border-box;
    }
    article.refused {
      border-color: var(--sc-danger);
    }
    .avatar {
      --ring: 0;
      width: clamp(3rem, 11vmin, 6.5rem);
      aspect-ratio: 1;
      border-radius: 50%;
      display: grid;
      place-items: center;
      font-size: clamp(1.2rem, 4.5vmin, 2.6rem);
      font-weight: 700;
      color: #fff;
      background: hsl(var(--hue, 210) 60% 30%);
      box-shadow: 0 0 0 calc(var(--ring) * 0.5rem) var(--sc-accent);
      transition: box-shadow 150ms linear;
      position: relative;
    }
    .speaking .avatar {
      outline: 3px solid var(--sc-accent);
      outline-offset: 2px;
    }
    .badge {
      position: absolute;
      inset-block-end: -0.2rem;
      inset-inline-end: -0.2rem;
      background: var(--sc-bg);
      color: var(--sc-warn);
      border: 2px solid var(--sc-warn);
      border-radius: 999px;
      font-size: 0.75rem;
      padding: 0.15rem;
    }
    h3 {
      margin: 0;
      font-size: 1.05rem;
      overflow-wrap: anywhere;
    }
    .fp {
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
      color: var(--sc-muted);
    }
    .line {
      font-size: 0.85rem;
      margin: 0;
    }
    .ok {
      color: var(--sc-accent);
    }
    .bad {
      color: var(--sc-warn);
      font-weight: 600;
    }
    .icon {
      width: 1.1rem;
      height: 1.1rem;
      flex: none;
      display: block;
    }
    label.volume {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.8rem;
      width: 100%;
      max-width: 14rem;
    }
    label.volume input {
      flex: 1;
      min-width: 0;
      min-height: 2rem;
    }
  `);

  /** The remote participant, or undefined for my own tile. */
  @property({ attribute: false }) participant: ParticipantView | undefined;
  /** For my own tile. */
  @property() name = '';
  @property() fingerprint = '';
  @property({ type: Boolean }) speaking = false;
  @property({ type: Boolean }) muted = false;
  @property({ type: Number }) level = 0;
  /** Output device id for setSinkId, '' for the default. */
  @property() sinkId = '';
  /** This participant's playback volume here, in percent. */
  @state() private volume = DEFAULT_VOLUME_PERCENT;
  private attachedStream: MediaStream | undefined;
  private attachedEpoch = -1;
  private readonly gain = new RemoteVolume();

  override disconnectedCallback(): void {
    this.gain.stop();
    super.disconnectedCallback();
  }

  override render() {
    const p = this.participant;
    if (!p) return this.renderSelf();
    const name = p.name || t('guest');
    const classes = [p.speaking ? 'speaking' : '', p.connection === 'refused' ? 'refused' : ''].join(' ');
    return html`
      <article class=${classes} aria-label=${name}>
        ${this.renderAvatar(p.name, p.shortFingerprint, p.level, p.muted)}
        <h3>${name}</h3>
        <span class="fp">${p.shortFingerprint}</span>
        <p class="line ${p.verified ? 'ok' : 'muted'}">${p.verified ? t(p.verifiedByInvite ? 'verifiedByInvite' : 'verified') : t('notVerified')}</p>
        <p class="line ${p.connection === 'refused' ? 'danger-text' : ''}" data-connection=${p.connection}>
          ${t(CONNECTION_KEYS[p.connection])}${p.path ? html` · <span data-path=${p.path}>${t(p.path)}</span>` : ''}
        </p>
        ${p.badConnection ? html`<p class="line bad" data-quality="bad">⚠ ${lt('poorConnection')}</p>` : nothing}
        ${p.dtlsVerified ? html`<p class="line ${p.verified ? 'ok' : 'muted'}" data-dtls="checked">${p.verified ? t('dtlsChecked') : t('dtlsBound')}</p>` : ''}
        ${p.muted ? html`<p class="line" data-muted>${lt('mutedMark')}</p>` : nothing}
        <label class="volume">
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">${SPEAKER_ICON}</svg>
          <input
            type="range"
            min="0"
            max=${MAX_VOLUME_PERCENT}
            step="10"
            .value=${String(this.volume)}
            aria-label=${ltf('volumeOf', { name })}
            aria-valuetext=${`${this.volume}%`}
            data-volume
            @input=${this._onVolume}
          />
          <span aria-hidden="true">${this.volume}%</span>
        </label>
        <audio autoplay></audio>
      </article>
    `;
  }

  private renderSelf() {
    // Named: "Alice (you)"; unnamed: just "You". Either way the name shows once.
    const name = this.name === '' ? t('you') : ltf('selfTileLabel', { name: this.name });
    return html`
      <article class=${this.speaking ? 'speaking' : ''} aria-label=${name} data-self>
        ${this.renderAvatar(this.name, this.fingerprint, this.level, this.muted)}
        <h3>${name}</h3>
        <span class="fp">${this.fingerprint}</span>
        <meter min="0" max="0.3" low="0.02" .value=${this.level} aria-label=${t('micLevel')}></meter>
        ${this.muted ? html`<p class="line" data-muted>${lt('mutedMark')}</p>` : nothing}
      </article>
    `;
  }

  /** Initials on a colour from the key; the ring around it grows with the voice level. */
  private renderAvatar(name: string, fingerprint: string, level: number, muted: boolean) {
    const ring = muted ? 0 : Math.min(1, level / RING_FULL_LEVEL);
    return html`<div class="avatar" aria-hidden="true" data-hue=${hueOf(fingerprint)} data-ring=${ring.toFixed(2)}>
      ${initialsOf(name)}${muted ? html`<span class="badge"><svg class="icon" viewBox="0 0 24 24">${MUTED_ICON}</svg></span>` : nothing}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Through the CSSOM: the CSP allows no style attributes.
    const avatar = this.renderRoot.querySelector<HTMLElement>('.avatar');
    avatar?.style.setProperty('--hue', avatar.dataset['hue'] ?? '0');
    avatar?.style.setProperty('--ring', avatar.dataset['ring'] ?? '0');
    const p = this.participant;
    const audio = this.renderRoot.querySelector('audio');
    if (!p || !audio) return;
    if (p.stream !== this.attachedStream || p.attachEpoch !== this.attachedEpoch) {
      this.attachedStream = p.stream;
      this.attachedEpoch = p.attachEpoch;
      audio.srcObject = null;
      audio.srcObject = p.stream ?? null;
      if (p.stream) this.play(audio);
    }
    // setSinkId is missing in some browsers (older Safari, Firefox on Android).
    if (changed.has('sinkId') && 'setSinkId' in audio) void audio.setSinkId(this.sinkId).catch(diagnostics.reportAs('ui', 'set-speaker-failed'));
    this.gain.apply(audio, p.stream, this.volume, this.sinkId);
  }

  /** Starts playback again, after a user gesture when the browser blocked it. */
  resumePlayback(): void {
    const audio = this.renderRoot.querySelector('audio');
    if (audio?.srcObject) this.play(audio);
  }

  private _onVolume(event: Event): void {
    this.volume = Number((event.target as HTMLInputElement).value);
  }

  private play(audio: HTMLAudioElement): void {
    audio.play().catch((error: unknown) => {
      // Expected: autoplay blocked until a tap (NotAllowedError), or a newer stream replaced this one (AbortError).
      const name = errorNameOf(error);
      if (name === 'AbortError') return;
      if (name !== 'NotAllowedError') diagnostics.report('ui', 'audio-play-failed', error);
      this.dispatchEvent(new CustomEvent('sc-audio-blocked', { bubbles: true, composed: true }));
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sc-tile': ScTile;
  }
}

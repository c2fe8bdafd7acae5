// One participant's tile: name, short fingerprint, verified, speaking, connection, path, and their audio.
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ParticipantView } from '../call/call.js';
import { diagnostics, errorNameOf } from '../diagnostics/sink.js';
import { t, type StringKey } from '../i18n/strings.js';
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

@customElement('sc-tile')
export class ScTile extends ScElement {
  static override styles = withControls(css`
    :host {
      display: block;
    }
    article {
      border: 2px solid transparent;
      background: var(--sc-surface);
      border-radius: var(--sc-radius);
      padding: 0.75rem;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      min-height: 7rem;
      box-sizing: border-box;
    }
    article.speaking {
      border-color: var(--sc-accent);
    }
    article.refused {
      border-color: var(--sc-danger);
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
    .speaking-dot {
      display: inline-block;
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: var(--sc-muted);
      margin-inline-end: 0.3rem;
    }
    .speaking .speaking-dot {
      background: var(--sc-accent);
    }
    .ok {
      color: var(--sc-accent);
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
  private attachedStream: MediaStream | undefined;
  private attachedEpoch = -1;

  override render() {
    const p = this.participant;
    if (!p) return this.renderSelf();
    const name = p.name || t('guest');
    const classes = [p.speaking ? 'speaking' : '', p.connection === 'refused' ? 'refused' : ''].join(' ');
    return html`
      <article class=${classes} aria-label=${name}>
        <h3><span class="speaking-dot" aria-hidden="true"></span>${name}</h3>
        <span class="fp">${p.shortFingerprint}</span>
        <p class="line ${p.verified ? 'ok' : 'muted'}">${p.verified ? t(p.verifiedByInvite ? 'verifiedByInvite' : 'verified') : t('notVerified')}</p>
        <p class="line ${p.connection === 'refused' ? 'danger-text' : ''}" data-connection=${p.connection}>
          ${t(CONNECTION_KEYS[p.connection])}${p.path ? html` · <span data-path=${p.path}>${t(p.path)}</span>` : ''}
        </p>
        ${p.dtlsVerified ? html`<p class="line ${p.verified ? 'ok' : 'muted'}" data-dtls="checked">${p.verified ? t('dtlsChecked') : t('dtlsBound')}</p>` : ''}
        <p class="line" aria-live="off">${p.speaking ? t('speaking') : ''}</p>
        <audio autoplay></audio>
      </article>
    `;
  }

  private renderSelf() {
    const name = this.name || t('you');
    return html`
      <article class=${this.speaking ? 'speaking' : ''} aria-label=${`${t('you')}: ${name}`}>
        <h3><span class="speaking-dot" aria-hidden="true"></span>${name} (${t('you')})</h3>
        <span class="fp">${this.fingerprint}</span>
        <meter min="0" max="0.3" low="0.02" .value=${this.level} aria-label=${t('micLevel')}></meter>
        <p class="line">${this.muted ? t('muted') : this.speaking ? t('speaking') : ''}</p>
      </article>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
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
  }

  /** Starts playback again, after a user gesture when the browser blocked it. */
  resumePlayback(): void {
    const audio = this.renderRoot.querySelector('audio');
    if (audio?.srcObject) this.play(audio);
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

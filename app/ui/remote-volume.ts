// One participant's playback volume, 0-200 %: at 100 % the audio element plays the stream as it is; otherwise Web Audio does, through a gain.
import { closeAudioContext } from '../call/media.js';
import { diagnostics } from '../diagnostics/sink.js';

/** Highest volume a person can set for someone else, in percent. */
export const MAX_VOLUME_PERCENT = 200;
/** The volume everyone starts at, in percent. */
export const DEFAULT_VOLUME_PERCENT = 100;

/** AudioContext.setSinkId exists in Chromium but not in TypeScript's DOM types yet. */
type SinkableContext = AudioContext & { setSinkId?: (sinkId: string) => Promise<void> };

/**
 * Routes a remote stream through a GainNode when its volume is not 100 %. Chromium only lets
 * WebRTC audio flow once the stream plays in a media element, so the element keeps playing it,
 * muted, while the AudioContext plays it louder or softer. Above 100 % is why a gain is needed:
 * an element's volume stops at 1.
 */
export class RemoteVolume {
  private context: AudioContext | undefined;
  private source: MediaStreamAudioSourceNode | undefined;
  private gain: GainNode | undefined;
  private routed: MediaStream | undefined;
  private sink: string | undefined;

  /** Plays `stream` (already attached to `audio`) at `percent`, on output `sinkId` ('' for the default). */
  apply(audio: HTMLAudioElement, stream: MediaStream | undefined, percent: number, sinkId: string): void {
    if (stream === undefined || percent === DEFAULT_VOLUME_PERCENT) {
      this.stop();
      audio.muted = false;
      return;
    }
    const value = Math.min(MAX_VOLUME_PERCENT, Math.max(0, percent)) / 100;
    if (this.context === undefined) {
      this.context = new AudioContext({ latencyHint: 'playback' });
      if (this.context.state === 'suspended') void this.context.resume().catch(diagnostics.reportAs('ui', 'volume-resume-failed'));
    }
    const context = this.context;
    if (this.routed !== stream) {
      this.source?.disconnect();
      this.source = context.createMediaStreamSource(stream);
      this.gain ??= new GainNode(context);
      this.gain.connect(context.destination);
      this.source.connect(this.gain);
      this.routed = stream;
    }
    if (this.gain) this.gain.gain.value = value;
    this.setSink(sinkId);
    audio.muted = true;
  }

  /** Ends the Web Audio path (back to 100 %, or the tile went away). */
  stop(): void {
    this.source?.disconnect();
    this.gain?.disconnect();
    closeAudioContext(this.context);
    this.context = undefined;
    this.source = undefined;
    this.gain = undefined;
    this.routed = undefined;
    this.sink = undefined;
  }

  private setSink(sinkId: string): void {
    if (this.sink === sinkId) return;
    this.sink = sinkId;
    // AudioContext.setSinkId is missing outside Chromium; there the context plays on the default output.
    const context: SinkableContext | undefined = this.context;
    if (context?.setSinkId) void context.setSinkId(sinkId).catch(diagnostics.reportAs('ui', 'volume-speaker-failed'));
  }
}

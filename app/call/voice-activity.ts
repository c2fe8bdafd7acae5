// Voice activity with hysteresis (so the speaking light does not flicker), fed by an AnalyserNode or a receiver's level.

/** Level above which a silent source counts as speaking. */
export const SPEAKING_ON_LEVEL = 0.02;
/** Level below which a speaking source may count as silent. */
export const SPEAKING_OFF_LEVEL = 0.01;
/** How long the level must stay below the off level before speaking ends, in milliseconds. */
export const SPEAKING_HOLD_MS = 400;
/** Samples the analyser looks at per reading. */
export const ANALYSER_FFT_SIZE = 512;
/** How often the meters are read, in milliseconds (each reading may re-render the call, so not faster). */
export const METER_INTERVAL_MS = 200;

/** Turns a stream of levels (0..1) into speaking / not speaking with hysteresis and a hold time. */
export class SpeakingDetector {
  speaking = false;
  level = 0;
  private quietSince: number | undefined;

  /** Feeds one level; returns true when `speaking` changed. */
  update(level: number, now: number): boolean {
    this.level = level;
    const was = this.speaking;
    if (level >= SPEAKING_ON_LEVEL) {
      this.speaking = true;
      this.quietSince = undefined;
    } else if (this.speaking && level < SPEAKING_OFF_LEVEL) {
      this.quietSince ??= now;
      if (now - this.quietSince >= SPEAKING_HOLD_MS) this.speaking = false;
    } else {
      this.quietSince = undefined;
    }
    return was !== this.speaking;
  }
}

/** A source of voice activity: `sample` reads the level and reports a change of `speaking`. */
export interface VoiceActivity {
  readonly level: number;
  readonly speaking: boolean;
  sample(now: number): boolean;
  stop(): void;
}

/** Voice activity of a MediaStream measured by an AnalyserNode (RMS of the waveform). */
export class AnalyserVoiceActivity implements VoiceActivity {
  private readonly detector = new SpeakingDetector();
  private readonly source: MediaStreamAudioSourceNode;
  private readonly analyser: AnalyserNode;
  private readonly buffer: Float32Array<ArrayBuffer>;

  constructor(context: AudioContext, stream: MediaStream) {
    this.source = context.createMediaStreamSource(stream);
    this.analyser = context.createAnalyser();
    this.analyser.fftSize = ANALYSER_FFT_SIZE;
    this.buffer = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser);
  }

  get level(): number {
    return this.detector.level;
  }

  get speaking(): boolean {
    return this.detector.speaking;
  }

  sample(now: number): boolean {
    this.analyser.getFloatTimeDomainData(this.buffer);
    let sum = 0;
    for (const x of this.buffer) sum += x * x;
    return this.detector.update(Math.min(1, Math.sqrt(sum / this.buffer.length)), now);
  }

  stop(): void {
    this.source.disconnect();
    this.analyser.disconnect();
  }
}

/**
 * Voice activity of a remote track from the level the browser already measures for playout
 * (RTCRtpReceiver.getSynchronizationSources). An AnalyserNode per remote track costs an audio
 * graph branch per peer; with nine remote peers per page that alone was a third of the page's
 * CPU, so remote tracks use the receiver's level and the same hysteresis.
 */
export class ReceiverVoiceActivity implements VoiceActivity {
  private readonly detector = new SpeakingDetector();

  constructor(private readonly receiver: RTCRtpReceiver) {}

  get level(): number {
    return this.detector.level;
  }

  get speaking(): boolean {
    return this.detector.speaking;
  }

  sample(now: number): boolean {
    const sources = this.receiver.getSynchronizationSources();
    const level = sources.reduce((max, s) => Math.max(max, s.audioLevel ?? 0), 0);
    return this.detector.update(level, now);
  }

  stop(): void {}
}

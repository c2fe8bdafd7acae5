// Voice activity and level from an AnalyserNode, with hysteresis so the speaking light does not flicker.

/** RMS level above which a silent source counts as speaking. */
export const SPEAKING_ON_LEVEL = 0.02;
/** RMS level below which a speaking source may count as silent. */
export const SPEAKING_OFF_LEVEL = 0.01;
/** How long the level must stay below the off level before speaking ends, in milliseconds. */
export const SPEAKING_HOLD_MS = 400;
/** Samples the analyser looks at per reading. */
export const ANALYSER_FFT_SIZE = 512;
/** How often the meters are read, in milliseconds. */
export const METER_INTERVAL_MS = 100;

/** Reads one MediaStream's level and decides whether it is speaking. */
export class VoiceActivity {
  /** Last RMS level, 0..1. */
  level = 0;
  speaking = false;
  private quietSince: number | undefined;
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

  /** Takes a reading; returns true when `speaking` changed. */
  sample(now: number): boolean {
    this.analyser.getFloatTimeDomainData(this.buffer);
    let sum = 0;
    for (const x of this.buffer) sum += x * x;
    this.level = Math.min(1, Math.sqrt(sum / this.buffer.length));
    const was = this.speaking;
    if (this.level >= SPEAKING_ON_LEVEL) {
      this.speaking = true;
      this.quietSince = undefined;
    } else if (this.speaking && this.level < SPEAKING_OFF_LEVEL) {
      this.quietSince ??= now;
      if (now - this.quietSince >= SPEAKING_HOLD_MS) this.speaking = false;
    }
    return was !== this.speaking;
  }

  /** Disconnects the nodes. */
  stop(): void {
    this.source.disconnect();
    this.analyser.disconnect();
  }
}

// Pre-join microphone check: opens the mic and reports its level until the call takes the stream over.
import { closeAudioContext, DEFAULT_PROCESSING, openMicrophone, stopStream, type AudioProcessing } from './media.js';
import { AnalyserVoiceActivity, METER_INTERVAL_MS } from './voice-activity.js';

/**
 * A live level meter over the microphone. `stop()` ends everything; `handOver()` ends the
 * meter but gives the still-running stream to its new owner (the call).
 */
export class MicPreview {
  level = 0;
  private stream: MediaStream | undefined;
  private context: AudioContext | undefined;
  private vad: AnalyserVoiceActivity | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(private readonly onLevel: (level: number) => void) {}

  /** Opens the microphone; throws the browser's error when denied. */
  async start(deviceId: string | undefined, processing: AudioProcessing = DEFAULT_PROCESSING): Promise<void> {
    const stream = await openMicrophone({ deviceId, processing });
    if (this.stopped) {
      stopStream(stream);
      return;
    }
    this.release();
    stopStream(this.stream);
    this.stream = stream;
    this.context = new AudioContext({ latencyHint: 'playback' });
    this.vad = new AnalyserVoiceActivity(this.context, stream);
    this.timer = setInterval(() => {
      this.vad?.sample(performance.now());
      this.level = this.vad?.level ?? 0;
      this.onLevel(this.level);
    }, METER_INTERVAL_MS);
  }

  /** Stops the meter and returns the stream, which the caller now owns. */
  handOver(): MediaStream | undefined {
    const stream = this.stream;
    this.stream = undefined;
    this.stop();
    return stream;
  }

  /** Stops the meter, the AudioContext and the microphone. */
  stop(): void {
    this.stopped = true;
    this.release();
    stopStream(this.stream);
    this.stream = undefined;
  }

  private release(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.vad?.stop();
    this.vad = undefined;
    closeAudioContext(this.context);
    this.context = undefined;
  }
}

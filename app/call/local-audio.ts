// My side of the audio: the microphone stream, mute, device and processing, my level meter and the local watchdog.
import { reportDiagnostic } from '../diagnostics/sink.js';
import { inputAfterDeviceChange } from './device-follow.js';
import { AnalyserVoiceActivity, type VoiceActivity } from './voice-activity.js';
import { DEFAULT_PROCESSING, openMicrophone, stopStream, type AudioProcessing } from './media.js';
import { localAudioWatchdog, type LocalRepair } from './watchdog.js';

/** Level change that is worth a re-render of my own meter. */
const LEVEL_EPSILON = 0.02;

/** Everything LocalAudio needs; `openMic` and `analyser` are replaceable in tests. */
export interface LocalAudioOptions {
  readonly audio: AudioContext;
  /** A microphone stream already opened (pre-join); LocalAudio takes ownership. */
  readonly stream: MediaStream | undefined;
  readonly deviceId: string | undefined;
  readonly processing: AudioProcessing | undefined;
  /** Hands a new microphone track to every connection. */
  readonly useTrack: (track: MediaStreamTrack | undefined, stream: MediaStream) => Promise<void>;
  readonly micFailed: () => void;
  readonly micReacquired: () => void;
  readonly changed: () => void;
  readonly isEnded: () => boolean;
  readonly openMic?: typeof openMicrophone;
}

/** The microphone and everything that watches it. */
export class LocalAudio {
  private current: MediaStream | undefined;
  private vad: VoiceActivity | undefined;
  /** A clone of the microphone track for my meter: it keeps hearing me while the sent track is muted, for the "You are muted" hint. */
  private meterTrack: MediaStreamTrack | undefined;
  private muted = false;
  private processingNow: AudioProcessing;
  private device: string | undefined;
  private lastLevel = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly watchdog = localAudioWatchdog();
  /** A headset plugged in or a chosen device unplugged: reopen the microphone when that changes what should be in use. */
  private readonly onDeviceChange = (): void => void this.followDevices();

  constructor(private readonly options: LocalAudioOptions) {
    this.current = options.stream;
    this.processingNow = options.processing ?? DEFAULT_PROCESSING;
    this.device = options.deviceId;
  }

  /** The microphone stream now, if one is open. */
  get stream(): MediaStream | undefined {
    return this.current;
  }

  /** Echo cancellation, noise suppression and auto gain as chosen. */
  get processing(): AudioProcessing {
    return this.processingNow;
  }

  /** The chosen microphone, undefined for the default. */
  get deviceId(): string | undefined {
    return this.device;
  }

  /** What my tile shows; `voiceWhileMuted` is my voice heard by my own meter while the others cannot hear it. */
  get view(): { speaking: boolean; level: number; muted: boolean; hasMic: boolean; voiceWhileMuted: boolean } {
    const speaking = this.vad?.speaking ?? false;
    return {
      speaking: !this.muted && speaking,
      level: this.muted ? 0 : (this.vad?.level ?? 0),
      muted: this.muted,
      hasMic: this.current !== undefined,
      voiceWhileMuted: this.muted && speaking,
    };
  }

  /** Opens the microphone unless one was handed over, and starts my meter. */
  async start(): Promise<void> {
    if (this.current === undefined) await this.acquire();
    else this.watchTrack();
    if (this.current) this.meter(this.current);
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
  }

  /** Mutes or unmutes (the track keeps running so unmuting is instant). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    for (const track of this.current?.getAudioTracks() ?? []) track.enabled = !muted;
    this.options.changed();
  }

  /** Switches device; the others hear the new one without renegotiation. */
  setDevice(deviceId: string | undefined): Promise<void> {
    this.device = deviceId;
    return this.acquire();
  }

  /** Changes echo cancellation, noise suppression or auto gain by re-opening the microphone. */
  setProcessing(processing: AudioProcessing): Promise<void> {
    this.processingNow = processing;
    // Chromium answers a request for a device that is still open with the open capture, its noise
    // suppression and auto gain included: the old capture has to end before the new one starts.
    return this.acquire(true);
  }

  /** Samples my meter; true when what my tile shows changed. */
  sample(now: number): boolean {
    if (!this.vad) return false;
    let changed = this.vad.sample(now);
    if (Math.abs(this.vad.level - this.lastLevel) > LEVEL_EPSILON) {
      this.lastLevel = this.vad.level;
      changed = true;
    }
    return changed;
  }

  /** Feeds the local watchdog; returns the repair it asks for, after doing the microphone part itself. */
  async observe(anyConnected: boolean, packetsSent: number): Promise<LocalRepair | undefined> {
    const repair = this.watchdog.observe(anyConnected && this.current !== undefined, packetsSent);
    if (repair === 'reacquire-mic') {
      await this.acquire();
      this.options.micReacquired();
    }
    return repair;
  }

  /** Stops the microphone and the meter. */
  stop(): void {
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    this.stopMeter();
    stopStream(this.current);
    this.current = undefined;
  }

  private async followDevices(): Promise<void> {
    if (this.options.isEnded()) return;
    let devices: MediaDeviceInfo[];
    try {
      devices = await navigator.mediaDevices.enumerateDevices();
    } catch (error) {
      reportDiagnostic('call', 'device-list-failed', error);
      return;
    }
    const inUse = this.current?.getAudioTracks()[0]?.getSettings().groupId;
    if (inputAfterDeviceChange(devices, this.device, inUse) === 'keep') return;
    // The chosen device is gone: the system default takes over. Either way every connection gets the new track (replaceTrack), so the others keep hearing me.
    if (this.device !== undefined && !devices.some((d) => d.kind === 'audioinput' && d.deviceId === this.device)) this.device = undefined;
    await this.acquire().catch((error: unknown) => reportDiagnostic('call', 'device-follow-failed', error));
  }

  /** Points my meter at a clone of `stream`'s track, which muting leaves enabled. */
  private meter(stream: MediaStream): void {
    this.stopMeter();
    this.meterTrack = stream.getAudioTracks()[0]?.clone();
    this.vad = this.meterTrack && new AnalyserVoiceActivity(this.options.audio, new MediaStream([this.meterTrack]));
  }

  private stopMeter(): void {
    this.vad?.stop();
    this.vad = undefined;
    this.meterTrack?.stop();
    this.meterTrack = undefined;
  }

  /**
   * Opens (or re-opens) the microphone and hands the track to every connection. Calls run one
   * after another, so a slow earlier request cannot finish last with stale settings.
   */
  private acquire(releaseFirst = false): Promise<void> {
    const run = this.queue.then(() => this.open(releaseFirst));
    // Expected: the caller of this run gets its rejection; the queue only needs to go on after it.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async open(releaseFirst: boolean): Promise<void> {
    if (this.options.isEnded()) return;
    const metering = this.vad !== undefined;
    if (releaseFirst) {
      // My meter's clone holds the capture open as well.
      this.stopMeter();
      stopStream(this.current);
    }
    let stream: MediaStream;
    try {
      stream = await (this.options.openMic ?? openMicrophone)({ deviceId: this.device, processing: this.processingNow });
    } catch (error) {
      // Expected: the person refused the microphone or has none; anything else is recorded too.
      if (!(error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'NotFoundError'))) {
        reportDiagnostic('call', 'microphone-open-failed', error);
      }
      this.options.micFailed();
      return;
    }
    if (this.options.isEnded()) {
      stopStream(stream);
      return;
    }
    const old = this.current;
    this.current = stream;
    const track = stream.getAudioTracks()[0];
    if (track) track.enabled = !this.muted;
    this.watchTrack();
    await this.options.useTrack(track, stream);
    stopStream(old);
    if (metering) this.meter(stream);
    this.watchdog.reset();
    this.options.changed();
  }

  private watchTrack(): void {
    const track = this.current?.getAudioTracks()[0];
    track?.addEventListener('ended', () => {
      if (this.options.isEnded() || this.current?.getAudioTracks()[0] !== track) return;
      void this.acquire().then(() => this.options.micReacquired());
    });
  }
}

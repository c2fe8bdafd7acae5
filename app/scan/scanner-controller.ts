// Lit controller owning the scanner's camera stream and decoder; everything stops when the host disconnects.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { reportDiagnostic } from '../diagnostics/sink.js';
import { hasTorch, listCameras, openCamera, setTorch, stopStream, type CameraChoice } from './camera.js';
import { createDecoder, type QrDecoder } from './decoder.js';
import { ScanError, scanErrorFrom, type ScanErrorCode } from './errors.js';
import { scanLoop } from './scan-loop.js';

/** Where the scanner is in its life. */
export type ScannerStatus = 'idle' | 'starting' | 'scanning' | 'error';

/** What the host hears from the scanner. */
export interface ScannerCallbacks {
  /** Every decoded QR text (repeats included; the host decides what is new). */
  onText(text: string): void;
}

/** Options of one scanning session. */
export interface ScanSessionOptions {
  /** Ends the session like stop() does. */
  readonly signal?: AbortSignal;
  /** Decoder choice; 'worker' forces jsQR even where a native detector exists. */
  readonly prefer?: 'auto' | 'worker';
}

/** Opens the camera into a video element, decodes QR codes from it, and releases it all on stop. */
export class ScannerController implements ReactiveController {
  status: ScannerStatus = 'idle';
  error: ScanErrorCode | undefined;
  /** Whether the open camera has a torch, and whether it is on. */
  torch = { supported: false, on: false };
  /** How many cameras the device has (known once permission is granted). */
  cameraCount = 0;
  /** The decoder in use while scanning. */
  engine: QrDecoder['engine'] | undefined;

  private session: AbortController | undefined;
  private stream: MediaStream | undefined;
  private decoder: QrDecoder | undefined;
  private video: HTMLVideoElement | undefined;
  private choice: CameraChoice = { facing: 'environment' };
  private prefer: 'auto' | 'worker' = 'auto';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: ScannerCallbacks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /**
   * Starts the camera into `video` and scans until stop(), the host disconnecting, or `signal`
   * aborting. Failures land in `status`/`error`, never as a rejection.
   */
  async start(video: HTMLVideoElement, options: ScanSessionOptions = {}): Promise<void> {
    const { signal, prefer = 'auto' } = options;
    this.prefer = prefer;
    this.stop();
    const session = new AbortController();
    this.session = session;
    signal?.addEventListener('abort', () => session.abort(signal.reason), { once: true, signal: session.signal });
    this.video = video;
    this.set('starting', undefined);
    try {
      const stream = await openCamera(this.choice, session.signal);
      if (session.signal.aborted) {
        stopStream(stream);
        return;
      }
      this.stream = stream;
      video.muted = true;
      video.playsInline = true;
      video.srcObject = stream;
      await video.play();
      const decoder = await createDecoder(prefer);
      if (session.signal.aborted) {
        decoder.close();
        return;
      }
      this.decoder = decoder;
      this.engine = decoder.engine;
      const track = stream.getVideoTracks()[0];
      this.torch = { supported: track !== undefined && hasTorch(track), on: false };
      this.cameraCount = (await listCameras()).length;
      if (session.signal.aborted) return;
      this.set('scanning', undefined);
      await scanLoop(video, decoder, session.signal, (text) => this.callbacks.onText(text));
    } catch (error) {
      if (session.signal.aborted) return;
      this.release();
      const failure = scanErrorFrom(error);
      // Expected: the camera's refusals, already ScanErrors from openCamera and explained on screen. Anything else
      // (decoder, device list, scan loop) is shown as unsupported and recorded.
      if (!(error instanceof ScanError)) reportDiagnostic('scan', 'scanner-failed', error);
      this.set('error', failure.code);
    }
  }

  /** Stops the camera (every track), the decoder and the loop. Safe to call at any time. */
  stop(): void {
    this.session?.abort();
    this.session = undefined;
    this.release();
    if (this.status !== 'idle' && this.status !== 'error') this.set('idle', undefined);
  }

  /** Opens the next camera: the next device when several are known, else the other facing. */
  async switchCamera(): Promise<void> {
    const video = this.video;
    if (video === undefined) return;
    const current = this.stream?.getVideoTracks()[0]?.getSettings().deviceId;
    const ids = (await listCameras()).map((c) => c.deviceId).filter((id) => id !== '');
    const facing = this.choice.facing === 'environment' ? 'user' : 'environment';
    if (ids.length > 1) {
      const next = ids[(ids.indexOf(current ?? '') + 1) % ids.length];
      this.choice = next === undefined ? { facing } : { facing, deviceId: next };
    } else {
      this.choice = { facing };
    }
    void this.start(video, { prefer: this.prefer });
  }

  /** Turns the torch on or off where the camera has one. */
  async toggleTorch(): Promise<void> {
    const track = this.stream?.getVideoTracks()[0];
    if (track === undefined || !this.torch.supported) return;
    const on = !this.torch.on;
    if (await setTorch(track, on)) {
      this.torch = { supported: true, on };
      this.host.requestUpdate();
    }
  }

  private release(): void {
    if (this.stream !== undefined) stopStream(this.stream);
    this.stream = undefined;
    this.decoder?.close();
    this.decoder = undefined;
    this.engine = undefined;
    this.torch = { supported: false, on: false };
    if (this.video !== undefined) this.video.srcObject = null;
  }

  private set(status: ScannerStatus, error: ScanErrorCode | undefined): void {
    this.status = status;
    this.error = error;
    this.host.requestUpdate();
  }
}

// QR decoders behind one interface: the native BarcodeDetector where it reads QR, else jsQR in a worker.
import qrWorkerUrl from './qr-worker.ts?worker&url';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';
import { FrameSampler } from './frame.js';
import { trustedWorkerUrl } from './trusted-worker-url.js';

/** Reads at most one QR code from the video's current frame. */
export interface QrDecoder {
  /** Which engine this is, for tests and the benchmark. */
  readonly engine: 'native' | 'worker';
  /** The text of a QR code in view, or undefined. */
  decode(video: HTMLVideoElement): Promise<string | undefined>;
  /** Frees the worker or detector; decode() must not be called afterwards. */
  close(): void;
}

/** The part of the Shape Detection API used here (not yet in TypeScript's DOM lib). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

function barcodeDetectorClass(): BarcodeDetectorClass | undefined {
  return 'BarcodeDetector' in globalThis ? (globalThis as unknown as { BarcodeDetector: BarcodeDetectorClass }).BarcodeDetector : undefined;
}

/** Whether the browser's own detector reads QR codes (Chromium on Android and macOS; not on Linux). */
export async function nativeQrSupported(): Promise<boolean> {
  const Detector = barcodeDetectorClass();
  if (Detector === undefined) return false;
  try {
    return (await Detector.getSupportedFormats()).includes('qr_code');
  } catch {
    // Expected: a detector that cannot list formats is one the app does not use (the jsQR worker reads instead).
    return false;
  }
}

class NativeDecoder implements QrDecoder {
  readonly engine = 'native';
  private readonly detector: BarcodeDetectorLike;

  constructor(Detector: BarcodeDetectorClass) {
    this.detector = new Detector({ formats: ['qr_code'] });
  }

  async decode(video: HTMLVideoElement): Promise<string | undefined> {
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return undefined;
    const codes = await this.detector.detect(video);
    return codes[0]?.rawValue;
  }

  close(): void {}
}

/** jsQR in a Web Worker: the main thread only draws a downscaled frame and transfers its pixels. */
export class WorkerDecoder implements QrDecoder {
  readonly engine = 'worker';
  /** Time the worker spent in jsQR on the last frame, in milliseconds. */
  lastDecodeMs = 0;
  private readonly worker: Worker;
  private readonly sampler = new FrameSampler();
  private readonly pending = new Map<number, (reply: DecodeReply | undefined) => void>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(trustedWorkerUrl(qrWorkerUrl) as string, { type: 'module', name: 'securecall-qr' });
    this.worker.onmessage = (event: MessageEvent<DecodeReply>) => {
      this.pending.get(event.data.id)?.(event.data);
      this.pending.delete(event.data.id);
    };
  }

  /** Decodes already-sampled pixels (the benchmark feeds frames directly). */
  decodeImage(image: ImageData): Promise<string | undefined> {
    const id = this.nextId++;
    const request: DecodeRequest = { id, width: image.width, height: image.height, pixels: image.data.buffer };
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        if (reply !== undefined) this.lastDecodeMs = reply.decodeMs;
        resolve(reply?.text ?? undefined);
      });
      this.worker.postMessage(request, [request.pixels]);
    });
  }

  decode(video: HTMLVideoElement): Promise<string | undefined> {
    const image = this.sampler.sample(video);
    return image === undefined ? Promise.resolve(undefined) : this.decodeImage(image);
  }

  close(): void {
    this.worker.terminate();
    for (const settle of this.pending.values()) settle(undefined);
    this.pending.clear();
  }
}

/** The best decoder here: native when it reads QR codes, else the jsQR worker. */
export async function createDecoder(prefer: 'auto' | 'worker' = 'auto'): Promise<QrDecoder> {
  const Detector = barcodeDetectorClass();
  if (prefer === 'auto' && Detector !== undefined && (await nativeQrSupported())) return new NativeDecoder(Detector);
  return new WorkerDecoder();
}

// Web Worker: decodes QR codes with jsQR off the main thread, one frame per message.
import jsQR from 'jsqr';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';

/** The slice of DedicatedWorkerGlobalScope used here (app/ is type-checked with the DOM lib). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(reply: DecodeReply): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, width, height, pixels } = event.data;
  const started = performance.now();
  // SecureCall draws dark modules on light; trying the inverse too would double the cost of every empty frame.
  const code = jsQR(new Uint8ClampedArray(pixels), width, height, { inversionAttempts: 'dontInvert' });
  scope.postMessage({ id, text: code?.data ?? null, decodeMs: performance.now() - started });
};

// Web Worker: decodes QR codes with jsQR off the main thread, one frame per message.
import jsQR from 'jsqr';
import type { DecodeReply, DecodeRequest } from './decode-messages.js';

// Type-checked alone with the WebWorker lib (app/scan/tsconfig.worker.json), so `self` is the worker scope.
self.onmessage = (event: MessageEvent<DecodeRequest>) => {
  const { id, width, height, pixels } = event.data;
  const started = performance.now();
  // SecureCall draws dark modules on light; trying the inverse too would double the cost of every empty frame.
  const code = jsQR(new Uint8ClampedArray(pixels), width, height, { inversionAttempts: 'dontInvert' });
  const reply: DecodeReply = { id, text: code?.data ?? null, decodeMs: performance.now() - started };
  self.postMessage(reply);
};

// Decodes frames from a playing video at a steady pace until aborted.
import type { QrDecoder } from './decoder.js';

/** Time between the starts of two decodes: at most 8 decodes a second, enough to feel instant. */
export const SCAN_INTERVAL_MS = 125;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Calls `onText` with every QR text read from `video` until `signal` aborts. One decode is in
 * flight at a time, so a slow device decodes less often instead of queueing frames.
 */
export async function scanLoop(video: HTMLVideoElement, decoder: QrDecoder, signal: AbortSignal, onText: (text: string) => void): Promise<void> {
  while (!signal.aborted) {
    const started = performance.now();
    let text: string | undefined;
    try {
      text = await decoder.decode(video);
    } catch {
      // A frame the detector refuses (e.g. mid-resize) is just a frame without a code.
      text = undefined;
    }
    if (signal.aborted) return;
    if (text !== undefined && text !== '') onText(text);
    await pause(Math.max(0, SCAN_INTERVAL_MS - (performance.now() - started)), signal);
  }
}

// Writes Y4M video files of QR codes for Chromium's fake camera (--use-file-for-fake-video-capture).
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Picture size Chromium's fake camera will deliver. */
export const Y4M_WIDTH = 640;
export const Y4M_HEIGHT = 480;
/** Identical frames in the file; Chromium loops them. */
const Y4M_FRAMES = 3;
/** White border around the code, in modules (the QR spec's quiet zone). */
const QUIET_ZONE_MODULES = 4;
/** Full-range luma for dark and light modules (C420jpeg is full range). */
const DARK = 0;
const LIGHT = 255;
/** Neutral chroma: a grey picture. */
const NEUTRAL_CHROMA = 128;

/**
 * A 640x480 C420jpeg Y4M of `text` as a black-on-white QR code, centred, with whole-pixel modules
 * and a white quiet zone. `text === undefined` gives an empty white picture.
 */
export function qrY4m(text: string | undefined, width = Y4M_WIDTH, height = Y4M_HEIGHT): Buffer {
  const luma = Buffer.alloc(width * height, LIGHT);
  if (text !== undefined) {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const side = modules.size;
    const scale = Math.floor(Math.min(width, height) / (side + 2 * QUIET_ZONE_MODULES));
    if (scale < 2) throw new Error(`QR of ${text.length} characters too dense for ${width}x${height}`);
    const left = Math.floor((width - side * scale) / 2);
    const top = Math.floor((height - side * scale) / 2);
    for (let row = 0; row < side; row++) {
      for (let col = 0; col < side; col++) {
        if (!modules.get(row, col)) continue;
        for (let y = 0; y < scale; y++) luma.fill(DARK, (top + row * scale + y) * width + left + col * scale, (top + row * scale + y) * width + left + (col + 1) * scale);
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, NEUTRAL_CHROMA);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma]);
  return Buffer.concat([header, ...Array.from({ length: Y4M_FRAMES }, () => frame)]);
}

/** Writes `qrY4m(text)` to `path` and returns the Chromium flag that puts it in front of the camera. */
export function writeQrY4m(path: string, text: string | undefined): string {
  writeFileSync(path, qrY4m(text));
  return `--use-file-for-fake-video-capture=${path}`;
}

/** The luma plane of the first frame, for decoding in Node (benchmarks, self-checks). */
export function qrLuma(text: string | undefined, width = Y4M_WIDTH, height = Y4M_HEIGHT): Uint8ClampedArray {
  const file = qrY4m(text, width, height);
  const start = file.indexOf('FRAME\n') + 'FRAME\n'.length;
  return new Uint8ClampedArray(file.subarray(start, start + width * height));
}

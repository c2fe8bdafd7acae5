// Public API of the scanner: classification, camera errors and the controller that owns camera and decoder.
export { classifyScan, MAX_SCAN_TEXT_CHARS, type ScanResult } from './classify.js';
export { ScanError, scanErrorFrom, type ScanErrorCode } from './errors.js';
export { ScannerController, type ScannerCallbacks, type ScannerStatus, type ScanSessionOptions } from './scanner-controller.js';
export { createDecoder, nativeQrSupported, WorkerDecoder, type QrDecoder } from './decoder.js';
export { SCAN_FRAME_MAX_SIDE_PX, scaledSize } from './frame.js';
export { SCAN_INTERVAL_MS } from './scan-loop.js';
export { st, type ScanStringKey } from './strings.js';

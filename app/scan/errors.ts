// Typed scanner failures, mapped from the DOMException names getUserMedia throws.

/** Why the scanner cannot show a camera picture; each has its own plain-language message. */
export type ScanErrorCode = 'permission-denied' | 'no-camera' | 'camera-busy' | 'unsupported';

/** A scanner failure the UI explains to the person holding the phone. */
export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    options?: ErrorOptions,
  ) {
    super(`scanner: ${code}`, options);
    this.name = 'ScanError';
  }
}

/** Maps what getUserMedia threw to a ScanError (names per the Media Capture spec, plus old Chrome aliases). */
export function scanErrorFrom(error: unknown): ScanError {
  if (error instanceof ScanError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new ScanError('permission-denied', { cause: error });
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return new ScanError('no-camera', { cause: error });
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new ScanError('camera-busy', { cause: error });
    default:
      return new ScanError('unsupported', { cause: error });
  }
}

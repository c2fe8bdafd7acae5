// The one error type the crypto module throws, with a code callers can switch on.

/** Why a crypto operation refused its input. */
export type CryptoErrorCode =
  | 'invalid-public-key'
  | 'invalid-length'
  | 'invalid-encoding'
  | 'counter-exhausted'
  | 'too-large'
  | 'malformed-sdp'
  | 'tampered';

/** Thrown for caller mistakes and hostile input; never carries key material. */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';

  /**
   * @param code machine-readable reason
   * @param message human-readable detail (no secrets)
   */
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

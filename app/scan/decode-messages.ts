// Messages between the scanner and its QR decoder worker.

/** One downscaled greyscale-able RGBA frame; `pixels` is transferred, not copied. */
export interface DecodeRequest {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: ArrayBuffer;
}

/** The decoded text, or null when the frame holds no readable QR code, and the decode time. */
export interface DecodeReply {
  readonly id: number;
  readonly text: string | null;
  readonly decodeMs: number;
}

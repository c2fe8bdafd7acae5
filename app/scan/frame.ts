// Grabs the current video frame downscaled so its longer side is at most SCAN_FRAME_MAX_SIDE_PX.

/** Longer side of the frame handed to the decoder: enough for a phone-sized QR, cheap to decode. */
export const SCAN_FRAME_MAX_SIDE_PX = 400;

type Canvas2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The size a `width`×`height` frame is scaled to (never up). */
export function scaledSize(width: number, height: number, maxSide = SCAN_FRAME_MAX_SIDE_PX): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Reuses one small canvas to copy frames out of a video element. */
export class FrameSampler {
  private context: Canvas2D | undefined;

  /** The current frame as RGBA pixels, or undefined until the video has a picture. */
  sample(video: HTMLVideoElement): ImageData | undefined {
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return undefined;
    const { width, height } = scaledSize(video.videoWidth, video.videoHeight);
    const context = this.contextOf(width, height);
    context.drawImage(video, 0, 0, width, height);
    return context.getImageData(0, 0, width, height);
  }

  private contextOf(width: number, height: number): Canvas2D {
    if (this.context === undefined) {
      const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas');
      // willReadFrequently keeps the canvas in CPU memory: getImageData every frame would otherwise stall on the GPU.
      // Needed where this file compiles for the QR worker (no DOM lib); with the DOM lib the types already agree.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- see above
      const context = canvas.getContext('2d', { willReadFrequently: true }) as Canvas2D | null;
      if (context === null) throw new Error('2d canvas unavailable');
      this.context = context;
    }
    const canvas = this.context.canvas;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    return this.context;
  }
}

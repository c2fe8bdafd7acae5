// The camera for scanning: open by facing or device, list cameras, torch, and stop every track.
import { ScanError, scanErrorFrom } from './errors.js';

/** Which camera to open: a specific device, else the one facing this way. */
export interface CameraChoice {
  readonly facing: 'environment' | 'user';
  readonly deviceId?: string;
}

/** Width asked of the camera; the scanner downscales anyway, so more only costs battery. */
const IDEAL_WIDTH_PX = 1280;
/** Height asked of the camera. */
const IDEAL_HEIGHT_PX = 720;

/** MediaTrackCapabilities/Constraints with the torch member Chromium on Android exposes. */
interface TorchCapabilities extends MediaTrackCapabilities {
  readonly torch?: boolean;
}

/** Stops every track of `stream`, releasing the camera (and its indicator light). */
export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/**
 * Opens the camera. Rejects with a ScanError: permission-denied, no-camera, camera-busy or
 * unsupported (no mediaDevices: not a secure context). If `signal` aborts while the
 * permission prompt is up, the stream that arrives later is stopped at once.
 */
export async function openCamera(choice: CameraChoice, signal: AbortSignal): Promise<MediaStream> {
  const devices = globalThis.navigator?.mediaDevices;
  if (devices === undefined || typeof devices.getUserMedia !== 'function') throw new ScanError('unsupported');
  const video: MediaTrackConstraints = {
    width: { ideal: IDEAL_WIDTH_PX },
    height: { ideal: IDEAL_HEIGHT_PX },
    ...(choice.deviceId !== undefined ? { deviceId: { exact: choice.deviceId } } : { facingMode: { ideal: choice.facing } }),
  };
  let stream: MediaStream;
  try {
    stream = await devices.getUserMedia({ video, audio: false });
  } catch (error) {
    throw scanErrorFrom(error);
  }
  if (signal.aborted) {
    stopStream(stream);
    throw signal.reason;
  }
  return stream;
}

/** The video inputs this device has (labels only once permission was granted). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = globalThis.navigator?.mediaDevices;
  if (devices === undefined) return [];
  return (await devices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
}

/** Whether `track` can switch a torch on (Chromium on Android with a rear flash). */
export function hasTorch(track: MediaStreamTrack): boolean {
  if (typeof track.getCapabilities !== 'function') return false;
  return (track.getCapabilities() as TorchCapabilities).torch === true;
}

/** Switches the torch; resolves false when the camera refused. */
export async function setTorch(track: MediaStreamTrack, on: boolean): Promise<boolean> {
  try {
    await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
    return true;
  } catch {
    // Expected: the camera refused the constraint (OverconstrainedError); the caller shows the torch as off.
    return false;
  }
}

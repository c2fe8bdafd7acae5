// Microphone acquisition with the user's device and processing choices, and device listing.
import { diagnostics } from '../diagnostics/sink.js';

/** Echo cancellation, noise suppression and automatic gain: all on unless the user turns one off. */
export interface AudioProcessing {
  readonly echoCancellation: boolean;
  readonly noiseSuppression: boolean;
  readonly autoGainControl: boolean;
}

/** The defaults the issue asks for: every kind of processing on. */
export const DEFAULT_PROCESSING: AudioProcessing = Object.freeze({
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
});

/** Which microphone and processing to use; an undefined device means the system default. */
export interface MicChoice {
  readonly deviceId: string | undefined;
  readonly processing: AudioProcessing;
}

/** Opens the microphone; throws the browser's DOMException when it is denied or missing. */
export async function openMicrophone(choice: MicChoice): Promise<MediaStream> {
  const audio: MediaTrackConstraints = {
    echoCancellation: choice.processing.echoCancellation,
    noiseSuppression: choice.processing.noiseSuppression,
    autoGainControl: choice.processing.autoGainControl,
    channelCount: 1,
  };
  if (choice.deviceId !== undefined) audio.deviceId = { exact: choice.deviceId };
  return navigator.mediaDevices.getUserMedia({ audio, video: false });
}

/** Stops every track of `stream`. */
export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** A selectable device; `label` is '' until the browser reveals names, `n` its 1-based place in its list. */
export interface DeviceOption {
  readonly id: string;
  readonly label: string;
  readonly n: number;
}

/** Chromium's aliases for whatever the system picks; the lists offer "System default" for that already. */
const ALIAS_DEVICE_IDS: readonly string[] = ['', 'default', 'communications'];

/** Microphones and speakers the browser lists (labels appear once the mic is granted). */
export async function listAudioDevices(): Promise<{ inputs: DeviceOption[]; outputs: DeviceOption[] }> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind): DeviceOption[] =>
    devices
      .filter((d) => d.kind === kind && !ALIAS_DEVICE_IDS.includes(d.deviceId))
      .map((d, i) => ({ id: d.deviceId, label: d.label, n: i + 1 }));
  return { inputs: pick('audioinput'), outputs: pick('audiooutput') };
}

/** True where audio elements can be routed to a chosen output (setSinkId). */
export function canChooseOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** Closes an AudioContext once; closing twice would throw. */
export function closeAudioContext(context: AudioContext | undefined): void {
  if (context && context.state !== 'closed') void context.close().catch(diagnostics.reportAs('call', 'audio-context-close-failed'));
}

// Following the devices a phone or laptop gains and loses mid-call: whether the microphone in use is still the one wanted.

/** What a device list means for the microphone in use. */
export type InputDecision = 'keep' | 'reopen';

/** The parts of MediaDeviceInfo the decision needs. */
export type DeviceEntry = Pick<MediaDeviceInfo, 'kind' | 'deviceId' | 'groupId'>;

/**
 * Whether to reopen the microphone after a `devicechange`. With the system default chosen
 * (`chosen` undefined), reopen when the default input now belongs to another device group than
 * the track in use (a headset plugged in became the default). With a device chosen, reopen
 * (on the default) only when that device is gone.
 */
export function inputAfterDeviceChange(devices: readonly DeviceEntry[], chosen: string | undefined, inUseGroupId: string | undefined): InputDecision {
  const inputs = devices.filter((d) => d.kind === 'audioinput');
  if (chosen !== undefined) return inputs.some((d) => d.deviceId === chosen) ? 'keep' : 'reopen';
  // Chromium lists the default as 'default'; other browsers list it first.
  const current = inputs.find((d) => d.deviceId === 'default') ?? inputs[0];
  if (current === undefined || inUseGroupId === undefined || current.groupId === '') return 'keep';
  return current.groupId === inUseGroupId ? 'keep' : 'reopen';
}

// When a device change mid-call reopens the microphone: a new default (a headset plugged in) or the chosen device unplugged.
import { describe, expect, it } from 'vitest';
import { inputAfterDeviceChange, type DeviceEntry } from '../../app/call/device-follow.js';

const input = (deviceId: string, groupId: string): DeviceEntry => ({ kind: 'audioinput', deviceId, groupId });
const output = (deviceId: string, groupId: string): DeviceEntry => ({ kind: 'audiooutput', deviceId, groupId });

describe('following devices', () => {
  it('reopens on the default when the default input moved to another device (a headset plugged in)', () => {
    const devices = [input('default', 'headset'), input('built-in', 'laptop'), input('usb', 'headset'), output('default', 'headset')];
    expect(inputAfterDeviceChange(devices, undefined, 'laptop')).toBe('reopen');
    expect(inputAfterDeviceChange(devices, undefined, 'headset')).toBe('keep');
  });

  it('uses the first input as the default where the browser lists no "default" entry', () => {
    expect(inputAfterDeviceChange([input('a', 'g1'), input('b', 'g2')], undefined, 'g2')).toBe('reopen');
  });

  it('keeps a chosen device while it is there and reopens when it is unplugged', () => {
    expect(inputAfterDeviceChange([input('default', 'g1'), input('mine', 'g2')], 'mine', 'g2')).toBe('keep');
    expect(inputAfterDeviceChange([input('default', 'g1')], 'mine', 'g2')).toBe('reopen');
  });

  it('keeps the microphone when it cannot tell (no group ids, no inputs)', () => {
    expect(inputAfterDeviceChange([], undefined, 'g')).toBe('keep');
    expect(inputAfterDeviceChange([input('default', '')], undefined, 'g')).toBe('keep');
    expect(inputAfterDeviceChange([input('default', 'g')], undefined, undefined)).toBe('keep');
  });
});

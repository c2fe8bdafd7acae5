// How a microphone or speaker is named in a list: the browser's label, or "Microphone 2" in the current language when it has none.
import type { DeviceOption } from '../call/media.js';
import { ltf } from '../i18n/call-life.js';

/** The device's own label, else a localized numbered name ("Microphone 1", "Динамик 2"). */
export function deviceLabel(device: DeviceOption, kind: 'input' | 'output'): string {
  if (device.label.trim() !== '') return device.label;
  return ltf(kind === 'input' ? 'micNumbered' : 'speakerNumbered', { n: String(device.n) });
}

// Short join, leave and message sounds made with Web Audio (no audio files), and the setting that turns them off.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { closeAudioContext } from '../call/media.js';
import { diagnostics } from '../diagnostics/sink.js';
import type { CallEvent } from './call-events.js';

/** localStorage key of the sounds setting; '0' means off, anything else (or nothing) on. */
export const SOUNDS_STORAGE_KEY = 'securecall.sounds';
/** Peak gain of a sound: quiet next to voices. */
export const SOUND_GAIN = 0.08;
/** Length of one tone, in milliseconds. */
export const TONE_MS = 110;
/** Attack and release of a tone, in milliseconds, so it starts and ends without a click. */
const RAMP_MS = 10;

/** The tones (frequency in Hz) of each kind of event, played one after another. */
export const SOUND_TONES: Readonly<Record<CallEvent['kind'], readonly number[]>> = {
  joined: [660, 880],
  left: [880, 660],
  message: [1046],
};

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Expected: some browsers throw on access when storage is disabled; sounds stay on for this page.
    return undefined;
  }
}

/** Whether sounds are on (the default). */
export function soundsOn(): boolean {
  return storage()?.getItem(SOUNDS_STORAGE_KEY) !== '0';
}

/** Turns sounds on or off on this device. */
export function setSoundsOn(on: boolean): void {
  try {
    storage()?.setItem(SOUNDS_STORAGE_KEY, on ? '1' : '0');
  } catch {
    // Expected: storage full or refused (private mode); the choice is not kept.
  }
}

/** Plays event sounds for its host; the AudioContext opens on the first sound and closes when the host goes. */
export class CallSounds implements ReactiveController {
  private context: AudioContext | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    closeAudioContext(this.context);
    this.context = undefined;
  }

  /** Plays the sound of `kind` unless sounds are off. */
  play(kind: CallEvent['kind']): void {
    if (!soundsOn()) return;
    this.context ??= new AudioContext({ latencyHint: 'interactive' });
    const context = this.context;
    if (context.state === 'suspended') void context.resume().catch(diagnostics.reportAs('ui', 'sound-resume-failed'));
    let at = context.currentTime;
    for (const frequency of SOUND_TONES[kind]) {
      const oscillator = new OscillatorNode(context, { type: 'sine', frequency });
      const gain = new GainNode(context, { gain: 0 });
      gain.gain.linearRampToValueAtTime(SOUND_GAIN, at + RAMP_MS / 1000);
      gain.gain.setValueAtTime(SOUND_GAIN, at + (TONE_MS - RAMP_MS) / 1000);
      gain.gain.linearRampToValueAtTime(0, at + TONE_MS / 1000);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + TONE_MS / 1000);
      oscillator.onended = () => gain.disconnect();
      at += TONE_MS / 1000;
    }
  }
}

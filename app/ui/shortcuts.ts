// Keyboard shortcuts of the call screen (M mute, C chat, V verify, ? help, hold Space to talk), and when they must stay quiet.

/** What a key asks the call screen to do. */
export type ShortcutAction = 'mute' | 'chat' | 'verify' | 'help' | 'talk';

/** The parts of a KeyboardEvent the decision needs. */
export interface KeyLike {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** Where the key went: a text field (typing), another control that Space or Enter would press, or elsewhere. */
export type KeyTarget = 'typing' | 'control' | 'other';

/** Letters by physical key, so they work in any keyboard layout (Russian "ь" is the M key). */
const LETTER_ACTIONS: Readonly<Record<string, ShortcutAction>> = { KeyM: 'mute', KeyC: 'chat', KeyV: 'verify' };

/** Input types that take typed text; checkboxes, radios and buttons do not. */
const NON_TEXT_INPUTS: ReadonlySet<string> = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Classifies the element a key went to (the first entry of the event's composed path, inside shadow roots). */
export function keyTargetOf(element: EventTarget | undefined): KeyTarget {
  if (!(element instanceof HTMLElement)) return 'other';
  if (element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return 'typing';
  if (element instanceof HTMLInputElement) return NON_TEXT_INPUTS.has(element.type) ? 'control' : 'typing';
  if (element instanceof HTMLButtonElement || element instanceof HTMLAnchorElement || element.tagName === 'SUMMARY') return 'control';
  return 'other';
}

/**
 * The action a key press asks for, or undefined. Nothing fires while typing, nor with Ctrl, Cmd
 * or Alt held (those belong to the browser); Space on a focused control presses that control.
 */
export function shortcutFor(key: KeyLike, target: KeyTarget): ShortcutAction | undefined {
  if (target === 'typing' || key.ctrlKey || key.metaKey || key.altKey) return undefined;
  if (key.code === 'Space') return target === 'control' ? undefined : 'talk';
  if (key.key === '?') return 'help';
  return LETTER_ACTIONS[key.code];
}

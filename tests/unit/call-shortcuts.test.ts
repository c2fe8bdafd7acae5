// Which key presses the call screen acts on: M, C, V, ? and Space, never while typing or with a browser modifier.
import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from '../../app/ui/shortcuts.js';

const press = (code: string, key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ code, key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('call shortcuts', () => {
  it('maps M, C, V by physical key (any layout), ? by character, and Space to talk', () => {
    expect(shortcutFor(press('KeyM', 'm'), 'other')).toBe('mute');
    expect(shortcutFor(press('KeyM', 'ь'), 'other')).toBe('mute');
    expect(shortcutFor(press('KeyC', 'c'), 'other')).toBe('chat');
    expect(shortcutFor(press('KeyV', 'V'), 'other')).toBe('verify');
    expect(shortcutFor(press('Slash', '?'), 'other')).toBe('help');
    expect(shortcutFor(press('Space', ' '), 'other')).toBe('talk');
    expect(shortcutFor(press('KeyX', 'x'), 'other')).toBeUndefined();
  });

  it('stays quiet while typing and with Ctrl, Cmd or Alt', () => {
    for (const code of ['KeyM', 'KeyC', 'KeyV', 'Space']) expect(shortcutFor(press(code, 'm'), 'typing')).toBeUndefined();
    expect(shortcutFor(press('Slash', '?'), 'typing')).toBeUndefined();
    expect(shortcutFor(press('KeyC', 'c', { ctrlKey: true }), 'other')).toBeUndefined();
    expect(shortcutFor(press('KeyV', 'v', { metaKey: true }), 'other')).toBeUndefined();
    expect(shortcutFor(press('KeyM', 'm', { altKey: true }), 'other')).toBeUndefined();
  });

  it('leaves Space to a focused button but keeps the letters working there', () => {
    expect(shortcutFor(press('Space', ' '), 'control')).toBeUndefined();
    expect(shortcutFor(press('KeyM', 'm'), 'control')).toBe('mute');
  });
});

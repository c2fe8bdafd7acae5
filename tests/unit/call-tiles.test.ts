// What a tile and the call's header show: initials, a hue from the key fingerprint, and the call's duration.
import { describe, expect, it } from 'vitest';
import { hueOf, initialsOf, NO_NAME_INITIALS } from '../../app/ui/avatar.js';
import { formatDuration } from '../../app/ui/duration.js';

describe('avatars', () => {
  it('takes up to two initials, in any script, upper-cased', () => {
    expect(initialsOf('ann lee')).toBe('AL');
    expect(initialsOf('Анна Петрова Сидорова')).toBe('АП');
    expect(initialsOf('  Bob ')).toBe('B');
    expect(initialsOf('')).toBe(NO_NAME_INITIALS);
  });

  it('colours by the key, not the name: look-alike names with different keys get different hues', () => {
    expect(hueOf('0000 1111 2222 3333')).toBe(0);
    expect(hueOf('00b4 ffff')).toBe(180);
    expect(hueOf('a1b2 c3d4')).not.toBe(hueOf('7e10 c3d4'));
    expect(hueOf('')).toBe(0);
  });
});

describe('call duration', () => {
  it('reads like a clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

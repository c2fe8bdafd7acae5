// The update store: Reload applies a waiting version, never while a call is active.
import { describe, expect, it, vi } from 'vitest';
import { isCallActive, onCallActivity, setCallActive } from '../../app/pwa/call-activity.js';
import { updates } from '../../app/pwa/updates.js';

describe('call activity flag', () => {
  it('notifies listeners on real changes only, and stops when unsubscribed', () => {
    const heard: boolean[] = [];
    const stop = onCallActivity((active) => heard.push(active));
    setCallActive(true);
    setCallActive(true);
    expect(isCallActive()).toBe(true);
    setCallActive(false);
    stop();
    setCallActive(true);
    setCallActive(false);
    expect(heard).toEqual([true, false]);
  });
});

describe('updates', () => {
  it('does nothing on Reload before a version is offered', () => {
    expect(updates.available).toBe(false);
    expect(updates.reload()).toBe(false);
  });

  it('refuses to apply during a call and applies once the call has ended', () => {
    const apply = vi.fn();
    const changed = vi.fn();
    const stop = updates.subscribe(changed);
    updates.offer(apply);
    expect(updates.available).toBe(true);
    expect(changed).toHaveBeenCalledTimes(1);

    setCallActive(true);
    expect(updates.reload()).toBe(false);
    expect(apply).not.toHaveBeenCalled();

    setCallActive(false);
    expect(updates.reload()).toBe(true);
    expect(apply).toHaveBeenCalledTimes(1);
    stop();
  });
});

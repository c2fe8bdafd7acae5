// Notices: ordinary ones go by themselves after NOTICE_LIFETIME_MS, security warnings stay until dismissed, any can be dismissed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_NOTICES, NOTICE_LIFETIME_MS, NoticeLog } from '../../app/call/notices.js';

describe('notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('an ordinary notice expires; a security warning stays until dismissed', () => {
    let changes = 0;
    const log = new NoticeLog(() => changes++);
    log.add('reconnected');
    log.add('security-sdp-mac', 'Bob');
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS - 1);
    expect(log.list().map((n) => n.kind)).toEqual(['reconnected', 'security-sdp-mac']);
    vi.advanceTimersByTime(1);
    expect(log.list().map((n) => n.kind)).toEqual(['security-sdp-mac']);
    expect(changes).toBe(3);
    vi.advanceTimersByTime(10 * NOTICE_LIFETIME_MS);
    const [warning] = log.list();
    log.dismiss(warning!.id);
    expect(log.list()).toEqual([]);
    log.dismiss(warning!.id);
    expect(changes).toBe(4);
  });

  it('keeps the newest MAX_NOTICES and stops its timers when the call ends', () => {
    const log = new NoticeLog(() => undefined);
    for (let i = 0; i < MAX_NOTICES + 2; i++) log.add('ice-restart', `p${i}`);
    expect(log.list().map((n) => n.name)).toEqual(Array.from({ length: MAX_NOTICES }, (_, i) => `p${i + 2}`));
    log.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

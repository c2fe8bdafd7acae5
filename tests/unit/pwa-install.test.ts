// The iOS install hint applies to iPhone, iPod and iPad (including iPadOS posing as a Mac), nowhere else.
import { describe, expect, it } from 'vitest';
import { isIos } from '../../app/pwa/install.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const IPAD_DESKTOP_MODE = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';

describe('isIos', () => {
  it('recognises iPhone and iPad user agents', () => {
    expect(isIos(IPHONE, 5)).toBe(true);
    expect(isIos(IPHONE.replace('iPhone; CPU iPhone', 'iPad; CPU'), 5)).toBe(true);
  });

  it('tells iPadOS (a Mac user agent with a touch screen) from a Mac', () => {
    expect(isIos(IPAD_DESKTOP_MODE, 5)).toBe(true);
    expect(isIos(IPAD_DESKTOP_MODE, 0)).toBe(false);
  });

  it('leaves Android alone: there beforeinstallprompt does the job', () => {
    expect(isIos(ANDROID, 5)).toBe(false);
  });
});

// The browser-test kit itself: what a failed test opened is closed before the next test, and file-scoped pages live on.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'none' } });

let kept: Page;
let leftByFailure: Page | undefined;
let deferredRan = false;

beforeAll(async () => {
  kept = await kit.page({ instrument: false, until: 'file' });
});

describe('usePeople', () => {
  it.fails('a test that fails after opening pages (expected to fail)', async () => {
    leftByFailure = await kit.page();
    kit.defer(() => {
      deferredRan = true;
    });
    expect(leftByFailure.isClosed()).toBe(true);
  });

  it('closed the failed test’s page and context and ran its clean-up, but not the file’s page', async () => {
    expect(leftByFailure).toBeDefined();
    expect(leftByFailure!.isClosed()).toBe(true);
    expect(kit.browser.contexts()).toEqual([kept.context()]);
    expect(deferredRan).toBe(true);
    expect(kept.isClosed()).toBe(false);
    expect(await kept.evaluate(() => 1 + 1)).toBe(2);
  });

  it('watches every page it opens for console errors', async () => {
    const page = await kit.page({ instrument: false });
    await page.setContent('<p>x</p>');
    await page.evaluate(() => console.error('deliberate'));
    await expect.poll(() => kit.allProblems()).toEqual(['deliberate']);
  });
});

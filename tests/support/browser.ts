// Launches Debian's Chromium through playwright-core with the flags that work on this machine.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';

/** Chromium to drive: CHROMIUM_PATH, else Debian's, else a Playwright-installed one. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

function options(extraArgs: readonly string[]): LaunchOptions {
  const executablePath = chromiumPath();
  return { headless: true, args: [...BASE_ARGS, ...extraArgs], ...(executablePath ? { executablePath } : {}) };
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch(options(extraArgs));
}

/** A non-incognito profile in `userDataDir` (installability checks need one). */
export function launchPersistent(userDataDir: string, extraArgs: readonly string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, options(extraArgs));
}

export interface PageProblems {
  readonly consoleErrors: string[];
  readonly cspViolations: string[];
}

/** Collects console errors, page errors and CSP violations from `page` (call before navigating). */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], cspViolations: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(String(error)));
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return problems;
}

// Launches Debian's Chromium through playwright-core with the flags that work on this machine.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';

/** Chromium to drive: CHROMIUM_PATH, else Debian's, else a Playwright-installed one. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** The flags every test Chromium gets: no sandbox or GPU, no background traffic, fake media devices. */
export const BASE_ARGS: readonly string[] = [
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

const SETPRIV = '/usr/bin/setpriv';
/** Per Chromium executable, the wrapper script that starts it without CAP_SYS_NICE. */
const unprivileged = new Map<string, string>();

/**
 * Run as root, Chromium gives its audio threads realtime scheduling, which an unprivileged
 * user's Chromium usually does not get. With ten pages' audio on two cores, realtime threads
 * run ahead of the network and main threads that ICE, DTLS and signaling need, which fits the
 * whole-mesh collapses seen before (docs/call.md). So as root the tests start Chromium through a
 * wrapper that drops CAP_SYS_NICE: scheduled like an unprivileged user's.
 */
function asOrdinaryUser(executable: string | undefined): string | undefined {
  if (executable === undefined || process.getuid?.() !== 0 || !existsSync(SETPRIV)) return executable;
  let wrapper = unprivileged.get(executable);
  if (wrapper === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'securecall-chromium-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    wrapper = join(dir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${SETPRIV} --bounding-set=-sys_nice '${executable.replace(/'/g, `'\\''`)}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    unprivileged.set(executable, wrapper);
  }
  return wrapper;
}

function options(extraArgs: readonly string[], baseArgs: readonly string[]): LaunchOptions {
  const executablePath = asOrdinaryUser(chromiumPath());
  return { headless: true, args: [...baseArgs, ...extraArgs], ...(executablePath ? { executablePath } : {}) };
}

/** Launches Chromium with `baseArgs` (default BASE_ARGS) and `extraArgs`. */
export function launchChromium(extraArgs: readonly string[] = [], baseArgs: readonly string[] = BASE_ARGS): Promise<Browser> {
  return chromium.launch(options(extraArgs, baseArgs));
}

/** A non-incognito profile in `userDataDir` (installability checks need one). */
export function launchPersistent(userDataDir: string, extraArgs: readonly string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, options(extraArgs, BASE_ARGS));
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
      window.__reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return problems;
}

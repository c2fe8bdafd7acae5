// The browser-test kit: one Chromium and one server set-up per file, pages per test, all closed in afterEach even when a test fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { BASE_ARGS, launchChromium, launchPersistent, watchProblems, type PageProblems } from './browser.js';
import { startCallEnv, type CallEnv } from './call-env.js';
import { instrumentedPage } from './call-page.js';
import { startScanHarness, type ScanHarness } from './scan-harness.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { writeQrY4m } from './y4m.js';

/** What the pages of a file talk to, started once in beforeAll and stopped in afterAll. */
export type Backend =
  /** coturn plus a PROD server (tests/support/call-env.ts). */
  | { readonly kind: 'call'; readonly env?: Record<string, string> }
  /** A plain dev server process. */
  | { readonly kind: 'server'; readonly env?: Record<string, string> }
  /** The scanner/keystore harness page (tests/support/scan-harness.ts). */
  | { readonly kind: 'scan-harness' }
  /** Nothing: the file serves its own pages. */
  | { readonly kind: 'none' };

export interface KitOptions {
  readonly backend: Backend;
  /**
   * 'shared': one Chromium for the file, a fresh incognito context per page (the default).
   * 'persistent': one non-incognito profile for the file (service workers, installability); pages
   * are closed after each test, the profile and what it cached live until afterAll.
   */
  readonly profile?: 'shared' | 'persistent';
  /** False when every page gets a Chromium of its own (cameras, flags): no shared one is started. */
  readonly sharedChromium?: boolean;
}

export interface PageOptions {
  /** The context's locale; null leaves Chromium's own. Default 'en-US'. */
  readonly locale?: string | null;
  /** Install call-page.ts's instrumentation (window.__sc); default true. */
  readonly instrument?: boolean;
  /**
   * Give the page a Chromium of its own whose fake camera shows this QR text (null: a blank
   * picture); rewrite it later with `kit.showCamera(page, text)`.
   */
  readonly camera?: string | null;
  /** Chromium flags for a Chromium of its own instead of BASE_ARGS (a camera flag is added when `camera` is set). */
  readonly args?: readonly string[];
  /**
   * With `camera`: open the page in the file's camera Chromium for these flags (launched once, kept
   * until afterAll), its picture rewritten first. Each new capture reads the picture afresh, so
   * tests that only differ in what the camera shows need not launch a Chromium each.
   */
  readonly shareCamera?: boolean;
  /** Runs in the page before its own scripts, after the instrumentation. */
  readonly initScript?: () => void;
  /**
   * 'test' (default): closed after this test. 'file': for a page opened in beforeAll that a file's
   * tests share step by step, closed in afterAll.
   */
  readonly until?: 'test' | 'file';
}

/** The kit a test file gets from usePeople(). */
export interface People {
  /** The call environment (backend 'call'). */
  readonly env: CallEnv;
  /** The server process (backend 'call' or 'server'). */
  readonly server: ServerProcess;
  /** The scan harness (backend 'scan-harness'). */
  readonly harness: ScanHarness;
  /** The file's shared Chromium (profile 'shared'). */
  readonly browser: Browser;
  /** The file's persistent context (profile 'persistent'). */
  readonly persistent: BrowserContext;
  /** A scratch directory for the file, removed in afterAll. */
  readonly dir: string;
  /** One new page; closed with everything it opened after this test. */
  page(options?: PageOptions): Promise<Page>;
  /** `count` new pages, one context each, in the order asked for. */
  pages(count: number, options?: PageOptions): Promise<Page[]>;
  /** A fresh context in the shared Chromium, closed after this test (for the mesh builders). */
  context(options?: Pick<PageOptions, 'locale'>): Promise<BrowserContext>;
  /** Console errors, page errors and CSP violations of a page this kit opened. */
  problems(page: Page): PageProblems;
  /** Every problem of every page opened in this test so far, as lines. */
  allProblems(): string[];
  /** Rewrites the fake camera picture of a page opened with `camera`. */
  showCamera(page: Page, text: string | undefined): void;
  /** Runs `cleanup` after this test, before the kit closes its pages. */
  defer(cleanup: () => unknown): void;
}

/**
 * Registers beforeAll/afterEach/afterAll for a browser test file and returns its kit. Everything a
 * test opens through the kit (contexts, pages, Chromiums with cameras, deferred clean-ups) is
 * closed in afterEach, so a failed assertion never leaves pages running into the next test.
 */
export function usePeople(options: KitOptions): People {
  let env: CallEnv | undefined;
  let server: ServerProcess | undefined;
  let harness: ScanHarness | undefined;
  let browser: Browser | undefined;
  let persistent: BrowserContext | undefined;
  let dir: string | undefined;
  let cameras = 0;
  type Closable = { close(): Promise<unknown> };
  /** What to close after this test, and after the file. */
  const opened: Closable[] = [];
  const openedForFile: Closable[] = [];
  const track = (closable: Closable, until: 'test' | 'file' = 'test'): void => void (until === 'file' ? openedForFile : opened).push(closable);
  /** Pages this test opened: their problems and cameras are forgotten after it. */
  const testPages = new Set<Page>();
  const deferred: Array<() => unknown> = [];
  const problems = new Map<Page, PageProblems>();
  const cameraFiles = new Map<Page, string>();
  /** The file's camera Chromiums by their flags (shareCamera), with their picture files. */
  const sharedCameras = new Map<string, { browser: Browser; camera: string }>();
  const profile = options.profile ?? 'shared';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sc-browser-test-'));
    const backend = options.backend;
    // The backend and Chromium start side by side: each takes seconds on a busy machine.
    const starting = (async () => {
      if (backend.kind === 'call') {
        env = await startCallEnv(backend.env);
        server = env.server;
      } else if (backend.kind === 'server') server = await startServerProcess(backend.env);
      else if (backend.kind === 'scan-harness') harness = await startScanHarness();
    })();
    const launching = (async () => {
      if (profile === 'persistent') persistent = await launchPersistent(join(dir, 'profile'));
      else if (options.sharedChromium !== false) browser = await launchChromium();
    })();
    const results = await Promise.allSettled([starting, launching]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });

  afterEach(async () => {
    const cleanups = deferred.splice(0);
    const closing = opened.splice(0);
    for (const page of testPages) {
      problems.delete(page);
      cameraFiles.delete(page);
    }
    testPages.clear();
    const failures: unknown[] = [];
    for (const cleanup of cleanups) await Promise.resolve().then(cleanup).catch((error: unknown) => failures.push(error));
    await Promise.all(closing.map((c) => c.close().catch((error: unknown) => failures.push(error))));
    if (failures.length > 0) throw new AggregateError(failures, 'closing what the test opened failed');
  });

  afterAll(async () => {
    await Promise.all(openedForFile.splice(0).map((c) => c.close()));
    await browser?.close();
    await persistent?.close();
    await env?.stop();
    if (env === undefined) await server?.stop();
    await harness?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not part of this file's kit (see usePeople's options) or starts in beforeAll`);
    return value;
  };

  const newContext = async (locale: string | null | undefined, until: PageOptions['until']): Promise<BrowserContext> => {
    const context = await required(browser, 'the shared Chromium').newContext(locale === null ? {} : { locale: locale ?? 'en-US' });
    track(context, until);
    return context;
  };

  /** The context a new page goes in: the persistent one, a context in its own Chromium, or a fresh shared one. */
  const contextFor = async (page: PageOptions): Promise<{ context: BrowserContext; camera: string | undefined }> => {
    if (profile === 'persistent') return { context: required(persistent, 'the persistent profile'), camera: undefined };
    if (page.camera === undefined && page.args === undefined) return { context: await newContext(page.locale, page.until), camera: undefined };
    const args = [...(page.args ?? BASE_ARGS)];
    const contextOptions = page.locale === null ? {} : { locale: page.locale ?? 'en-US' };
    const shared = page.shareCamera === true && page.camera !== undefined ? sharedCameras.get(args.join(' ')) : undefined;
    if (shared !== undefined) {
      writeQrY4m(shared.camera, page.camera ?? undefined);
      const context = await shared.browser.newContext(contextOptions);
      track(context, page.until);
      return { context, camera: shared.camera };
    }
    let camera: string | undefined;
    if (page.camera !== undefined) {
      camera = join(required(dir, 'the scratch directory'), `camera-${++cameras}.y4m`);
      args.push(writeQrY4m(camera, page.camera ?? undefined));
    }
    const own = await launchChromium(args, []);
    if (page.shareCamera === true && camera !== undefined) {
      sharedCameras.set((page.args ?? BASE_ARGS).join(' '), { browser: own, camera });
      track(own, 'file');
      const context = await own.newContext(contextOptions);
      track(context, page.until);
      return { context, camera };
    }
    track(own, page.until);
    return { context: await own.newContext(contextOptions), camera };
  };

  const kit: People = {
    get env() {
      return required(env, 'the call environment');
    },
    get server() {
      return required(server, 'the server');
    },
    get harness() {
      return required(harness, 'the scan harness');
    },
    get browser() {
      return required(browser, 'the shared Chromium');
    },
    get persistent() {
      return required(persistent, 'the persistent profile');
    },
    get dir() {
      return required(dir, 'the scratch directory');
    },
    async page(pageOptions: PageOptions = {}) {
      const { context, camera } = await contextFor(pageOptions);
      const page = pageOptions.instrument === false ? await context.newPage() : await instrumentedPage(context);
      if (profile === 'persistent') track(page, pageOptions.until);
      if (pageOptions.until !== 'file') testPages.add(page);
      if (camera !== undefined) cameraFiles.set(page, camera);
      problems.set(page, await watchProblems(page));
      if (pageOptions.initScript) await page.addInitScript(pageOptions.initScript);
      return page;
    },
    async pages(count: number, pageOptions: PageOptions = {}) {
      // Pages in the shared Chromium or profile open side by side (each waits mostly on Chromium);
      // pages that launch a Chromium of their own open one after another, so shareCamera launches one.
      if (pageOptions.camera === undefined && pageOptions.args === undefined) {
        return Promise.all(Array.from({ length: count }, () => kit.page(pageOptions)));
      }
      const pages: Page[] = [];
      for (let i = 0; i < count; i++) pages.push(await kit.page(pageOptions));
      return pages;
    },
    context(contextOptions = {}) {
      return newContext(contextOptions.locale, 'test');
    },
    problems(page: Page) {
      return required(problems.get(page), 'that page (open it with kit.page)');
    },
    allProblems() {
      return [...problems.values()].flatMap((p) => [...p.consoleErrors, ...p.cspViolations]);
    },
    showCamera(page: Page, text: string | undefined) {
      writeQrY4m(required(cameraFiles.get(page), 'a camera for that page (open it with { camera })'), text);
    },
    defer(cleanup) {
      deferred.push(cleanup);
    },
  };
  return kit;
}

// Drives Debian's firefox-esr over WebDriver BiDi: a fresh locked-down profile, one tab, navigate, evaluate, console errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { exited } from './server-process.js';

/**
 * How long Firefox may take to print its BiDi endpoint, and then to answer session.new, which it
 * does only after its idle start-up tasks (a cold start on a busy 2-core machine took 20 to 40 s).
 */
const START_TIMEOUT_MS = 75_000;
/** How long one BiDi command may take before the driver gives up on it. */
const COMMAND_TIMEOUT_MS = 30_000;
/** How long close() waits for Firefox to exit after browser.close before SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** Firefox to drive: FIREFOX_PATH, else Debian's firefox-esr; undefined when neither exists. */
export function firefoxPath(): string | undefined {
  const fromEnv = process.env['FIREFOX_PATH'];
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : undefined;
}

/**
 * The test profile's prefs. Media: a fake microphone, no permission prompt, host candidates on
 * loopback (coturn and both browsers share 127.0.0.1). Network: nothing but loopback, so every
 * background service that would phone home (updates, telemetry, studies, safe browsing, remote
 * settings, captive-portal and connectivity checks, push, DoH, speculative connects, plugin
 * downloads) is off or pointed at a closed loopback port.
 */
export const FIREFOX_PREFS: Readonly<Record<string, boolean | number | string>> = {
  // The one tab counts as visible and never throttled, and a slow machine is never taken for a hang.
  'layout.testing.top-level-always-active': true,
  'dom.min_background_timeout_value': 0,
  'dom.timeout.enable_budget_timer_throttling': false,
  'dom.max_script_run_time': 0,
  'hangmonitor.timeout': 0,
  'dom.ipc.reportProcessHangs': false,
  'toolkit.startup.max_resumed_crashes': -1,
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'network.proxy.type': 0,
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'captivedetect.canonicalURL': '',
  'browser.urlbar.speculativeConnect.enabled': false,
  'browser.places.speculativeConnect.enabled': false,
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.crashReports.unsubmittedCheck.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'privacy.trackingprotection.enabled': false,
  // Port 9 (discard) is one Firefox refuses to contact at all. A release build honours this only
  // with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in its environment (launchFirefox sets it).
  'services.settings.server': 'http://127.0.0.1:9/',
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'security.OCSP.enabled': 0,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'media.gmp-manager.url': '',
  'media.gmp-provider.enabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-gmpopenh264.autoupdate': false,
  'media.gmp-widevinecdm.enabled': false,
  'media.gmp-widevinecdm.visible': false,
  'media.gmp-manager.updateEnabled': false,
  // Widevine comes from Google's component updater, not Mozilla's.
  'media.gmp-manager.chromium-update-url': '',
  'media.eme.enabled': false,
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'geo.enabled': false,
  'geo.provider.network.url': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.search.update': false,
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
  'browser.topsites.contile.enabled': false,
  'browser.startup.page': 0,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': '',
  'browser.aboutwelcome.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'identity.fxaccounts.enabled': false,
  'signon.management.page.breach-alerts.enabled': false,
  'browser.uitour.enabled': false,
};

/** One user_pref line per pref, as Firefox reads them from the profile's user.js. */
function userJs(prefs: Readonly<Record<string, boolean | number | string>>): string {
  return Object.entries(prefs)
    .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
    .join('\n');
}

/** A console message or uncaught error the tab reported (BiDi log.entryAdded). */
export interface FirefoxLogEntry {
  readonly level: string;
  readonly text: string;
}

/** One Firefox with one tab, driven over BiDi. */
export interface Firefox {
  /** Firefox's version, as the BiDi session reports it. */
  readonly version: string;
  /** Runs `script` (plain JavaScript) in every document the tab loads from now on, before the page's own scripts. */
  addInitScript(script: string): Promise<void>;
  /** Loads `url` in the tab and resolves once its load event fired. */
  navigate(url: string): Promise<void>;
  /** Calls `fn(...args)` in the tab and resolves with its result. Arguments and result cross as JSON, so `fn` must not close over anything. */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R, args: A): Promise<Awaited<R>>;
  /** A mouse click at a point of the viewport (CSS pixels): real input, so it is a user gesture that lets the page start audio. */
  click(x: number, y: number): Promise<void>;
  /** Console errors and uncaught exceptions the tab reported so far. */
  errors(): FirefoxLogEntry[];
  /** Everything Firefox printed to stdout and stderr so far. */
  output(): string;
  /** Closes Firefox, waits for it to exit and removes its profile. */
  close(): Promise<void>;
}

interface BidiReply {
  readonly id?: number;
  readonly type: 'success' | 'error' | 'event';
  readonly method?: string;
  readonly params?: any;
  readonly result?: any;
  readonly error?: string;
  readonly message?: string;
}

/** Waits for Firefox's "WebDriver BiDi listening on ws://…" line and returns that address. */
function bidiEndpoint(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`firefox printed no WebDriver BiDi endpoint within ${START_TIMEOUT_MS} ms:\n${output()}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output());
      if (match) {
        finish();
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`firefox exited with ${code} before listening:\n${output()}`));
    };
    function finish(): void {
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    }
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A BiDi connection: numbered commands with their replies, events to a listener. */
function bidiSession(socket: WebSocket, onEvent: (method: string, params: any) => void) {
  let nextId = 0;
  const pending = new Map<number, { resolve(result: any): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as BidiReply;
    if (reply.type === 'event') return onEvent(reply.method ?? '', reply.params);
    const waiting = reply.id === undefined ? undefined : pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id!);
    clearTimeout(waiting.timer);
    if (reply.type === 'success') waiting.resolve(reply.result);
    else waiting.reject(new Error(`BiDi ${reply.error ?? 'error'}: ${reply.message ?? ''}`));
  });
  socket.on('close', () => {
    for (const [id, waiting] of pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`BiDi connection closed before the reply to command ${id}`));
    }
    pending.clear();
  });
  return (method: string, params: Record<string, unknown>, timeout = COMMAND_TIMEOUT_MS): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`BiDi ${method} got no reply within ${timeout} ms`));
      }, timeout);
      pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ id, method, params }));
    });
}

/** Starts headless Firefox at `executable` with a fresh profile of FIREFOX_PREFS and opens a BiDi session on its tab. */
export async function launchFirefox(executable: string): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), 'securecall-firefox-'));
  writeFileSync(join(profile, 'user.js'), userJs(FIREFOX_PREFS));
  const child = spawn(executable, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0'], {
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_DISABLE_SAFE_MODE_KEY: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const output = () => out;
  // If the test process dies first, Firefox goes with it rather than running on unattended.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const kill = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const gone = exited(child);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.kill('SIGTERM');
      await gone;
      clearTimeout(timer);
    }
    rmSync(profile, { recursive: true, force: true });
  };

  let socket: WebSocket | undefined;
  try {
    const endpoint = await bidiEndpoint(child, output);
    const ws = new WebSocket(`${endpoint}/session`);
    socket = ws;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the WebDriver BiDi socket did not open within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const errors: FirefoxLogEntry[] = [];
    const send = bidiSession(ws, (method, params) => {
      if (method === 'log.entryAdded' && params.level === 'error') {
        const frame = params.stackTrace?.callFrames?.[0];
        const where = frame ? ` (at ${String(frame.url)}:${String(frame.lineNumber)})` : '';
        errors.push({ level: params.level, text: `${String(params.text)}${where}` });
      }
    });
    // Firefox answers session.new only once its idle start-up tasks are done, which on a busy
    // machine comes well after it began listening.
    const session = await send('session.new', { capabilities: {} }, START_TIMEOUT_MS);
    await send('session.subscribe', { events: ['log.entryAdded'] });
    const tree = await send('browsingContext.getTree', {});
    const context: string = tree.contexts[0].context;

    return {
      version: String(session.capabilities.browserVersion),
      async addInitScript(script) {
        await send('script.addPreloadScript', { functionDeclaration: `() => { ${script} }`, contexts: [context] });
      },
      async navigate(url) {
        await send('browsingContext.navigate', { context, url, wait: 'complete' });
      },
      async evaluate(fn, args) {
        const result = await send('script.callFunction', {
          functionDeclaration: `async (json) => { const value = await (${fn.toString()})(...JSON.parse(json)); return JSON.stringify(value === undefined ? null : value); }`,
          arguments: [{ type: 'string', value: JSON.stringify(args) }],
          target: { context },
          awaitPromise: true,
          resultOwnership: 'none',
        });
        if (result.type === 'exception') throw new Error(`in Firefox: ${result.exceptionDetails?.text ?? 'an exception'}`);
        return JSON.parse(String(result.result.value));
      },
      async click(x, y) {
        const at = { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' };
        const actions = [at, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }];
        await send('input.performActions', { context, actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
      },
      errors: () => [...errors],
      output,
      async close() {
        await send('browser.close', {}).catch(() => undefined);
        ws.close();
        await kill();
      },
    };
  } catch (error) {
    socket?.close();
    await kill();
    throw new Error(`${(error as Error).message}\nFirefox printed:\n${output().slice(-2_000)}`);
  }
}

// Registers the precaching service worker through workbox-window and feeds its updates to the app.
import { diagnostics } from '../diagnostics/sink.js';
import { trustedServiceWorkerUrl } from './trusted-sw-url.js';
import { updates } from './updates.js';

/** The worker vite-plugin-pwa generates (see vite.config.ts). */
export const SW_URL = '/sw.js';

/** How often a long-open app asks the server for a newer worker, in milliseconds. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Registers the worker once the page has loaded. workbox-window is imported here, lazily, so it
 * stays out of the first screen's JavaScript.
 */
export async function registerServiceWorker(): Promise<void> {
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(trustedServiceWorkerUrl(SW_URL), { scope: '/' });
  let reloadRequested = false;

  wb.addEventListener('waiting', () => {
    updates.offer(() => {
      reloadRequested = true;
      wb.messageSkipWaiting();
    });
  });
  // workbox's isUpdate only knows about a controller at load time; a first visit is claimed later.
  let controlled = navigator.serviceWorker.controller !== null;
  wb.addEventListener('controlling', () => {
    const wasControlled = controlled;
    controlled = true;
    // The very first worker takes over a page that already runs the current version.
    if (!wasControlled) return;
    // Another tab activated the new version: this tab still runs the old one until it reloads.
    if (reloadRequested) window.location.reload();
    else updates.offer(() => window.location.reload());
  });

  await wb.register();
  const check = (): void => {
    if (navigator.onLine) void wb.update().catch(diagnostics.reportAs('pwa', 'sw-update-check-failed'));
  };
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  window.addEventListener('online', check);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

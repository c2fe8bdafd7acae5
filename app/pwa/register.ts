// PWA start-up, run first by boot() in app/main.ts: shared invites, the install prompt, the service worker.
import { diagnostics } from '../diagnostics/sink.js';
import { installer } from './install.js';
import { registerServiceWorker } from './service-worker.js';
import { acceptSharedInvite } from './share-target.js';
import { installTestHooks } from './test-hooks.js';

/** Turns a shared invite into the join route, listens for the install prompt and registers the service worker. */
export function startPwa(): void {
  acceptSharedInvite();
  installer.listen();
  installTestHooks();

  // Development (vite serve) has no generated worker; a secure context is required for one.
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    registerServiceWorker().catch(diagnostics.reportAs('pwa', 'sw-register-failed'));
  }
}

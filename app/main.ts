// Entry point of the page (index.html loads it): boot() starts the app in the one order that works.
import { diagnostics } from './diagnostics/sink.js';
import { installDiagnosticsHook } from './diagnostics/window-hook.js';
import { locale } from './i18n/locale.js';
import { captureLaunchInvite } from './invite/launch.js';
import { startPwa } from './pwa/register.js';
import { ScApp } from './ui/sc-app.js';

/**
 * PWA start-up first (it may turn a shared invite into the join route), then the invite is taken out
 * of the address bar, and only then is <sc-app> defined: that upgrades the element in index.html,
 * whose constructor reads the invite.
 */
function boot(): void {
  startPwa();
  captureLaunchInvite();
  document.documentElement.lang = locale.language;
  installDiagnosticsHook(diagnostics);
  customElements.define('sc-app', ScApp);
}

boot();

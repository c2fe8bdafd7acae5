// Entry point of the page: PWA start-up (which may turn a shared invite into the join route), then the invite is
// taken out of the address bar before anything else runs, then the app shell.
import './pwa/register.js';
import './invite/launch.js';
import { diagnostics } from './diagnostics/sink.js';
import { installDiagnosticsHook } from './diagnostics/window-hook.js';
import { locale } from './i18n/locale.js';
import './ui/sc-app.js';
import './lan/sc-lan-banner.js';

document.documentElement.lang = locale.language;
installDiagnosticsHook(diagnostics);

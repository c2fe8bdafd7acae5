// Entry point of the page: sets the document language and defines the app shell.
import './pwa/register.js';
import { locale } from './i18n/locale.js';
import './ui/sc-app.js';
import './ui/sc-lan-banner.js';

document.documentElement.lang = locale.language;

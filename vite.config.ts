// Build of the PWA: Lit app in app/, static files in public/, output in dist/, service worker by workbox.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import type { RuntimeCaching } from 'workbox-build';

const BACKGROUND = '#0f172a';

/** package.json's version plus the short commit when built from a git checkout: "0.1.0+27d91ae". */
function appVersion(): string {
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return commit ? `${version}+${commit}` : version;
  } catch {
    return version;
  }
}

/** iOS ignores manifest icons for Add to Home Screen and reads this link instead. */
function appleTouchIcon(): Plugin {
  return {
    name: 'securecall-apple-touch-icon',
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon-180.png' }, injectTo: 'head' }],
  };
}

/**
 * The service worker's answer to a shared invite (POST /share-target): the shared fields go into
 * the fragment of a redirect to the app, where app/pwa/share-target.ts finds the invite. Workbox
 * serialises the handler into sw.js, so it must not refer to anything outside itself.
 */
const shareTargetRoute: RuntimeCaching = {
  urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '/share-target',
  method: 'POST',
  handler: async ({ request }) => {
    const form = await request.formData();
    const shared = new URLSearchParams();
    for (const name of ['title', 'text', 'url']) {
      const value = form.get(name);
      if (typeof value === 'string') shared.set(name, value);
    }
    return Response.redirect(`/#/share?${shared.toString()}`, 303);
  },
};

export default defineConfig({
  root: 'app',
  publicDir: '../public',
  define: {
    __APP_VERSION__: JSON.stringify(appVersion()),
    // The PWA browser tests build with this true to reach setCallActive; production drops the hook.
    __SC_TEST_HOOKS__: 'false',
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/ws': { target: 'ws://127.0.0.1:8790', ws: true } },
  },
  plugins: [
    appleTouchIcon(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // app/pwa/service-worker.ts registers through workbox-window: no inline script under the CSP.
      injectRegister: false,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'SecureCall',
        short_name: 'SecureCall',
        description: 'Private voice calls for 2–10 people. No accounts, end-to-end encrypted.',
        lang: 'en',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: BACKGROUND,
        background_color: BACKGROUND,
        categories: ['communication', 'social'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          {
            name: 'New call',
            short_name: 'New call',
            url: '/#/new',
            icons: [{ src: '/icons/shortcut-new-call-96.png', sizes: '96x96', type: 'image/png' }],
          },
        ],
        // A shared invite is POSTed (a GET would put its secrets in the request line, and so in every
        // proxy log); the service worker moves it into the fragment (see shareTargetRoute below).
        share_target: { action: '/share-target', method: 'POST', enctype: 'application/x-www-form-urlencoded', params: { title: 'title', text: 'text', url: 'url' } },
        // %s stands in the fragment, which no browser sends to a server.
        protocol_handlers: [{ protocol: 'web+securecall', url: '/#/share?url=%s' }],
      },
      workbox: {
        mode: 'production',
        globPatterns: ['**/*.{html,js,css,svg,png}'],
        // The shell is small; anything bigger than this is a mistake worth a build warning.
        maximumFileSizeToCacheInBytes: 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/ws(\/|\?|$)/, /^\/healthz(\?|$)/, /^\/lan\.json(\?|$)/],
        runtimeCaching: [shareTargetRoute],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: false,
        inlineWorkboxRuntime: true,
        sourcemap: false,
      },
    }),
  ],
});

// Security headers sent with every HTTP response.

/**
 * Origins the page may open WebSockets to, derived from the allowed HTTP origins. CSP host sources
 * cannot name IPv6 literals; 'self' still covers a page served from one.
 */
function webSocketOrigins(origins: readonly string[]): string[] {
  return origins.filter((o) => !o.includes('[')).map((o) => o.replace(/^http/, 'ws'));
}

/** The Content-Security-Policy: no inline code, no eval, Trusted Types enforced for Lit. */
export function contentSecurityPolicy(origins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${webSocketOrigins(origins).join(' ')}`.trim(),
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    // securecall-sw admits only /sw.js for navigator.serviceWorker.register (app/pwa/trusted-sw-url.ts);
    // securecall-qr-worker only the built QR decoder worker (app/scan/trusted-worker-url.ts).
    'trusted-types lit-html securecall-sw securecall-qr-worker',
  ].join('; ');
}

/** Microphone and camera for this origin only; every other powerful feature off. */
export const PERMISSIONS_POLICY = [
  'microphone=(self)',
  'camera=(self)',
  'speaker-selection=(self)',
  'screen-wake-lock=(self)',
  'display-capture=()',
  'geolocation=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'hid=()',
  'payment=()',
  'midi=()',
  'magnetometer=()',
  'gyroscope=()',
  'accelerometer=()',
  'ambient-light-sensor=()',
  'idle-detection=()',
  'publickey-credentials-get=()',
  'xr-spatial-tracking=()',
  'browsing-topics=()',
  'interest-cohort=()',
].join(', ');

/** One year, the HSTS preload minimum. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * Every security header as [name, value] pairs, computed once at start-up. `https` is true when
 * users reach the site over TLS, whether this node or a proxy in front of it terminates it.
 */
export function securityHeaders(options: { origins: readonly string[]; https: boolean }): ReadonlyArray<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [
    ['Content-Security-Policy', contentSecurityPolicy(options.origins)],
    ['Permissions-Policy', PERMISSIONS_POLICY],
    ['Referrer-Policy', 'no-referrer'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
  ];
  if (options.https) headers.push(['Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`]);
  return Object.freeze(headers);
}

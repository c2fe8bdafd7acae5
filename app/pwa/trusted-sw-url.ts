// The service worker's URL as a TrustedScriptURL: register() is a Trusted Types sink in Chromium.
import type { TrustedScriptURL, TrustedTypePolicyFactory } from 'trusted-types/lib';

/** The Trusted Types policy name; server/headers.ts lists it next to lit-html. */
export const SW_POLICY_NAME = 'securecall-sw';

/**
 * Wraps `url` for navigator.serviceWorker.register(). The policy admits that one URL and nothing
 * else, so the policy cannot be borrowed to load any other script. Plain string where the browser
 * has no Trusted Types.
 */
export function trustedServiceWorkerUrl(url: string): string | TrustedScriptURL {
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (!factory) return url;
  const policy = factory.createPolicy(SW_POLICY_NAME, {
    createScriptURL: (input: string) => {
      if (input !== url) throw new TypeError(`${SW_POLICY_NAME} only admits ${url}`);
      return input;
    },
  });
  return policy.createScriptURL(url);
}

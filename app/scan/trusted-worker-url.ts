// The QR worker's URL as a TrustedScriptURL: the Worker constructor is a Trusted Types sink.
import type { TrustedScriptURL, TrustedTypePolicyFactory } from 'trusted-types/lib';

/** The Trusted Types policy name; server/headers.ts lists it next to lit-html. */
export const QR_WORKER_POLICY_NAME = 'securecall-qr-worker';

let policy: { createScriptURL(input: string): TrustedScriptURL } | undefined;

/**
 * Wraps `url` for `new Worker()`. The policy admits that one same-origin URL and nothing else, so
 * it cannot be borrowed to start any other script. Plain string where the browser has no Trusted
 * Types. The policy is created once per page (a second createPolicy with the name would throw).
 */
export function trustedWorkerUrl(url: string): string | TrustedScriptURL {
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (!factory) return url;
  const admitted = new URL(url, globalThis.location.href).href;
  policy ??= factory.createPolicy(QR_WORKER_POLICY_NAME, {
    createScriptURL: (input: string) => {
      if (new URL(input, globalThis.location.href).href !== admitted) throw new TypeError(`${QR_WORKER_POLICY_NAME} only admits ${admitted}`);
      return input;
    },
  });
  return policy.createScriptURL(url);
}

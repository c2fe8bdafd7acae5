// Hooks for the PWA browser tests, compiled only into builds made with __SC_TEST_HOOKS__ true.
import { setCallActive } from './call-activity.js';

declare const __SC_TEST_HOOKS__: boolean;

/** Exposes setCallActive as window.__securecallTest in test builds; production builds drop it. */
export function installTestHooks(): void {
  if (!__SC_TEST_HOOKS__) return;
  Object.assign(window, { __securecallTest: { setCallActive } });
}

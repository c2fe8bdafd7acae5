// Loads uWebSockets.js and refuses the slow `ws`-based emulation the unofficial package falls back to.
import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

const require = createRequire(import.meta.url);

/** True when `App` is the C++ binding rather than the JavaScript emulation. */
export function isNativeBinding(binding: { App: unknown }): boolean {
  return typeof binding.App === 'function' && Function.prototype.toString.call(binding.App).includes('[native code]');
}

function loadNative(): typeof UWS {
  const binding = require('uWebSockets.js') as typeof UWS;
  if (!isNativeBinding(binding)) {
    throw new Error(
      'uWebSockets.js loaded its JavaScript fallback instead of the native binary ' +
        `(Node ${process.versions.node}, ABI ${process.versions.modules}, ${process.platform}-${process.arch}). ` +
        'SecureCall refuses to run on it: unset UWS_USE_FALLBACK, or install a uWebSockets.js build for this Node.js.',
    );
  }
  return binding;
}

/** The native uWebSockets.js binding; importing this module throws if only the fallback loads. */
export const uws = loadNative();

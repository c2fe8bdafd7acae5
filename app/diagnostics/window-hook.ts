// Makes the call's diagnostics readable from the page, for the browser tests.
import type { DiagnosticEntry, DiagnosticsSink } from './sink.js';

/** What `window.__securecallDiagnostics` offers: the same entries the "About this call" view lists. */
export interface DiagnosticsHook {
  entries(): readonly DiagnosticEntry[];
}

declare global {
  interface Window {
    /** Installed by installDiagnosticsHook; read by tests/support (browser tests). */
    __securecallDiagnostics?: DiagnosticsHook;
  }
}

/**
 * Installs the read-only hook. It is in production builds too, because the browser tests run the
 * production build; it reveals nothing the "About this call" view does not show, and entries hold
 * no token, SDP, ICE, name or chat text by construction (see sink.ts).
 */
export function installDiagnosticsHook(sink: DiagnosticsSink): void {
  window.__securecallDiagnostics = Object.freeze({ entries: () => sink.entries() });
}

// Reads a page's call diagnostics through the app's typed window hook (app/diagnostics/window-hook.ts).
import type { Page } from 'playwright-core';
import type { DiagnosticEntry } from '../../app/diagnostics/sink.js';
import type {} from '../../app/diagnostics/window-hook.js';

/** The entries the page's "About this call" view lists; throws when the page has no hook (not the app). */
export function diagnosticsOf(page: Page): Promise<DiagnosticEntry[]> {
  return page.evaluate(() => {
    const hook = window.__securecallDiagnostics;
    if (hook === undefined) throw new Error('window.__securecallDiagnostics is missing');
    return [...hook.entries()];
  });
}

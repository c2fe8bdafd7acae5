// The call's diagnostics: what went wrong, kept in memory only, never sent anywhere.

/** The most entries kept; older ones are dropped first, so a failure loop cannot grow memory. */
export const MAX_DIAGNOSTIC_ENTRIES = 100;

/** The longest code or error name kept, in characters: short labels, never free text. */
export const MAX_DIAGNOSTIC_LABEL_CHARS = 64;

/** The part of the app a diagnostic comes from. */
export type DiagnosticArea = 'call' | 'signaling' | 'keys' | 'keystore' | 'ui' | 'pwa' | 'scan' | 'lan';

/**
 * One recorded failure: when, where, a short fixed code, and the error's class name
 * (e.g. "NotAllowedError"). Never an error message, which can quote SDP, ICE or a name.
 */
export interface DiagnosticEntry {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly area: DiagnosticArea;
  /** A fixed kebab-case label chosen by the code that reports, e.g. "clipboard-write-failed". */
  readonly code: string;
  /** The error's `name` when it was an Error or DOMException, else its `typeof`. */
  readonly error?: string;
}

/** How code reports a failure; inject one of these where a module must not import the app-wide sink. */
export type ReportDiagnostic = (area: DiagnosticArea, code: string, error?: unknown) => void;

const LABEL = /^[A-Za-z0-9_.-]+$/;

function label(text: string): string {
  const cut = text.slice(0, MAX_DIAGNOSTIC_LABEL_CHARS);
  return LABEL.test(cut) ? cut : 'unlabelled';
}

/** The name of an Error or DOMException (e.g. "NotAllowedError"), for catches that handle some names and report the rest. */
export function errorNameOf(error: unknown): string | undefined {
  return error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException) ? error.name : undefined;
}

/** The class name of what was thrown: safe to keep, unlike its message. */
function errorName(error: unknown): string {
  const name = errorNameOf(error);
  return name === undefined ? typeof error : label(name);
}

/** A bounded, in-memory list of failures with change notification. */
export class DiagnosticsSink {
  private readonly list: DiagnosticEntry[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly capacity = MAX_DIAGNOSTIC_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a failure; bound, so it can be passed around as a ReportDiagnostic. */
  readonly report: ReportDiagnostic = (area, code, error) => {
    const entry: DiagnosticEntry = { at: this.now(), area, code: label(code), ...(error === undefined ? {} : { error: errorName(error) }) };
    this.list.push(Object.freeze(entry));
    if (this.list.length > this.capacity) this.list.splice(0, this.list.length - this.capacity);
    for (const listener of this.listeners) listener();
  };

  /** A copy of the entries, oldest first. */
  entries(): readonly DiagnosticEntry[] {
    return [...this.list];
  }

  /** Forgets every entry (a new call begins). */
  clear(): void {
    this.list.length = 0;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A rejection handler that reports `code`: `promise.catch(sink.reportAs('ui', 'x-failed'))`. */
  reportAs(area: DiagnosticArea, code: string): (error: unknown) => void {
    return (error) => this.report(area, code, error);
  }
}

/** The running call's sink (the app runs one call at a time; a new call clears it). */
export const diagnostics = new DiagnosticsSink();

/** Reports to the running call's sink. */
export const reportDiagnostic: ReportDiagnostic = diagnostics.report;

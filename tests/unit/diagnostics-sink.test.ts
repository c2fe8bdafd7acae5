// The diagnostics sink: bounded, oldest dropped first, only fixed labels and error class names kept.
import { describe, expect, it } from 'vitest';
import { DiagnosticsSink, MAX_DIAGNOSTIC_ENTRIES, MAX_DIAGNOSTIC_LABEL_CHARS } from '../../app/diagnostics/sink.js';

describe('DiagnosticsSink', () => {
  it('records time, area, code and the error class name, never the message', () => {
    const sink = new DiagnosticsSink(10, () => 1234);
    sink.report('ui', 'clipboard-write-failed', new DOMException('v=0 o=- 42 IN IP4 192.0.2.7 secret', 'DataError'));
    sink.report('pwa', 'sw-update-check-failed');
    expect(sink.entries()).toEqual([
      { at: 1234, area: 'ui', code: 'clipboard-write-failed', error: 'DataError' },
      { at: 1234, area: 'pwa', code: 'sw-update-check-failed' },
    ]);
    expect(JSON.stringify(sink.entries())).not.toContain('192.0.2.7');
  });

  it('keeps at most its capacity, dropping the oldest first; the default capacity is the named constant', () => {
    const sink = new DiagnosticsSink(3);
    for (let i = 0; i < 5; i++) sink.report('call', `code-${i}`);
    expect(sink.entries().map((e) => e.code)).toEqual(['code-2', 'code-3', 'code-4']);
    const full = new DiagnosticsSink();
    for (let i = 0; i < MAX_DIAGNOSTIC_ENTRIES + 7; i++) full.report('call', 'x');
    expect(full.entries()).toHaveLength(MAX_DIAGNOSTIC_ENTRIES);
  });

  it('refuses free text as a code and cuts long labels, so a message cannot slip in as a code', () => {
    const sink = new DiagnosticsSink();
    sink.report('signaling', 'failed for Alice: a=ice-ufrag:abcd');
    sink.report('signaling', 'x'.repeat(MAX_DIAGNOSTIC_LABEL_CHARS * 2));
    const thrown = new Error('boom');
    thrown.name = 'Name with spaces and a token abc.def';
    sink.report('ui', 'odd-error', thrown);
    sink.report('ui', 'string-thrown', 'secret text');
    const [text, long, odd, str] = sink.entries();
    expect(text!.code).toBe('unlabelled');
    expect(long!.code).toHaveLength(MAX_DIAGNOSTIC_LABEL_CHARS);
    expect(odd!.error).toBe('unlabelled');
    expect(str!.error).toBe('string');
  });

  it('notifies subscribers on report and clear, and reportAs makes a rejection handler', async () => {
    const sink = new DiagnosticsSink();
    let changes = 0;
    const unsubscribe = sink.subscribe(() => changes++);
    await Promise.reject(new TypeError('nope')).catch(sink.reportAs('lan', 'lan-info-failed'));
    expect(sink.entries()).toMatchObject([{ area: 'lan', code: 'lan-info-failed', error: 'TypeError' }]);
    sink.clear();
    expect(sink.entries()).toEqual([]);
    unsubscribe();
    sink.report('ui', 'after');
    expect(changes).toBe(2);
  });

  it('hands out copies: callers cannot change what was recorded', () => {
    const sink = new DiagnosticsSink();
    sink.report('ui', 'one');
    (sink.entries() as unknown as unknown[]).length = 0;
    expect(sink.entries()).toHaveLength(1);
    expect(Object.isFrozen(sink.entries()[0])).toBe(true);
  });
});

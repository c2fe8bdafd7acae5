// Arguments of `npm run discover`: defaults, each flag, and usage errors that name the flag.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, UsageError, parseDiscoverArgs } from '../../server/lan/discover-args.js';

describe('parseDiscoverArgs', () => {
  it('defaults to text output, the broadcast targets, the configured port and DEFAULT_TIMEOUT_MS', () => {
    expect(parseDiscoverArgs([])).toEqual({ json: false, timeoutMs: DEFAULT_TIMEOUT_MS, addresses: undefined, port: undefined, help: false });
  });

  it('reads --json, --timeout, --port and repeated --address, with or without "="', () => {
    expect(parseDiscoverArgs(['--json', '--timeout', '500', '--port=9000', '--address', '127.0.0.1', '--address=10.0.0.255'])).toEqual({
      json: true,
      timeoutMs: 500,
      addresses: ['127.0.0.1', '10.0.0.255'],
      port: 9000,
      help: false,
    });
  });

  it('names the wrong flag in its error', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--timeout'], /--timeout/],
      [['--timeout', String(MAX_TIMEOUT_MS + 1)], /--timeout/],
      [['--port', '0'], /--port/],
      [['--port', '70000'], /--port/],
      [['--address', 'example.org'], /--address/],
      [['--address', '300.1.1.1'], /--address/],
      [['--loud'], /--loud/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseDiscoverArgs(argv)).toThrow(UsageError);
      expect(() => parseDiscoverArgs(argv)).toThrow(message);
    }
  });
});

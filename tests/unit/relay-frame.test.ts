// The concatenated relay frame is the very text JSON.stringify makes of the same object.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../protocol/index.js';
import { relayFrame } from '../../server/relay-frame.js';

describe('relayFrame', () => {
  it('matches JSON.stringify for any data, escapes and lone surrogates included', () => {
    const peer = fc.stringMatching(/^[A-Za-z0-9_-]{12}$/);
    fc.assert(
      fc.property(peer, fc.string({ unit: 'binary' }), (from, data) => {
        expect(relayFrame(from, data)).toBe(JSON.stringify({ t: 'relay', from, data }));
      }),
      { numRuns: 500 },
    );
  });

  it('is a valid relay message', () => {
    expect(parseServerMessage(relayFrame('p'.repeat(12), 'sealed "x"\n'))).toEqual({ ok: true, msg: { t: 'relay', from: 'p'.repeat(12), data: 'sealed "x"\n' } });
  });
});

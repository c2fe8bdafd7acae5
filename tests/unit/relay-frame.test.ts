// The concatenated relay frame is the very text JSON.stringify makes of the same object, on either path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../../protocol/index.js';
import { PlainSend, parseSendFast } from '../../protocol/parse-send.js';
import { relayFrame } from '../../server/relay-frame.js';

const peer = fc.stringMatching(/^[A-Za-z0-9_-]{12}$/);

describe('relayFrame', () => {
  it('matches JSON.stringify for any data, escapes and lone surrogates included', () => {
    fc.assert(
      fc.property(peer, fc.string({ unit: 'binary' }), (from, data) => {
        expect(relayFrame(from, { t: 'send', ts: 1, to: '*', data })).toBe(JSON.stringify({ t: 'relay', from, data }));
      }),
      { numRuns: 500 },
    );
  });

  it('matches JSON.stringify for every send the fast path reads, whose data it copies unescaped', () => {
    const data = fc.string({ unit: 'binary', minLength: 1 });
    fc.assert(
      fc.property(peer, data, (from, d) => {
        const send = parseSendFast(JSON.stringify({ t: 'send', to: '*', data: d, ts: 1 }));
        if (send) expect(relayFrame(from, send)).toBe(JSON.stringify({ t: 'relay', from, data: d }));
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes the data of a send from the full parser and copies a fast-path send\'s data as it is', () => {
    expect(relayFrame('p'.repeat(12), { t: 'send', ts: 1, to: '*', data: 'a"b\\c\n\ud800' })).toBe(
      JSON.stringify({ t: 'relay', from: 'p'.repeat(12), data: 'a"b\\c\n\ud800' }),
    );
    expect(relayFrame('p'.repeat(12), new PlainSend(1, '*', 'sealed.envelope_-~ü'))).toBe('{"t":"relay","from":"pppppppppppp","data":"sealed.envelope_-~ü"}');
  });

  it('is a valid relay message', () => {
    expect(parseServerMessage(relayFrame('p'.repeat(12), { t: 'send', ts: 1, to: '*', data: 'sealed "x"\n' }))).toEqual({ ok: true, msg: { t: 'relay', from: 'p'.repeat(12), data: 'sealed "x"\n' } });
  });
});

// The `send` fast path accepts only what the full parser accepts, as the same message, in both field orders.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CLIENT_TO_SERVER, MAX_ENVELOPE_DATA_CHARS, parseClientMessage } from '../../protocol/index.js';
import { parseSendFast } from '../../protocol/parse-send.js';

const PEER = 'p'.repeat(12);

/** What the full parser makes of `frame` (JSON.parse and the schema), without the fast path. */
function fullParse(frame: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return undefined;
  }
  const result = v.safeParse(CLIENT_TO_SERVER, value);
  return result.success ? result.output : undefined;
}

const appOrder = (ts: number, to: string, data: string) => JSON.stringify({ t: 'send', to, data, ts });
const benchOrder = (ts: number, to: string, data: string) => JSON.stringify({ t: 'send', ts, to, data });

describe('parseSendFast', () => {
  it.each([
    ['the app order', appOrder(5, PEER, 'sealed')],
    ['the bench order', benchOrder(5, '*', 'sealed')],
    ['the largest envelope', appOrder(5, '*', 'x'.repeat(MAX_ENVELOPE_DATA_CHARS))],
    ['non-ASCII data', appOrder(Number.MAX_SAFE_INTEGER, PEER, 'grüße ✓')],
    ['the bench order with braces in data', benchOrder(5, '*', 'a}}')],
  ])('takes %s', (_name, frame) => {
    expect(parseSendFast(frame)).toEqual(fullParse(frame));
    expect(parseSendFast(frame)).toBeDefined();
  });

  it.each([
    ['escaped data', appOrder(5, PEER, 'a"b')],
    ['a control character', appOrder(5, PEER, 'a\nb')],
    ['white space', '{"t":"send", "ts":5,"to":"*","data":"x"}'],
    ['an exponent ts', '{"t":"send","ts":5e0,"to":"*","data":"x"}'],
    ['an unsafe ts', benchOrder(2 ** 53, '*', 'x')],
    ['an extra key', '{"t":"send","ts":5,"to":"*","data":"x","x":1}'],
    ['too much data', appOrder(5, '*', 'x'.repeat(MAX_ENVELOPE_DATA_CHARS + 1))],
    ['empty data', appOrder(5, '*', '')],
    ['an escaped quote followed by what looks like the tail', '{"t":"send","to":"*","data":"a\\","ts":5}'],
    ['a backslash', appOrder(5, PEER, 'a\\b')],
    ['a lone surrogate', appOrder(5, PEER, 'a\ud800b')],
    ['a surrogate pair', appOrder(5, PEER, 'a🎧b')],
    ['a quote in the bench order', '{"t":"send","ts":5,"to":"*","data":"a"b"}'],
    ['trailing text after the app order', `${appOrder(5, '*', 'x')} `],
  ])('leaves %s to the full parser', (_name, frame) => {
    expect(parseSendFast(frame)).toBeUndefined();
  });

  it('agrees with the full parser on escaped data, which it leaves to it', () => {
    const frame = appOrder(5, PEER, 'a"b');
    expect(parseClientMessage(frame)).toEqual({ ok: true, msg: fullParse(frame) });
  });

  it('accepts nothing the full parser refuses, and reads it the same (generated frames)', () => {
    const to = fc.oneof(fc.constant('*'), fc.stringMatching(/^[A-Za-z0-9_-]{11,13}$/));
    const ts = fc.oneof(fc.integer({ min: -2, max: 2 ** 54 }), fc.double());
    const frames = fc.oneof(
      fc.tuple(ts, to, fc.string({ unit: 'grapheme', maxLength: 40 }), fc.boolean()).map(([t, r, d, app]) =>
        app ? appOrder(t, r, d) : benchOrder(t, r, d),
      ),
      // Raw text spliced into the canonical shapes, so quotes, backslashes and tails land inside `data`.
      fc.tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('{"t":"send","to":"*","data":"', '{"t":"send","ts":7,"to":"*","data":"'), fc.constantFrom('","ts":5}', '"}', '","ts":5}"}', '')).map(
        ([d, head, tail]) => `${head}${d}${tail}`,
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(frames, (frame) => {
        const fast = parseSendFast(frame);
        if (fast !== undefined) expect(fast).toEqual(fullParse(frame));
      }),
      { numRuns: 5000 },
    );
  });
});

// Privacy in a PROD-style call: relay-only candidates everywhere, relay pairs, the privacy line, and a server that sees only ciphertext.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { captureFrames, chatLog, createCall, expectFullMesh, inviteLink, joinCall, sendChat, waitFor, type PageRecord } from '../support/call-page.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

describe('privacy', () => {
  it('PROD relay-only: every SDP and candidate sent or received is relay, selected pairs are relay at both ends, the privacy line says hidden', async () => {
    const [alice, bob, carol] = (await kit.pages(3)) as [Page, Page, Page];
    let link = await createCall(alice, kit.env.server.url);
    await joinCall(bob, link, 'Bob');
    link = await inviteLink(alice, link);
    await joinCall(carol, link, 'Carol');
    const moment = await expectFullMesh([alice, bob, carol], 30_000);
    for (const stats of moment) for (const s of stats) expect(s).toMatchObject({ localType: 'relay', remoteType: 'relay' });
    for (const page of [alice, bob, carol]) {
      const rec: PageRecord = await page.evaluate(() => ({ sdps: window.__sc.sdps, candidates: window.__sc.candidates }));
      expect(rec.sdps.filter((s) => s.dir === 'local').length).toBeGreaterThan(0);
      expect(rec.sdps.filter((s) => s.dir === 'remote').length).toBeGreaterThan(0);
      expect(rec.candidates.length).toBeGreaterThan(0);
      for (const { sdp } of rec.sdps) {
        for (const line of sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'))) expect(line).toMatch(/ typ relay /);
      }
      for (const { candidate } of rec.candidates) expect(candidate).toMatch(/ typ relay /);
      await waitFor('the privacy line to say hidden', async () => (await page.locator('[data-privacy="hidden"]').count()) === 1);
      expect(await page.locator('[data-privacy="hidden"]').textContent()).toContain('Your IP address is hidden');
      expect(await page.locator('[data-non-relay]').count()).toBe(0);
    }
  });

  it('the server relays only ciphertext: no SDP, candidate, fingerprint, display name or chat text in any frame', async () => {
    const [alice, bob] = (await kit.pages(2)) as [Page, Page];
    const captures = [await captureFrames(alice), await captureFrames(bob)];
    kit.defer(() => Promise.all(captures.map((c) => c.session.detach())));
    const link = await createCall(alice, kit.env.server.url);
    await joinCall(bob, link, 'Zebulon Quixote');
    await expectFullMesh([alice, bob], 20_000);
    await sendChat(bob, 'the eagle lands at midnight');
    await waitFor('the chat at Alice', async () => (await chatLog(alice)).texts.includes('the eagle lands at midnight'));
    const frames = captures.flatMap((c) => c.frames);
    const relayed = frames.filter((f) => f.includes('"t":"relay"') || f.includes('"t":"send"'));
    // hello, offer/answer and candidates both ways at least.
    expect(relayed.length).toBeGreaterThanOrEqual(6);
    for (const frame of frames) {
      for (const needle of ['v=0', 'a=candidate', 'candidate:', 'a=fingerprint', 'Zebulon', 'Quixote', 'eagle', 'midnight', 'typ relay']) {
        expect(frame, `frame leaks "${needle}"`).not.toContain(needle);
      }
    }
    // welcome names the TURN server's address; relayed envelopes must carry no address at all.
    for (const frame of relayed) expect(frame).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
  });
});

// Ten people in full mesh through the real UI, server and coturn, in a Chromium and a coturn of their own.
import { describe, it } from 'vitest';
import { useCallEnv } from '../support/call-env.js';
import { expectMeshOf } from '../support/call-mesh.js';

// Ten pages in one Chromium keep both cores of a 2-core machine busy with audio alone, and when the
// host gives this VM less CPU the mesh can still collapse (docs/call.md). It passed 8 of 9 isolated
// runs and 3 of 4 CI-style runs; the failure came with a run in which even the two-person test timed
// out. Until it holds on a loaded machine it runs on request — `npm run test:ten` — and every other
// run says it skipped it.
const RUN_TEN = process.env['SECURECALL_TEN_PEERS'] === '1';
if (!RUN_TEN) {
  console.warn('call-mesh-ten: SKIPPED the ten-person mesh test (needs both cores to itself, see docs/call.md); run it with `npm run test:ten`');
}

const fixture = useCallEnv();

describe('full mesh of ten', () => {
  // One retry; a failure prints every page's notices, server errors and per-connection negotiation state.
  it.skipIf(!RUN_TEN)('[slow, on request] ten people: every pair connected with audio both ways', { timeout: 240_000, retry: 1 }, async () => {
    await expectMeshOf(fixture, 10, 150_000);
  });
});

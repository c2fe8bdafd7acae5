// Ten people in full mesh through the real UI, server and coturn, in a Chromium and a coturn of their own.
import { describe, it } from 'vitest';
import { useCallEnv } from '../support/call-env.js';
import { expectMeshOf } from '../support/call-mesh.js';

const fixture = useCallEnv();

describe('full mesh of ten', () => {
  // Slow, and given one retry: ten pages in one Chromium keep both cores of a 2-core machine busy
  // with audio alone, and a starved machine can still leave a pair stuck (docs/call.md). A failure
  // prints every page's notices, server errors and per-connection negotiation state.
  it('[slow] ten people: every pair connected with audio both ways', { timeout: 240_000, retry: 1 }, async () => {
    await expectMeshOf(fixture, 10, 150_000);
  });
});

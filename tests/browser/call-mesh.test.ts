// Full mesh of six through the real UI, server and coturn, audio both ways on every pair (ten: call-mesh-ten.test.ts).
import { describe, it } from 'vitest';
import { useCallEnv } from '../support/call-env.js';
import { expectMeshOf } from '../support/call-mesh.js';

const fixture = useCallEnv();

describe('full mesh', () => {
  it('six people: every pair connected with audio both ways', async () => {
    await expectMeshOf(fixture, 6, 60_000);
  }, 120_000);
});

// Full mesh of six through the real UI, server and coturn, audio both ways on every pair (ten: call-mesh-ten.test.ts).
import { describe, it } from 'vitest';
import { expectMeshOf } from '../support/call-mesh.js';
import { usePeople } from '../support/people.js';

const kit = usePeople({ backend: { kind: 'call' } });

describe('full mesh', () => {
  it('six people: every pair connected with audio both ways', async () => {
    await expectMeshOf(kit, 6, 60_000);
  }, 120_000);
});

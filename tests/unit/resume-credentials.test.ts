// Resume credentials: authentic only for their room, peer and secret, and only until they expire.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RESUME_CREDENTIAL_CHARS } from '../../protocol/index.js';
import { ResumeCredentials } from '../../server/resume-credentials.js';

const ROOM = 'R'.repeat(22);
const PEER = 'P'.repeat(12);
const NOW = 1_800_000_000_000;

describe('ResumeCredentials', () => {
  const secret = randomBytes(32);
  const credentials = new ResumeCredentials(secret);
  const credential = credentials.issue(ROOM, PEER, NOW + 60_000);

  it('is 51 base64url characters and verifies on any instance holding the same secret until it expires', () => {
    expect(credential).toMatch(new RegExp(`^[A-Za-z0-9_-]{${RESUME_CREDENTIAL_CHARS}}$`));
    const otherNode = new ResumeCredentials(Buffer.from(secret));
    expect(otherNode.verify(ROOM, PEER, credential, NOW)).toBe(NOW + 60_000);
    expect(otherNode.verify(ROOM, PEER, credential, NOW + 60_000)).toBeUndefined();
  });

  it('is refused for another room, another peer, another secret, or with any bit flipped', () => {
    expect(credentials.verify('S'.repeat(22), PEER, credential, NOW)).toBeUndefined();
    expect(credentials.verify(ROOM, 'Q'.repeat(12), credential, NOW)).toBeUndefined();
    expect(new ResumeCredentials(randomBytes(32)).verify(ROOM, PEER, credential, NOW)).toBeUndefined();
    const bytes = Buffer.from(credential, 'base64url');
    for (const index of [0, 5, 6, 37]) {
      const tampered = Buffer.from(bytes);
      tampered[index]! ^= 1;
      expect(credentials.verify(ROOM, PEER, tampered.toString('base64url'), NOW)).toBeUndefined();
    }
  });

  it('refuses a credential whose expiry was pushed later', () => {
    const bytes = Buffer.from(credential, 'base64url');
    bytes.writeUIntBE(NOW + 10 * 60_000, 0, 6);
    expect(credentials.verify(ROOM, PEER, bytes.toString('base64url'), NOW)).toBeUndefined();
  });

  it('refuses wrong lengths without throwing', () => {
    expect(credentials.verify(ROOM, PEER, '', NOW)).toBeUndefined();
    expect(credentials.verify(ROOM, PEER, credential.slice(1), NOW)).toBeUndefined();
    expect(credentials.verify(ROOM, PEER, `${credential.slice(0, 50)}=`, NOW)).toBeUndefined();
  });
});

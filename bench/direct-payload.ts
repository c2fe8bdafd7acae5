// Measures the server-less call's QR payload: bytes, characters and QR version for 1–4 candidates: `node --import tsx bench/direct-payload.ts`.
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { encodeDirectPayload, type DirectCandidate } from '../app/direct/payload.js';

/** Error correction the app's QR codes use (app/ui/sc-qr-code.ts). */
const LEVEL = 'M';

/** Candidate sets a phone on Wi-Fi typically gathers: IPv4 first, then IPv6 addresses. */
const CANDIDATES: readonly DirectCandidate[] = [
  { address: '192.168.1.23', port: 54_321, protocol: 'udp' },
  { address: '2a02:810d:4b40:1f00:8d3c:2e4f:a1b2:c3d4', port: 50_123, protocol: 'udp' },
  { address: 'fd12:3456:789a:1:2c3d:4e5f:6071:8293', port: 61_000, protocol: 'udp' },
  { address: '192.168.1.23', port: 9_443, protocol: 'tcp' },
];
/** The same counts with IPv4 only (a network without IPv6). */
const IPV4_ONLY: readonly DirectCandidate[] = [
  { address: '192.168.1.23', port: 54_321, protocol: 'udp' },
  { address: '10.0.0.7', port: 50_123, protocol: 'udp' },
  { address: '192.168.1.23', port: 9_443, protocol: 'tcp' },
  { address: '10.0.0.7', port: 9_444, protocol: 'tcp' },
];

async function row(candidates: readonly DirectCandidate[]): Promise<string> {
  // Chromium's ICE credentials: 4-character ufrag, 24-character password.
  const text = await encodeDirectPayload({
    role: 'offer',
    setup: 'actpass',
    ufrag: randomBytes(3).toString('base64').slice(0, 4),
    pwd: randomBytes(18).toString('base64'),
    fingerprint: randomBytes(32),
    candidates,
  });
  const qr = QRCode.create(text, { errorCorrectionLevel: LEVEL });
  const bytes = ((text.length - 'SCD:'.length) * 6) >> 3;
  return `| ${candidates.length} | ${bytes} | ${text.length} | ${qr.version} | ${qr.modules.size}×${qr.modules.size} |`;
}

console.log(`| candidates | payload bytes | QR text chars | QR version (level ${LEVEL}) | modules |`);
console.log('|---|---|---|---|---|');
for (const [label, set] of [['IPv4 + IPv6', CANDIDATES], ['IPv4 only', IPV4_ONLY]] as const) {
  console.log(`| **${label}** | | | | |`);
  for (let n = 1; n <= set.length; n++) console.log(await row(set.slice(0, n)));
}

// `npm run discover` prints a rogue reply's name without the escape sequences it carries.
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeProbe, encodeReply } from '../../server/lan/discovery-codec.js';
import { runDiscover } from '../support/lan-support.js';

/** Clears the screen, sets the window title and hides the rest of the line: what a rogue name tries. */
const HOSTILE_NAME = 'evil\u001b[2J\u001b]0;owned\u0007\u009b8m\u202Eend';

const sockets: Array<ReturnType<typeof createSocket>> = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A responder on 127.0.0.1 that answers every probe with `name`. */
async function rogueResponder(name: string): Promise<number> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (message, from) => {
    const probe = decodeProbe(message);
    const reply = probe && encodeReply({ name, urls: ['https://127.0.0.1:8443'], fingerprint: new Uint8Array(32).fill(7) }, probe.nonce, probe.length);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

describe('discover output', () => {
  it.each([[[] as string[]], [['--json']]])('prints no control, escape or bidi characters from a reply (%s)', async (extra) => {
    const port = await rogueResponder(HOSTILE_NAME);
    const { code, stdout } = await runDiscover(['--address', '127.0.0.1', '--port', String(port), '--timeout', '600', ...extra]);
    expect(code).toBe(0);
    expect(stdout).toContain('https://127.0.0.1:8443');
    // The terminal QR below the list is drawn with our own colour escapes; the text above is the reply's.
    const fromReply = stdout.split('Scan to open')[0]!;
    expect(fromReply.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\u202E]/u);
    expect(stdout).toContain('evil');
  });
});

// Source addresses for generated connections: one loopback address each, so per-IP limits never bind.

/** Connections per room slot in the address space (10 members plus room for a flooder's reconnects). */
const SLOTS_PER_ROOM = 16;
/** Values used per octet (1..250), keeping clear of .0 and .255. */
const OCTET_VALUES = 250;

/**
 * The loopback source address of member `member` of room `room`: distinct for every pair, all inside
 * 127.0.0.0/8 (every address of which is the loopback interface on Linux), never 127.0.0.1.
 */
export function sourceAddress(room: number, member: number): string {
  const k = room * SLOTS_PER_ROOM + member;
  const o3 = (k % OCTET_VALUES) + 1;
  const o2 = (Math.floor(k / OCTET_VALUES) % OCTET_VALUES) + 1;
  const o1 = Math.floor(k / (OCTET_VALUES * OCTET_VALUES)) + 1;
  if (o1 > 254) throw new RangeError(`room ${room} is beyond the loopback address space`);
  return `127.${o1}.${o2}.${o3}`;
}

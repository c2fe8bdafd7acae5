// Error codes and WebSocket close codes of the signaling protocol.

/** Codes carried by `{t: 'error'}`; the socket stays open unless a close follows. */
export const ERROR_CODES = [
  'bad_message',
  'rate_limited',
  'byte_limited',
  'replay',
  'not_admitted',
  'already_admitted',
  'room_exists',
  'room_full',
  'room_locked',
  'bad_token',
  'bad_access_key',
  'create_limited',
  'access_key_limited',
  'bad_resume',
  'unknown_peer',
  'too_many_invites',
  'bad_invite',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Close codes the server uses, with the reason string it sends. */
export const CLOSE = {
  normal: { code: 1000, reason: 'bye' },
  shutdown: { code: 1001, reason: 'server shutting down' },
  policy: { code: 1008, reason: 'policy violation' },
  tooBig: { code: 1009, reason: 'message too big' },
  admissionTimeout: { code: 4001, reason: 'no create, join or resume in time' },
  admissionRefused: { code: 4003, reason: 'admission refused' },
  replaced: { code: 4005, reason: 'resumed on another connection' },
  slowConsumer: { code: 4008, reason: 'too slow to keep up' },
  flood: { code: 1008, reason: 'message rate exceeded' },
  byteFlood: { code: 1008, reason: 'relay byte rate exceeded' },
  badMessages: { code: 1008, reason: 'too many malformed messages' },
} as const;

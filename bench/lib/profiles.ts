// Bench sizes: --quick (under a minute for both servers) and the full run.
import { RATE_MESSAGES_PER_SECOND } from '../../protocol/index.js';

export interface Profile {
  readonly name: 'quick' | 'full';
  /** Load-generator processes. */
  readonly workers: number;
  /** Envelopes per second per member: under the server's sustained limit, so none is rate-limited. */
  readonly ratePerMember: number;
  /** Room counts (10 members each) the relay ramp steps through until the system saturates. */
  readonly rampRooms: readonly number[];
  /** Wait after a load change before measuring, ms. */
  readonly settleMs: number;
  /** Measurement window per ramp step, ms. */
  readonly stepMs: number;
  /** Measurement window at half load, ms. */
  readonly halfLoadMs: number;
  /** Joined idle connections for the memory scenario. */
  readonly idleConnections: number;
  /** Rooms whose 9 invites each are redeemed in the join storm. */
  readonly stormRooms: number;
  /** How long the flooder floods, ms. */
  readonly floodMs: number;
  /** Flood rate as a multiple of the sustained limit. */
  readonly floodFactor: number;
  /** Rooms of the equal-load scenario: the same offered load for every server measured. */
  readonly equalLoadRooms: number;
  /** Generator processes the equal-load scenario starts with; doubled while their loop delay is too high. */
  readonly equalLoadWorkers: number;
  /** Most generator processes the equal-load scenario may use (never more than its rooms). */
  readonly equalLoadMaxWorkers: number;
}

/** 90% of the limit: the token bucket's burst absorbs timer jitter, so no honest sender trips it. */
const RATE_PER_MEMBER = Math.floor(RATE_MESSAGES_PER_SECOND * 0.9);

export const QUICK: Profile = {
  name: 'quick',
  workers: 2,
  ratePerMember: RATE_PER_MEMBER,
  rampRooms: [6, 18],
  settleMs: 500,
  stepMs: 1500,
  halfLoadMs: 2000,
  idleConnections: 1000,
  stormRooms: 30,
  floodMs: 2000,
  floodFactor: 50,
  equalLoadRooms: 8,
  equalLoadWorkers: 2,
  equalLoadMaxWorkers: 4,
};

export const FULL: Profile = {
  name: 'full',
  workers: 2,
  ratePerMember: RATE_PER_MEMBER,
  rampRooms: [20, 50, 100, 150, 200, 300, 400],
  settleMs: 1500,
  stepMs: 5000,
  halfLoadMs: 10_000,
  idleConnections: 10_000,
  stormRooms: 300,
  floodMs: 10_000,
  floodFactor: 50,
  equalLoadRooms: 40,
  equalLoadWorkers: 4,
  equalLoadMaxWorkers: 16,
};

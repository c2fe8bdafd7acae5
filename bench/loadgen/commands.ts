// The messages between the bench orchestrator and its load-generator worker processes.
import type { HistogramPairs } from '../lib/histogram.js';
import type { Target } from './rooms.js';

export type Command =
  | { readonly cmd: 'setup'; readonly target: Target; readonly rooms: readonly number[] }
  | { readonly cmd: 'traffic'; readonly ratePerMember: number; readonly activeRooms: number }
  | { readonly cmd: 'window' }
  | { readonly cmd: 'collect' }
  | { readonly cmd: 'flood'; readonly ratePerSecond: number; readonly durationMs: number }
  | { readonly cmd: 'storm-prepare'; readonly target: Target; readonly rooms: readonly number[] }
  | { readonly cmd: 'storm-go' }
  | { readonly cmd: 'close-all' };

export interface Collected {
  readonly sent: number;
  readonly offered: number;
  readonly delivered: number;
  readonly floodDelivered: number;
  readonly malformed: number;
  readonly errors: Record<string, number>;
  readonly closes: Record<string, number>;
  readonly hist: HistogramPairs;
  readonly histMax: number;
  /** Wall-clock ms the worker's window lasted. */
  readonly windowMs: number;
  /** Worst event-loop delay seen in the window, ms: how busy the generator itself was. */
  readonly loopDelayMaxMs: number;
  /** 99th percentile of the event-loop delay in the window, ms. */
  readonly loopDelayP99Ms: number;
}

export interface StormResult {
  readonly joined: number;
  readonly failed: number;
  readonly firstError: string | undefined;
}

export interface FloodResult {
  readonly floodSent: number;
  readonly reconnects: number;
}

export interface Request {
  readonly id: number;
  readonly command: Command;
}

export type Reply = { readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

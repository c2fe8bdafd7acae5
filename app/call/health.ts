// The call's health: meters sampled often, stats read less often, the audio watchdogs and the privacy line.
import { reportDiagnostic } from '../diagnostics/sink.js';
import type { PeerId } from '../../protocol/messages.js';
import { privacyFrom, type PrivacyState } from './privacy.js';
import { isBadConnection, type QualitySample } from './quality.js';
import type { LocalAudio } from './local-audio.js';
import type { NoticeKind } from './notices.js';
import type { Roster } from './roster.js';
import { METER_INTERVAL_MS } from './voice-activity.js';

/** How often stats are read for the path, the privacy line and the watchdog, in milliseconds (small calls). */
export const STATS_INTERVAL_MS = 2_000;
/** Timer jitter tolerated when deciding whether a stats read is due, in milliseconds. */
const STATS_TICK_SLACK_MS = 50;
/** Steps a remote voice level is shown in (the speaking ring): a re-render only when the step changes. */
export const LEVEL_STEPS = 5;
/** The level that fills the ring's last step. */
const LEVEL_FULL = 0.25;
/** Stats time per connection: getStats holds up WebRTC's network thread, so big calls read less often. */
export const STATS_MS_PER_PEER = 500;

/** The stats period for a call with `peers` connections: every 2 s up to four, then 0.5 s more per connection. */
export function statsIntervalMs(peers: number): number {
  return Math.max(STATS_INTERVAL_MS, peers * STATS_MS_PER_PEER);
}

/** Everything Health needs. */
export interface HealthOptions {
  readonly roster: Roster;
  readonly local: LocalAudio;
  readonly notice: (kind: NoticeKind, name?: string) => void;
  readonly changed: () => void;
  readonly isEnded: () => boolean;
  /** The call's scope: aborting it stops both timers. */
  readonly signal: AbortSignal;
}

/** Runs the meter and stats timers until the call's scope ends. */
export class Health {
  private privacyNow: PrivacyState = { kind: 'pending' };
  private busy = false;
  private signature = '';
  private lastStatsAt = -Infinity;
  /** Each connection's last stats counters and whether it was bad then. */
  private readonly quality = new Map<PeerId, { sample: QualitySample; bad: boolean }>();
  /** Each remote voice level's last shown step. */
  private readonly levelSteps = new Map<PeerId, number>();

  constructor(private readonly options: HealthOptions) {
    const meter = setInterval(() => this.sampleMeters(), METER_INTERVAL_MS);
    const stats = setInterval(() => {
      const now = performance.now();
      if (now - this.lastStatsAt < statsIntervalMs(options.roster.size) - STATS_TICK_SLACK_MS) return;
      this.lastStatsAt = now;
      void this.poll();
    }, STATS_INTERVAL_MS / 2);
    options.signal.addEventListener('abort', () => {
      clearInterval(meter);
      clearInterval(stats);
    });
  }

  /** Whether every connection to others is hidden behind the relay, as last read. */
  get privacy(): PrivacyState {
    return this.privacyNow;
  }

  /** Whether the connection to `peer` was bad at the last stats read (quality.ts). */
  isBad(peer: PeerId): boolean {
    return this.quality.get(peer)?.bad ?? false;
  }

  /** Whether any connection to another participant is up now. */
  anyConnected(): boolean {
    return this.options.roster.all.some((p) => !p.session.failure && p.session.connectionState === 'connected');
  }

  private sampleMeters(): void {
    const now = performance.now();
    let changed = this.options.local.sample(now);
    for (const p of this.options.roster.all) {
      if (!p.vad) continue;
      changed = p.vad.sample(now) || changed;
      const step = levelStep(p.vad.level);
      if (step !== (this.levelSteps.get(p.id) ?? 0)) {
        this.levelSteps.set(p.id, step);
        changed = true;
      }
    }
    if (changed) this.options.changed();
  }

  private async poll(): Promise<void> {
    if (this.busy || this.options.isEnded()) return;
    this.busy = true;
    try {
      const list = this.options.roster.all.filter((p) => !p.session.failure);
      await Promise.all(list.map((p) => p.session.refreshStats().catch((e: unknown) => reportDiagnostic('call', 'stats-read-failed', e))));
      if (this.options.isEnded()) return;
      let sent = 0;
      let anyConnected = false;
      const present = new Set(list.map((p) => p.id));
      for (const id of this.quality.keys()) if (!present.has(id)) this.quality.delete(id);
      for (const id of this.levelSteps.keys()) if (!present.has(id)) this.levelSteps.delete(id);
      for (const p of list) {
        const connected = p.session.connectionState === 'connected';
        const link = p.session.link;
        if (link !== undefined) {
          const sample = { packetsReceived: link.packetsReceived, packetsLost: link.packetsLost, roundTripMs: link.roundTripMs };
          this.quality.set(p.id, { sample, bad: connected && isBadConnection(this.quality.get(p.id)?.sample, sample) });
        }
        anyConnected ||= connected;
        sent += p.session.link?.packetsSent ?? 0;
        const repair = p.watchdog.observe(connected && p.session.remoteTrack !== undefined, p.session.link?.packetsReceived ?? 0);
        if (repair === 'reattach') {
          p.attachEpoch += 1;
          this.options.notice('reattached', p.name);
        } else if (repair === 'ice-restart') {
          p.session.restartIce('silence');
        }
      }
      const localRepair = await this.options.local.observe(anyConnected, sent);
      if (localRepair === 'ice-restart') for (const p of list) p.session.restartIce('silence');
      this.privacyNow = privacyFrom(
        list.map((p) => ({ peer: p.name || p.shortFingerprint, connected: p.session.connectionState === 'connected', localType: p.session.link?.localType })),
      );
      // Re-render only when what the stats show (paths, privacy) changed.
      const signature = JSON.stringify([this.privacyNow, list.map((p) => [p.session.link?.localType, p.session.link?.remoteType, this.isBad(p.id)])]);
      if (signature !== this.signature) {
        this.signature = signature;
        this.options.changed();
      }
    } finally {
      this.busy = false;
    }
  }
}

/** The ring step (0 to LEVEL_STEPS) of a voice level. */
export function levelStep(level: number): number {
  return Math.min(LEVEL_STEPS, Math.round((level / LEVEL_FULL) * LEVEL_STEPS));
}

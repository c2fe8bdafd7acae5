// The orchestrator's side of the load generator: worker processes and request/reply over IPC.
import type { ChildProcess } from 'node:child_process';
import type { Command, Reply, Request } from '../loadgen/commands.js';
import { spawnNode, stopChild } from './children.js';
import { ROOT } from './servers.js';

/** Longest any one command may take before the bench gives up, in ms. */
const COMMAND_TIMEOUT_MS = 180_000;

class Worker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`load generator: ${reply.error}`));
    });
    child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load generator exited with ${code}`));
      this.pending.clear();
    });
  }

  request<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load generator: ${command.cmd} timed out`));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, command } satisfies Request);
    });
  }
}

/** A set of load-generator processes. */
export class WorkerPool {
  private constructor(readonly workers: readonly Worker[]) {}

  static start(count: number): WorkerPool {
    const env = { ...process.env };
    const workers = Array.from({ length: count }, () =>
      new Worker(spawnNode(['--import', 'tsx', `${ROOT}bench/loadgen/worker.ts`], env, ['ignore', 'inherit', 'inherit', 'ipc'], ROOT, 'load')),
    );
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends each worker its own command and waits for every reply. */
  each<T>(commandFor: (worker: number) => Command): Promise<T[]> {
    return Promise.all(this.workers.map((w, i) => w.request<T>(commandFor(i))));
  }

  all<T>(command: Command): Promise<T[]> {
    return this.each<T>(() => command);
  }

  one<T>(worker: number, command: Command): Promise<T> {
    return this.workers[worker]!.request<T>(command);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => stopChild(w.child, 1000)));
  }
}

/** Deals `items` round-robin to `count` workers. */
export function deal<T>(items: readonly T[], count: number): T[][] {
  const hands: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => hands[i % count]!.push(item));
  return hands;
}

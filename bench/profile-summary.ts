// Summarises a server's .cpuprofile from `npm run bench -- --profile`: idle share, then self and inclusive time of the busy part.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = 'usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N]';
/** Rows printed per list unless --top says otherwise. */
const DEFAULT_TOP = 20;
/** Inclusive rows are limited to the relay's own modules and the serialisation it calls. */
const OWN_CODE = /server\/|protocol\/|valibot|stringify|parse|toString/;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const { values, positionals } = parseArgs({ options: { top: { type: 'string' } }, allowPositionals: true });
if (positionals.length !== 1) throw new Error(USAGE);
const top = values.top === undefined ? DEFAULT_TOP : Number(values.top);
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const name = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
function stack(id: number): ProfileNode[] {
  const frames: ProfileNode[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!);
  return frames;
}

// Start-up (loading modules, compressing static assets) is left out: the summary begins at the first socket event.
const start = Math.max(0, profile.samples.findIndex((id) => stack(id).some((n) => n.callFrame.url.includes('ws-adapter'))));
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
let idle = 0;
for (let i = start; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const frames = stack(profile.samples[i]!);
  const leaf = name(frames[0]!);
  if (leaf.startsWith('(idle)')) {
    idle += dt;
    continue;
  }
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  for (const key of new Set(frames.map(name))) inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
}
const busy = total - idle;
const share = (us: number): string => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
console.log(`from the first socket event: ${(total / 1e6).toFixed(2)} s, JavaScript thread idle ${((100 * idle) / total).toFixed(1)}%, busy ${(busy / 1e6).toFixed(2)} s`);
console.log('self time, share of busy:');
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${share(us)}  ${key}`);
console.log('inclusive time of the relay\'s own code, share of busy:');
for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).filter(([key]) => OWN_CODE.test(key)).slice(0, top)) console.log(`  ${share(us)}  ${key}`);

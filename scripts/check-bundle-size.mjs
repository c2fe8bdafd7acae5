// Fails the build when the first screen's JavaScript (entry chunk + its static imports) exceeds the budget.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { URL, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The first screen's JavaScript budget, gzipped, in bytes (docs/pwa.md, "Benchmarks"). */
const BUDGET_GZIP_BYTES = 60 * 1024;

/** The build to check: the first argument, else dist/. */
const distRoot = process.argv[2] ? pathToFileURL(resolve(process.argv[2]) + '/') : new URL('../dist/', import.meta.url);

/** Module scripts and modulepreloads that index.html loads before anything else. */
function entryUrls(html) {
  const tags = html.match(/<(?:script|link)\b[^>]*>/g) ?? [];
  return tags
    .filter((tag) => /type="module"/.test(tag) || /rel="modulepreload"/.test(tag))
    .map((tag) => /(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1])
    .filter((url) => url !== undefined);
}

/** Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; never import(). */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?from\s*)?["']([^"']+\.js)["']/g;

const seen = new Map();
const pending = entryUrls(readFileSync(new URL('index.html', distRoot), 'utf8')).map((url) => new URL(url.replace(/^\//, ''), distRoot).href);
while (pending.length > 0) {
  const href = pending.pop();
  if (seen.has(href)) continue;
  const code = readFileSync(new URL(href));
  seen.set(href, gzipSync(code, { level: 9 }).length);
  for (const [, spec] of code.toString('utf8').matchAll(STATIC_IMPORT)) pending.push(new URL(spec, href).href);
}

const total = [...seen.values()].reduce((sum, size) => sum + size, 0);
for (const [href, size] of seen) console.log(`  ${(size / 1024).toFixed(1).padStart(6)} KB  ${href.slice(distRoot.href.length)}`);
const verdict = total <= BUDGET_GZIP_BYTES ? 'within' : 'OVER';
console.log(`first-screen JavaScript: ${(total / 1024).toFixed(1)} KB gzipped, ${verdict} the ${BUDGET_GZIP_BYTES / 1024} KB budget`);
if (seen.size === 0) {
  console.error('no entry script found in dist/index.html');
  process.exit(1);
}
if (total > BUDGET_GZIP_BYTES) process.exit(1);

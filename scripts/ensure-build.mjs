// Builds the app and server before `npm start` when the build is missing or older than the sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['app', 'server', 'protocol', 'public', 'vite.config.ts', 'package-lock.json'];
const OUTPUTS = ['dist/index.html', 'build/server/main.js'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

const missing = OUTPUTS.some((file) => !existsSync(file));
const builtAt = missing ? 0 : Math.min(...OUTPUTS.map((file) => statSync(file).mtimeMs));
const changedAt = Math.max(...SOURCES.filter((p) => existsSync(p)).map(newestMtime));

if (missing || changedAt > builtAt) {
  console.log(missing ? 'SecureCall: building (first start)…' : 'SecureCall: sources changed, rebuilding…');
  execSync('npm run build', { stdio: 'inherit' });
}

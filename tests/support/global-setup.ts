// Refuses to run integration and browser tests against a missing build, with the command that makes one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(): void {
  for (const artefact of ['dist/index.html', 'build/server/main.js']) {
    if (!existsSync(`${root}/${artefact}`)) {
      throw new Error(`${artefact} is missing: run \`npm run build\` first (npm test does it for you).`);
    }
  }
}

// Golden files: rendered output compared with test/render/golden/<name>, trailing spaces on each
// line ignored. Regenerate after an intended change with
//   UPDATE_GOLDEN=1 npx mocha test/render/*.test.ts
// and read the diff before committing it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(normalise(actual), normalise(readFileSync(file, 'utf8')), `output differs from golden/${name}`);
}

// The README shows what the commands print: every example in it that runs offline (`-f`) is run
// through the real kubectl and must print exactly the lines the README gives (the examples that
// need a live cluster are covered by the e2e tests against the in-repo API server).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runGw } from './run-gw.js';

interface Example {
  command: string;
  argv: string[];
  output: string;
}

/** `$ kubectl gw ... -f ...` lines in fenced blocks, each with the lines up to the next `$ `. */
function offlineExamples(markdown: string): Example[] {
  const out: Example[] = [];
  for (const block of markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    const lines = block[1].split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line.startsWith('$ kubectl gw ') || !/ -f /.test(line)) continue;
      let j = i + 1;
      while (j < lines.length && !lines[j].startsWith('$ ')) j++;
      const command = line.slice(2).replace(/\s+#.*$/, '');
      // The README's commands use no quoting beyond '...' around a header.
      const argv = [...command.slice('kubectl gw '.length).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
      out.push({ command, argv, output: lines.slice(i + 1, j).join('\n').replace(/\n+$/, '') });
      i = j - 1;
    }
  }
  return out;
}

describe('README examples', function () {
  this.timeout(60_000);
  const examples = offlineExamples(readFileSync(join(REPO, 'README.md'), 'utf8'));

  it('has offline examples to check', () => {
    assert.ok(examples.length >= 5, `only ${examples.length} offline examples found`);
  });

  for (const ex of examples) {
    it(ex.command, async () => {
      const r = await runGw(ex.argv);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      assert.equal(r.stdout.replace(/\n+$/, ''), ex.output);
    });
  }
});

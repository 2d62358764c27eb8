// Width at a real terminal: `kubectl gw tree|check|explain` run by the real kubectl inside a
// pseudo-terminal (util-linux `script`) sized to 80 and 120 columns. No line may be wider than the
// terminal; piped, the same commands keep every row on one line.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayWidth } from '../../src/render/text.js';
import { BIN, REPO, runGw } from './run-gw.js';

const COMMANDS = [
  'tree -f examples/ -o wide',
  'check -f examples/',
  'explain route blog -n blog -f examples/',
  'explain gateway shared-gw -n infra -f examples/',
];

const home = mkdtempSync(join(tmpdir(), 'gw-width-'));

/** The command's output as a terminal of `columns` columns shows it (through kubectl). */
function atTerminal(command: string, columns: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `stty cols ${columns} rows 50; kubectl gw ${command}`, '/dev/null'], {
      cwd: REPO,
      env: { PATH: `${BIN}:${process.env.PATH}`, HOME: home, KUBECONFIG: join(home, 'none'), TERM: 'xterm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: out.replace(/\r/g, '') }));
  });
}

describe('output width at a real terminal (kubectl in a pseudo-terminal)', function () {
  // A guard against a hang only: a loaded machine may take long, and that is no failure.
  this.timeout(300_000);
  before(function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip();
  });

  for (const columns of [80, 120]) {
    it(`fits tree, check and explain in ${columns} columns, coloured`, async () => {
      for (const command of COMMANDS) {
        const { out } = await atTerminal(command, columns);
        assert.match(out, /\x1b\[3\dm/, `${command}: a terminal gets colour`);
        assert.match(out, /infra/, `${command} printed nothing:\n${out}`);
        for (const line of out.split('\n')) {
          assert.ok(displayWidth(line) <= columns, `${command} at ${columns}: ${displayWidth(line)} cells: ${JSON.stringify(line)}`);
        }
      }
    });
  }

  it('keeps each row on one line when piped (grep finds a row and its details together)', async () => {
    const r = await runGw(['tree', '-f', 'examples/']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^│ {2}│ {5}└─ Service infra\/auth:80 +✖ RefNotPermitted +weight 1; Service infra\/auth is in another namespace and no ReferenceGrant in infra allows HTTPRoutes from blog to reference it$/m);
    const check = await runGw(['check', '-f', 'examples/']);
    assert.match(check.stdout, /^✖ error +RT207 +HTTPRoute\/blog\/blog \(rule 1 backend 0\) +Service infra\/auth:80 is in another namespace and no ReferenceGrant in infra allows HTTPRoutes from blog$/m);
  });
});

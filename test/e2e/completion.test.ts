// Tab completion the way kubectl (>= 1.26) asks plugins: `kubectl __complete gw ...` runs
// kubectl_complete-gw from PATH, which answers with candidates and a Cobra directive.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { runKubectl } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-complete-'));

describe('kubectl gw tab completion (through kubectl __complete)', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startApiServer({ fixtures: ['examples'] });
    env = { KUBECONFIG: server.writeKubeconfig(join(tmp, 'kubeconfig'), { namespace: 'infra' }) };
  });
  after(() => server.close());

  const complete = async (...words: string[]) => {
    const r = await runKubectl(['__complete', 'gw', ...words], { env });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split('\n');
  };

  it('subcommands, with their summaries', async () => {
    const lines = await complete('tr');
    assert.match(lines[0], /^tree\tShow what is wired to what/);
    assert.equal(lines.at(-1), ':4');
    assert.deepEqual((await complete('explain', '')).map((l) => l.split('\t')[0]), ['route', 'gateway', ':4']);
  });

  it('flags and their fixed values', async () => {
    assert.ok((await complete('check', '--fa')).some((l) => l.startsWith('--fail-on\t')));
    assert.deepEqual(await complete('tree', '-o', ''), ['wide', 'json', 'yaml', 'name', 'dot', 'mermaid', 'svg', ':4']);
  });

  it('names from the cluster: namespaces, gateways, routes', async () => {
    assert.deepEqual(await complete('tree', '-n', ''), ['blog', 'infra', 'legacy', 'payments', 'store', ':4']);
    assert.deepEqual(await complete('tree', ''), ['internal-gw', 'shared-gw', ':4']);
    assert.deepEqual(await complete('explain', 'route', '-n', 'payments', 'ch'), ['checkout', ':4']);
  });

  it('file flags leave completion to the shell', async () => {
    assert.deepEqual(await complete('tree', '-f', ''), [':0']);
  });
});

// Run by sigint.test.ts in a child process: `kubectl gw curl` against a data plane that never
// answers, waiting to be interrupted with SIGINT. Prints "FORWARD <port>" and "REQUEST" as the
// probe gets there. With "handled" as the third argument a framework-style SIGINT listener is
// installed first, so runProbe throws instead of re-raising; the script then reports, as JSON,
// the error and whether the forward's local port still listens.
import { readFileSync } from 'node:fs';
import { connect } from '../../../src/kube/connection.js';
import type { KubeObject } from '../../../src/model/objects.js';
import { UserError } from '../../../src/model/errors.js';
import { runProbe } from '../../../src/probe/run.js';
import { refusesConnections } from '../harness.js';
import { snapshotOf } from '../scenario.js';

const [kubeconfig, objectsFile, mode] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(objectsFile, 'utf8')) as KubeObject[];
const { snapshot, graph } = snapshotOf(objects);
const conn = await connect({ kubeconfig, requestTimeoutMs: 5000 });
if (mode === 'handled') process.on('SIGINT', () => {});

let localPort = 0;
try {
  await runProbe({
    conn,
    graph,
    snapshot,
    gateway: 'infra/shared-gw',
    request: { host: 'shop.example.com', path: '/cart', method: 'GET', headers: {} },
    timeoutMs: 60_000,
    onProgress: (e) => {
      if (e.step === 'forward') {
        localPort = e.localPort!;
        console.log(`FORWARD ${localPort}`);
      }
      if (e.step === 'request') console.log('REQUEST');
    },
  });
  console.log('FINISHED');
} catch (e) {
  const exitCode = e instanceof UserError ? e.exitCode : 1;
  console.log(JSON.stringify({ error: (e as Error).message, exitCode, portClosed: await refusesConnections(localPort) }));
  process.exit(exitCode);
}

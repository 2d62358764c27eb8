// The whole story in a few seconds, with no cluster: the in-repo API server serves examples/,
// stand-ins answer for the shared gateway's Envoy pod, and the real kubectl runs the plugin.
//
//   npm run demo        (after npm ci; builds nothing itself: run `npm run build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startExampleCluster } from '../test/support/example-cluster.js';

const REPO = resolve(import.meta.dirname, '..');
const home = mkdtempSync(join(tmpdir(), 'gw-demo-'));
const started = Date.now();
const cluster = await startExampleCluster();
const kubeconfig = cluster.kubeconfig(join(home, 'kubeconfig'), { namespace: 'store' });
const env = { ...process.env, PATH: `${join(REPO, 'bin')}:${process.env.PATH}`, HOME: home, KUBECONFIG: kubeconfig };

function kubectl(args: string[]): Promise<number | null> {
  process.stdout.write(`\n\x1b[1m$ kubectl ${args.join(' ')}\x1b[0m\n`);
  return new Promise((done) => {
    const child = spawn('kubectl', args, { env, cwd: REPO, stdio: 'inherit' });
    child.on('close', done);
  });
}

try {
  await kubectl(['gw', 'tree', '-A']);
  await kubectl(['gw', 'explain', 'route', 'refunds', '-n', 'payments']);
  await kubectl(['gw', 'curl', 'https://store.example.com/', '-H', 'x-env: canary', '-k', '-i']);
  await kubectl(['gw', 'curl', '--all', '--gateway', 'infra/shared-gw', '-k']);
} finally {
  await cluster.close();
  rmSync(home, { recursive: true, force: true });
}
process.stdout.write(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

// Runs the test API server from the command line (used by `npm run demo`):
//   node --import tsx test/support/serve.ts --fixtures examples/ --kubeconfig .tmp/kubeconfig
// Writes the kubeconfig, then prints the server URL as the first line of stdout, then runs until
// SIGINT or SIGTERM.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer } from './apiserver.js';

const USAGE = `usage: serve.ts [--fixtures PATH]... [--kubeconfig FILE] [--port N] [--token T] [--namespace NS] [--latency MS]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fixtures: { type: 'string', multiple: true, default: [] },
      kubeconfig: { type: 'string' },
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      namespace: { type: 'string' },
      latency: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = await startApiServer({
    fixtures: values.fixtures.map((f) => resolve(f)),
    port: Number(values.port),
    token: values.token,
    latencyMs: Number(values.latency),
  });
  // The kubeconfig is written before the URL is printed, so a caller that waits for the URL
  // line can use the kubeconfig at once.
  if (values.kubeconfig) {
    const file = server.writeKubeconfig(resolve(values.kubeconfig), { namespace: values.namespace });
    console.error(`kubeconfig written to ${file}`);
  }
  console.log(server.url);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`serve.ts: ${err instanceof Error ? err.message : String(err)}`);
  console.error(USAGE);
  process.exit(2);
});

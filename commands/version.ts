import { Flags } from '@oclif/core';
import { GwCommand } from '../src/cli/base-command.js';
import { clusterFlags } from '../src/cli/flags.js';
import type { GatewayApiRelease } from '../src/kube/gateway-api-release.js';

export default class Version extends GwCommand {
  static summary = 'Print the plugin and Node.js versions, and the Gateway API release the cluster has installed.';

  static description = 'The Gateway API release is the bundle version and channel the CRDs declare in their annotations (gateway.networking.k8s.io/bundle-version and /channel). Without a reachable cluster only the plugin part is printed, with a note on stderr, and the exit code is still 0.';

  static examples = ['<%= config.bin %> version', '<%= config.bin %> version --context prod -o json'];

  static flags = {
    kubeconfig: clusterFlags.kubeconfig,
    context: clusterFlags.context,
    'request-timeout': clusterFlags['request-timeout'],
    output: Flags.string({ char: 'o', options: ['json', 'yaml'], description: 'Output format.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const doc: { apiVersion: string; kind: string; plugin: string; node: string; gatewayAPI?: GatewayApiRelease & { context: string } } = {
      apiVersion: 'kubectl-gw/v1',
      kind: 'Version',
      plugin: this.config.version,
      node: process.version,
    };
    let note: string | undefined;
    try {
      const { connect } = await import('../src/kube/connection.js');
      const { readGatewayApiRelease } = await import('../src/kube/gateway-api-release.js');
      const conn = await connect({ kubeconfig: flags.kubeconfig, context: flags.context, requestTimeoutMs: this.timeoutMs(flags) });
      const release = await readGatewayApiRelease(conn);
      doc.gatewayAPI = { ...release, context: conn.contextName };
    } catch (e) {
      // The plugin's own version never depends on a cluster: say why the rest is missing, exit 0.
      note = `no Gateway API version: the cluster could not be reached (${(e as Error).message.replace(/^error: /, '')})`;
    }
    if (flags.output) {
      const { renderData } = await import('../src/render/data.js');
      this.out(renderData(doc, flags.output as 'json' | 'yaml'));
    } else {
      const lines = [`kubectl-gw: v${doc.plugin}`, `Node.js: ${doc.node}`];
      const g = doc.gatewayAPI;
      if (g?.state === 'installed') {
        lines.push(`Gateway API: ${g.bundleVersion ?? 'unknown bundle version'}${g.channel ? ` (${g.channel} channel)` : ''}, context ${g.context}`);
      } else if (g?.state === 'not-installed') {
        lines.push(`Gateway API: not installed (no gateways.gateway.networking.k8s.io CRD), context ${g.context}`);
      } else if (g?.state === 'unknown') {
        lines.push(`Gateway API: unknown (${g.message}), context ${g.context}`);
      }
      this.out(lines.join('\n'));
    }
    if (note) this.note(`note: ${note}`);
  }
}

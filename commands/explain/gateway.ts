import { Args, Flags } from '@oclif/core';
import { outcomeExit } from '../../src/cli/exit-codes.js';
import { GwCommand } from '../../src/cli/base-command.js';
import { clusterFlags, outputFlags } from '../../src/cli/flags.js';
import { eventsFor } from '../../src/cli/events.js';
import { fleetFlags, type ClusterOutput } from '../../src/cli/fleet.js';
import type { LoadedSource } from '../../src/cli/load.js';

export default class ExplainGateway extends GwCommand {
  static summary = 'Is this gateway healthy: class, listeners, certificates, attached and failed routes.';

  static description = `Shows the GatewayClass's acceptance, addresses, each listener with its conditions (computed and reported), conflicts and certificate facts (subject, DNS names, expiry; never key material), computed vs reported attachedRoutes, and the routes that tried to attach and failed, with why.`;

  static examples = ['<%= config.bin %> explain gateway shared-gw -n infra', '<%= config.bin %> explain gateway infra/shared-gw -f examples/'];

  static args = { name: Args.string({ required: true, ignoreStdin: true, description: 'Gateway name (NAME or NAMESPACE/NAME).' }) };

  static flags = {
    ...clusterFlags,
    ...fleetFlags,
    output: Flags.string({ char: 'o', options: ['json', 'yaml'], description: 'Output format.' }),
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExplainGateway);
    this.setupColor(flags, flags.output);
    const [nsArg, name] = args.name.includes('/') ? args.name.split('/', 2) : [undefined, args.name];
    const format = flags.output as 'json' | 'yaml' | undefined;
    // Read what the answer about this one gateway needs (the namespace '' is the context's).
    // With -A and no namespace, the gateway is looked for everywhere, so everything is read.
    const focus = !nsArg && flags['all-namespaces'] ? undefined : { kind: 'gateway' as const, namespace: nsArg ?? flags.namespace ?? '', name };
    await this.oneOrFleet(flags, { namespace: nsArg ?? flags.namespace, focus }, (source, context) => this.cluster(source, flags, nsArg, name, format, context), {
      kind: 'GatewayExplanation',
    });
  }

  private async cluster(
    source: LoadedSource,
    flags: { namespace?: string; 'all-namespaces'?: boolean },
    nsArg: string | undefined,
    name: string,
    format: 'json' | 'yaml' | undefined,
    context?: string,
  ): Promise<ClusterOutput> {
    const { analyse } = await import('../../src/analyse.js');
    const { findGateway, explainGateway } = await import('../../src/explain/gateway.js');
    const { namespaceOfName } = await import('../../src/findings/suggest.js');
    const { graph, findings } = analyse(source.snapshot);
    // -A: the gateway is looked for in every namespace (it must be in exactly one).
    const namespace =
      nsArg ?? (flags['all-namespaces'] ? namespaceOfName('gateway', name, graph.gateways) : (source.namespace ?? flags.namespace ?? 'default'));
    const gateway = findGateway(graph, namespace, name);
    const events = await eventsFor(source, 'Gateway', namespace, name, (l) => this.note(context ? `context ${context}: ${l}` : l));
    const explanation = explainGateway(graph, gateway, findings, events);
    const exit = outcomeExit({ failed: false, incomplete: Boolean(explanation.incomplete) });
    if (format) {
      const { renderData } = await import('../../src/render/data.js');
      return { text: renderData({ apiVersion: 'kubectl-gw/v1', kind: 'GatewayExplanation', ...explanation }, format), data: { ...explanation }, exit };
    }
    const { renderGatewayExplanation } = await import('../../src/render/explain.js');
    return { text: renderGatewayExplanation(explanation, this.terminalWidth()), data: { ...explanation }, exit };
  }
}

import { Args, Flags } from '@oclif/core';
import { GwCommand } from '../../src/cli/base-command.js';
import { clusterFlags, outputFlags } from '../../src/cli/flags.js';
import { eventsFor } from '../../src/cli/events.js';

export default class ExplainGateway extends GwCommand {
  static summary = 'Is this gateway healthy: class, listeners, certificates, attached and failed routes.';

  static description = `Shows the GatewayClass's acceptance, addresses, each listener with its conditions (computed and
reported), conflicts and certificate facts (subject, DNS names, expiry; never key material),
computed vs reported attachedRoutes, and the routes that tried to attach and failed, with why.`;

  static examples = ['<%= config.bin %> explain gateway shared-gw -n infra', '<%= config.bin %> explain gateway infra/shared-gw -f examples/'];

  static args = { name: Args.string({ required: true, ignoreStdin: true, description: 'Gateway name (NAME or NAMESPACE/NAME).' }) };

  static flags = {
    ...clusterFlags,
    output: Flags.string({ char: 'o', options: ['json', 'yaml'], description: 'Output format.' }),
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExplainGateway);
    this.setupColor(flags, flags.output);
    const [nsArg, name] = args.name.includes('/') ? args.name.split('/', 2) : [undefined, args.name];
    const source = await this.load(flags, { namespace: nsArg ?? flags.namespace });
    const namespace = nsArg ?? source.namespace ?? flags.namespace ?? 'default';
    const { analyse } = await import('../../src/analyse.js');
    const { findGateway, explainGateway } = await import('../../src/explain/gateway.js');
    const { graph, findings } = analyse(source.snapshot);
    const gateway = findGateway(graph, namespace, name);
    const events = await eventsFor(source, 'Gateway', namespace, name, (l) => this.note(l));
    const explanation = explainGateway(graph, gateway, findings, events);
    if (flags.output) {
      const { renderData } = await import('../../src/render/data.js');
      this.out(renderData({ apiVersion: 'kubectl-gw/v1', kind: 'GatewayExplanation', ...explanation }, flags.output as 'json' | 'yaml'));
      return;
    }
    const { renderGatewayExplanation } = await import('../../src/render/explain.js');
    this.out(renderGatewayExplanation(explanation, this.terminalWidth()));
  }
}

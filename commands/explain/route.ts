import { Args, Flags } from '@oclif/core';
import { GwCommand } from '../../src/cli/base-command.js';
import { clusterFlags, outputFlags } from '../../src/cli/flags.js';
import { eventsFor } from '../../src/cli/events.js';
import type { RouteKind } from '../../src/model/objects.js';

const KINDS: Record<string, RouteKind> = { http: 'HTTPRoute', grpc: 'GRPCRoute', tls: 'TLSRoute', tcp: 'TCPRoute', udp: 'UDPRoute' };

export default class ExplainRoute extends GwCommand {
  static summary = "Why is (or isn't) this route attached, and where does its traffic go?";

  static description = `For each parentRef: the Gateway it resolves to, every listener considered with the one reason
that decided it, what the spec computes and what the controller wrote; then each backendRef with its
ready endpoints, the findings with concrete fixes, and recent Events.`;

  static examples = [
    '<%= config.bin %> explain route store -n store',
    '<%= config.bin %> explain route inventory --kind grpc -n store',
    '<%= config.bin %> explain route blog -n blog -f examples/ -o json',
  ];

  static args = { name: Args.string({ required: true, ignoreStdin: true, description: 'Route name (NAME or NAMESPACE/NAME).' }) };

  static flags = {
    ...clusterFlags,
    kind: Flags.string({ options: Object.keys(KINDS), description: 'Route kind, when several kinds share the name.' }),
    output: Flags.string({ char: 'o', options: ['json', 'yaml'], description: 'Output format.' }),
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExplainRoute);
    this.setupColor(flags, flags.output);
    const [nsArg, name] = args.name.includes('/') ? args.name.split('/', 2) : [undefined, args.name];
    const source = await this.load(flags, { namespace: nsArg ?? flags.namespace });
    const namespace = nsArg ?? source.namespace ?? flags.namespace ?? 'default';
    const { analyse } = await import('../../src/analyse.js');
    const { findRoute, explainRoute } = await import('../../src/explain/route.js');
    const { graph, findings } = analyse(source.snapshot);
    const { route, ambiguity } = findRoute(graph, namespace, name, flags.kind ? KINDS[flags.kind] : undefined);
    const events = await eventsFor(source, route.kind, namespace, route.name, (l) => this.note(l));
    const { policiesOnRoute } = await import('../../src/policies/attachments.js');
    const policies = policiesOnRoute(route, graph, source.snapshot);
    const explanation = explainRoute(graph, route, findings, events, ambiguity, policies);
    if (flags.output) {
      const { renderData } = await import('../../src/render/data.js');
      this.out(renderData({ apiVersion: 'kubectl-gw/v1', kind: 'RouteExplanation', ...explanation }, flags.output as 'json' | 'yaml'));
      return;
    }
    const { renderRouteExplanation } = await import('../../src/render/explain.js');
    this.out(renderRouteExplanation(explanation, this.terminalWidth()));
  }
}

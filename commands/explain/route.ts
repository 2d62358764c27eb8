import { Args, Flags } from '@oclif/core';
import { outcomeExit } from '../../src/cli/exit-codes.js';
import { GwCommand } from '../../src/cli/base-command.js';
import { clusterFlags, outputFlags } from '../../src/cli/flags.js';
import { eventsFor } from '../../src/cli/events.js';
import { fleetFlags, type ClusterOutput } from '../../src/cli/fleet.js';
import type { LoadedSource } from '../../src/cli/load.js';
import type { RouteKind } from '../../src/model/objects.js';

const KINDS: Record<string, RouteKind> = { http: 'HTTPRoute', grpc: 'GRPCRoute', tls: 'TLSRoute', tcp: 'TCPRoute', udp: 'UDPRoute' };

export default class ExplainRoute extends GwCommand {
  static summary = "Why is (or isn't) this route attached, and where does its traffic go?";

  static description = `For each parentRef: the Gateway it resolves to, every listener considered with the one reason that decided it, what the spec computes and what the controller wrote; then each backendRef with its ready endpoints, the findings with concrete fixes, and recent Events.`;

  static examples = [
    '<%= config.bin %> explain route store -n store',
    '<%= config.bin %> explain route inventory --kind grpc -n store',
    '<%= config.bin %> explain route blog -n blog -f examples/ -o json',
  ];

  static args = { name: Args.string({ required: true, ignoreStdin: true, description: 'Route name (NAME or NAMESPACE/NAME).' }) };

  static flags = {
    ...clusterFlags,
    ...fleetFlags,
    kind: Flags.string({ options: Object.keys(KINDS), description: 'Route kind, when several kinds share the name.' }),
    output: Flags.string({ char: 'o', options: ['json', 'yaml'], description: 'Output format.' }),
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExplainRoute);
    this.setupColor(flags, flags.output);
    const [nsArg, name] = args.name.includes('/') ? args.name.split('/', 2) : [undefined, args.name];
    const format = flags.output as 'json' | 'yaml' | undefined;
    const routeKind = flags.kind ? KINDS[flags.kind] : undefined;
    // Read what the answer about this one route needs (the namespace '' is the context's); with
    // -A and no namespace, the route is looked for everywhere, so everything is read.
    const focus = !nsArg && flags['all-namespaces'] ? undefined : { kind: 'route' as const, namespace: nsArg ?? flags.namespace ?? '', name, routeKind };
    await this.oneOrFleet(flags, { namespace: nsArg ?? flags.namespace, focus }, (source, context) => this.cluster(source, flags, nsArg, name, format, context), {
      kind: 'RouteExplanation',
      across: async (clusters) => {
        // Each cluster's graph holds only this route: its verdicts, compared.
        const { fleetFindings } = await import('../../src/fleet/verdicts.js');
        const { renderFindingsProse } = await import('../../src/render/findings.js');
        const mine = fleetFindings(clusters);
        const text = mine.length ? `==> across clusters <==\n${renderFindingsProse(mine, this.terminalWidth()).trimEnd()}\n` : '';
        return { findings: mine, text, data: { findings: mine }, failed: false };
      },
    });
  }

  /** One cluster's explanation; the graph is kept with only this route for findings across clusters. */
  private async cluster(
    source: LoadedSource,
    flags: { namespace?: string; kind?: string; 'all-namespaces'?: boolean },
    nsArg: string | undefined,
    name: string,
    format: 'json' | 'yaml' | undefined,
    context?: string,
  ): Promise<ClusterOutput> {
    const { analyse } = await import('../../src/analyse.js');
    const { findRoute, explainRoute } = await import('../../src/explain/route.js');
    const { namespaceOfName } = await import('../../src/findings/suggest.js');
    const { graph, findings } = analyse(source.snapshot);
    const kind = flags.kind ? KINDS[flags.kind] : undefined;
    // -A: the route is looked for in every namespace (it must be in exactly one).
    const namespace =
      nsArg ??
      (flags['all-namespaces']
        ? namespaceOfName(kind ?? 'route', name, graph.routes.filter((r) => !kind || r.kind === kind))
        : (source.namespace ?? flags.namespace ?? 'default'));
    const { route, ambiguity } = findRoute(graph, namespace, name, kind);
    const events = await eventsFor(source, route.kind, namespace, route.name, (l) => this.note(context ? `context ${context}: ${l}` : l));
    const { policiesOnRoute } = await import('../../src/policies/attachments.js');
    const policies = policiesOnRoute(route, graph, source.snapshot);
    const explanation = explainRoute(graph, route, findings, events, ambiguity, policies);
    const one = { ...graph, routes: [route] };
    const exit = outcomeExit({ failed: false, incomplete: Boolean(explanation.incomplete) });
    if (format) {
      const { renderData } = await import('../../src/render/data.js');
      const text = renderData({ apiVersion: 'kubectl-gw/v1', kind: 'RouteExplanation', ...explanation }, format);
      return { text, data: { ...explanation }, exit, graph: one, namespace };
    }
    const { renderRouteExplanation } = await import('../../src/render/explain.js');
    return { text: renderRouteExplanation(explanation, this.terminalWidth()), data: { ...explanation }, exit, graph: one, namespace };
  }
}

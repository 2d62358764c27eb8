import { Args, Flags } from '@oclif/core';
import { EXIT } from '../src/cli/exit-codes.js';
import { GwCommand } from '../src/cli/base-command.js';
import { clusterFlags, outputFlags, selectorFlag, watchFlags } from '../src/cli/flags.js';
import { labelMatcher, parseLabelSelector } from '../src/cli/label-selector.js';
import { qualifyName } from '../src/cli/names.js';
import { fleetContexts, fleetFlags, runFleet, withoutHeader, type ClusterOutput } from '../src/cli/fleet.js';
import type { LoadedSource } from '../src/cli/load.js';
import type { GraphFilter } from '../src/render/view.js';
import { UserError } from '../src/model/errors.js';

export default class Tree extends GwCommand {
  static summary = 'Show what is wired to what: Gateway -> listener -> route -> rule -> backend -> endpoints.';

  static description = `Draws every Gateway with its listeners, the routes attached to each, their rules, backends and ready endpoints, each line with its status as the Gateway API spec computes it (and where the controller's status disagrees). Routes attached to nothing are listed after the tree, with why; routes whose parents are not Gateways (GAMMA mesh Services, other routes, other kinds) follow in their own section, with those parents, rules and backends.`;

  static examples = [
    { description: 'Every gateway in every namespace', command: '<%= config.bin %> tree -A' },
    { description: 'One gateway, with endpoint addresses', command: '<%= config.bin %> tree shared-gw -n infra -o wide' },
    { description: 'From manifest files, no cluster needed', command: '<%= config.bin %> tree -f examples/' },
  ];

  static args = {
    gateway: Args.string({ description: 'Only this Gateway (NAME, or NAMESPACE/NAME).', ignoreStdin: true }),
  };

  static flags = {
    ...clusterFlags,
    ...fleetFlags,
    ...selectorFlag,
    output: Flags.string({ char: 'o', options: ['wide', 'json', 'yaml', 'name', 'dot', 'mermaid', 'svg'], description: 'Output format.' }),
    ...watchFlags,
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Tree);
    this.setupColor(flags, flags.output);
    const watch = flags.watch ? await import('../src/cli/watch.js') : undefined;
    const watchError = watch?.watchUsageError(flags);
    if (watchError) throw new UserError(watchError, { exitCode: EXIT.usage });
    // One gateway: read what its tree needs, not the whole cluster (unless watching it: the
    // watches follow whole kinds).
    const [gwNs, gwName] = args.gateway?.includes('/') ? args.gateway.split('/', 2) : [undefined, args.gateway];
    const focus = gwName && !flags['all-namespaces'] ? { kind: 'gateway' as const, namespace: gwNs ?? flags.namespace ?? '', name: gwName } : undefined;
    const narrow = focus && !watch ? { focus } : {};
    // Usage errors first: they must not wait on (or be hidden by) an unreachable cluster.
    if (flags.selector) parseLabelSelector(flags.selector);
    const contexts = await fleetContexts(flags);
    if (contexts) {
      if (watch) throw new UserError('--watch follows one cluster: pick one --context', { exitCode: EXIT.usage });
      if (flags.output === 'dot' || flags.output === 'mermaid' || flags.output === 'svg') {
        throw new UserError(`-o ${flags.output} draws one cluster: pick one --context`, { exitCode: EXIT.usage });
      }
      const fleet = await runFleet(contexts, async (context) => this.cluster(await this.load({ ...flags, context }, narrow), flags, args.gateway, context), {
        kind: 'GatewayTree',
      });
      this.out(flags.output === 'json' || flags.output === 'yaml' ? (await import('../src/render/data.js')).renderData(fleet.data, flags.output) : fleet.text);
      if (fleet.exit !== EXIT.ok) this.exit(fleet.exit);
      return;
    }
    const source = await this.load(flags, narrow);
    if (watch) {
      const filter = this.filter(source, args.gateway, flags.selector);
      const view = await watch.treeView({ filter, output: flags.output, width: () => this.terminalWidth() });
      return watch.watchCluster({ ...watch.watchOutput(source, this.verboseSink(flags)), view });
    }
    const result = await this.cluster(source, flags, args.gateway);
    this.out(result.text);
  }

  /** The part of the graph to show: the one gateway named, else the namespaces asked for. */
  private filter(source: LoadedSource, gatewayArg: string | undefined, selector: string | undefined): GraphFilter {
    const gateway = gatewayArg ? qualifyName(gatewayArg, source.namespace ?? 'default') : undefined;
    return {
      gateway,
      namespaces: gateway ? null : source.namespace === null ? null : [source.namespace],
      selected: selector ? labelMatcher(source.snapshot, parseLabelSelector(selector)) : undefined,
    };
  }

  /** One cluster's tree: its text (or -o document) and the data fleet output nests. */
  private async cluster(
    source: LoadedSource,
    flags: { output?: string; selector?: string },
    gatewayArg: string | undefined,
    context?: string,
  ): Promise<ClusterOutput> {
    const { buildGraph } = await import('../src/graph/build.js');
    const render = await import('../src/render/index.js');
    const graph = buildGraph(source.snapshot);
    const gateway = gatewayArg ? qualifyName(gatewayArg, source.namespace ?? 'default') : undefined;
    if (gateway !== undefined) {
      const [namespace, name] = gateway.split('/');
      if (!graph.gateways.some((g) => g.namespace === namespace && g.name === name)) {
        const { notFoundError } = await import('../src/findings/suggest.js');
        throw notFoundError('gateway', namespace, name, graph.gateways);
      }
    }
    const filter = this.filter(source, gatewayArg, flags.selector);

    // Events are read per object by explain, never by tree.
    const { events: _events, ...coverage } = graph.coverage;
    for (const line of render.coverageNotes(coverage)) this.note(`warning: ${context ? `context ${context}: ` : ''}${line}`);
    const document = render.graphDocument(graph, filter) as unknown as Record<string, unknown>;
    const data = withoutHeader(document);
    const done = (text: string): ClusterOutput => ({ text, data, exit: EXIT.ok, graph, namespace: source.namespace });
    switch (flags.output) {
      case 'json':
      case 'yaml':
        return done(render.renderData(document, flags.output));
      case 'dot':
        return done(render.renderDot(graph, filter));
      case 'mermaid':
        return done(render.renderMermaid(graph, filter));
      case 'svg': {
        // Graphviz (WebAssembly) loads only for this output.
        const { renderSvg } = await import('../src/render/svg.js');
        return done(await renderSvg(graph, filter));
      }
      case 'name': {
        const view = render.selectView(graph, filter);
        const text = render.renderNames([...view.gateways.map((g) => ({ kind: 'Gateway', ...g })), ...view.routes]);
        if (text === '') this.note(`${context ? `context ${context}: ` : ''}${render.emptyMessage(filter)}`);
        return done(text);
      }
      default: {
        const text = render.renderTree(graph, { ...filter, wide: flags.output === 'wide', width: this.terminalWidth() });
        // Nothing to show: kubectl's sentence on stderr, stdout empty, exit 0.
        if (text === '') this.note(`${context ? `context ${context}: ` : ''}${render.emptyMessage(filter)}`);
        return done(text);
      }
    }
  }
}

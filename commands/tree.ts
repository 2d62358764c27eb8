import { Args, Flags } from '@oclif/core';
import { GwCommand } from '../src/cli/base-command.js';
import { clusterFlags, outputFlags } from '../src/cli/flags.js';
import { qualifyName } from '../src/cli/names.js';

export default class Tree extends GwCommand {
  static summary = 'Show what is wired to what: Gateway -> listener -> route -> rule -> backend -> endpoints.';

  static description = `Draws every Gateway with its listeners, the routes attached to each, their rules, backends
and ready endpoints, each line with its status as the Gateway API spec computes it (and where the
controller's status disagrees). Routes attached to nothing are listed after the tree, with why;
routes whose parents are not Gateways (GAMMA mesh Services, other routes, other kinds) follow in
their own section, with those parents, rules and backends.`;

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
    output: Flags.string({ char: 'o', options: ['wide', 'json', 'yaml', 'dot', 'mermaid', 'svg'], description: 'Output format.' }),
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Tree);
    this.setupColor(flags, flags.output);
    const source = await this.load(flags);
    const { buildGraph } = await import('../src/graph/build.js');
    const render = await import('../src/render/index.js');
    const graph = buildGraph(source.snapshot);
    const gateway = args.gateway ? qualifyName(args.gateway, source.namespace ?? 'default') : undefined;
    const filter = { gateway, namespaces: gateway ? null : source.namespace === null ? null : [source.namespace] };

    // Events are read per object by explain, never by tree.
    const { events: _events, ...coverage } = graph.coverage;
    for (const line of render.coverageNotes(coverage)) this.note(`warning: ${line}`);
    switch (flags.output) {
      case 'json':
      case 'yaml':
        this.out(render.renderData(render.graphDocument(graph, filter), flags.output));
        return;
      case 'dot':
        this.out(render.renderDot(graph, filter));
        return;
      case 'mermaid':
        this.out(render.renderMermaid(graph, filter));
        return;
      case 'svg': {
        // Graphviz (WebAssembly) loads only for this output.
        const { renderSvg } = await import('../src/render/svg.js');
        this.out(await renderSvg(graph, filter));
        return;
      }
      default:
        this.out(render.renderTree(graph, { ...filter, wide: flags.output === 'wide', width: this.terminalWidth() }));
    }
  }
}

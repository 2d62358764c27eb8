import { Flags } from '@oclif/core';
import { GwCommand } from '../src/cli/base-command.js';
import { clusterFlags, outputFlags, selectorFlag, watchFlags } from '../src/cli/flags.js';
import { parseLabelSelector } from '../src/cli/label-selector.js';
import { UserError } from '../src/model/errors.js';
import { EXIT, outcomeExit } from '../src/cli/exit-codes.js';
import { fleetContexts, fleetFlags, runFleet, type ClusterOutput } from '../src/cli/fleet.js';
import type { LoadedSource } from '../src/cli/load.js';
import type { LabelSelector } from '../src/model/objects.js';
import type { Snapshot } from '../src/model/snapshot.js';

export default class Check extends GwCommand {
  static summary = 'Report every problem, with a stable code, cause and fix; exit 1 when any reaches --fail-on.';

  static description = `Runs the spec engine over the cluster or manifest files and lists each finding (codes in docs/findings.md). Exit 1 when findings reach --fail-on; exit 3 when something could not be read (RBAC) and none did, so a CI job never passes on an analysis it could not make. With -f CHANGE.yaml --against-cluster, the files are laid over the live cluster and the report shows what the change introduces, fixes and leaves, and which route attachments it breaks.`;

  static examples = [
    '<%= config.bin %> check -A',
    '<%= config.bin %> check -f manifests/ --fail-on warning',
    '<%= config.bin %> check -f change.yaml --against-cluster',
  ];

  static flags = {
    ...clusterFlags,
    ...fleetFlags,
    ...selectorFlag,
    ignore: Flags.string({
      multiple: true,
      multipleNonGreedy: true,
      description: 'Ignore a finding code everywhere (CODE), or for one object (CODE=KIND/NAMESPACE/NAME). Repeatable. An object can also carry the annotation kubectl-gw/ignore: "CODE,CODE".',
    }),
    'fail-on': Flags.string({ options: ['error', 'warning'], default: 'error', description: 'Lowest severity that fails (exit 1).' }),
    'against-cluster': Flags.boolean({ description: 'With -f: lay the files over the live cluster and report the impact of the change.' }),
    output: Flags.string({ char: 'o', options: ['wide', 'json', 'yaml', 'name'], description: 'Output format (name: the objects with findings).' }),
    ...watchFlags,
    ...outputFlags,
  };

  // Input problems (a malformed object, a value the API server would reject) are findings here.
  protected listsInputProblems = true;

  async run(): Promise<void> {
    const { flags } = await this.parse(Check);
    this.setupColor(flags, flags.output);
    if (flags['against-cluster'] && !flags.filename?.length) {
      throw new UserError('--against-cluster needs the change as -f FILE', { exitCode: 2 });
    }
    const watch = flags.watch ? await import('../src/cli/watch.js') : undefined;
    const watchError = watch?.watchUsageError(flags);
    if (watchError) throw new UserError(watchError, { exitCode: EXIT.usage });
    const selector = flags.selector ? parseLabelSelector(flags.selector) : undefined;
    // Usage errors first: an unknown code must not wait on (or be hidden by) the cluster.
    const { parseIgnores } = await import('../src/findings/suppress.js');
    parseIgnores(flags.ignore ?? []);
    const format = flags.output === 'name' ? undefined : (flags.output as 'wide' | 'json' | 'yaml' | undefined);
    const contexts = await fleetContexts(flags);
    if (contexts) {
      if (watch) throw new UserError('--watch follows one cluster: pick one --context', { exitCode: EXIT.usage });
      const { fleetFindings } = await import('../src/fleet/verdicts.js');
      const { fleetScope } = await import('../src/check/report.js');
      const render = await import('../src/render/check.js');
      const fleet = await runFleet(contexts, async (context) => this.cluster(await this.load({ ...flags, context }), flags, selector, format), {
        kind: 'CheckReport',
        across: (clusters) => {
          const report = fleetScope(fleetFindings(clusters), { ignore: flags.ignore ?? [], failOn: flags['fail-on'] as 'error' | 'warning' });
          return {
            findings: report.findings,
            text: render.renderAcrossClusters(report, format, this.terminalWidth()),
            data: { findings: report.findings, counts: report.counts, failed: report.failed },
            failed: report.failed,
          };
        },
      });
      this.out(format === 'json' || format === 'yaml' ? (await import('../src/render/data.js')).renderData(fleet.data, format) : fleet.text);
      if (fleet.exit !== EXIT.ok) this.exit(fleet.exit);
      return;
    }
    const source = await this.load(flags, { againstCluster: flags['against-cluster'] });
    if (watch) {
      const check = { namespace: source.namespace, ignore: flags.ignore ?? [], failOn: flags['fail-on'] as 'error' | 'warning', selector };
      const view = await watch.checkView({ check, output: format, width: () => this.terminalWidth() });
      return watch.watchCluster({ ...watch.watchOutput(source, this.verboseSink(flags)), view });
    }
    const render = await import('../src/render/check.js');
    if (source.clusterSnapshot) {
      const { checkImpact } = await import('../src/check/report.js');
      const opts = { namespace: source.namespace, ignore: flags.ignore ?? [], failOn: flags['fail-on'] as 'error' | 'warning', selector };
      const impact = checkImpact(source.clusterSnapshot, source.snapshot, opts);
      this.out(render.renderImpact(impact, format, this.terminalWidth()));
      this.finish(outcomeExit(impact));
      return;
    }
    const result = await this.cluster(source, { ...flags, names: flags.output === 'name' }, selector, format);
    this.out(result.text);
    if (result.exit !== EXIT.ok) this.exit(result.exit);
  }

  /** One cluster's report: its text (or -o document), and its graph for findings across clusters. */
  private async cluster(
    source: LoadedSource,
    flags: { ignore?: string[]; 'fail-on': string; names?: boolean },
    selector: LabelSelector | undefined,
    format: 'wide' | 'json' | 'yaml' | undefined,
  ): Promise<ClusterOutput> {
    if (!holdsGatewayApiObjects(source.snapshot, source.namespace)) {
      // Nothing to check is not a clean bill of health: a wrong folder, context or namespace.
      const inSource = source.from === 'files' ? 'the given files' : 'the cluster';
      const where = source.namespace === null ? `in ${inSource}` : `in namespace ${source.namespace} of ${inSource}`;
      throw new UserError(`nothing to check: no Gateway, ListenerSet or route ${where}`, {
        hint: source.namespace === null ? undefined : 'Use -A to check every namespace.',
      });
    }
    const { checkWithGraph } = await import('../src/check/report.js');
    const render = await import('../src/render/check.js');
    const opts = { namespace: source.namespace, ignore: flags.ignore ?? [], failOn: flags['fail-on'] as 'error' | 'warning', selector };
    const { report, graph } = checkWithGraph(source.snapshot, opts);
    return {
      text: flags.names
        ? (await import('../src/render/names.js')).renderNames(report.findings.map((f) => f.subject))
        : render.renderCheck(report, format, this.terminalWidth()),
      data: { ...report },
      exit: outcomeExit(report),
      graph,
      namespace: source.namespace,
    };
  }
}

/** Whether there is anything to check: a Gateway, ListenerSet or route in the namespace (any, for null). */
function holdsGatewayApiObjects(snapshot: Snapshot, namespace: string | null): boolean {
  const inScope = (o: { metadata: { namespace?: string } }) => namespace === null || o.metadata.namespace === namespace;
  return snapshot.gateways.some(inScope) || snapshot.listenerSets.some(inScope) || snapshot.routes.some(inScope);
}

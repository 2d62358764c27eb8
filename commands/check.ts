import { Flags } from '@oclif/core';
import { GwCommand } from '../src/cli/base-command.js';
import { clusterFlags, outputFlags } from '../src/cli/flags.js';
import { parseLabelSelector } from '../src/cli/label-selector.js';
import { UserError } from '../src/model/errors.js';

export default class Check extends GwCommand {
  static summary = 'Report every problem, with a stable code, cause and fix; exit 1 when any reaches --fail-on.';

  static description = `Runs the spec engine over the cluster or manifest files and lists each finding (codes in
docs/findings.md). Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error.
With -f CHANGE.yaml --against-cluster, the files are laid over the live cluster and the report
shows what the change introduces, fixes and leaves, and which route attachments it breaks.`;

  static examples = [
    '<%= config.bin %> check -A',
    '<%= config.bin %> check -f manifests/ --fail-on warning',
    '<%= config.bin %> check -f change.yaml --against-cluster',
  ];

  static flags = {
    ...clusterFlags,
    selector: Flags.string({ char: 'l', description: 'Only objects whose labels match (kubectl syntax: a=b,c!=d,e in (x,y)).' }),
    ignore: Flags.string({ multiple: true, multipleNonGreedy: true, description: 'Ignore a finding code (repeatable).' }),
    'fail-on': Flags.string({ options: ['error', 'warning'], default: 'error', description: 'Lowest severity that fails (exit 1).' }),
    'against-cluster': Flags.boolean({ description: 'With -f: lay the files over the live cluster and report the impact of the change.' }),
    output: Flags.string({ char: 'o', options: ['wide', 'json', 'yaml'], description: 'Output format.' }),
    ...outputFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Check);
    this.setupColor(flags, flags.output);
    if (flags['against-cluster'] && !flags.filename?.length) {
      throw new UserError('--against-cluster needs the change as -f FILE', { exitCode: 2 });
    }
    const selector = flags.selector ? parseLabelSelector(flags.selector) : undefined;
    const source = await this.load(flags, { againstCluster: flags['against-cluster'] });
    const { checkSnapshot, checkImpact } = await import('../src/check/report.js');
    const render = await import('../src/render/check.js');
    const opts = { namespace: source.namespace, ignore: flags.ignore ?? [], failOn: flags['fail-on'] as 'error' | 'warning', selector };
    const format = flags.output as 'wide' | 'json' | 'yaml' | undefined;
    if (source.clusterSnapshot) {
      const impact = checkImpact(source.clusterSnapshot, source.snapshot, opts);
      this.out(render.renderImpact(impact, format, this.terminalWidth()));
      if (impact.failed) this.exit(1);
      return;
    }
    const report = checkSnapshot(source.snapshot, opts);
    this.out(render.renderCheck(report, format, this.terminalWidth()));
    if (report.failed) this.exit(1);
  }
}

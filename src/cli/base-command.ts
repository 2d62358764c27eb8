// The base of every command: shared flag handling, colour, and the one place errors are shown.
// Expected failures (UserError, ApiError) print `error: <sentence>` and a hint, never a stack;
// anything else is a bug, shown in one line unless --debug asks for the stack.
import { Command, Errors, type Interfaces } from '@oclif/core';
import { describeInputProblem } from '../manifests/problems.js';
import { UserError } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { shouldColor, useColor } from '../render/style.js';
import { parseDuration } from './duration.js';
import type { ClusterOutput, FleetOptions } from './fleet.js';
import { loadSource, type LoadedSource, type SourceOptions } from './load.js';
import { failAtEnd } from './main.js';
import { NO_PROGRESS, startProgress } from './progress.js';

/** The flags of clusterFlags (and -v) as parsed. */
export interface SourceFlags {
  filename?: string[];
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  'request-timeout'?: string;
  verbose?: boolean;
  output?: string;
}

/** oclif's FlagOutput and ArgOutput (not exported by @oclif/core). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ParsedValues = { [name: string]: any };

export abstract class GwCommand extends Command {
  private debugEnabled = process.argv.includes('--debug');

  /** True for a command that lists -f input problems itself (check shows them as findings). */
  protected listsInputProblems = false;

  protected out(text: string): void {
    process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  }

  /** Ends a run that printed its answer with its exit status (src/cli/exit-codes.ts). */
  protected finish(code: ExitCode | number): void {
    if (code !== EXIT.ok) this.exit(code);
  }

  /**
   * explain's two ways: one cluster, or each of several contexts (--context a,b, --all-contexts)
   * read alike, then printed grouped by context. `one` answers for one cluster's source.
   */
  protected async oneOrFleet(
    flags: SourceFlags & { 'all-contexts'?: boolean },
    read: Partial<SourceOptions>,
    one: (source: LoadedSource, context?: string) => Promise<ClusterOutput>,
    fleetOptions: FleetOptions,
  ): Promise<void> {
    const { fleetContexts, runFleet } = await import('./fleet.js');
    const contexts = await fleetContexts(flags);
    if (!contexts) {
      const result = await one(await this.load(flags, read));
      this.out(result.text);
      this.finish(result.exit);
      return;
    }
    const fleet = await runFleet(contexts, async (context) => one(await this.load({ ...flags, context }, read), context), fleetOptions);
    const format = flags.output as 'json' | 'yaml' | undefined;
    if (format) {
      const { renderData } = await import('../render/data.js');
      this.out(renderData(fleet.data, format));
    } else {
      this.out(fleet.text);
    }
    this.finish(fleet.exit);
  }

  protected note(text: string): void {
    process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  protected setupColor(flags: { 'no-color'?: boolean }, output?: string): void {
    useColor(
      shouldColor({
        noColorFlag: Boolean(flags['no-color']),
        env: process.env,
        isTTY: Boolean(process.stdout.isTTY),
        output,
      }),
    );
  }

  /**
   * The terminal's width, for text to wrap to; undefined when stdout is not a terminal, so piped
   * output keeps each row on one whole line for grep.
   */
  protected terminalWidth(): number | undefined {
    return process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined;
  }

  protected timeoutMs(flags: { 'request-timeout'?: string }): number {
    return parseDuration(flags['request-timeout'] ?? '30s', '--request-timeout');
  }

  protected verboseSink(flags: { verbose?: boolean }): ((line: string) => void) | undefined {
    return flags.verbose ? (line) => this.note(line) : undefined;
  }

  /** Reads the source the shared flags ask for (see src/cli/load.ts). */
  protected async load(flags: SourceFlags, extra: Partial<SourceOptions> = {}): Promise<LoadedSource> {
    // A read of the cluster that takes long shows one line of progress on a terminal (-f alone reads none).
    const readsCluster = !flags.filename?.length || Boolean(extra.againstCluster);
    const progress = readsCluster
      ? startProgress({ stream: process.stderr, stdoutIsTTY: Boolean(process.stdout.isTTY), output: flags.output, verbose: flags.verbose })
      : NO_PROGRESS;
    let source: LoadedSource;
    try {
      source = await loadSource({
        files: flags.filename,
        kubeconfig: flags.kubeconfig,
        context: flags.context,
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        requestTimeoutMs: this.timeoutMs(flags),
        verbose: this.verboseSink(flags),
        onRead: progress.onRead,
        ...extra,
      });
    } finally {
      progress.done();
    }
    // What was skipped (a CRD not installed, a kind ignored in the files), said once with -v.
    if (flags.verbose) for (const line of source.snapshot.notes) this.note(`note: ${line}`);
    this.reportInputProblems(source.snapshot, Boolean(flags.verbose));
    return source;
  }

  /**
   * -f input that could not be read (a file, a malformed object) is an error on stderr, and the
   * command goes on with the rest and exits 1 at the end, as kubectl does. A value the API server
   * would reject leaves the object in place: `check` lists each (VL5xx); other commands say how
   * many there are.
   */
  private reportInputProblems(snapshot: Snapshot, verbose: boolean): void {
    if (this.listsInputProblems) return;
    const problems = snapshot.inputProblems ?? [];
    const skipped = problems.filter((p) => p.skipped);
    for (const p of skipped) this.note(`error: ${describeInputProblem(p)}`);
    if (skipped.length > 0) failAtEnd();
    const invalid = problems.filter((p) => !p.skipped);
    if (invalid.length === 0) return;
    if (verbose) for (const p of invalid) this.note(`note: ${describeInputProblem(p)}${p.rule ? ` [${p.rule}]` : ''}`);
    const n = invalid.length;
    this.note(`warning: ${n} ${n === 1 ? 'value' : 'values'} in the files would be rejected by the API server (kubectl gw check -f lists ${n === 1 ? 'it' : 'them'})`);
  }

  /** Whether the command line has been parsed: an oclif error before that is a usage error. */
  private lineParsed = false;

  protected async parse<F extends ParsedValues, B extends ParsedValues, A extends ParsedValues>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const out = await super.parse(options, argv);
    this.lineParsed = true;
    return out;
  }

  async catch(err: Error & { oclif?: { exit?: number } }): Promise<unknown> {
    if (err instanceof UserError) {
      this.note(err.message.startsWith('Error from server') ? err.message : `error: ${err.message}`);
      if (err.hint) this.note(err.hint);
      if (this.debugEnabled && err.cause) this.note(String((err.cause as Error).stack ?? err.cause));
      return this.exit(err.exitCode);
    }
    // A flag or argument the parser rejected is a usage error: exit 2. Some of the parser's
    // errors are plain CLIErrors ("Flag --namespace expects a value"): any error but an exit
    // before parsing finished is one too.
    if (err instanceof Errors.CLIError && !(err instanceof Errors.ExitError) && ('parse' in err || !this.lineParsed)) {
      const message = err.message
        .split('\n')
        .filter((line) => !/See more help/.test(line))
        .join(' ')
        .replace(/\s+/g, ' ')
        // oclif's note about multi-value flags does not apply: -f takes one value per use.
        .replace(/ Note: .*$/, '')
        .trim();
      this.note(`error: ${message}`);
      this.note(`See 'kubectl gw ${this.id?.replace(/:/g, ' ') ?? ''} --help'.`);
      return this.exit(2);
    }
    // oclif's own errors (exit) carry their exit code and message already.
    if (err instanceof Errors.ExitError || err.oclif) return super.catch(err);
    this.note(`error: unexpected failure: ${err.message}`);
    this.note(this.debugEnabled ? String(err.stack) : 'This is a bug in kubectl-gw; run again with --debug to see details.');
    return this.exit(70);
  }
}

// Watch mode for `tree -w` and `check -w`: show the first read, then follow the cluster
// (src/kube/watch.ts) and show each change.
//
// On a terminal the whole output is redrawn in place, at most twice a second however fast the
// cluster changes. Off a terminal (a pipe, a log file) only what changed is printed, in the
// formats of src/render/changes.ts: "-"/"+" rows of the tree under their context, "+"/"-"
// findings of check and the new totals; -o json|yaml print the whole document again on each
// change. Ctrl-C ends the watches (every connection closed, no timer left) and exits 0.
import type { CheckOptions, CheckReport } from '../check/report.js';
import type { Connection } from '../kube/connection.js';
import type { Snapshot } from '../model/snapshot.js';
import { dim } from '../render/style.js';
import type { GraphFilter } from '../render/view.js';

/** What a command shows of one snapshot, whole and as a change. */
export interface WatchView<T> {
  compute(snapshot: Snapshot): T;
  /** Everything, as first printed (and redrawn on a terminal). */
  full(state: T): string;
  /** What changed from `before` to `after`, off a terminal; '' when nothing the user sees did. */
  changes(before: T, after: T): string;
}

export interface WatchOptions<T> {
  connection: Connection;
  /** The command's first read of the cluster. */
  first: Snapshot;
  view: WatchView<T>;
  /** stdout is a terminal: redraw in place; otherwise print changes only. */
  terminal: boolean;
  write(text: string): void;
  /** A line for stderr (re-lists and failures are said with -v only; errors always). */
  warn(line: string): void;
  verbose?: (line: string) => void;
}

/** At most two redraws a second. */
export const MIN_REDRAW_INTERVAL_MS = 500;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs `action` after each burst of pokes, never twice within `intervalMs` and never two at once:
 * pokes that arrive meanwhile are folded into one more run.
 */
export class Pacer {
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private running = false;
  private pending = false;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly action: () => Promise<void>,
    private readonly clock: Clock = realClock,
  ) {}

  poke(): void {
    this.pending = true;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.running || this.timer !== undefined || !this.pending) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.clock.now());
    // Even with no wait, a timer: the events of one burst arrive in one tick and make one run.
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.fire();
    }, wait);
  }

  private async fire(): Promise<void> {
    if (this.stopped) return;
    this.pending = false;
    this.running = true;
    this.last = this.clock.now();
    try {
      await this.action();
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}

/** Cursor home and clear screen, then the output under a one-line header. */
function screen(text: string): string {
  const time = new Date().toTimeString().slice(0, 8);
  return `\x1b[H\x1b[2J${dim(`Watching; Ctrl-C to stop. Updated ${time}`)}\n\n${text}`;
}

/** Shows the first read, then every change, until Ctrl-C. */
export async function watchCluster<T>(opts: WatchOptions<T>): Promise<void> {
  const { view, terminal, write } = opts;
  const controller = new AbortController();
  // This listener makes the process-wide Ctrl-C handler (src/cli/main.ts) stand aside: the
  // watches close, the command returns, and the process exits 0.
  const onInterrupt = () => controller.abort();
  process.on('SIGINT', onInterrupt);

  let shown = view.compute(opts.first);
  let shownText = view.full(shown);
  write(terminal ? screen(shownText) : shownText);

  const { ClusterWatch } = await import('../kube/watch.js');
  let watch: Awaited<ReturnType<typeof ClusterWatch.start>> | undefined;
  const pacer = new Pacer(MIN_REDRAW_INTERVAL_MS, async () => {
    if (!watch || controller.signal.aborted) return;
    try {
      const next = view.compute(await watch.snapshot());
      const nextText = view.full(next);
      // A redraw only when what the user sees changed (the periodic re-read of Secrets changes
      // nothing most of the time); "Updated" in the header is when it last did.
      if (terminal && nextText !== shownText) write(screen(nextText));
      else if (!terminal) write(view.changes(shown, next));
      shown = next;
      shownText = nextText;
    } catch (e) {
      opts.warn(`warning: ${(e as Error).message}`);
    }
  });
  try {
    watch = await ClusterWatch.start(opts.connection, opts.first, {
      signal: controller.signal,
      onChange: () => pacer.poke(),
      log: opts.verbose,
    });
    opts.verbose?.(`watching ${watch.watchedKinds} kinds`);
    await watch.done;
  } finally {
    pacer.stop();
    process.off('SIGINT', onInterrupt);
  }
}

// ---- What tree -w and check -w show ----

export interface TreeWatchOptions {
  filter: GraphFilter;
  output?: string;
  /** The terminal's width now (it may change between redraws). */
  width: () => number | undefined;
}

/** tree -w: the tree (or -o wide), or the whole -o json|yaml document again on each change. */
export async function treeView(opts: TreeWatchOptions): Promise<WatchView<string>> {
  const { buildGraph } = await import('../graph/build.js');
  const render = await import('../render/index.js');
  const { treeChanges } = await import('../render/changes.js');
  const { output, filter } = opts;
  const data = output === 'json' || output === 'yaml';
  return {
    compute: (snapshot) => {
      const graph = buildGraph(snapshot);
      if (data) return render.renderData(render.graphDocument(graph, filter), output);
      return render.renderTree(graph, { ...filter, wide: output === 'wide', width: opts.width() });
    },
    full: (text) => text,
    changes: (before, after) => {
      if (!data) return treeChanges(before, after);
      if (before === after) return '';
      return output === 'yaml' ? `---\n${after}` : after;
    },
  };
}

export interface CheckWatchOptions {
  check: CheckOptions;
  output?: 'wide' | 'json' | 'yaml';
  width: () => number | undefined;
}

/** check -w: the findings table, then new and resolved findings (or the whole report again). */
export async function checkView(opts: CheckWatchOptions): Promise<WatchView<CheckReport>> {
  const { checkSnapshot } = await import('../check/report.js');
  const { renderCheck } = await import('../render/check.js');
  const { findingChanges } = await import('../render/changes.js');
  const { output } = opts;
  const data = output === 'json' || output === 'yaml';
  const full = (report: CheckReport) => renderCheck(report, output, opts.width());
  return {
    compute: (snapshot) => checkSnapshot(snapshot, opts.check),
    full,
    changes: (before, after) => {
      if (!data) return findingChanges(before, after);
      const text = full(after);
      if (text === full(before)) return '';
      return output === 'yaml' ? `---\n${text}` : text;
    },
  };
}

/** Usage errors of -w, said before anything is read. */
export function watchUsageError(flags: { filename?: string[]; output?: string; 'against-cluster'?: boolean }): string | undefined {
  if (flags.filename?.length) return '--watch follows a cluster; it cannot be used with -f';
  if (flags.output && !['wide', 'json', 'yaml'].includes(flags.output)) return `--watch cannot be used with -o ${flags.output}`;
  return undefined;
}

/** The parts of WatchOptions every command fills the same way: the cluster read, stdout, stderr. */
export function watchOutput(
  source: { connection?: Connection; snapshot: Snapshot },
  verbose?: (line: string) => void,
): Omit<WatchOptions<unknown>, 'view'> {
  if (!source.connection) throw new Error('watch mode needs a cluster connection');
  return {
    connection: source.connection,
    first: source.snapshot,
    terminal: Boolean(process.stdout.isTTY),
    write: (text) => {
      if (text !== '') process.stdout.write(text);
    },
    warn: (line) => process.stderr.write(`${line}\n`),
    verbose,
  };
}

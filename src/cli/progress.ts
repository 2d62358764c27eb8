// One line of progress on stderr while a cluster read takes long: what is being read and how
// many objects have arrived, redrawn in place and cleared when the read is done, so the output
// that follows starts on a clean line. Shown only to a person watching: stderr is a terminal,
// the read has taken about a second already, and -v is not printing its own lines. Never when
// -o json|yaml goes to a pipe (a script is reading, not a person).
//
// src/kube calls the hook (ReadProgress) after each response; it knows nothing of terminals.

/** Called by src/kube after each response: the request path and how many objects it held (a list's items, else 1). */
export type ReadProgress = (path: string, objects: number) => void;

export interface ProgressOptions {
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
  /** stdout is a terminal (machine output to a pipe never gets progress). */
  stdoutIsTTY: boolean;
  output?: string;
  /** -v prints its own lines instead. */
  verbose?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How long a read runs before the line appears. */
  delayMs?: number;
  /** Least time between two redraws. */
  redrawMs?: number;
}

export interface Progress {
  onRead: ReadProgress;
  /** Clears the line (if shown) and stops; call before printing anything else. */
  done(): void;
}

/** For a command that reads no cluster. */
export const NO_PROGRESS: Progress = { onRead: () => {}, done: () => {} };

/** Whether a progress line may be shown at all. */
export function progressWanted(opts: Pick<ProgressOptions, 'stream' | 'stdoutIsTTY' | 'output' | 'verbose' | 'env'>): boolean {
  if (!opts.stream.isTTY || opts.verbose) return false;
  if ((opts.env ?? process.env).TERM === 'dumb') return false;
  if ((opts.output === 'json' || opts.output === 'yaml') && !opts.stdoutIsTTY) return false;
  return true;
}

export function startProgress(opts: ProgressOptions): Progress {
  if (!progressWanted(opts)) return NO_PROGRESS;
  const { stream } = opts;
  const redrawMs = opts.redrawMs ?? 100;
  let objects = 0;
  let resource = '';
  let shown = false;
  let finished = false;
  let lastDraw = 0;

  const draw = () => {
    if (finished) return;
    const text = `Reading the cluster: ${resource || 'discovery'}, ${objects.toLocaleString('en-US')} object${objects === 1 ? '' : 's'} so far...`;
    // Never wider than the terminal: a wrapped line could not be cleared with one \r.
    const width = Math.max(10, (stream.columns || 80) - 1);
    stream.write(`\r${text.length > width ? text.slice(0, width) : text}\x1b[K`);
    shown = true;
    lastDraw = Date.now();
  };
  const timer = setTimeout(draw, opts.delayMs ?? 1000);
  // The timer alone must not keep a finished command alive.
  timer.unref();

  return {
    onRead(path, count) {
      const what = resourceOfPath(path);
      // Discovery documents are not objects of the cluster.
      if (what === 'discovery') return;
      resource = what;
      objects += count;
      if (shown && Date.now() - lastDraw >= redrawMs) draw();
    },
    done() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** The resource a request path reads: the plural after the group/version (and namespace). */
export function resourceOfPath(path: string): string {
  const parts = path.split('?')[0].split('/').filter(Boolean);
  // /api/v1/[namespaces/NS/]PLURAL[/NAME] or /apis/GROUP/VERSION/[namespaces/NS/]PLURAL[/NAME]
  let rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : parts;
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  return rest[0] ?? 'discovery';
}

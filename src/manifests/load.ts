// `-f FILE|DIR|URL|-` (repeatable) into a Snapshot. Coverage is "files" for every resource: an
// object absent here is only "not in the given files", never "does not exist". Nothing is
// invented to fill gaps (no Namespace for a namespace the files merely mention). What could not
// be read, and values the API server would reject, go to `inputProblems`; the run goes on with
// the rest and the command exits 1 at the end.
import { UserError } from '../model/errors.js';
import { emptySnapshot, objectKey, type InputProblem, type Snapshot } from '../model/snapshot.js';
import { addObject } from '../snapshot/collect.js';
import { parseManifestText } from './documents.js';
import { removeFirstWithKey } from './snapshot-keys.js';
import { describeInputProblem } from './problems.js';
import { readSources } from './sources.js';

export interface LoadOptions {
  /** Read for "-"; process.stdin when not given. */
  stdin?: NodeJS.ReadableStream;
  /** Said with -v: each file read and each object skipped. */
  verbose?: (line: string) => void;
  /** Limit for reading one -f URL, in ms (0: none; default 30 s). */
  urlTimeoutMs?: number;
}

export async function loadManifestSnapshot(paths: string[], opts: LoadOptions = {}): Promise<Snapshot> {
  const verbose = opts.verbose ?? (() => {});
  const { sources, problems } = await readSources(paths, opts.stdin ?? process.stdin, { urlTimeoutMs: opts.urlTimeoutMs });
  const snapshot = emptySnapshot({ state: 'files' });
  const originByKey = new Map<string, string>();
  const ignoredKinds = new Map<string, number>();
  let objectCount = 0;

  for (const source of sources) {
    const parsed = parseManifestText(source.text, source.name, source.format);
    const objects = parsed.objects;
    problems.push(...parsed.problems);
    for (const note of parsed.notes) verbose(note);
    verbose(`read ${source.name}: ${plural(objects.length, 'object')}`);
    for (const { object, position } of objects) {
      objectCount++;
      const origin = `${source.name}:${position.line}`;
      if (!addObject(snapshot, object, origin)) {
        ignoredKinds.set(object.kind, (ignoredKinds.get(object.kind) ?? 0) + 1);
        verbose(`${origin}: ignored ${object.kind} ${describeName(object.metadata)} (kubectl-gw does not read this kind)`);
        continue;
      }
      // addObject has filled the default namespace, so the key is the one the API would use.
      const key = objectKey(object.kind, object.metadata.namespace, object.metadata.name);
      const earlier = originByKey.get(key);
      if (earlier !== undefined) {
        // The later one wins, as with `kubectl apply -f` of both; the first in the list is the earlier.
        removeFirstWithKey(snapshot, key);
        snapshot.notes.push(`${object.kind} ${describeName(object.metadata)} appears twice (${earlier} and ${origin}); the later one is used`);
      }
      originByKey.set(key, origin);
    }
  }

  if (objectCount === 0 && problems.length > 0) {
    // Nothing could be read: the first problem is the error.
    const [first] = problems;
    throw new UserError(describeInputProblem(first), {
      hint: problems.length > 1 ? `${problems.length - 1} more ${problems.length === 2 ? 'problem' : 'problems'} in the input; no object could be read.` : undefined,
    });
  }
  if (objectCount === 0) {
    const named = paths.map((p) => (p === '-' ? 'stdin' : `"${p}"`)).join(', ');
    throw new UserError(`no objects found in ${named}`, {
      hint: 'Directories are read for files ending in .yaml, .yml or .json.',
    });
  }
  if (ignoredKinds.size > 0) {
    const total = [...ignoredKinds.values()].reduce((a, b) => a + b, 0);
    const kinds = [...ignoredKinds.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([kind, n]) => `${kind} (${n})`)
      .join(', ');
    snapshot.notes.push(`ignored ${plural(total, 'object')} of kinds kubectl-gw does not read: ${kinds}`);
  }
  if (problems.length > 0) snapshot.inputProblems = sortedByPlace(problems);
  return snapshot;
}

/** By file (byte order, as directories are read), then line and column. */
function sortedByPlace(problems: InputProblem[]): InputProblem[] {
  const place = (p: InputProblem) => {
    const m = /^(.*?)(?::(\d+):(\d+))?$/.exec(p.origin)!;
    return { file: m[1], line: Number(m[2] ?? 0), col: Number(m[3] ?? 0) };
  };
  return [...problems].sort((a, b) => {
    const x = place(a);
    const y = place(b);
    return (x.file < y.file ? -1 : x.file > y.file ? 1 : 0) || x.line - y.line || x.col - y.col;
  });
}

function describeName(metadata: { namespace?: string; name: string }): string {
  return metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

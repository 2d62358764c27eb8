// From the text of one -f source to Kubernetes objects with positions: YAML documents or a JSON
// stream, `kind: List` (and typed lists such as HTTPRouteList) unwrapped, and each object checked
// for the three fields every object needs, and the fields the engine reads checked for shape.
// What is malformed is reported with `file:line:col` and skipped, one document or object at a
// time, as kubectl does: the rest of the file is still read (the run exits 1 at the end).
// `status` is never a reason to refuse an object (kubectl apply ignores it): a malformed part of
// it is dropped, with a note.
import { Composer, LineCounter, Parser } from 'yaml';
import type { KubeObject } from '../model/objects.js';
import type { InputProblem } from '../model/snapshot.js';
import { resourceOf } from '../snapshot/collect.js';
import { parseJsonStream } from './json-stream.js';
import { lineIndex, type Position } from './positions.js';
import { crdViolations } from './crd-validation.js';
import { fieldName, pruneStatus, shapeProblem } from './shape.js';
import { plainYamlError } from './yaml-errors.js';

export type ManifestFormat = 'yaml' | 'json';

export interface ManifestObject {
  object: KubeObject;
  /** Where the object's text starts (its first key). */
  position: Position;
}

type Path = Array<string | number>;

/** One parsed document: its plain value, and where any part of it (by path) starts. */
interface ParsedDocument {
  value: unknown;
  /** Where the value at `path` starts, or the deepest part of the path that exists. */
  at(path: Path): Position;
}

export interface ParsedManifest {
  objects: ManifestObject[];
  /** Documents and objects that could not be read (skipped), and parts of status dropped. */
  problems: InputProblem[];
  /** Sentences for -v: what was dropped from a status. */
  notes: string[];
}

/** An object that cannot be read: said at `pos`, and left out. */
class Malformed extends Error {
  constructor(
    readonly pos: Position,
    message: string,
    readonly object?: InputProblem['object'],
    readonly resource?: InputProblem['resource'],
  ) {
    super(message);
  }
}

const origin = (file: string, pos: Position) => `${file}:${pos.line}:${pos.col}`;

export function parseManifestText(text: string, file: string, format: ManifestFormat): ParsedManifest {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: ParsedManifest = { objects: [], problems: [], notes: [] };
  const malformed = (e: Malformed) =>
    out.problems.push({
      code: 'VL502',
      origin: origin(file, e.pos),
      message: e.message,
      skipped: true,
      ...(e.object ? { object: e.object } : {}),
      ...(e.resource ? { resource: e.resource } : {}),
    });
  const documents = format === 'json' ? jsonDocuments(source, malformed) : yamlDocuments(source, malformed);
  for (const doc of documents) collectObjects(doc, [], file, out, malformed);
  return out;
}

/**
 * The documents of a YAML stream, one at a time: each document's syntax tree is dropped once its
 * objects are collected, so memory (and the garbage collector's work, which grew faster than the
 * input when every tree of a 20,000-object file was kept to the end) follows one document.
 */
function* yamlDocuments(text: string, malformed: (e: Malformed) => void): Generator<ParsedDocument> {
  const lineCounter = new LineCounter();
  // merge: `<<` merge keys, which kubectl's YAML reader (YAML 1.1) resolves.
  const composer = new Composer({ prettyErrors: false, merge: true });
  const docs = composer.compose(new Parser(lineCounter.addNewLine).parse(text), true, text.length);
  for (const doc of docs) {
    // A document with a syntax error is skipped; the documents around it are still read.
    if (doc.errors.length > 0) {
      const { offset, message } = plainYamlError(doc.errors, doc, text);
      malformed(new Malformed(lineCounter.linePos(offset), message));
      continue;
    }
    const startOf = (path: Path): Position => {
      for (let depth = path.length; depth > 0; depth--) {
        const range = (doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | null | undefined)?.range;
        if (range) return lineCounter.linePos(range[0]);
      }
      return lineCounter.linePos((doc.contents?.range ?? doc.range)[0]);
    };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Unresolved or excessive aliases surface only when the document is turned into data.
      malformed(new Malformed(startOf([]), (e as Error).message.replace(/^\w/, (c) => c.toLowerCase())));
      continue;
    }
    yield { value, at: startOf };
  }
}

function jsonDocuments(text: string, malformed: (e: Malformed) => void): ParsedDocument[] {
  const positionOf = lineIndex(text);
  const stream = parseJsonStream(text);
  // After a JSON syntax error nothing that follows can be trusted: the rest of the file is skipped.
  if (stream.error) malformed(new Malformed(positionOf(stream.error.offset), stream.error.message));
  const { memberOffsets } = stream;
  return stream.values.map(({ value, offset }) => ({
    value,
    at(path: Path): Position {
      let node: unknown = value;
      let found = offset;
      for (const key of path) {
        const start = node !== null && typeof node === 'object' ? memberOffsets.get(node)?.get(key) : undefined;
        if (start === undefined) break;
        found = start;
        node = (node as Record<string | number, unknown>)[key];
      }
      return positionOf(found);
    },
  }));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `the ${typeof value} ${String(value)}`;
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * `kind: List` is kubectl's wrapper (`kubectl get -o yaml`); a typed list (`HTTPRouteList`) is what
 * the API server returns for a list call, and its items may omit apiVersion and kind.
 */
function listItemDefaults(obj: Record<string, unknown>): { apiVersion?: unknown; kind?: string } | null {
  const kind = obj.kind;
  if (kind === 'List') return {};
  if (typeof kind === 'string' && kind.endsWith('List') && kind !== 'List' && Array.isArray(obj.items)) {
    return { apiVersion: obj.apiVersion, kind: kind.slice(0, -'List'.length) };
  }
  return null;
}

function collectObjects(doc: ParsedDocument, path: Path, file: string, out: ParsedManifest, malformed: (e: Malformed) => void): void {
  let value: unknown = doc.value;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  // An empty document (a stray `---`, a file of comments) holds nothing, as for kubectl.
  if (path.length === 0 && (value === null || value === undefined)) return;
  if (!isMapping(value)) {
    malformed(
      new Malformed(doc.at(path), `expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), found ${describeValue(value)}`),
    );
    return;
  }

  const list = listItemDefaults(value);
  if (list) {
    const items = value.items ?? [];
    if (!Array.isArray(items)) {
      malformed(new Malformed(doc.at([...path, 'items']), `the items of a ${String(value.kind)} must be a list`));
      return;
    }
    items.forEach((item, i) => {
      if (isMapping(item)) {
        if (item.apiVersion === undefined && list.apiVersion !== undefined) item.apiVersion = list.apiVersion;
        if (item.kind === undefined && list.kind !== undefined) item.kind = list.kind;
      }
      collectObjects(doc, [...path, 'items', i], file, out, malformed);
    });
    return;
  }
  try {
    out.objects.push(readObject(doc, path, value, file, out.notes, out.problems));
  } catch (e) {
    if (e instanceof Malformed) malformed(e);
    else throw e;
  }
}

/** One object, checked; throws Malformed when it cannot be read. */
function readObject(
  doc: ParsedDocument,
  path: Path,
  value: Record<string, unknown>,
  file: string,
  notes: string[],
  problems: InputProblem[],
): ManifestObject {
  const missing: string[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = value[field];
    if (v === undefined || v === null || v === '') missing.push(field);
    else if (typeof v !== 'string') throw new Malformed(doc.at([...path, field]), `${field} must be text, found ${describeValue(v)}`);
  }
  const metadata = value.metadata;
  const name = isMapping(metadata) ? metadata.name : undefined;
  if (name === undefined || name === null || name === '') missing.push('metadata.name');
  else if (typeof name !== 'string') {
    throw new Malformed(doc.at([...path, 'metadata', 'name']), `metadata.name must be text, found ${describeValue(name)}`);
  }
  if (missing.length > 0) {
    const onlyName = missing.length === 1 && missing[0] === 'metadata.name' && isMapping(metadata);
    throw new Malformed(
      doc.at(onlyName ? [...path, 'metadata'] : path),
      `the object has no ${joinAnd(missing)} (every object needs apiVersion, kind and metadata.name)`,
    );
  }
  const labels = isMapping(metadata) && isMapping(metadata.labels) ? (metadata.labels as Record<string, string>) : undefined;
  const resource = resourceOf(value.apiVersion as string, value.kind as string, labels);
  const namespace = isMapping(metadata) && typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
  const identity = { kind: value.kind as string, ...(namespace ? { namespace } : {}), name: name as string };
  const problem = resource ? shapeProblem(resource, value) : null;
  if (problem) {
    throw new Malformed(doc.at([...path, ...problem.path]), problem.message, identity, resource ?? undefined);
  }
  if (resource) {
    // Values the API server would reject: the object is kept (the engine can read it), each is said.
    for (const v of crdViolations(resource, value)) {
      const at = doc.at([...path, ...v.path]);
      problems.push({
        code: v.code,
        origin: origin(file, at),
        object: identity,
        resource,
        field: fieldName(v.path),
        message: v.message,
        rule: v.rule,
        skipped: false,
      });
    }
    for (const dropped of pruneStatus(resource, value)) {
      const at = doc.at([...path, ...dropped.path]);
      notes.push(`${file}:${at.line}:${at.col}: ${identity.kind} ${namespace ? `${namespace}/` : ''}${identity.name}: ${dropped.message}`);
    }
  }
  return { object: value as unknown as KubeObject, position: doc.at(path) };
}

// From the text of one -f source to Kubernetes objects with positions: YAML documents or a JSON
// stream, `kind: List` (and typed lists such as HTTPRouteList) unwrapped, and each object checked
// for the three fields every object needs, and the fields the engine reads checked for shape.
// Anything malformed stops the run with `file:line:col`.
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../model/objects.js';
import { resourceOf } from '../snapshot/collect.js';
import { JsonSyntaxError, parseJsonStream } from './json-stream.js';
import { lineIndex, positionedError, type Position } from './positions.js';
import { shapeProblem } from './shape.js';
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

export function parseManifestText(text: string, file: string, format: ManifestFormat): ManifestObject[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const documents = format === 'json' ? jsonDocuments(source, file) : yamlDocuments(source, file);
  const out: ManifestObject[] = [];
  for (const doc of documents) collectObjects(doc, [], file, out);
  return out;
}

function yamlDocuments(text: string, file: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const docs = [...parseAllDocuments(text, { lineCounter, prettyErrors: false })];
  // Syntax first, in every document, before any object is judged: a parser's order.
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const { offset, message } = plainYamlError(doc.errors, doc, text);
      throw positionedError(file, lineCounter.linePos(offset), message);
    }
  }
  return docs.map((doc) => {
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
      throw positionedError(file, startOf([]), (e as Error).message.replace(/^\w/, (c) => c.toLowerCase()));
    }
    return { value, at: startOf };
  });
}

function jsonDocuments(text: string, file: string): ParsedDocument[] {
  const positionOf = lineIndex(text);
  let stream;
  try {
    stream = parseJsonStream(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw positionedError(file, positionOf(e.offset), e.message);
    throw e;
  }
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

function collectObjects(doc: ParsedDocument, path: Path, file: string, out: ManifestObject[]): void {
  let value: unknown = doc.value;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  // An empty document (a stray `---`, a file of comments) holds nothing, as for kubectl.
  if (path.length === 0 && (value === null || value === undefined)) return;
  if (!isMapping(value)) {
    throw positionedError(
      file,
      doc.at(path),
      `expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), found ${describeValue(value)}`,
    );
  }

  const list = listItemDefaults(value);
  if (list) {
    const items = value.items ?? [];
    if (!Array.isArray(items)) throw positionedError(file, doc.at([...path, 'items']), `the items of a ${String(value.kind)} must be a list`);
    items.forEach((item, i) => {
      if (isMapping(item)) {
        if (item.apiVersion === undefined && list.apiVersion !== undefined) item.apiVersion = list.apiVersion;
        if (item.kind === undefined && list.kind !== undefined) item.kind = list.kind;
      }
      collectObjects(doc, [...path, 'items', i], file, out);
    });
    return;
  }

  const missing: string[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = value[field];
    if (v === undefined || v === null || v === '') missing.push(field);
    else if (typeof v !== 'string') throw positionedError(file, doc.at([...path, field]), `${field} must be text, found ${describeValue(v)}`);
  }
  const metadata = value.metadata;
  const name = isMapping(metadata) ? metadata.name : undefined;
  if (name === undefined || name === null || name === '') missing.push('metadata.name');
  else if (typeof name !== 'string') {
    throw positionedError(file, doc.at([...path, 'metadata', 'name']), `metadata.name must be text, found ${describeValue(name)}`);
  }
  if (missing.length > 0) {
    const onlyName = missing.length === 1 && missing[0] === 'metadata.name' && isMapping(metadata);
    throw positionedError(
      file,
      doc.at(onlyName ? [...path, 'metadata'] : path),
      `the object has no ${joinAnd(missing)} (every object needs apiVersion, kind and metadata.name)`,
    );
  }
  const labels = isMapping(metadata) && isMapping(metadata.labels) ? (metadata.labels as Record<string, string>) : undefined;
  const resource = resourceOf(value.apiVersion as string, value.kind as string, labels);
  const problem = resource ? shapeProblem(resource, value) : null;
  if (problem) {
    const namespace = isMapping(metadata) && typeof metadata.namespace === 'string' && metadata.namespace ? `${metadata.namespace}/` : '';
    throw positionedError(file, doc.at([...path, ...problem.path]), `${String(value.kind)} ${namespace}${String(name)}: ${problem.message}`);
  }
  out.push({ object: value as unknown as KubeObject, position: doc.at(path) });
}

// Server-side printing: the meta.k8s.io Table kube-apiserver returns when a client (kubectl get)
// asks for `as=Table`. Columns follow the CRD additionalPrinterColumns convention: the first
// JSONPath result of each column, strings printed as the JSONPath printer does, dates as ages.
import type { KubeObject } from '../../src/model/objects.js';
import type { PrinterColumn, ServedResource } from './resources.js';

type Json = unknown;

function parseFilter(expr: string): (v: Json) => boolean {
  const m = /^\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)$/.exec(expr);
  if (!m) throw new Error(`unsupported JSONPath filter [${expr}]`);
  const [, path, want] = m;
  return (v) => path.split('.').reduce<Json>((o, k) => (o as Record<string, Json> | undefined)?.[k], v) === want;
}

/** Evaluates the JSONPath subset used by printer columns; returns every match in order. */
export function jsonPathResults(obj: Json, jsonPath: string): Json[] {
  const steps = jsonPath.match(/\.[^.[]+|\[[^\]]*\]/g) ?? [];
  let current: Json[] = [obj];
  for (const step of steps) {
    const next: Json[] = [];
    for (const value of current) {
      if (value === null || value === undefined) continue;
      if (step.startsWith('.')) {
        const child = (value as Record<string, Json>)[step.slice(1)];
        if (child !== undefined) next.push(child);
      } else if (Array.isArray(value)) {
        const inner = step.slice(1, -1);
        if (inner === '*') next.push(...value);
        else if (/^\d+$/.test(inner)) {
          if (value[Number(inner)] !== undefined) next.push(value[Number(inner)]);
        } else next.push(...value.filter(parseFilter(inner)));
      }
    }
    current = next;
  }
  return current;
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration, as kubectl prints AGE. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

function cell(obj: KubeObject, column: PrinterColumn, now: number): Json {
  const [first] = jsonPathResults(obj, column.jsonPath);
  if (first === undefined || first === null) return null;
  if (column.type === 'date') {
    const t = Date.parse(String(first));
    return Number.isNaN(t) ? null : humanDuration(now - t);
  }
  if (column.type === 'string') return typeof first === 'object' ? JSON.stringify(first) : String(first);
  return first;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A meta.k8s.io Table of `items` with NAME then the resource's columns. */
export function toTable(
  resource: ServedResource,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
  tableVersion: 'v1' | 'v1beta1',
  includeObject: IncludeObject,
): object {
  const now = Date.now();
  const columns = resource.columns ?? [{ name: 'Age', jsonPath: '.metadata.creationTimestamp', type: 'date' }];
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${tableVersion}`,
    metadata: listMeta,
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      ...columns.map((c) => ({
        name: c.name,
        // Ages are printed by the server, so the column holds strings.
        type: c.type === 'date' ? 'string' : c.type,
        format: '',
        description: c.jsonPath,
        priority: c.priority ?? 0,
      })),
    ],
    rows: items.map((obj) => ({
      cells: [obj.metadata.name, ...columns.map((c) => cell(obj, c, now))],
      ...(includeObject === 'None'
        ? {}
        : {
            object:
              includeObject === 'Object'
                ? obj
                : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
          }),
    })),
  };
}

/** The Table version the Accept header asks for (`as=Table;g=meta.k8s.io`), if any. */
export function tableVersionAccepted(accept: string | undefined): 'v1' | 'v1beta1' | undefined {
  for (const mediaType of (accept ?? '').split(',')) {
    const [type, ...params] = mediaType.split(';').map((p) => p.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim())));
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) return p.v;
    if (params.length === 0 && (type === 'application/json' || type === '*/*')) return undefined;
  }
  return undefined;
}

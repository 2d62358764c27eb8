// Label and field selectors as the API server parses them (k8s.io/apimachinery pkg/labels and
// pkg/fields). A malformed selector is a 400 for the caller, so parsing throws QueryError.
import type { KubeObject } from '../../src/model/objects.js';

/** A malformed or unsupported query parameter: the server answers 400 BadRequest. */
export class QueryError extends Error {}

type LabelRequirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

/** Splits on commas that are not inside parentheses: `a in (x,y),b` -> [`a in (x,y)`, `b`]. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;

function parseLabelTerm(term: string): LabelRequirement {
  let m = new RegExp(`^!\\s*(${KEY})$`).exec(term);
  if (m) return { key: m[1], op: 'notexists' };
  m = new RegExp(`^(${KEY})$`).exec(term);
  if (m) return { key: m[1], op: 'exists' };
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(term);
  if (m) return { key: m[1], op: m[3] === '!=' ? 'neq' : 'eq', value: m[4] };
  m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(term);
  if (m) {
    const values = m[4].split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) throw new QueryError(`invalid label value in "${term}"`);
    return { key: m[1], op: m[3] as 'in' | 'notin', values };
  }
  throw new QueryError(`unable to parse requirement: "${term}"`);
}

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** Parses `labelSelector` (=, ==, !=, in, notin, key, !key). Empty selects everything. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  const requirements = splitTerms(selector ?? '').map(parseLabelTerm);
  return (labels = {}) =>
    requirements.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const value = labels[r.key];
      switch (r.op) {
        case 'exists':
          return has;
        case 'notexists':
          return !has;
        case 'eq':
          return has && value === r.value;
        // As in apimachinery, `!=` and `notin` also match objects without the label.
        case 'neq':
          return !has || value !== r.value;
        case 'in':
          return has && r.values.includes(value);
        case 'notin':
          return !has || !r.values.includes(value);
      }
    });
}

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

/** Parses `fieldSelector` (field=value, field==value, field!=value, comma-separated). */
export function parseFieldSelector(selector: string | undefined): FieldRequirement[] {
  return splitTerms(selector ?? '').map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new QueryError(`invalid selector: '${term}'; can't understand '${term}'`);
    return { field: m[1], value: m[3], negate: m[2] === '!=' };
  });
}

const EVENT_OBJECT_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

// The field selectors kube-apiserver supports beyond metadata.name and metadata.namespace, by
// group/kind (pkg/registry/<resource>/strategy.go ...ToSelectableFields), each mapped to the path
// it reads in the object as served. events.k8s.io accepts the core spellings too, as the
// apiserver converts its field labels to core ones.
const SELECTABLE_FIELDS: Record<string, Record<string, string>> = {
  '/Event': {
    ...Object.fromEntries(EVENT_OBJECT_FIELDS.map((f) => [`involvedObject.${f}`, `involvedObject.${f}`])),
    reason: 'reason',
    type: 'type',
    reportingComponent: 'reportingComponent',
    source: 'source.component',
  },
  'events.k8s.io/Event': {
    ...Object.fromEntries(EVENT_OBJECT_FIELDS.flatMap((f) => [[`regarding.${f}`, `regarding.${f}`], [`involvedObject.${f}`, `regarding.${f}`]])),
    reason: 'reason',
    type: 'type',
    reportingController: 'reportingController',
    reportingComponent: 'reportingController',
    source: 'deprecatedSource.component',
  },
  '/Secret': { type: 'type' },
  '/Pod': { 'spec.nodeName': 'spec.nodeName', 'status.phase': 'status.phase' },
  '/Namespace': { 'status.phase': 'status.phase' },
};

function dig(obj: unknown, path: string): string {
  const v = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
  return v === undefined || v === null ? '' : String(v);
}

/** A predicate for `reqs` on objects of group/kind; unsupported fields throw QueryError. */
export function fieldMatcher(resource: { group: string; kind: string }, reqs: FieldRequirement[]): (obj: KubeObject) => boolean {
  const selectable = SELECTABLE_FIELDS[`${resource.group}/${resource.kind}`] ?? {};
  const paths = reqs.map((r) => {
    const path = r.field === 'metadata.name' || r.field === 'metadata.namespace' ? r.field : selectable[r.field];
    if (!path) throw new QueryError(`field label not supported: ${r.field}`);
    return path;
  });
  return (obj) => reqs.every((r, i) => (dig(obj, paths[i]) === r.value) !== r.negate);
}

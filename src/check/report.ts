// `check`: every finding in scope, filtered and counted; and the pre-apply impact of a change
// (files laid over the cluster): what it introduces, fixes and leaves, and which attachments it
// breaks or makes.
import { analyse } from '../analyse.js';
import type { Finding, Severity } from '../model/finding.js';
import type { Graph } from '../model/graph.js';
import type { LabelSelector } from '../model/objects.js';
import { objectKey, type Snapshot } from '../model/snapshot.js';
import { labelSelectorMatches } from '../spec/label-selectors.js';
import { parseIgnores, withoutSuppressed } from '../findings/suppress.js';

export interface CheckOptions {
  /** Namespace to report on; null for all. Cluster-scoped findings are always reported. */
  namespace: string | null;
  /** --ignore values: CODE, or CODE=KIND/NAMESPACE/NAME (see src/findings/suppress.ts). */
  ignore: string[];
  failOn: 'error' | 'warning';
  selector?: LabelSelector;
  now?: Date;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export interface CheckReport {
  findings: Finding[];
  counts: Counts;
  /** Findings reach the --fail-on threshold: exit 1. */
  failed: boolean;
  /** Something could not be read (a CV4xx finding is in the report): exit 3 unless `failed`. */
  incomplete: boolean;
}

export interface ImpactReport {
  introduced: Finding[];
  fixed: Finding[];
  remaining: Finding[];
  /** "HTTPRoute ns/name -> ns/gateway listener": attachments the change removes. */
  detached: string[];
  /** Attachments the change adds. */
  attached: string[];
  counts: Counts;
  failed: boolean;
  /** The cluster side could not be read in full (CV4xx findings after the change). */
  incomplete: boolean;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function checkSnapshot(snapshot: Snapshot, opts: CheckOptions): CheckReport {
  return checkWithGraph(snapshot, opts).report;
}

/** The report and the graph it was computed from (a fleet run compares graphs across clusters). */
export function checkWithGraph(snapshot: Snapshot, opts: CheckOptions): { report: CheckReport; graph: Graph } {
  const { findings, graph } = analyse(snapshot, { now: opts.now });
  const kept = sortFindings(inScope(findings, snapshot, opts));
  const counts = countFindings(kept);
  return { report: { findings: kept, counts, failed: reachesThreshold(counts, opts.failOn), incomplete: kept.some(isCoverageFinding) }, graph };
}

/** Findings computed outside one snapshot (fleet) go through the same --ignore and threshold. */
export function fleetScope(findings: Finding[], opts: Pick<CheckOptions, 'ignore' | 'failOn'>): CheckReport {
  const ignore = new Set(opts.ignore.map((c) => c.toUpperCase()));
  const kept = sortFindings(findings.filter((f) => !ignore.has(f.code)));
  const counts = countFindings(kept);
  return { findings: kept, counts, failed: reachesThreshold(counts, opts.failOn), incomplete: kept.some(isCoverageFinding) };
}

export function checkImpact(before: Snapshot, after: Snapshot, opts: CheckOptions): ImpactReport {
  const old = analyse(before, { now: opts.now });
  const now = analyse(after, { now: opts.now });
  const oldKept = inScope(old.findings, before, opts);
  const newKept = inScope(now.findings, after, opts);
  const oldKeys = new Set(oldKept.map(findingKey));
  const newKeys = new Set(newKept.map(findingKey));
  const introduced = sortFindings(newKept.filter((f) => !oldKeys.has(findingKey(f))));
  const fixed = sortFindings(oldKept.filter((f) => !newKeys.has(findingKey(f))));
  const remaining = sortFindings(newKept.filter((f) => oldKeys.has(findingKey(f))));
  const oldAttach = attachments(old.graph);
  const newAttach = attachments(now.graph);
  const counts = countFindings(introduced);
  return {
    introduced,
    fixed,
    remaining,
    detached: [...oldAttach].filter((a) => !newAttach.has(a)).sort(),
    attached: [...newAttach].filter((a) => !oldAttach.has(a)).sort(),
    counts,
    // A change is judged by what it introduces; old debts do not fail a review.
    failed: reachesThreshold(counts, opts.failOn) || (opts.failOn === 'warning' && [...oldAttach].some((a) => !newAttach.has(a))),
    incomplete: newKept.some(isCoverageFinding),
  };
}

/** CV4xx: something could not be read, so the report is incomplete (unless --ignore'd). */
function isCoverageFinding(f: Finding): boolean {
  return f.code.startsWith('CV4');
}

function inScope(findings: Finding[], snapshot: Snapshot, opts: CheckOptions): Finding[] {
  const labelsOf = opts.selector ? labelIndex(snapshot) : undefined;
  // --ignore CODE, --ignore CODE=KIND/NAMESPACE/NAME and the objects' own ignore annotations.
  return withoutSuppressed(findings, parseIgnores(opts.ignore), snapshot).filter((f) => {
    if (opts.namespace !== null && f.subject.namespace !== undefined && f.subject.namespace !== opts.namespace) return false;
    if (opts.selector && labelsOf) {
      const labels = labelsOf.get(objectKey(f.subject.kind, f.subject.namespace, f.subject.name));
      if (!labels || !labelSelectorMatches(opts.selector, labels)) return false;
    }
    return true;
  });
}

function labelIndex(snapshot: Snapshot): Map<string, Record<string, string>> {
  const index = new Map<string, Record<string, string>>();
  const objects = [...snapshot.gatewayClasses, ...snapshot.gateways, ...snapshot.routes, ...snapshot.listenerSets];
  for (const o of objects) index.set(objectKey(o.kind, o.metadata.namespace, o.metadata.name), o.metadata.labels ?? {});
  return index;
}

/** A finding's identity across two runs: what and where, not the exact words. */
export function findingKey(f: Finding): string {
  return [f.code, f.subject.kind, f.subject.namespace ?? '', f.subject.name, f.subject.section ?? ''].join('|');
}

function attachments(graph: Graph): Set<string> {
  const out = new Set<string>();
  for (const r of graph.routes) {
    for (const p of r.parents) {
      for (const l of p.attachedListeners) out.add(`${r.kind} ${r.namespace}/${r.name} -> ${p.gateway} listener ${l.split('#')[1]}`);
    }
  }
  return out;
}

export function countFindings(findings: Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function reachesThreshold(counts: Counts, failOn: 'error' | 'warning'): boolean {
  return counts.error > 0 || (failOn === 'warning' && counts.warning > 0);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (a.subject.namespace ?? '').localeCompare(b.subject.namespace ?? '') ||
      a.subject.kind.localeCompare(b.subject.kind) ||
      a.subject.name.localeCompare(b.subject.name) ||
      a.code.localeCompare(b.code) ||
      (a.subject.section ?? '').localeCompare(b.subject.section ?? ''),
  );
}

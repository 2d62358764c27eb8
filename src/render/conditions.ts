// How the conditions the graph already holds read on one line: which to show, the mark they earn,
// and the words for a disagreement. Nothing here decides a verdict; it only presents the spec
// engine's ("computed") and the controller's ("reported") conditions side by side.
import type { ComputedCondition, Disagreement, Reported } from '../model/graph.js';
import type { ConditionStatus } from '../model/objects.js';
import { worst, type Status } from './style.js';

/** Condition types where True is the bad news. */
const TRUE_IS_ERROR = new Set(['Conflicted']);
const TRUE_IS_WARNING = new Set(['OverlappingTLSConfig', 'PartiallyInvalid', 'InsecureFrontendValidationMode']);

interface Shown {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

export interface ConditionLine {
  status: Status;
  /** e.g. "Accepted, Programmed" or "Accepted, RefNotPermitted". */
  text: string;
  /** Sentences for the DETAILS column: why a condition is not what it should be. */
  notes: string[];
  /** The controller reports something other than what the spec computes. */
  disagrees: boolean;
}

function health(c: Shown): Status {
  if (TRUE_IS_ERROR.has(c.type)) return c.status === 'True' ? 'error' : 'ok';
  if (TRUE_IS_WARNING.has(c.type)) return c.status === 'True' ? 'warning' : 'ok';
  if (c.status === 'True') return 'ok';
  return c.status === 'False' ? 'error' : 'unknown';
}

/**
 * The conditions of one node: the `primary` types always (the computed one where the spec engine
 * has one, else the controller's), and any other type that is not healthy.
 */
export function conditionLine(
  primary: string[],
  computed: ComputedCondition[],
  reported: Reported | null,
  disagreements: Disagreement[],
): ConditionLine {
  const byType = new Map<string, Shown>();
  for (const c of reported?.conditions ?? []) byType.set(c.type, { ...c, message: c.message ?? '' });
  for (const c of computed) byType.set(c.type, c);

  const shown: Shown[] = [];
  for (const type of primary) {
    const c = byType.get(type);
    if (c) shown.push(c);
  }
  for (const c of byType.values()) {
    if (!primary.includes(c.type) && health(c) !== 'ok') shown.push(c);
  }

  const statuses = shown.map(health);
  const notes = shown.filter((c) => health(c) !== 'ok').map((c) => c.message || `${c.type} is ${c.status}`);
  const missing = primary.some((t) => !byType.has(t));
  let status: Status = worst(missing ? [...statuses, 'unknown'] : statuses);
  if (reported?.stale) {
    notes.push(staleNote(reported));
    if (status === 'ok' || status === 'unknown') status = 'warning';
  }
  // A disagreement is what the user most needs to see: the controller does one thing, the spec
  // says another. It outranks the computed verdict's own mark. Staleness is said once, above.
  if (disagreements.length > 0) {
    status = 'warning';
    const said = reported?.stale ? disagreements.filter((d) => d.conditionType !== STALE) : disagreements;
    notes.unshift(...said.map(describeDisagreement));
  }
  // Two conditions failing for one reason (Accepted and Programmed both Pending) read as one word.
  const text = unique(shown.map(conditionWord)).join(', ');
  return { status, text: text || 'no status', notes: unique(notes), disagrees: disagreements.length > 0 };
}

/** The disagreement the graph records when the controller's status predates the latest spec. */
const STALE = 'ObservedGeneration';

/** A healthy condition reads as its type, an unhealthy one as its reason ("RefNotPermitted"). */
function conditionWord(c: Shown): string {
  if (health(c) === 'ok') return c.type;
  return c.reason && c.reason !== 'Unknown' ? c.reason : `${c.type}=${c.status}`;
}

/** "controller says Accepted, spec says NotAllowedByListeners". */
export function describeDisagreement(d: Disagreement): string {
  const { computed, reported } = d;
  if (!computed || !reported) return d.message;
  const sameReason = computed.reason === reported.reason;
  const say = (x: { status: ConditionStatus; reason: string }) => (sameReason ? `${d.conditionType}=${x.status}` : x.reason);
  return `controller says ${say(reported)}, spec says ${say(computed)}`;
}

export function staleNote(reported: Reported): string {
  const gen = reported.generation !== undefined ? `, generation ${reported.generation}` : '';
  return `controller status is stale (observedGeneration ${reported.observedGeneration ?? '?'}${gen})`;
}

function unique(items: string[]): string[] {
  return [...new Set(items.filter((s) => s !== ''))];
}

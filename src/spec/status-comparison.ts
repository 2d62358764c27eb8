// What the spec computes against what the controller reported: route parents, listeners,
// gateways, ListenerSets, classes.
//
// Rules of the comparison, so that a difference always means something:
// - Only condition types the engine computes are compared; a reported type it does not compute
//   (vendor conditions) is never a disagreement.
// - Programmed (programmed.ts) is compared on its own terms: a computed True only says nothing in
//   the objects keeps the listener or Gateway from being programmed, so a controller's
//   Programmed=False there is the data plane not taking the configuration (whatever its reason),
//   and a computed False against a reported True is the controller programming what the spec
//   rejects. Reasons of Programmed are not compared.
// - A computed Unknown (the snapshot could not tell) and a reported Unknown (the controller has
//   not decided) are never disagreements.
// - Reported False with a reason that depends on what the implementation supports
//   (OUT_OF_REACH_REASONS: UnsupportedProtocol, PortUnavailable, ...) where the spec gives True is
//   the controller describing itself, not contradicting the spec.
// - Reasons are compared only when both sides say False and both reasons are ones the spec lists
//   for that condition: implementations may add their own reasons.
// - Stale status (observedGeneration < metadata.generation; the conditions' observedGeneration
//   "MUST be set to the metadata.generation of the ... at the time of update") is reported once.
//
// shared_types.go, RouteParentStatus: one entry per parentRef and controller, keyed by
// `parentRef` and `controllerName` ("This corresponds with the controllerName field on
// GatewayClass"). RouteStatus.Parents: "Note that parent references that cannot be resolved by an
// implementation of this API will not be added to this list." A missing entry is therefore only a
// disagreement when the parent exists and a controller claims its class.
import type { ComputedCondition, Disagreement, ParentEvaluation, Reported, UndecidedCondition } from '../model/graph.js';
import type { Condition, Route, RouteParentStatus } from '../model/objects.js';
import { OUT_OF_REACH_REASONS, isSpecReason, type StatusSubject } from './conditions.js';
import { parentRefWithDefaults } from './defaults.js';

export function reportedFrom(conditions: readonly Condition[] | undefined, generation?: number, controllerName?: string): Reported {
  const list = [...(conditions ?? [])];
  const generations = list.map((c) => c.observedGeneration).filter((g): g is number => typeof g === 'number');
  const observedGeneration = generations.length > 0 ? Math.min(...generations) : undefined;
  const out: Reported = {
    conditions: list,
    stale: observedGeneration !== undefined && generation !== undefined && observedGeneration < generation,
  };
  if (controllerName !== undefined) out.controllerName = controllerName;
  if (observedGeneration !== undefined) out.observedGeneration = observedGeneration;
  if (generation !== undefined) out.generation = generation;
  return out;
}

export interface CompareOptions {
  /** Condition types to leave out for this object. */
  skip?: ReadonlySet<string>;
  /** What an absent reported condition means, by type (e.g. Conflicted: "assumed ... no conflicts"). */
  absentMeans?: Readonly<Record<string, { status: Condition['status']; reason: string }>>;
}

function word(c: { status: string; reason: string }): string {
  return `${c.status} (${c.reason})`;
}

export function compareConditions(
  subject: StatusSubject,
  computed: readonly ComputedCondition[],
  reported: Reported,
  options: CompareOptions = {},
): Disagreement[] {
  const out: Disagreement[] = [];
  if (reported.stale) {
    out.push({
      conditionType: 'ObservedGeneration',
      message:
        `status is stale: observedGeneration ${reported.observedGeneration} is older than generation ${reported.generation}; ` +
        'the controller has not processed the latest spec',
    });
  }
  for (const c of computed) {
    if (options.skip?.has(c.type) || c.status === 'Unknown') continue;
    const r = reported.conditions.find((x) => x.type === c.type) ?? options.absentMeans?.[c.type];
    if (!r || r.status === 'Unknown') continue;
    const computedSide = { status: c.status, reason: c.reason };
    const reportedSide = { status: r.status, reason: r.reason };
    if (r.status !== c.status) {
      if (c.status === 'True' && OUT_OF_REACH_REASONS.has(r.reason)) continue;
      out.push({
        conditionType: c.type,
        computed: computedSide,
        reported: reportedSide,
        message: `${c.type}: the spec gives ${word(c)}, the controller reports ${word(r)}`,
      });
    } else if (
      c.status === 'False' &&
      r.reason !== c.reason &&
      isSpecReason(subject, c.type, c.reason) &&
      isSpecReason(subject, c.type, r.reason)
    ) {
      out.push({
        conditionType: c.type,
        computed: computedSide,
        reported: reportedSide,
        message: `${c.type}: both say False, but the spec gives reason ${c.reason} and the controller reports ${r.reason}`,
      });
    }
  }
  return out;
}

function sameParentRef(a: ParentEvaluation['parentRef'], b: ParentEvaluation['parentRef']): boolean {
  return (
    a.group === b.group &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.name === b.name &&
    (a.sectionName || undefined) === (b.sectionName || undefined) &&
    (a.port || undefined) === (b.port || undefined)
  );
}

/**
 * The status.parents entry for one parentRef: parentRefs compared with defaults filled; among
 * several controllers, the one named by the class wins (any, when the class is unknown).
 */
export function findReportedParent(
  route: Route,
  parentRef: ParentEvaluation['parentRef'],
  controllerName?: string,
): RouteParentStatus | undefined {
  const routeNs = route.metadata.namespace ?? 'default';
  const matches = (route.status?.parents ?? []).filter((p) => p.parentRef && sameParentRef(parentRefWithDefaults(p.parentRef, routeNs), parentRef));
  if (controllerName) return matches.find((p) => p.controllerName === controllerName);
  return matches[0];
}

/**
 * Fills `reported`, `disagreements` and `agrees` of one evaluated parentRef. `expectStatus`: the
 * parent exists, a controller claims its class and the route was read from a cluster, so the
 * controller should have written an entry.
 */
export function compareRouteParent(
  p: ParentEvaluation,
  route: Route,
  controllerName: string | undefined,
  expectStatus: boolean,
): void {
  // A Service parent with computed conditions (GAMMA) is compared with whatever mesh controller
  // wrote an entry; none is expected, since no class names the mesh.
  if (p.target === 'Service' && p.computed.length > 0) {
    const entry = findReportedParent(route, p.parentRef);
    p.reported = entry ? reportedFrom(entry.conditions, route.metadata.generation, entry.controllerName) : null;
    p.disagreements = p.reported ? compareConditions('route', p.computed, p.reported) : [];
    p.agrees = p.disagreements.length === 0;
    return;
  }
  if (p.target === 'Service' || p.target === 'Other') {
    const entry = findReportedParent(route, p.parentRef);
    p.reported = entry ? reportedFrom(entry.conditions, route.metadata.generation, entry.controllerName) : null;
    p.disagreements = [];
    p.agrees = true;
    return;
  }
  const entry = findReportedParent(route, p.parentRef, controllerName || undefined);
  if (!entry) {
    p.reported = null;
    const accepted = p.computed.find((c) => c.type === 'Accepted');
    p.disagreements =
      expectStatus && accepted
        ? [
            {
              conditionType: 'Accepted',
              computed: { status: accepted.status, reason: accepted.reason },
              message:
                `no status.parents entry from ${controllerName || 'the controller'} for this parentRef: ` +
                'the controller has not processed the route (or cannot see its namespace)',
            },
          ]
        : [];
  } else {
    p.reported = reportedFrom(entry.conditions, route.metadata.generation, entry.controllerName);
    p.disagreements = compareConditions('route', p.computed, p.reported);
  }
  p.agrees = p.disagreements.length === 0;
  const undecided = undecidedConditions(p.computed, p.reported);
  if (undecided.length > 0) p.undecided = undecided;
}

/**
 * The computed conditions the spec could not decide for want of a read (status Unknown, reason
 * Unknown; not NotChecked kinds or a class nobody claims), each paired with the controller's
 * condition of the same type: what is known instead, and from whom.
 */
export function undecidedConditions(computed: readonly ComputedCondition[], reported: Reported | null): UndecidedCondition[] {
  return computed
    .filter((c) => c.status === 'Unknown' && c.reason === 'Unknown')
    .map((c) => {
      const r = reported?.conditions.find((x) => x.type === c.type);
      return {
        type: c.type,
        message: c.message,
        reported: r
          ? {
              ...(reported?.controllerName ? { controllerName: reported.controllerName } : {}),
              status: r.status,
              reason: r.reason,
              ...(r.message ? { message: r.message } : {}),
            }
          : null,
      };
    });
}

/** "the controller example.com/gw reports Accepted=True (Accepted)", or that none reported. */
export function describeUndecided(u: UndecidedCondition): string {
  if (!u.reported) return `no controller reported ${u.type} either`;
  const who = u.reported.controllerName ? `the controller ${u.reported.controllerName}` : 'the controller';
  return `${who} reports ${u.type}=${u.reported.status} (${u.reported.reason})`;
}

const PROGRAMMED_APART: ReadonlySet<string> = new Set(['Programmed']);

/**
 * Computed Programmed against the reported one (see the rules above): a disagreement only when
 * both sides are True or False and differ. `what` names the object ("the listener").
 */
export function compareProgrammed(computed: readonly ComputedCondition[], reported: Reported, what: string): Disagreement[] {
  const c = computed.find((x) => x.type === 'Programmed');
  const r = reported.conditions.find((x) => x.type === 'Programmed');
  if (!c || !r || c.status === 'Unknown' || r.status === 'Unknown' || c.status === r.status) return [];
  const computedSide = { status: c.status, reason: c.reason };
  const reportedSide = { status: r.status, reason: r.reason };
  if (c.status === 'True') {
    return [
      {
        conditionType: 'Programmed',
        computed: computedSide,
        reported: reportedSide,
        message:
          `the controller says Programmed=False (${r.reason}${r.message ? `: ${r.message}` : ''}) while the spec finds ${what} valid: ` +
          'the data plane did not take this configuration',
      },
    ];
  }
  return [
    {
      conditionType: 'Programmed',
      computed: computedSide,
      reported: reportedSide,
      message: `Programmed: the spec gives False (${c.reason}: ${c.message}), the controller reports True: it programmed what the spec rejects`,
    },
  ];
}

/** A listener's conditions and attachedRoutes against its ListenerStatus. */
export function compareListener(
  computed: readonly ComputedCondition[],
  reported: Reported,
  attached: { computed: number; reported: number | null },
  countIsComplete: boolean,
): Disagreement[] {
  // Whether unresolved references also make a listener not Accepted is left to implementations
  // (the spec names ResolvedRefs for them), so Accepted is not compared on such a listener.
  const unresolved = computed.find((c) => c.type === 'ResolvedRefs')?.status === 'False';
  const out = compareConditions('listener', computed, reported, {
    skip: unresolved ? new Set(['Accepted', 'Programmed']) : PROGRAMMED_APART,
    absentMeans: { Conflicted: { status: 'False', reason: 'NoConflicts' } },
  });
  out.push(...compareProgrammed(computed, reported, 'the listener'));
  if (countIsComplete && attached.reported !== null && attached.reported !== attached.computed) {
    out.push({
      conditionType: 'AttachedRoutes',
      message: `attachedRoutes: the spec counts ${attached.computed}, the controller reports ${attached.reported}`,
    });
  }
  return out;
}

/**
 * A Gateway's conditions, and its attachedListenerSets count when the controller reports one and
 * every ListenerSet was read (`attached.computed` null otherwise).
 */
export function compareGateway(
  computed: readonly ComputedCondition[],
  reported: Reported,
  attached?: { computed: number | null; reported: number | null },
): Disagreement[] {
  const out = compareConditions('gateway', computed, reported, { skip: PROGRAMMED_APART });
  out.push(...compareProgrammed(computed, reported, 'the Gateway'));
  if (attached && attached.computed !== null && attached.reported !== null && attached.computed !== attached.reported) {
    out.push({
      conditionType: 'AttachedListenerSets',
      message: `attachedListenerSets: the spec counts ${attached.computed}, the controller reports ${attached.reported}`,
    });
  }
  return out;
}

/** A ListenerSet's own conditions against its status.conditions. */
export function compareListenerSet(computed: readonly ComputedCondition[], reported: Reported): Disagreement[] {
  return [
    ...compareConditions('listenerset', computed, reported, { skip: PROGRAMMED_APART }),
    ...compareProgrammed(computed, reported, 'the ListenerSet'),
  ];
}


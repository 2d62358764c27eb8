// Attaching a route to its parents: each parentRef resolved, its listeners selected by
// sectionName/port, and each selected listener's verdict (allowedRoutes namespaces and kinds,
// hostname intersection), giving the Accepted condition the spec computes for that parent.
//
// shared_types.go, ParentReference.SectionName: "When unspecified (empty string), this will
// reference the entire resource. For the purpose of status, an attachment is considered
// successful if at least one section in the parent resource accepts it. ... If 1 of 2 Gateway
// listeners accept attachment from the referencing Route, the Route MUST be considered
// successfully attached. If no Gateway listeners accept attachment from this Route, the Route
// MUST be considered detached from the Gateway."
// ParentReference.Port: "When the parent resource is a Gateway, this targets all listeners
// listening on the specified port that also support this kind of Route(and select this Route).
// ... When both Port and SectionName are specified, the name and port of the selected listener
// must match both specified values."
// RouteReasonNoMatchingParent: "In the case of Gateways, this can occur when a Route ParentRef
// specifies a Port and/or SectionName that does not match any Listeners in the Gateway."
// RouteReasonNotAllowedByListeners: "the Gateway has no Listener whose allowedRoutes criteria
// permit the route". RouteReasonNoMatchingListenerHostname: "the Gateway has no compatible
// Listeners whose Hostname matches the route". So when no selected listener accepts the route:
// NoMatchingListenerHostname if some listener's allowedRoutes permit it (only the hostname
// failed), else NotAllowedByListeners (conformance: httproute-hostname-intersection,
// httproute-invalid-cross-namespace-parent-ref, gateway-listener-protocol-and-route-kind-conflicts).
// tlsroute_types.go, TLSRouteSpec.Hostnames: "A Listener MUST be have protocol set to TLS when a
// TLSRoute attaches to it. The implementation MUST raise an 'Accepted' Condition with a status of
// `False` ... with the reason of "UnsupportedValue" in case a Listener of the wrong type is used."
// The conformance suite says otherwise (tlsroute-invalid-no-matching-listener.go: a TLSRoute on an
// HTTP or HTTPS listener is Accepted=False NotAllowedByListeners), and conformant controllers
// report that, so the engine does too; the message names the reason the field doc gives.
// CommonRouteSpec.ParentRefs: "ReferenceGrant is not applicable for governing ParentRefs" - a
// cross-namespace parentRef is governed by the listener's allowedRoutes alone.
//
// Parent kinds: Gateway and ListenerSet are evaluated. Service (the GAMMA mesh profile) and any
// other kind are recognised and left alone: no conditions are computed and nothing is flagged.
// A route whose parentRef names a Gateway attaches only to the Gateway's own listeners; to use a
// ListenerSet's listeners it names the ListenerSet (listenerset_types.go: "Routes can attach to a
// ListenerSet by specifying it as a parentRef").
//
// Not produced here (they need the controller's view of the route's own validity, not its
// attachment): Accepted=False UnsupportedValue for unsupported enum values in rules,
// IncompatibleFilters, Pending, and PartiallyInvalid. See docs/spec-coverage.md.
import type { ComputedCondition, ListenerVerdict, ParentEvaluation } from '../model/graph.js';
import type { ParentReference, Route } from '../model/objects.js';
import { formatKinds, routeKindAllowed, routeNamespaceAllowed } from './allowed-routes.js';
import { condition } from './conditions.js';
import { CORE_GROUP, GATEWAY_GROUP, GATEWAY_X_GROUP, nsName, parentRefWithDefaults, type ParentRefDefaults } from './defaults.js';
import { effectiveHostnames } from './hostnames.js';
import { describeListener, listenerSetTargets, type ListenerEntry } from './listeners.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';
import { describeUndecided } from './status-comparison.js';

export interface ParentContext {
  lookups: SpecLookups;
  /** The evaluated listeners of a Gateway, by "ns/name"; undefined when the Gateway is unknown. */
  listenersOf(gatewayKey: string): readonly ListenerEntry[] | undefined;
}

export function parentTarget(ref: ParentRefDefaults): ParentEvaluation['target'] {
  if (ref.group === GATEWAY_GROUP && ref.kind === 'Gateway') return 'Gateway';
  if ((ref.group === GATEWAY_GROUP && ref.kind === 'ListenerSet') || (ref.group === GATEWAY_X_GROUP && ref.kind === 'XListenerSet')) {
    return 'ListenerSet';
  }
  if (ref.group === CORE_GROUP && ref.kind === 'Service') return 'Service';
  return 'Other';
}

/** "Gateway infra/gw sectionName https port 443" */
export function describeParentRef(ref: ParentRefDefaults): string {
  const kind = ref.group === GATEWAY_GROUP || ref.group === CORE_GROUP ? ref.kind : `${ref.group}/${ref.kind}`;
  let out = `${kind} ${ref.namespace}/${ref.name}`;
  if (ref.sectionName) out += ` sectionName ${ref.sectionName}`;
  if (ref.port) out += ` port ${ref.port}`;
  return out;
}

function routeGroup(route: Route): string {
  return route.apiVersion.includes('/') ? route.apiVersion.split('/')[0] : GATEWAY_GROUP;
}

function pluralise(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

interface Selection {
  selected: ListenerEntry[];
  /** Why nothing was selected (the NoMatchingParent message), when nothing was. */
  none?: string;
}

function selectListeners(candidates: readonly ListenerEntry[], ref: ParentRefDefaults): Selection {
  const selected = candidates.filter(
    (e) => (!ref.sectionName || e.name === ref.sectionName) && (!ref.port || e.port === ref.port),
  );
  if (selected.length > 0) return { selected };
  if (candidates.length === 0) return { selected, none: 'the parent has no listeners' };
  const names = candidates.map((e) => e.name).join(', ');
  const ports = [...new Set(candidates.map((e) => e.port))].join(', ');
  if (ref.sectionName && ref.port) {
    return {
      selected,
      none: `no listener has both sectionName "${ref.sectionName}" and port ${ref.port} (listeners: ${candidates.map((e) => `${e.name} :${e.port}`).join(', ')})`,
    };
  }
  if (ref.sectionName) return { selected, none: `sectionName "${ref.sectionName}" names no listener (listeners: ${names})` };
  return { selected, none: `port ${ref.port} matches no listener (ports: ${ports})` };
}

function notSelectedMessage(e: ListenerEntry, ref: ParentRefDefaults): string {
  const by = [ref.sectionName ? `sectionName "${ref.sectionName}"` : '', ref.port ? `port ${ref.port}` : ''].filter(Boolean).join(' and ');
  return `${describeListener(e)} - not selected (parentRef ${by})`;
}

interface ListenerOutcome {
  verdict: ListenerVerdict;
  /** allowedRoutes (namespace and kind) admit the route; only the hostname may have failed. */
  admitted: boolean;
  kindFailed: boolean;
  hostnames: string[] | null;
  assumed?: string;
  /** allowedRoutes could not be decided (the namespace's labels could not be read). */
  undecided?: boolean;
}

function judgeListener(route: Route, e: ListenerEntry, lookups: SpecLookups): ListenerOutcome {
  const routeNs = route.metadata.namespace ?? 'default';
  const ns = routeNamespaceAllowed(e.listener, e.owner, routeNs, lookups);
  const kindOk = routeKindAllowed(e.supported, { group: routeGroup(route), kind: route.kind });
  const hostnames = effectiveHostnames(e.hostname, route.spec?.hostnames);
  const base = { id: e.id, name: e.name };
  const who = describeListener(e);
  // A kind the listener does not take turns the route away whatever the namespace's labels are.
  if (ns.allowed === null && kindOk) {
    return {
      verdict: { ...base, accepted: false, reason: 'Unknown', message: `${who} - ${ns.message}` },
      admitted: false,
      kindFailed: false,
      hostnames,
      undecided: true,
    };
  }
  if (ns.allowed === false) {
    return {
      verdict: { ...base, accepted: false, reason: 'NotAllowedByListeners', rejectedBy: 'namespace', message: `${who} - ${ns.message}` },
      admitted: false,
      kindFailed: false,
      hostnames,
      assumed: ns.assumed,
    };
  }
  if (!kindOk) {
    const supported = e.supported.length > 0 ? formatKinds(e.supported) : 'no kind is supported';
    return {
      verdict: { ...base, accepted: false, reason: 'NotAllowedByListeners', rejectedBy: 'kind', message: `${who} - ${route.kind} is not an allowed kind (${supported})` },
      admitted: false,
      kindFailed: true,
      hostnames,
      assumed: ns.assumed,
    };
  }
  if (hostnames === null) {
    const routeHosts = route.spec?.hostnames ?? [];
    const message = `${who} - ${pluralise(routeHosts.length, 'hostname', 'hostnames')} ${routeHosts.join(', ')} ${pluralise(routeHosts.length, 'does', 'do')} not intersect`;
    return {
      verdict: { ...base, accepted: false, reason: 'NoMatchingListenerHostname', message },
      admitted: true,
      kindFailed: false,
      hostnames,
      assumed: ns.assumed,
    };
  }
  const hostWords = hostnames.length > 0 ? ` (hostnames: ${hostnames.join(', ')})` : '';
  return {
    verdict: { ...base, accepted: true, reason: 'Accepted', message: `${who} - accepts the route${hostWords}` },
    admitted: true,
    kindFailed: false,
    hostnames,
    assumed: ns.assumed,
  };
}

function evaluation(ref: ParentRefDefaults, index: number, target: ParentEvaluation['target']): ParentEvaluation {
  const parentRef: ParentEvaluation['parentRef'] = { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
  if (ref.sectionName) parentRef.sectionName = ref.sectionName;
  if (ref.port) parentRef.port = ref.port;
  return {
    parentRef,
    index,
    target,
    gateway: null,
    listeners: [],
    computed: [],
    reported: null,
    agrees: true,
    disagreements: [],
    attachedListeners: [],
    effectiveHostnames: {},
  };
}

/**
 * One parentRef of a route, evaluated. `resolvedRefs` is the route's ResolvedRefs condition
 * (backend-refs.ts), the same for every parent. The result carries no reported status yet:
 * status-comparison.ts adds it.
 */
export function evaluateParentRef(
  route: Route,
  rawRef: ParentReference,
  index: number,
  resolvedRefs: ComputedCondition,
  ctx: ParentContext,
): ParentEvaluation {
  const routeNs = route.metadata.namespace ?? 'default';
  const ref = parentRefWithDefaults(rawRef, routeNs);
  const target = parentTarget(ref);
  const out = evaluation(ref, index, target);
  if (target === 'Service' || target === 'Other') return out;

  const accepted = (status: 'True' | 'False' | 'Unknown', reason: string, message: string) => {
    out.computed = [condition('Accepted', status, reason, message), resolvedRefs];
    return out;
  };

  let candidates: readonly ListenerEntry[];
  if (target === 'Gateway') {
    const gateway = ctx.lookups.gateway(ref.namespace, ref.name);
    if (!gateway) {
      const unknown = absenceUnknown(ctx.lookups.coverage.gateways, 'gateways', { namespace: ref.namespace, name: ref.name });
      if (unknown) return accepted('Unknown', 'Unknown', `Gateway ${ref.namespace}/${ref.name}: ${unknown}`);
      return accepted('False', 'NoMatchingParent', `Gateway ${ref.namespace}/${ref.name} does not exist`);
    }
    out.gateway = nsName(ref.namespace, ref.name);
    candidates = (ctx.listenersOf(out.gateway) ?? []).filter((e) => e.owner.kind === 'Gateway');
  } else {
    const ls = ctx.lookups.listenerSet(ref.namespace, ref.name);
    if (!ls) {
      const unknown = absenceUnknown(ctx.lookups.coverage.listenersets, 'listenersets', { namespace: ref.namespace, name: ref.name });
      if (unknown) return accepted('Unknown', 'Unknown', `ListenerSet ${ref.namespace}/${ref.name}: ${unknown}`);
      return accepted('False', 'NoMatchingParent', `ListenerSet ${ref.namespace}/${ref.name} does not exist`);
    }
    const parent = listenerSetTargets(ls);
    const gateway = parent ? ctx.lookups.gateway(parent.namespace, parent.name) : undefined;
    if (parent && !gateway) {
      const unknown = absenceUnknown(ctx.lookups.coverage.gateways, 'gateways', parent);
      if (unknown) return accepted('Unknown', 'Unknown', `ListenerSet ${ref.namespace}/${ref.name}: its parent Gateway ${parent.namespace}/${parent.name}: ${unknown}`);
    }
    if (!parent || !gateway) {
      const what = parent ? `its parent Gateway ${parent.namespace}/${parent.name} does not exist` : 'its parentRef does not name a Gateway';
      return accepted('False', 'NoMatchingParent', `ListenerSet ${ref.namespace}/${ref.name}: ${what}`);
    }
    out.gateway = nsName(parent.namespace, parent.name);
    const lsId = `ListenerSet/${ref.namespace}/${ref.name}`;
    candidates = (ctx.listenersOf(out.gateway) ?? []).filter((e) => e.listenerSet === lsId);
    const notAttached = candidates.find((e) => !e.partOfGateway);
    const undecided = notAttached?.computed.find((c) => c.type === 'Accepted' && c.status === 'Unknown');
    if (undecided) return accepted('Unknown', 'Unknown', `ListenerSet ${ref.namespace}/${ref.name}: ${undecided.message}`);
    if (notAttached) {
      out.listeners = candidates.map((e) => ({
        id: e.id,
        name: e.name,
        accepted: false,
        reason: 'NoMatchingParent',
        message: `${describeListener(e)} - ${e.computed.find((c) => c.type === 'Accepted')?.message ?? 'not part of the Gateway'}`,
      }));
      return accepted('False', 'NoMatchingParent', notAttached.computed.find((c) => c.type === 'Accepted')?.message ?? 'the ListenerSet is not attached');
    }
  }

  const { selected, none } = selectListeners(candidates, ref);
  const outcomes = new Map<string, ListenerOutcome>();
  for (const e of selected) outcomes.set(e.id, judgeListener(route, e, ctx.lookups));
  out.listeners = candidates.map(
    (e) => outcomes.get(e.id)?.verdict ?? { id: e.id, name: e.name, accepted: false, reason: 'NoMatchingParent', message: notSelectedMessage(e, ref) },
  );
  if (none) return accepted('False', 'NoMatchingParent', none);

  const results = [...outcomes.values()];
  const assumed = [...new Set(results.map((r) => r.assumed).filter((a): a is string => !!a))];
  const note = assumed.length > 0 ? ` (${assumed.join('; ')})` : '';
  for (const r of results) {
    if (!r.verdict.accepted) continue;
    out.attachedListeners.push(r.verdict.id);
    out.effectiveHostnames[r.verdict.id] = r.hostnames ?? [];
  }
  if (out.attachedListeners.length > 0) {
    const names = results.filter((r) => r.verdict.accepted).map((r) => r.verdict.name);
    return accepted('True', 'Accepted', `accepted by ${pluralise(names.length, 'listener', 'listeners')} ${names.join(', ')}${note}`);
  }
  const failures = results.map((r) => r.verdict.message).join('; ');
  // A listener whose allowedRoutes could not be decided might have taken the route: unknown, never
  // NotAllowedByListeners.
  const undecided = results.filter((r) => r.undecided);
  const undecidedWords = () => `cannot tell whether the route attaches: ${undecided.map((r) => r.verdict.message).join('; ')}`;
  if (undecided.some((r) => r.hostnames !== null)) return accepted('Unknown', 'Unknown', undecidedWords());
  if (results.some((r) => r.admitted)) {
    return accepted(
      'False',
      'NoMatchingListenerHostname',
      `no listener hostname intersects the route's hostnames (${(route.spec?.hostnames ?? []).join(', ')}): ${failures}${note}`,
    );
  }
  if (undecided.length > 0) return accepted('Unknown', 'Unknown', undecidedWords());
  if (route.kind === 'TLSRoute' && results.every((r) => r.kindFailed) && selected.every((e) => e.protocol !== 'TLS')) {
    return accepted(
      'False',
      'NotAllowedByListeners',
      `a TLSRoute can only attach to listeners of protocol TLS (selected: ${selected.map((e) => `${e.name} ${e.protocol}`).join(', ')}); NotAllowedByListeners is what the conformance suite (TLSRouteInvalidNoMatchingListener) and conformant controllers report, while the TLSRouteSpec.Hostnames doc names UnsupportedValue`,
    );
  }
  return accepted('False', 'NotAllowedByListeners', `no selected listener allows the route: ${failures}${note}`);
}

/** One sentence on why a parentRef did not attach (for Graph.unattached). */
export function unattachedReason(p: ParentEvaluation): string {
  const who = `parentRef ${p.index} (${describeParentRef(p.parentRef)})`;
  if (p.target === 'Service') return `${who} is a Service: a GAMMA mesh parent, not a Gateway listener (not checked)`;
  if (p.target === 'Other') return `${who} is an implementation-specific parent kind (not checked)`;
  const acc = p.computed.find((c) => c.type === 'Accepted');
  if (!acc) return `${who}: not evaluated`;
  if (acc.status === 'True') return `${who}: attached`;
  // Undecided for want of a read: what the controller says is the best available fact.
  const undecided = p.undecided?.find((u) => u.type === 'Accepted');
  if (acc.status === 'Unknown' && undecided) return `${who}: ${acc.message}; ${describeUndecided(undecided)}`;
  return `${who}: ${acc.reason} - ${acc.message}`;
}


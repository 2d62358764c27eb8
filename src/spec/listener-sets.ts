// A ListenerSet's own conditions: whether its parent Gateway takes it at all, and whether any of
// its listeners survive. The listeners themselves are evaluated with the Gateway's
// (listeners.ts: allowedListeners admission, conflicts and precedence live there).
//
// listenerset_types.go, ListenerSetConditionAccepted: "This condition is true when the
// controller managing the ListenerSet is syntactically and semantically valid enough to produce
// some configuration in the underlying data plane. ... Possible reasons for this condition to be
// False are: * "Invalid" * "NotAllowed" * "ParentNotAccepted" * "ListenersNotValid". Possible
// reasons for this condition to be Unknown are: * "Pending"".
// ListenerSetReasonNotAllowed: "the ListenerSet is not allowed to be attached to the Gateway."
// ListenerSetReasonParentNotAccepted: "the parent Gateway is not accepted."
// ListenerSetReasonListenersNotValid: "one or more Listeners have an invalid or unsupported
// configuration and cannot be configured on the Gateway. This can be the reason when "Accepted"
// is "True" or "False"" - conformance (listenerset-hostname-conflict): a ListenerSet "is accepted
// since it has at least one valid listener", and not accepted when it has none. A listener whose
// references do not resolve counts as not valid here (listenerset-reference-grant: the
// ListenerSet whose only listener is RefNotPermitted is Accepted False ListenersNotValid).
// A listener that only lost a conflict to one of higher precedence does not make the ListenerSet
// ListenersNotValid while others of its listeners are valid: GEP-1713's conformance scenarios give
// such a ListenerSet Accepted True reason Accepted (the suite accepts any reason there).
//
// Programmed ("has generated some configuration that is assumed to be ready soon in the
// underlying data plane") is the data plane's to say, as for Gateways: not computed.
//
// gateway_types.go, GatewayStatus.AttachedListenerSets: the number of ListenerSets the Gateway
// has accepted - here, those whose Accepted is True.
import type { ComputedCondition } from '../model/graph.js';
import type { Gateway, ListenerSet } from '../model/objects.js';
import { condition } from './conditions.js';
import { listenerSetAllowed, listenerSetTargets, listenerValid, type ListenerEntry } from './listeners.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';

export interface ListenerSetParent {
  /** The parent Gateway, when it exists. */
  gateway?: Gateway;
  /** The Gateway's computed conditions (gatewayConditions). */
  computed?: readonly ComputedCondition[];
}

/**
 * The ListenerSet's Accepted condition. `entries` are its listeners as evaluated with its parent
 * Gateway's (empty when the Gateway does not exist).
 */
export function listenerSetConditions(
  listenerSet: ListenerSet,
  parent: ListenerSetParent,
  entries: readonly ListenerEntry[],
  lookups: SpecLookups,
): ComputedCondition[] {
  const target = listenerSetTargets(listenerSet);
  if (!target) {
    return [condition('Accepted', 'False', 'Invalid', 'spec.parentRef does not name a Gateway (group gateway.networking.k8s.io, kind Gateway)')];
  }
  const gw = `${target.namespace}/${target.name}`;
  if (!parent.gateway) {
    const unknown = absenceUnknown(lookups.coverage.gateways, 'gateways', target);
    if (unknown) return [condition('Accepted', 'Unknown', 'Unknown', `parent Gateway ${gw}: ${unknown}`)];
    return [condition('Accepted', 'False', 'ParentNotAccepted', `parent Gateway ${gw} does not exist`)];
  }
  const gatewayAccepted = parent.computed?.find((c) => c.type === 'Accepted');
  if (gatewayAccepted?.status === 'Unknown') {
    return [condition('Accepted', 'Unknown', gatewayAccepted.reason, `parent Gateway ${gw}: ${gatewayAccepted.message}`)];
  }
  if (gatewayAccepted?.status === 'False') {
    return [condition('Accepted', 'False', 'ParentNotAccepted', `parent Gateway ${gw} is not accepted (${gatewayAccepted.reason}: ${gatewayAccepted.message})`)];
  }
  const verdict = listenerSetAllowed(parent.gateway, listenerSet, lookups);
  if (verdict.allowed === null) return [condition('Accepted', 'Unknown', 'Unknown', verdict.message)];
  if (!verdict.allowed) return [condition('Accepted', 'False', 'NotAllowed', verdict.message)];
  const usable = (e: ListenerEntry) => listenerValid(e) && e.computed.find((c) => c.type === 'ResolvedRefs')?.status !== 'False';
  const reasonOf = (e: ListenerEntry) =>
    listenerValid(e) ? e.computed.find((c) => c.type === 'ResolvedRefs')?.reason : e.computed.find((c) => c.type === 'Accepted')?.reason;
  const invalid = entries.filter((e) => !usable(e));
  const valid = entries.filter(usable);
  if (valid.length === 0) {
    const detail = invalid.map((e) => `${e.name} (${reasonOf(e)})`).join(', ');
    return [condition('Accepted', 'False', 'ListenersNotValid', entries.length === 0 ? 'the ListenerSet has no listeners' : `no listener is valid: ${detail}`)];
  }
  const lostConflicts = invalid.filter((e) => e.conflict?.lostTo && !e.rejected);
  if (invalid.length > 0 && lostConflicts.length === invalid.length) {
    const detail = invalid.map((e) => `${e.name} (${e.conflict?.reason})`).join(', ');
    return [
      condition(
        'Accepted',
        'True',
        'Accepted',
        `attached to Gateway ${gw}; accepted: ${valid.map((e) => e.name).join(', ')}; lost to listeners of higher precedence: ${detail}`,
      ),
    ];
  }
  if (invalid.length > 0) {
    const detail = invalid.map((e) => `${e.name} (${reasonOf(e)})`).join(', ');
    return [condition('Accepted', 'True', 'ListenersNotValid', `listener(s) not valid: ${detail}; accepted: ${valid.map((e) => e.name).join(', ')}`)];
  }
  return [condition('Accepted', 'True', 'Accepted', `attached to Gateway ${gw}; all ${entries.length} listener(s) are valid`)];
}

/** Does the Gateway count this ListenerSet in status.attachedListenerSets? */
export function listenerSetAttached(computed: readonly ComputedCondition[]): boolean {
  return computed.find((c) => c.type === 'Accepted')?.status === 'True';
}

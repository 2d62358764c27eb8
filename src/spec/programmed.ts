// The Programmed condition, as far as the objects decide it, for listeners, Gateways and
// ListenerSets.
//
// gateway_types.go, ListenerConditionProgrammed: "This condition indicates whether a Listener has
// generated some configuration that will soon be ready in the underlying data plane. It is a
// positive-polarity summary condition ... Possible reasons for this condition to be True are:
// "Programmed". ... False are: "Invalid", "Pending". ... Unknown are: "Pending"."
// GatewayConditionProgrammed: "whether a Gateway has generated some configuration that is assumed
// to be ready soon in the underlying data plane ... False are: "Invalid", "Pending",
// "NoResources", "AddressNotAssigned"" (and AddressNotUsable). GatewayReasonInvalid: "the Gateway
// is syntactically or semantically invalid". listenerset_types.go, ListenerSetConditionProgrammed:
// True "Programmed"; False "Invalid", "ParentNotProgrammed", "ListenersNotValid", "PortUnavailable";
// Unknown "Pending".
//
// What the objects decide: an invalid listener (not Accepted, or with references that do not
// resolve: conformance GatewayWithAttachedRoutes, "unresolved-gateway-with-one-attached-unresolved-
// route", wants Programmed False) cannot be programmed; a Gateway none of whose listeners can be
// programmed is not Programmed. Where the spec finds nothing in the way, Programmed True here means
// "nothing in the objects keeps it from being programmed". Whether the data plane took it -
// PortUnavailable, Pending, NoResources, AddressNotAssigned, AddressNotUsable - only the controller
// and the infrastructure know: status-comparison.ts reports a controller's Programmed=False against
// a computed True as the data plane not taking the configuration, never as the spec disagreeing.
import type { ComputedCondition } from '../model/graph.js';
import { condition, findCondition } from './conditions.js';
import type { ListenerEntry } from './listeners.js';

/** The reasons a Programmed=False can carry that no reading of the objects can produce. */
export const DATA_PLANE_PROGRAMMED_REASONS = ['Pending', 'NoResources', 'AddressNotAssigned', 'AddressNotUsable', 'PortUnavailable'] as const;

const NOTHING_IN_THE_WAY = 'the spec finds nothing in the objects that keeps it from being programmed; whether the data plane took it is for the controller to report';

/**
 * A listener's Programmed, from its computed Accepted and ResolvedRefs and from whether anything
 * will reconcile its Gateway (`gatewayAccepted`: the Gateway's computed Accepted).
 */
export function listenerProgrammed(entry: ListenerEntry, gatewayAccepted: ComputedCondition | undefined): ComputedCondition {
  const accepted = findCondition(entry.computed, 'Accepted');
  const resolved = findCondition(entry.computed, 'ResolvedRefs');
  if (gatewayAccepted?.status === 'Unknown') {
    const why = gatewayAccepted.reason === 'Pending' ? 'no controller reconciles its Gateway' : 'whether its Gateway is reconciled is not known';
    return condition('Programmed', 'Unknown', gatewayAccepted.reason, why);
  }
  if (gatewayAccepted?.status === 'False' && accepted?.status !== 'False') {
    return condition('Programmed', 'False', 'Invalid', `not programmed: its Gateway is not accepted (${gatewayAccepted.reason})`);
  }
  if (accepted?.status === 'False') {
    // A listener that lost a conflict by precedence carries the conflict's reason, as the
    // ListenerSet conformance tests show; every other invalid listener is Invalid.
    const reason = entry.conflict?.lostTo && !entry.rejected ? entry.conflict.reason : 'Invalid';
    return condition('Programmed', 'False', reason, `not programmed: the listener is not accepted (${accepted.reason})`);
  }
  if (resolved?.status === 'False') return condition('Programmed', 'False', 'Invalid', `not programmed: its references do not resolve (${resolved.reason})`);
  if (accepted?.status !== 'True' || resolved?.status !== 'True') {
    const which = accepted?.status !== 'True' ? accepted : resolved;
    return condition('Programmed', 'Unknown', 'Unknown', `depends on ${which?.type ?? 'Accepted'}, which the snapshot cannot decide: ${which?.message ?? ''}`);
  }
  return condition('Programmed', 'True', 'Programmed', NOTHING_IN_THE_WAY);
}

/** The Gateway's Programmed, from its computed Accepted and its own listeners' Programmed. */
export function gatewayProgrammed(gatewayComputed: readonly ComputedCondition[], ownListeners: readonly ComputedCondition[][]): ComputedCondition {
  const accepted = findCondition(gatewayComputed, 'Accepted');
  if (accepted?.status === 'Unknown') return condition('Programmed', 'Unknown', accepted.reason, accepted.message);
  if (accepted?.status === 'False') return condition('Programmed', 'False', 'Invalid', `not programmed: the Gateway is not accepted (${accepted.reason})`);
  const programmed = ownListeners.map((l) => findCondition(l, 'Programmed')?.status);
  if (programmed.length > 0 && programmed.every((s) => s === 'False')) {
    return condition('Programmed', 'False', 'Invalid', 'not programmed: no listener of the Gateway can be programmed');
  }
  if (!programmed.includes('True')) return condition('Programmed', 'Unknown', 'Unknown', 'whether any listener can be programmed is not known from the snapshot');
  return condition('Programmed', 'True', 'Programmed', NOTHING_IN_THE_WAY);
}

/**
 * A ListenerSet's Programmed, from its own Accepted (listener-sets.ts) and its parent Gateway's
 * Programmed. ListenerSets that are not accepted keep the reason (NotAllowed, ListenersNotValid:
 * conformance ListenerSetDefaultNotAllowed, ListenerSetHostnameConflict); a parent that cannot be
 * programmed gives ParentNotProgrammed.
 */
export function listenerSetProgrammed(own: readonly ComputedCondition[], parentProgrammed: ComputedCondition | undefined): ComputedCondition {
  const accepted = findCondition(own, 'Accepted');
  if (!accepted || accepted.status === 'Unknown') return condition('Programmed', 'Unknown', accepted?.reason ?? 'Unknown', accepted?.message ?? 'not known');
  if (accepted.status === 'False') {
    const reason = accepted.reason === 'ParentNotAccepted' ? 'ParentNotProgrammed' : accepted.reason;
    return condition('Programmed', 'False', reason, `not programmed: the ListenerSet is not accepted (${accepted.reason})`);
  }
  if (parentProgrammed?.status === 'False') return condition('Programmed', 'False', 'ParentNotProgrammed', `its parent Gateway is not programmed (${parentProgrammed.reason})`);
  if (parentProgrammed?.status !== 'True') return condition('Programmed', 'Unknown', parentProgrammed?.reason ?? 'Unknown', parentProgrammed?.message ?? 'the parent Gateway is not known');
  return condition('Programmed', 'True', 'Programmed', NOTHING_IN_THE_WAY);
}

// Condition helpers and the reason names the spec defines, per object and condition type
// (apis/v1/shared_types.go, gateway_types.go, gatewayclass_types.go, listenerset_types.go). The lists let status
// comparison tell a spec reason from an implementation-specific one.
import type { ConditionStatus } from '../model/objects.js';
import type { ComputedCondition } from '../model/graph.js';

export function condition(type: string, status: ConditionStatus, reason: string, message: string): ComputedCondition {
  return { type, status, reason, message };
}

export function findCondition<T extends { type: string }>(conditions: readonly T[] | undefined, type: string): T | undefined {
  return conditions?.find((c) => c.type === type);
}

export type StatusSubject = 'route' | 'listener' | 'gateway' | 'listenerset' | 'class';

/** Every reason the spec lists, by subject and condition type. */
export const SPEC_REASONS: Record<StatusSubject, Record<string, readonly string[]>> = {
  route: {
    Accepted: [
      'Accepted',
      'NotAllowedByListeners',
      'NoMatchingListenerHostname',
      'NoMatchingParent',
      'UnsupportedValue',
      'Pending',
      'IncompatibleFilters',
    ],
    ResolvedRefs: ['ResolvedRefs', 'RefNotPermitted', 'InvalidKind', 'BackendNotFound', 'UnsupportedProtocol'],
    PartiallyInvalid: ['UnsupportedValue'],
  },
  listener: {
    Accepted: ['Accepted', 'PortUnavailable', 'UnsupportedProtocol', 'NoValidCACertificate', 'UnsupportedValue', 'Pending'],
    Conflicted: ['HostnameConflict', 'ProtocolConflict', 'NoConflicts'],
    ResolvedRefs: [
      'ResolvedRefs',
      'InvalidCertificateRef',
      'InvalidRouteKinds',
      'RefNotPermitted',
      'InvalidCACertificateRef',
      'InvalidCACertificateKind',
    ],
    Programmed: ['Programmed', 'Invalid', 'Pending'],
    OverlappingTLSConfig: ['OverlappingHostnames', 'OverlappingCertificates'],
  },
  gateway: {
    Accepted: ['Accepted', 'ListenersNotValid', 'Pending', 'UnsupportedAddress', 'InvalidParameters', 'NotReconciled', 'Invalid'],
    Programmed: ['Programmed', 'Invalid', 'NoResources', 'AddressNotAssigned', 'AddressNotUsable', 'Pending'],
    ResolvedRefs: ['ResolvedRefs', 'RefNotPermitted', 'InvalidClientCertificateRef', 'ListenersNotResolved'],
  },
  // listenerset_types.go, ListenerSetConditionAccepted / ListenerSetConditionProgrammed.
  listenerset: {
    Accepted: ['Accepted', 'Invalid', 'NotAllowed', 'ParentNotAccepted', 'ListenersNotValid', 'Pending'],
    Programmed: ['Programmed', 'Invalid', 'ParentNotProgrammed', 'PortUnavailable', 'Pending'],
  },
  class: {
    Accepted: ['Accepted', 'InvalidParameters', 'Pending', 'Unsupported', 'Waiting'],
    SupportedVersion: ['SupportedVersion', 'UnsupportedVersion'],
  },
};

/**
 * Reasons that depend on what the implementation supports or on the data plane, which no reading
 * of the spec objects can decide. A controller reporting one of these where the engine computed
 * True is describing its own capabilities, not contradicting the spec.
 */
export const OUT_OF_REACH_REASONS: ReadonlySet<string> = new Set([
  'PortUnavailable',
  'UnsupportedProtocol',
  'UnsupportedValue',
  'UnsupportedAddress',
  'IncompatibleFilters',
  'InvalidParameters',
  'NoValidCACertificate',
  'InvalidCACertificateRef',
  'InvalidCACertificateKind',
  'InvalidClientCertificateRef',
  'NoResources',
  'AddressNotAssigned',
  'AddressNotUsable',
  'TooManyListeners',
]);

export function isSpecReason(subject: StatusSubject, type: string, reason: string): boolean {
  return SPEC_REASONS[subject][type]?.includes(reason) ?? false;
}

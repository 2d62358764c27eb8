// Which routes a listener admits: Listener.AllowedRoutes (gateway_types.go).
//
// AllowedRoutes.Namespaces: "Namespaces indicates namespaces from which Routes may be attached to
// this Listener. This is restricted to the namespace of this Gateway by default."
// RouteNamespaces.From: "* All: Routes in all namespaces may be used by this Gateway.
//   * Selector: Routes in namespaces selected by the selector may be used by this Gateway.
//   * Same: Only Routes in the same namespace may be used by this Gateway."
// AllowedRoutes.Kinds: "When unspecified or empty, the kinds of Routes selected are determined
//   using the Listener protocol. A RouteGroupKind MUST correspond to kinds of Routes that are
//   compatible with the application protocol specified in the Listener's Protocol field. If an
//   implementation does not support or recognize this resource type, it MUST set the
//   "ResolvedRefs" condition to False for this Listener with the "InvalidRouteKinds" reason."
// ListenerStatus.SupportedKinds: "If kinds are specified in Spec that are not supported, they
//   MUST NOT appear in this list ... If both valid and invalid Route kinds are specified, the
//   implementation MUST reference the valid Route kinds that have been specified."
import type { LabelSelector, Listener } from '../model/objects.js';
import { GATEWAY_GROUP, allowedRoutesWithDefaults, routeGroupKindWithDefaults, tlsModeOf } from './defaults.js';
import { classifyProtocol } from './protocols.js';
import { formatSelector, labelSelectorMatches } from './label-selectors.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';

export interface GroupKind {
  group: string;
  kind: string;
}

const gk = (kind: string): GroupKind => ({ group: GATEWAY_GROUP, kind });

/** The label every Namespace carries since Kubernetes 1.22 (and conformance relies on). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The route kinds a listener can carry at all. HTTP and HTTPS carry HTTPRoute and GRPCRoute; TLS
 * Terminate carries TLSRoute and, per tlsroute_types.go ("you could choose to use a TCPRoute with a
 * TLS listener"), TCPRoute; TLS Passthrough carries TLSRoute only (TLSModePassthrough: "Note that
 * SSL passthrough is only supported by TLSRoute"; conformance
 * TLSRouteListenerPassthroughSupportedKinds: TCPRoute listed there is InvalidRouteKinds); TCP
 * carries TCPRoute; UDP carries UDPRoute. An un-prefixed protocol that is not core carries
 * nothing. An implementation-specific (domain-prefixed) protocol: null, the engine cannot say.
 */
export function kindsProtocolCarries(protocol: string, tlsMode?: 'Terminate' | 'Passthrough'): GroupKind[] | null {
  const c = classifyProtocol(protocol);
  if (c.kind === 'implementation-specific') return null;
  if (c.kind === 'unsupported') return [];
  switch (c.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return [gk('HTTPRoute'), gk('GRPCRoute')];
    case 'TLS':
      return tlsMode === 'Passthrough' ? [gk('TLSRoute')] : [gk('TLSRoute'), gk('TCPRoute')];
    case 'TCP':
      return [gk('TCPRoute')];
    case 'UDP':
      return [gk('UDPRoute')];
  }
}

/**
 * The kinds a listener selects when allowedRoutes.kinds is empty, from its protocol:
 * HTTP/HTTPS -> HTTPRoute, GRPCRoute; TLS Passthrough -> TLSRoute ("Core: The listener CAN be of
 * type Passthrough"); TLS Terminate -> TLSRoute, TCPRoute; TCP -> TCPRoute; UDP -> UDPRoute.
 */
export function defaultRouteKinds(protocol: string, tlsMode?: 'Terminate' | 'Passthrough'): GroupKind[] {
  return kindsProtocolCarries(protocol, tlsMode) ?? [];
}

export interface SupportedKinds {
  /** ListenerStatus.supportedKinds as the spec computes it. */
  supported: GroupKind[];
  /** Kinds listed in allowedRoutes.kinds that the protocol cannot carry (InvalidRouteKinds). */
  invalid: GroupKind[];
}

export function supportedKinds(listener: Listener): SupportedKinds {
  const { kinds } = allowedRoutesWithDefaults(listener);
  const mode = tlsModeOf(listener);
  const carried = kindsProtocolCarries(listener.protocol, mode);
  if (kinds.length === 0) return { supported: defaultRouteKinds(listener.protocol, mode), invalid: [] };
  const supported: GroupKind[] = [];
  const invalid: GroupKind[] = [];
  for (const k of kinds.map(routeGroupKindWithDefaults)) {
    const ok = carried === null || carried.some((c) => c.group === k.group && c.kind === k.kind);
    const list = ok ? supported : invalid;
    if (!list.some((x) => x.group === k.group && x.kind === k.kind)) list.push(k);
  }
  return { supported, invalid };
}

export function formatKinds(kinds: readonly GroupKind[]): string {
  if (kinds.length === 0) return 'none';
  return kinds.map((k) => (k.group === GATEWAY_GROUP ? k.kind : `${k.group}/${k.kind}`)).join(', ');
}

/**
 * Does this selector look at any label other than kubernetes.io/metadata.name? The API server sets
 * that label on every Namespace (to its name), so a selector on it alone is decided without
 * reading the Namespace.
 */
export function selectorNeedsNamespaceLabels(selector: LabelSelector | undefined): boolean {
  if (!selector) return false;
  const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
  return keys.some((k) => k !== NAMESPACE_NAME_LABEL);
}

/**
 * The labels of a namespace. When the Namespace object is missing and the snapshot could not have
 * held it, only kubernetes.io/metadata.name is known. From -f files (`assumed`), selectors are
 * evaluated on that label alone and say so; from a cluster that refused the read (`unknown`),
 * a selector on any other label cannot be decided.
 */
export function namespaceLabels(
  name: string,
  lookups: SpecLookups,
): { labels: Record<string, string>; assumed?: string; unknown?: string } {
  const ns = lookups.namespace(name);
  if (ns) return { labels: { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name } };
  const labels = { [NAMESPACE_NAME_LABEL]: name };
  const coverage = lookups.coverage.namespaces;
  if (coverage.state === 'files') {
    return { labels, assumed: `Namespace ${name} is not in the given files: evaluated with its ${NAMESPACE_NAME_LABEL} label only` };
  }
  const gap = absenceUnknown(coverage, 'namespaces', { name });
  return gap ? { labels, unknown: `the labels of Namespace ${name} are ${gap}` } : { labels };
}

export interface NamespaceVerdict {
  /** null: cannot be decided (the namespace's labels could not be read). */
  allowed: boolean | null;
  /** Why not, in words (empty when allowed). */
  message: string;
  /** Set when the verdict rests on the metadata.name label alone. */
  assumed?: string;
}

/**
 * Does the listener admit routes from `routeNamespace`? `ownerNamespace` is the namespace "Same"
 * refers to: the Gateway's, or the ListenerSet's for a ListenerSet listener.
 */
export function routeNamespaceAllowed(
  listener: Listener,
  owner: { kind: 'Gateway' | 'ListenerSet'; namespace: string },
  routeNamespace: string,
  lookups: SpecLookups,
): NamespaceVerdict {
  const { from, selector } = allowedRoutesWithDefaults(listener);
  const ownerWords = `${owner.kind === 'Gateway' ? 'gateway' : 'listenerset'} namespace ${owner.namespace}`;
  switch (from) {
    case 'All':
      return { allowed: true, message: '' };
    case 'Same':
      return routeNamespace === owner.namespace
        ? { allowed: true, message: '' }
        : { allowed: false, message: `namespace ${routeNamespace} is not allowed (allowedRoutes.namespaces.from: Same, ${ownerWords})` };
    case 'None':
      return { allowed: false, message: `no namespace is allowed (allowedRoutes.namespaces.from: None)` };
    case 'Selector': {
      const { labels, assumed, unknown } = namespaceLabels(routeNamespace, lookups);
      if (unknown && selectorNeedsNamespaceLabels(selector)) {
        return {
          allowed: null,
          message: `namespace ${routeNamespace}: allowedRoutes.namespaces.selector ${formatSelector(selector)} cannot be evaluated, ${unknown}`,
        };
      }
      if (labelSelectorMatches(selector, labels)) return { allowed: true, message: '', assumed };
      const message =
        `namespace ${routeNamespace} is not allowed (allowedRoutes.namespaces.from: Selector, ` +
        `selector ${formatSelector(selector)} does not match its labels)` +
        (assumed ? ` - ${assumed}` : '');
      return { allowed: false, message, assumed };
    }
    default:
      return { allowed: false, message: `allowedRoutes.namespaces.from: ${String(from)} is not a value the spec defines` };
  }
}

/** Is the route's group/kind among the listener's supported kinds? */
export function routeKindAllowed(supported: readonly GroupKind[], route: GroupKind): boolean {
  return supported.some((k) => k.group === route.group && k.kind === route.kind);
}

// A Gateway's listeners: validity, distinctness and conflicts, TLS certificate references,
// supported route kinds, and the conditions the spec computes for each listener and for the
// Gateway.
//
// gateway_types.go, GatewaySpec.Listeners, "Distinct Listeners": "The set of listeners that all
// share a protocol value MUST have _different_ values for _at least one_ of these fields to be
// distinct: * HTTP, HTTPS, TLS: Port, Hostname * TCP, UDP: Port". "... sees HTTP, HTTPS, or TLS
// protocols with the same `port` as one with TCP Protocol. In this case all the Listeners that
// share a port with the TCP Listener are not distinct and so MUST NOT be accepted."
// "Handling indistinct Listeners": "If a set of Listeners contains Listeners that are not
// distinct, then those Listeners are _Conflicted_, and the implementation MUST set the
// "Conflicted" condition in the Listener Status to "True". ... The implementation MUST NOT pick
// one conflicting Listener as the winner. ALL indistinct Listeners must not be accepted for
// processing. ... The implementation MUST set a "ListenersNotValid" condition on the Gateway
// Status when the Gateway contains Conflicted Listeners whether or not they accept the Gateway."
//
// ListenerSets (listenerset_types.go, ListenerSetSpec.Listeners; GEP-1713 "Listener and
// ListenerSet conflicts"): the Gateway holds "the merged list of all listeners from itself and
// attached ListenerSets using the following precedence: 1. "parent" Gateway 2. ListenerSet ordered
// by creation time (oldest first) 3. ListenerSet ordered alphabetically by "{namespace}/{name}"",
// and "in case of a conflict, the Listener Precedence should be respected, so the first Listener
// on the precedence list MUST be accepted, and should not have a `Conflicted` condition, while the
// conflicting listeners MUST have a `Conflicted` condition set to True". So the merged list is
// walked in precedence order, each object's listeners checked against those already accepted:
// the later one loses, and a listener that is rejected (for a conflict or any other reason) makes
// no other listener conflict. Within one object, the Gateway's rule holds: every indistinct
// listener is rejected ("Listeners in a ListenerSet follow the same rules of Listeners on a
// Gateway resource").
//
// Conformance: GatewayListenerProtocolAndRouteKindConflicts (a Gateway's own HTTPS and TLS on one
// port, same hostname: both Conflicted=True ProtocolConflict, Accepted=False reason Invalid);
// GatewayHTTPSAndTLSPassthroughSamePort (different hostnames are distinct);
// ListenerSetHostnameConflict and ListenerSetProtocolConflict (only the losing ListenerSet
// listener is rejected, its siblings stay Accepted; Accepted=False with the conflict's reason, as
// one version of the suite asks and the others allow: "GEP-1713 requires conflicted listeners to
// report Conflicted=True, but does not normatively require a specific reason for
// Accepted/Programmed").
import type { CertificateEdge, ComputedCondition } from '../model/graph.js';
import type { Gateway, LabelSelector, Listener, ListenerSet, SecretFacts } from '../model/objects.js';
import { certificateCoversHostname, leafCertificate } from '../snapshot/certificates.js';
import { formatKinds, namespaceLabels, selectorNeedsNamespaceLabels, supportedKinds, type GroupKind } from './allowed-routes.js';
import { condition } from './conditions.js';
import {
  CORE_GROUP,
  GATEWAY_GROUP,
  certificateRefWithDefaults,
  nsName,
  parentRefWithDefaults,
  tlsModeOf,
} from './defaults.js';
import { intersectHostname } from './hostnames.js';
import { labelSelectorMatches } from './label-selectors.js';
import { evaluateClientValidation, noValidCaCertificate, type ClientValidation } from './frontend-validation.js';
import type { ParametersVerdict } from './gateway-infrastructure.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';
import { classifyProtocol } from './protocols.js';
import { referenceAllowed } from './reference-grants.js';

/** One listener of a Gateway (its own, or from a ListenerSet attached to it), evaluated. */
export interface ListenerEntry {
  /** "Gateway/ns/name#listener", or "ListenerSet/ns/name#listener" for a ListenerSet's. */
  id: string;
  name: string;
  listener: Listener;
  protocol: string;
  port: number;
  hostname?: string;
  tlsMode?: 'Terminate' | 'Passthrough';
  /** "ns/name" of the Gateway. */
  gatewayKey: string;
  /** The object that declares the listener; "Same" in allowedRoutes refers to its namespace. */
  owner: { kind: 'Gateway' | 'ListenerSet'; namespace: string; name: string };
  /** The declaring object's group and kind as a ReferenceGrant's `from` names it: Gateway, or
   *  ListenerSet (XListenerSet of gateway.networking.x-k8s.io before v1.6). */
  referrer: { group: string; kind: string };
  /** Id of the ListenerSet ("ListenerSet/ns/name") when the listener comes from one. */
  listenerSet?: string;
  /** False for a ListenerSet listener whose ListenerSet the Gateway does not admit. */
  partOfGateway: boolean;
  supported: GroupKind[];
  invalidKinds: GroupKind[];
  certificates: CertificateEdge[];
  /** Client-certificate validation that applies to the listener (frontend-validation.ts). */
  clientValidation?: ClientValidation;
  /**
   * Why the listener is not Accepted before any conflict is looked at (its ListenerSet is not
   * admitted, its protocol or hostname is invalid, its tls does not fit its protocol). Such a
   * listener takes no part in conflicts.
   */
  rejected?: { reason: string; message: string };
  /**
   * Conflicted=True. `lostTo` names the listener of higher precedence (in another object) it loses
   * to; absent when it is indistinct from listeners of its own object, all of which are rejected.
   */
  conflict?: { reason: 'HostnameConflict' | 'ProtocolConflict'; message: string; lostTo?: string };
  computed: ComputedCondition[];
}

export function listenerId(ownerKind: 'Gateway' | 'ListenerSet', namespace: string, name: string, listener: string): string {
  return `${ownerKind}/${namespace}/${name}#${listener}`;
}

/** "listener https :443 *.example.com" - how every message names a listener. */
export function describeListener(l: { name: string; port: number; hostname?: string }): string {
  return `listener ${l.name} :${l.port}${l.hostname ? ` ${l.hostname}` : ''}`;
}

// ---- ListenerSet admission (gateway_types.go, GatewaySpec.AllowedListeners) ----

interface AllowedListenersSpec {
  namespaces?: { from?: 'All' | 'Same' | 'Selector' | 'None'; selector?: LabelSelector };
}

/**
 * AllowedListeners.Namespaces.From: "* Same: Only ListenerSets in the same namespace may be
 * attached to this Gateway. * Selector: ... * All: ... * None: Only listeners defined in the
 * Gateway's spec are allowed. The default value None".
 */
export function listenerSetAllowed(gateway: Gateway, listenerSet: ListenerSet, lookups: SpecLookups): { allowed: boolean | null; message: string } {
  const allowed = (gateway.spec as { allowedListeners?: AllowedListenersSpec }).allowedListeners;
  const from = allowed?.namespaces?.from ?? 'None';
  const lsNs = listenerSet.metadata.namespace ?? 'default';
  const gwNs = gateway.metadata.namespace ?? 'default';
  const who = `ListenerSet ${lsNs}/${listenerSet.metadata.name}`;
  switch (from) {
    case 'All':
      return { allowed: true, message: '' };
    case 'Same':
      return lsNs === gwNs
        ? { allowed: true, message: '' }
        : { allowed: false, message: `${who} is not allowed: spec.allowedListeners.namespaces.from is Same (gateway namespace ${gwNs})` };
    case 'Selector': {
      const { labels, unknown } = namespaceLabels(lsNs, lookups);
      // Decided without the Namespace when the selector looks only at kubernetes.io/metadata.name.
      if (unknown && selectorNeedsNamespaceLabels(allowed?.namespaces?.selector)) {
        return { allowed: null, message: `${who}: spec.allowedListeners.namespaces.selector cannot be evaluated, ${unknown}` };
      }
      return labelSelectorMatches(allowed?.namespaces?.selector, labels)
        ? { allowed: true, message: '' }
        : { allowed: false, message: `${who} is not allowed: its namespace does not match spec.allowedListeners.namespaces.selector` };
    }
    default:
      return {
        allowed: false,
        message: `${who} is not allowed: the Gateway does not allow ListenerSets (spec.allowedListeners.namespaces.from is ${from})`,
      };
  }
}

/** Does a ListenerSet's parentRef name this Gateway? (ParentGatewayReference defaults.) */
export function listenerSetTargets(listenerSet: ListenerSet): { namespace: string; name: string } | null {
  const ref = listenerSet.spec?.parentRef;
  if (!ref) return null;
  const d = parentRefWithDefaults(ref, listenerSet.metadata.namespace ?? 'default');
  if (d.kind !== 'Gateway' || d.group !== GATEWAY_GROUP) return null;
  return { namespace: d.namespace, name: d.name };
}

// ---- distinctness ----

type Family = 'http' | 'sni' | 'tcp' | 'udp' | 'other';

function family(protocol: string): Family {
  switch (protocol) {
    case 'HTTP':
      return 'http';
    case 'HTTPS':
    case 'TLS':
      return 'sni';
    case 'TCP':
      return 'tcp';
    case 'UDP':
      return 'udp';
    default:
      return 'other';
  }
}

/** "listener x :80 host of Gateway ns/gw" - a listener of another object, named in full. */
function describeOwned(e: ListenerEntry): string {
  return `${describeListener(e)} of ${e.owner.kind} ${e.owner.namespace}/${e.owner.name}`;
}

/**
 * Why `b` is not distinct from `a` (same port), or null when they are. Hostnames are compared as
 * written: a hostname the API would not take has already rejected its listener.
 */
function conflictBetween(a: ListenerEntry, b: ListenerEntry, name: (e: ListenerEntry) => string): ListenerEntry['conflict'] | null {
  const fa = family(a.protocol);
  const fb = family(b.protocol);
  // UDP and TCP-based protocols do not share a socket; implementation-specific protocols are
  // beyond what the spec can judge.
  if (fa === 'other' || fb === 'other') return null;
  if ((fa === 'udp') !== (fb === 'udp')) return null;
  const ha = a.hostname ?? '';
  const hb = b.hostname ?? '';
  if (a.protocol === b.protocol) {
    // HTTP, HTTPS, TLS are distinct by hostname; TCP and UDP only by port.
    if (fa === 'tcp' || fa === 'udp' || ha === hb) {
      const what = fa === 'tcp' || fa === 'udp' ? `both ${a.protocol}` : `same hostname ${ha || '(none)'}`;
      return { reason: 'HostnameConflict', message: `port ${a.port}: ${what} as ${name(a)}` };
    }
    return null;
  }
  // HTTPS and TLS both select by SNI: distinct when their hostnames differ.
  if (fa === 'sni' && fb === 'sni' && ha !== hb) return null;
  return {
    reason: 'ProtocolConflict',
    message: `port ${a.port}: protocol ${b.protocol} conflicts with ${a.protocol} on ${name(a)}`,
  };
}

/**
 * Marks Conflicted listeners, walking the merged list object by object in precedence order (the
 * entries come in that order: the Gateway's own, then its ListenerSets as orderListenerSets
 * sorts them). Rejected listeners are left out: they make no other listener conflict.
 */
function markConflicts(entries: ListenerEntry[]): void {
  const accepted = new Map<number, ListenerEntry[]>();
  const owners: ListenerEntry[][] = [];
  for (const e of entries) {
    if (!e.partOfGateway || e.rejected) continue;
    const last = owners[owners.length - 1];
    if (last && last[0].id.split('#')[0] === e.id.split('#')[0]) last.push(e);
    else owners.push([e]);
  }
  for (const group of owners) {
    // Against listeners of objects of higher precedence: this one loses.
    const survivors: ListenerEntry[] = [];
    for (const e of group) {
      const clash = (accepted.get(e.port) ?? []).map((a) => ({ a, c: conflictBetween(a, e, describeOwned) })).find((x) => x.c);
      if (clash) e.conflict = { ...clash.c!, message: `${clash.c!.message}, which takes precedence`, lostTo: clash.a.id };
      else survivors.push(e);
    }
    // Within the object: every indistinct listener is rejected, none picked as the winner.
    for (let i = 0; i < survivors.length; i++) {
      for (let j = i + 1; j < survivors.length; j++) {
        const a = survivors[i];
        const b = survivors[j];
        if (a.port !== b.port) continue;
        const c = conflictBetween(a, b, describeListener);
        if (!c) continue;
        if (!b.conflict) b.conflict = c;
        if (!a.conflict) a.conflict = conflictBetween(b, a, describeListener) ?? c;
      }
    }
    for (const e of survivors) {
      if (e.conflict) continue;
      const list = accepted.get(e.port) ?? [];
      list.push(e);
      accepted.set(e.port, list);
    }
  }
}

/**
 * gateway_types.go, ListenerConditionOverlappingTLSConfig: "Overlapping Hostnames: Listener A
 * matches *.example.com while Listener B matches foo.example.com. ... This condition MUST be set
 * on all Listeners with overlapping TLS config." Only listeners that terminate TLS carry TLS
 * config; equal hostnames are a HostnameConflict instead.
 */
function overlappingHostnames(entries: ListenerEntry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const tls = entries.filter((e) => e.partOfGateway && !e.rejected && !e.conflict && e.hostname && e.tlsMode === 'Terminate');
  for (let i = 0; i < tls.length; i++) {
    for (let j = i + 1; j < tls.length; j++) {
      const a = tls[i];
      const b = tls[j];
      if (a.port !== b.port) continue;
      if (a.hostname === b.hostname) continue;
      if (intersectHostname(a.hostname!, b.hostname!) === null) continue;
      out.set(a.id, [...(out.get(a.id) ?? []), b.name]);
      out.set(b.id, [...(out.get(b.id) ?? []), a.name]);
    }
  }
  return out;
}

// ---- certificates ----

function leafOf(facts: SecretFacts) {
  return leafCertificate(facts.certificates);
}

/**
 * One tls.certificateRef (ListenerTLSConfig.CertificateRefs): "References to a resource in
 * different namespace are invalid UNLESS there is a ReferenceGrant in the target namespace that
 * allows the certificate to be attached. If a ReferenceGrant does not allow this reference, the
 * "ResolvedRefs" condition MUST be set to False for this listener with the "RefNotPermitted"
 * reason." ListenerReasonInvalidCertificateRef: "A CertificateRef is considered invalid when it
 * refers to a nonexistent or unsupported resource or kind, or when the data within that resource
 * is malformed."
 */
export function evaluateCertificateRef(
  rawRef: NonNullable<NonNullable<Listener['tls']>['certificateRefs']>[number],
  entry: Pick<ListenerEntry, 'owner' | 'referrer' | 'hostname'>,
  lookups: SpecLookups,
  now: Date,
): CertificateEdge {
  const ref = certificateRefWithDefaults(rawRef, entry.owner.namespace);
  const name = `${ref.namespace}/${ref.name}`;
  const edge = (resolved: boolean | null, reason: string, message: string): CertificateEdge => ({
    ref,
    resolved,
    reason,
    message,
    certificates: [],
    coversHostname: null,
    expired: null,
  });
  if (ref.group !== CORE_GROUP || ref.kind !== 'Secret') {
    const gk = ref.group ? `${ref.group}/${ref.kind}` : ref.kind;
    return edge(false, 'InvalidCertificateRef', `certificateRef ${gk} ${name}: only core Secrets are a certificate kind the spec defines`);
  }
  if (ref.namespace !== entry.owner.namespace) {
    const from = { ...entry.referrer, namespace: entry.owner.namespace };
    const verdict = referenceAllowed(from, { ...ref }, lookups.referenceGrants(ref.namespace));
    if (!verdict.allowed) {
      const unknown = absenceUnknown(lookups.coverage.referencegrants, 'referencegrants', { namespace: ref.namespace });
      if (unknown) return edge(null, 'Unknown', `Secret ${name} is in another namespace and ReferenceGrants are ${unknown}`);
      return edge(
        false,
        'RefNotPermitted',
        `Secret ${name} is in another namespace and no ReferenceGrant in ${ref.namespace} allows ${entry.referrer.kind}s from ${entry.owner.namespace} to reference it`,
      );
    }
  }
  const facts = lookups.secret(ref.namespace, ref.name);
  if (!facts) {
    const unknown = absenceUnknown(lookups.coverage.secrets, 'secrets', { namespace: ref.namespace, name: ref.name });
    if (unknown) return edge(null, 'Unknown', `Secret ${name}: ${unknown}`);
    return edge(false, 'InvalidCertificateRef', `Secret ${name} does not exist`);
  }
  const out = edge(true, 'ResolvedRefs', '');
  out.certificates = facts.certificates;
  const leaf = leafOf(facts);
  if (leaf) {
    out.expired = Date.parse(leaf.notAfter) < now.getTime();
    out.coversHostname = entry.hostname ? certificateCoversHostname(leaf, entry.hostname) : null;
  }
  if (facts.certificateError) {
    return { ...out, resolved: false, reason: 'InvalidCertificateRef', message: `Secret ${name}: ${facts.certificateError}` };
  }
  if (facts.keys.length > 0 && !facts.keys.includes('tls.key')) {
    return { ...out, resolved: false, reason: 'InvalidCertificateRef', message: `Secret ${name} has no tls.key` };
  }
  const notes: string[] = [];
  if (leaf) notes.push(`${leaf.subject || 'no subject'}, SANs ${leaf.dnsNames.join(', ') || 'none'}, valid until ${leaf.notAfter}`);
  if (out.expired) notes.push('EXPIRED');
  if (out.coversHostname === false) notes.push(`does not cover ${entry.hostname}`);
  out.message = `Secret ${name}${notes.length ? `: ${notes.join('; ')}` : ''}`;
  return out;
}

// ---- evaluation ----

/** A ListenerSet as a ReferenceGrant's `from` names it: its own API group and kind. */
function referrerOf(listenerSet: ListenerSet): { group: string; kind: string } {
  const group = listenerSet.apiVersion?.includes('/') ? listenerSet.apiVersion.split('/')[0] : GATEWAY_GROUP;
  return { group, kind: listenerSet.kind || 'ListenerSet' };
}

function baseEntry(
  gateway: Gateway,
  owner: ListenerEntry['owner'],
  listener: Listener,
  partOfGateway: boolean,
  listenerSet?: ListenerSet,
): ListenerEntry {
  const kinds = supportedKinds(listener);
  const entry: ListenerEntry = {
    id: listenerId(owner.kind, owner.namespace, owner.name, listener.name),
    name: listener.name,
    listener,
    protocol: listener.protocol,
    port: listener.port,
    tlsMode: tlsModeOf(listener),
    gatewayKey: nsName(gateway.metadata.namespace ?? 'default', gateway.metadata.name),
    owner,
    referrer: listenerSet ? referrerOf(listenerSet) : { group: GATEWAY_GROUP, kind: 'Gateway' },
    partOfGateway,
    supported: kinds.supported,
    invalidKinds: kinds.invalid,
    certificates: [],
    computed: [],
  };
  if (listener.hostname) entry.hostname = listener.hostname;
  if (listenerSet) entry.listenerSet = `ListenerSet/${owner.namespace}/${owner.name}`;
  return entry;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** shared_types.go, Hostname: "+kubebuilder:validation:Pattern=`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`". */
const HOSTNAME_PATTERN = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What is wrong with a listener hostname, or null. shared_types.go, Hostname: "the fully
 * qualified domain name of a network host. This matches the RFC 1123 definition of a hostname
 * with 2 notable exceptions: 1. IPs are not allowed. 2. A hostname may be prefixed with a
 * wildcard label (`*.`)", with the pattern above (lower case, no trailing dot) and at most 253
 * characters. The API server enforces the pattern, so upper case or a trailing dot only come from
 * files; an IP address matches the pattern and reaches a cluster. Nothing here is normalised: the
 * hostname is reported as written.
 */
export function listenerHostnameProblem(hostname: string): string | null {
  const why =
    IPV4.test(hostname) || hostname.includes(':')
      ? 'is an IP address, and a listener hostname must be a DNS name ("IPs are not allowed")'
      : hostname.endsWith('.')
        ? 'ends with a dot, which the Hostname pattern does not allow (write it without the trailing dot)'
        : hostname !== hostname.toLowerCase() && HOSTNAME_PATTERN.test(hostname.toLowerCase())
          ? `has upper-case letters, which the Hostname pattern does not allow (write ${hostname.toLowerCase()})`
          : hostname.length > 253 || !HOSTNAME_PATTERN.test(hostname)
            ? 'is not a valid hostname (lower-case DNS labels, an optional leading "*." wildcard label, at most 253 characters)'
            : null;
  return why ? `hostname ${hostname} ${why}` : null;
}

/**
 * Why the listener cannot be accepted whatever the other listeners are, or undefined. These are
 * decided before conflicts: a listener rejected here makes no other listener conflict.
 */
function rejectionOf(entry: ListenerEntry, notAllowed: string | undefined): ListenerEntry['rejected'] {
  const l = entry.listener;
  if (notAllowed) return { reason: 'NotAllowed', message: notAllowed };
  const protocol = classifyProtocol(entry.protocol);
  if (protocol.kind === 'unsupported') return { reason: 'UnsupportedProtocol', message: protocol.message };
  const hostnameProblem = entry.hostname !== undefined ? listenerHostnameProblem(entry.hostname) : null;
  if (hostnameProblem) return { reason: 'UnsupportedValue', message: hostnameProblem };
  if ((entry.protocol === 'TCP' || entry.protocol === 'UDP') && entry.hostname)
    return { reason: 'UnsupportedValue', message: `hostname must not be set for protocol ${entry.protocol}` };
  if (entry.protocol === 'HTTPS' && l.tls?.mode === 'Passthrough')
    return { reason: 'UnsupportedValue', message: 'an HTTPS listener must terminate TLS (tls.mode Passthrough is only valid for protocol TLS)' };
  if (['HTTP', 'TCP', 'UDP'].includes(entry.protocol) && l.tls)
    return { reason: 'UnsupportedValue', message: `tls must not be set for protocol ${entry.protocol}` };
  return noValidCaCertificate(entry.clientValidation);
}

function listenerConditions(entry: ListenerEntry, overlaps: string[] | undefined): ComputedCondition[] {
  const l = entry.listener;
  const out: ComputedCondition[] = [];
  // Accepted
  // A ListenerSet whose admission could not be decided (its Namespace could not be read): unknown.
  if (entry.rejected?.reason === 'Unknown') out.push(condition('Accepted', 'Unknown', 'Unknown', entry.rejected.message));
  else if (entry.rejected) out.push(condition('Accepted', 'False', entry.rejected.reason, entry.rejected.message));
  else if (entry.conflict?.lostTo)
    out.push(condition('Accepted', 'False', entry.conflict.reason, `not accepted: it conflicts with a listener of higher precedence (${entry.conflict.message})`));
  else if (entry.conflict) out.push(condition('Accepted', 'False', 'Invalid', `not accepted: conflicted (${entry.conflict.message})`));
  else if (classifyProtocol(entry.protocol).kind === 'implementation-specific')
    out.push(condition('Accepted', 'Unknown', 'Unknown', `protocol ${l.protocol} is implementation-specific: only the controller knows whether it supports it`));
  else out.push(condition('Accepted', 'True', 'Accepted', 'the listener is valid'));
  // Conflicted: "If this condition is not set, it is assumed that there are no conflicts."
  out.push(
    entry.conflict
      ? condition('Conflicted', 'True', entry.conflict.reason, entry.conflict.message)
      : condition('Conflicted', 'False', 'NoConflicts', 'no other listener shares its port and hostname'),
  );
  // ResolvedRefs
  const problems: Array<{ reason: string; message: string }> = [];
  if (entry.invalidKinds.length > 0) {
    problems.push({
      reason: 'InvalidRouteKinds',
      message: `allowedRoutes.kinds lists ${formatKinds(entry.invalidKinds)}, which protocol ${entry.protocol} cannot carry (supported: ${formatKinds(entry.supported)})`,
    });
  }
  const needsCertificates = entry.tlsMode === 'Terminate';
  if (needsCertificates && (l.tls?.certificateRefs ?? []).length === 0 && Object.keys(l.tls?.options ?? {}).length === 0) {
    problems.push({ reason: 'InvalidCertificateRef', message: `${entry.protocol} listener terminates TLS but has no tls.certificateRefs` });
  }
  const refNotPermitted = entry.certificates.filter((c) => c.reason === 'RefNotPermitted');
  const invalid = entry.certificates.filter((c) => c.resolved === false && c.reason !== 'RefNotPermitted');
  for (const c of [...refNotPermitted, ...invalid]) problems.push({ reason: c.reason, message: c.message });
  const caRefs = entry.clientValidation?.caCertificates ?? [];
  for (const c of [...caRefs.filter((x) => x.reason === 'RefNotPermitted'), ...caRefs.filter((x) => x.resolved === false && x.reason !== 'RefNotPermitted')]) {
    problems.push({ reason: c.reason, message: c.message });
  }
  const unknown = [...entry.certificates.filter((c) => c.resolved === null), ...caRefs.filter((c) => c.reason === 'Unknown')];
  if (problems.length > 0) {
    out.push(condition('ResolvedRefs', 'False', problems[0].reason, problems.map((p) => p.message).join('; ')));
  } else if (unknown.length > 0) {
    out.push(condition('ResolvedRefs', 'Unknown', 'Unknown', unknown.map((c) => c.message).join('; ')));
  } else {
    out.push(condition('ResolvedRefs', 'True', 'ResolvedRefs', 'all references resolved'));
  }
  if (overlaps && overlaps.length > 0) {
    out.push(
      condition('OverlappingTLSConfig', 'True', 'OverlappingHostnames', `hostname ${entry.hostname} overlaps listener(s) ${overlaps.join(', ')} on port ${entry.port}`),
    );
  }
  return out;
}

/** ListenerSets that target this Gateway, in the spec's precedence order. */
export function orderListenerSets(listenerSets: readonly ListenerSet[]): ListenerSet[] {
  return [...listenerSets].sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = nsName(a.metadata.namespace, a.metadata.name);
    const kb = nsName(b.metadata.namespace, b.metadata.name);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * Every listener of a Gateway (its own first, then those of the ListenerSets that target it),
 * with supported kinds, certificates, conflicts and computed conditions.
 */
export function evaluateGatewayListeners(
  gateway: Gateway,
  listenerSets: readonly ListenerSet[],
  lookups: SpecLookups,
  now: Date = new Date(),
): ListenerEntry[] {
  const gwNs = gateway.metadata.namespace ?? 'default';
  const entries: ListenerEntry[] = [];
  const notAllowed = new Map<string, { message: string; undecided: boolean }>();
  for (const l of gateway.spec?.listeners ?? []) {
    entries.push(baseEntry(gateway, { kind: 'Gateway', namespace: gwNs, name: gateway.metadata.name }, l, true));
  }
  for (const ls of orderListenerSets(listenerSets)) {
    const verdict = listenerSetAllowed(gateway, ls, lookups);
    const owner = { kind: 'ListenerSet' as const, namespace: ls.metadata.namespace ?? 'default', name: ls.metadata.name };
    for (const l of ls.spec?.listeners ?? []) {
      // A ListenerSet whose admission cannot be decided takes no part in conflicts, like one not allowed.
      const e = baseEntry(gateway, owner, l, verdict.allowed === true, ls);
      if (verdict.allowed !== true) notAllowed.set(e.id, { message: verdict.message, undecided: verdict.allowed === null });
      entries.push(e);
    }
  }
  for (const e of entries) {
    // ListenerTLSConfig.Mode Passthrough: "The certificateRefs field is ignored in this mode."
    if (e.tlsMode === 'Terminate') {
      e.certificates = (e.listener.tls?.certificateRefs ?? []).map((ref) => evaluateCertificateRef(ref, e, lookups, now));
    }
    const validation = evaluateClientValidation(gateway, e, lookups);
    if (validation) e.clientValidation = validation;
  }
  for (const e of entries) {
    const refused = notAllowed.get(e.id);
    const rejected = refused?.undecided ? { reason: 'Unknown', message: refused.message } : rejectionOf(e, refused?.message);
    if (rejected) e.rejected = rejected;
  }
  markConflicts(entries);
  const overlaps = overlappingHostnames(entries);
  for (const e of entries) e.computed = listenerConditions(e, overlaps.get(e.id));
  return entries;
}

/** Is the listener accepted by the spec's reading (Accepted not False)? */
export function listenerValid(entry: ListenerEntry): boolean {
  return entry.computed.find((c) => c.type === 'Accepted')?.status !== 'False';
}

/**
 * The Gateway's own conditions. GatewayReasonListenersNotValid: "This reason is used with the
 * "Accepted" condition when one or more Listeners have an invalid or unsupported configuration
 * and cannot be configured on the Gateway. This can be the reason when "Accepted" is "True" or
 * "False", depending on whether the listener being invalid causes the entire Gateway to not be
 * accepted." GatewayReasonPending: "used with the "Accepted" and "Programmed" conditions when the
 * status is "Unknown" and no controller has reconciled the Gateway." GatewayConditionResolvedRefs
 * "provides a positive-polarity summary of Listener's "ResolvedRefs" condition" with
 * ListenersNotResolved.
 */
export function gatewayConditions(
  entries: readonly ListenerEntry[],
  controller: { claimed: boolean; message: string; undecided?: string },
  parameters?: ParametersVerdict,
): ComputedCondition[] {
  const own = entries.filter((e) => e.owner.kind === 'Gateway');
  const out: ComputedCondition[] = [];
  const invalid = own.filter((e) => !listenerValid(e));
  if (!controller.claimed) {
    out.push(condition('Accepted', 'Unknown', 'Pending', controller.message));
  } else if (controller.undecided) {
    // Whether any controller claims the class could not be read: so is whether it accepts the Gateway.
    out.push(condition('Accepted', 'Unknown', 'Unknown', controller.undecided));
  } else if (parameters?.resolved === false) {
    // GatewayReasonInvalidParameters: "the Gateway was not accepted because the parametersRef
    // field was invalid, with more detail in the message."
    out.push(condition('Accepted', 'False', 'InvalidParameters', parameters.message));
  } else if (own.length === 0) {
    out.push(condition('Accepted', 'False', 'ListenersNotValid', 'the Gateway has no listeners'));
  } else if (invalid.length === 0) {
    out.push(condition('Accepted', 'True', 'Accepted', `all ${own.length} listener(s) are valid`));
  } else {
    const valid = own.filter((e) => listenerValid(e));
    const detail = invalid.map((e) => `${e.name} (${e.computed.find((c) => c.type === 'Accepted')?.reason})`).join(', ');
    const message =
      valid.length > 0
        ? `listener(s) not valid: ${detail}; accepted: ${valid.map((e) => e.name).join(', ')}`
        : `no listener is valid: ${detail}`;
    out.push(condition('Accepted', valid.length > 0 ? 'True' : 'False', 'ListenersNotValid', message));
  }
  const unresolved = own.filter((e) => e.computed.find((c) => c.type === 'ResolvedRefs')?.status === 'False');
  const unknown = own.filter((e) => e.computed.find((c) => c.type === 'ResolvedRefs')?.status === 'Unknown');
  if (unresolved.length > 0) {
    out.push(
      condition('ResolvedRefs', 'False', 'ListenersNotResolved', `listener(s) with unresolved references: ${unresolved.map((e) => e.name).join(', ')}`),
    );
  } else if (unknown.length > 0) {
    out.push(condition('ResolvedRefs', 'Unknown', 'Unknown', `could not check the references of listener(s) ${unknown.map((e) => e.name).join(', ')}`));
  } else {
    out.push(condition('ResolvedRefs', 'True', 'ResolvedRefs', 'all listener references resolved'));
  }
  return out;
}

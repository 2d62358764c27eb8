// Client-certificate validation on a listener: the CA certificates it names, and the conditions
// they give.
//
// gateway_types.go, GatewayTLSConfig.Frontend (FrontendTLSConfig): "Default specifies the default
// client certificate validation configuration for all Listeners handling HTTPS traffic, unless a
// per-port configuration is defined." PerPort: "Once set this configuration overrides the default
// configuration for all Listeners handling HTTPS traffic that match this port." Older experimental
// CRDs put the same FrontendTLSValidation on the listener itself (tls.frontendValidation); a
// listener's own, where set, is the one read.
// FrontendTLSValidation.CACertificateRefs: "A single CA certificate reference to a Kubernetes
// ConfigMap has "Core" support ... Support: Core - A single reference to a Kubernetes ConfigMap
// with the CA certificate in a key named `ca.crt`. ... References to a resource in a different
// namespace are invalid UNLESS there is a ReferenceGrant in the target namespace that allows the
// certificate to be attached. If a ReferenceGrant does not allow this reference, the
// "ResolvedRefs" condition MUST be set to False for this listener with the "RefNotPermitted"
// reason." ListenerReasonInvalidCACertificateRef: "one or more CACertificate References used to
// configure Client Certificate validation for Gateway are invalid"; InvalidCACertificateKind:
// "has unknown or unsupported kind"; ListenerReasonNoValidCACertificate (Accepted): "the Listener
// could not resolve the references to any CACertificate". Conformance
// GatewayFrontendInvalidDefaultClientCertificateValidation: an invalid default gives the HTTPS
// listener ResolvedRefs False InvalidCACertificateRef and Accepted False NoValidCACertificate, and
// leaves the HTTP listener alone. GatewayConditionInsecureFrontendValidationMode: True
// (ConfigurationChanged) while a validation's mode is AllowInsecureFallback.
import type { ComputedCondition } from '../model/graph.js';
import type { CertificateFacts, FrontendTLSValidation, Gateway, ObjectReference } from '../model/objects.js';
import { condition } from './conditions.js';
import { CORE_GROUP, GATEWAY_GROUP } from './defaults.js';
import type { ListenerEntry } from './listeners.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';
import { referenceAllowed } from './reference-grants.js';

export interface CaCertificateRefVerdict {
  ref: { group: string; kind: string; namespace: string; name: string };
  /** false: the reason below; null: the snapshot cannot tell, or the kind is the implementation's. */
  resolved: boolean | null;
  reason: 'ResolvedRefs' | 'InvalidCACertificateKind' | 'InvalidCACertificateRef' | 'RefNotPermitted' | 'NotChecked' | 'Unknown';
  message: string;
  /** Subject and dates of the CA certificates found (never the data). */
  certificates: CertificateFacts[];
}

export interface ClientValidation {
  /** Where the validation comes from: "spec.tls.frontend.default", "spec.tls.frontend.perPort[443]", "tls.frontendValidation". */
  source: string;
  mode: 'AllowValidOnly' | 'AllowInsecureFallback';
  caCertificates: CaCertificateRefVerdict[];
}

/** The FrontendTLSValidation that applies to the listener, with where it comes from, or undefined. */
export function frontendValidationFor(
  gateway: Gateway,
  entry: Pick<ListenerEntry, 'listener' | 'protocol' | 'port'>,
): { source: string; validation: FrontendTLSValidation; referrer: 'owner' | 'gateway' } | undefined {
  const own = entry.listener.tls?.frontendValidation;
  if (own) return { source: 'tls.frontendValidation', validation: own, referrer: 'owner' };
  if (entry.protocol !== 'HTTPS') return undefined;
  const frontend = gateway.spec?.tls?.frontend;
  if (!frontend) return undefined;
  const perPort = frontend.perPort?.find((p) => p.port === entry.port);
  if (perPort) return perPort.tls?.validation ? { source: `spec.tls.frontend.perPort[${entry.port}]`, validation: perPort.tls.validation, referrer: 'gateway' } : undefined;
  const fallback = frontend.default?.validation;
  return fallback ? { source: 'spec.tls.frontend.default', validation: fallback, referrer: 'gateway' } : undefined;
}

/** One caCertificateRef, checked in the order kind, ReferenceGrant, existence, content. */
export function evaluateCaCertificateRef(
  raw: ObjectReference,
  from: { group: string; kind: string; namespace: string },
  lookups: SpecLookups,
): CaCertificateRefVerdict {
  const ref = { group: raw.group ?? CORE_GROUP, kind: raw.kind, namespace: raw.namespace || from.namespace, name: raw.name };
  const name = `${ref.kind} ${ref.namespace}/${ref.name}`;
  const verdict = (resolved: boolean | null, reason: CaCertificateRefVerdict['reason'], message: string, certificates: CertificateFacts[] = []) => ({
    ref,
    resolved,
    reason,
    message,
    certificates,
  });
  if (ref.group === CORE_GROUP && ref.kind !== 'ConfigMap' && ref.kind !== 'Secret') {
    return verdict(false, 'InvalidCACertificateKind', `caCertificateRef ${name}: a core ${ref.kind} cannot hold CA certificates (use a ConfigMap with the key ca.crt)`);
  }
  if (ref.group !== CORE_GROUP && lookups.apiGroupServed(ref.group) === false) {
    return verdict(false, 'InvalidCACertificateKind', `caCertificateRef ${ref.kind}.${ref.group} ${ref.namespace}/${ref.name}: the cluster serves no API group ${ref.group}`);
  }
  if (ref.namespace !== from.namespace) {
    const allowed = referenceAllowed(from, ref, lookups.referenceGrants(ref.namespace));
    if (!allowed.allowed) {
      const unknown = absenceUnknown(lookups.coverage.referencegrants, 'referencegrants');
      if (unknown) return verdict(null, 'Unknown', `caCertificateRef ${name} is in another namespace and ReferenceGrants are ${unknown}`);
      return verdict(
        false,
        'RefNotPermitted',
        `caCertificateRef ${name} is in another namespace and no ReferenceGrant in ${ref.namespace} allows ${from.kind}s from ${from.namespace} to reference it`,
      );
    }
  }
  if (ref.group !== CORE_GROUP || ref.kind !== 'ConfigMap') {
    // Secrets and other kinds are implementation-specific CA holders: not read.
    return verdict(null, 'NotChecked', `caCertificateRef ${ref.group ? `${ref.kind}.${ref.group}` : ref.kind} ${ref.namespace}/${ref.name}: an implementation-specific kind, not checked`);
  }
  const facts = lookups.configMap(ref.namespace, ref.name);
  if (!facts) {
    const unknown = absenceUnknown(lookups.coverage.configmaps, 'configmaps');
    if (unknown) return verdict(null, 'Unknown', `caCertificateRef ${name}: ${unknown}`);
    return verdict(false, 'InvalidCACertificateRef', `caCertificateRef ${name} does not exist`);
  }
  if (facts.caCertificateError) return verdict(false, 'InvalidCACertificateRef', `caCertificateRef ${name}: ${facts.caCertificateError}`);
  const subjects = facts.caCertificates.map((c) => `${c.subject || 'no subject'} (valid until ${c.notAfter})`).join(', ');
  return verdict(true, 'ResolvedRefs', `ConfigMap ${ref.namespace}/${ref.name}: ca.crt holds ${subjects}`, facts.caCertificates);
}

/** The client-certificate validation a listener carries, evaluated; undefined when none applies. */
export function evaluateClientValidation(gateway: Gateway, entry: ListenerEntry, lookups: SpecLookups): ClientValidation | undefined {
  const found = frontendValidationFor(gateway, entry);
  if (!found) return undefined;
  const from =
    found.referrer === 'gateway'
      ? { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gateway.metadata.namespace ?? 'default' }
      : { ...entry.referrer, namespace: entry.owner.namespace };
  return {
    source: found.source,
    mode: found.validation.mode ?? 'AllowValidOnly',
    caCertificates: (found.validation.caCertificateRefs ?? []).map((r) => evaluateCaCertificateRef(r, from, lookups)),
  };
}

/**
 * Accepted=False NoValidCACertificate when no CA reference resolves (and none is unknown), or
 * undefined.
 */
export function noValidCaCertificate(v: ClientValidation | undefined): { reason: string; message: string } | undefined {
  if (!v) return undefined;
  if (v.caCertificates.some((c) => c.resolved !== false)) return undefined;
  const why = v.caCertificates.length === 0 ? 'it lists no caCertificateRefs' : v.caCertificates.map((c) => c.message).join('; ');
  return { reason: 'NoValidCACertificate', message: `client-certificate validation (${v.source}) has no valid CA certificate: ${why}` };
}

/** The Gateway's InsecureFrontendValidationMode condition, when a validation allows insecure fallback. */
export function insecureFrontendValidationMode(gateway: Gateway): ComputedCondition | undefined {
  const frontend = gateway.spec?.tls?.frontend;
  const where = [
    ...(frontend?.default?.validation?.mode === 'AllowInsecureFallback' ? ['spec.tls.frontend.default'] : []),
    ...(frontend?.perPort ?? []).filter((p) => p.tls?.validation?.mode === 'AllowInsecureFallback').map((p) => `spec.tls.frontend.perPort[${p.port}]`),
  ];
  if (where.length === 0) return undefined;
  return condition(
    'InsecureFrontendValidationMode',
    'True',
    'ConfigurationChanged',
    `${where.join(', ')} set mode AllowInsecureFallback: clients without a valid certificate are let through`,
  );
}

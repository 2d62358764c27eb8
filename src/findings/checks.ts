// Turns the graph's verdicts into findings: one pass per kind of node. The spec's rules are
// decided in src/spec and recorded in the graph; this module names what the graph says, in words
// a person can act on, with the fix (reading the objects as written only to word that fix).
import type { Finding, Subject } from '../model/finding.js';
import type {
  BackendEdge,
  Graph,
  GraphGateway,
  GraphListener,
  GraphRoute,
  GraphRule,
  ParentEvaluation,
} from '../model/graph.js';
import type { Listener } from '../model/objects.js';
import { coverageDenied, objectKey, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { CATALOGUE, type FindingCode } from './catalogue.js';
import { referenceGrantYaml } from './fixes.js';
import { leafCertificate } from '../snapshot/certificates.js';
import { allowedRoutesWithDefaults, GATEWAY_GROUP } from '../spec/defaults.js';
import { classUnclaimed } from '../spec/gateway-class.js';
import { listenerHostnameProblem } from '../spec/listeners.js';
import { describeUndecided } from '../spec/status-comparison.js';
import { didYouMean } from './suggest.js';
import { policyFindings } from '../policies/checks.js';
import { meshConflictFindings, meshConsumerGapFindings, meshParentFindings } from './mesh.js';

const DAY_MS = 86_400_000;

type Draft = Omit<Finding, 'severity' | 'origin'>;

export interface FindingOptions {
  /** "now" for certificate expiry; injectable for tests. */
  now?: Date;
}

export function collectFindings(graph: Graph, snapshot: Snapshot, opts: FindingOptions = {}): Finding[] {
  const now = opts.now ?? new Date();
  const drafts: Draft[] = [
    ...coverageFindings(graph),
    ...graph.gatewayClasses.flatMap((c) => classFindings(c, graph)),
    ...graph.gateways.flatMap((g) => gatewayFindings(g, snapshot, now)),
    ...graph.routes.flatMap((r) => routeFindings(r, graph, snapshot)),
    ...policyFindings(snapshot),
    ...meshConflictFindings(graph),
    ...meshConsumerGapFindings(graph),
  ];
  return drafts.map((d) => finish(d, snapshot));
}

function finish(d: Draft, snapshot: Snapshot): Finding {
  const origin = snapshot.origins[objectKey(d.subject.kind, d.subject.namespace, d.subject.name)];
  return { ...d, severity: CATALOGUE[d.code as FindingCode].severity, ...(origin ? { origin } : {}) };
}

function draft(code: FindingCode, subject: Subject, message: string, extra: { cause?: string; fix?: string } = {}): Draft {
  return { code, subject, message, ...extra };
}

// ---- coverage ----

function coverageFindings(graph: Graph): Draft[] {
  const out: Draft[] = [];
  for (const [resource, cov] of Object.entries(graph.coverage) as Array<[ResourceName, Graph['coverage'][ResourceName]]>) {
    // Events are read per object by explain, never listed with the rest.
    const denied = coverageDenied(cov);
    if (resource !== 'events' && denied) {
      const refused = cov.state === 'forbidden' || (cov.state === 'partial' && Object.values(cov.denied).some((m) => m.startsWith('forbidden')));
      out.push(
        draft(
          'CV401',
          { kind: 'Resource', name: resource },
          `could not read ${resource}: ${denied}`,
          {
            cause: `verdicts that depend on ${resource} are reported as unknown, not as missing`,
            fix: refused ? `ask for read access: kubectl auth can-i list ${resource} --all-namespaces` : undefined,
          },
        ),
      );
    }
  }
  return out;
}

// ---- classes ----

function classFindings(c: Graph['gatewayClasses'][number], graph: Graph): Draft[] {
  const subject = { kind: 'GatewayClass', name: c.name };
  // A class that could not be read is unknown (CV402 on the routes that need it), not missing.
  if (!c.exists && c.computed.some((x) => x.status === 'Unknown' && x.reason === 'Unknown')) return [];
  if (!c.exists) {
    const known = graph.gatewayClasses.filter((k) => k.exists).map((k) => k.name);
    const guess = didYouMean(c.name, known);
    return [
      draft('GC001', subject, `GatewayClass ${c.name} does not exist; used by ${c.gateways.map(short).join(', ')}`, {
        fix: guess
          ? `did you mean "${guess}"? Set spec.gatewayClassName: ${guess}`
          : known.length
            ? `set spec.gatewayClassName to one of: ${known.join(', ')}`
            : 'install a Gateway API implementation; it creates its GatewayClass',
      }),
    ];
  }
  const accepted = c.reported?.conditions.find((x) => x.type === 'Accepted');
  // The CRD's defaults (Accepted=Unknown Pending, "Waiting for controller") are what an unclaimed
  // class shows on a real cluster: the same as no status at all.
  if (classUnclaimed(c.computed)) {
    if (c.gateways.length === 0) return [];
    return [
      draft('GC002', subject, `no controller claims GatewayClass ${c.name}: ${c.reported === null ? 'it has no status at all' : `its status is still the default (${accepted?.reason}: ${accepted?.message ?? 'no message'})`}`, {
        cause: `nothing running in the cluster handles controllerName ${c.controllerName}, so its Gateways are never programmed`,
        fix: `install or start the controller for ${c.controllerName}, or use a GatewayClass whose status is Accepted`,
      }),
    ];
  }
  if (accepted && accepted.status !== 'True') {
    return [
      draft('GC003', subject, `GatewayClass ${c.name} is not accepted: ${accepted.reason}${accepted.message ? ` (${accepted.message})` : ''}`, {
        fix: 'read the controller’s message above; for InvalidParameters check spec.parametersRef',
      }),
    ];
  }
  return [];
}

// ---- gateways and listeners ----

function gatewayFindings(g: GraphGateway, snapshot: Snapshot, now: Date): Draft[] {
  const out: Draft[] = [];
  const subject = { kind: 'Gateway', namespace: g.namespace, name: g.name };
  for (const type of ['Accepted', 'Programmed']) {
    const cond = g.reported?.conditions.find((c) => c.type === type);
    // A Programmed=False where the spec finds the Gateway valid is GW114, from the disagreement.
    if (type === 'Programmed' && g.computed.find((c) => c.type === type)?.status === 'True') continue;
    if (cond && cond.status === 'False') {
      out.push(draft('GW109', subject, `the controller reports ${type}=False ${cond.reason}${cond.message ? `: ${cond.message}` : ''}`));
    }
  }
  const accepted = g.computed.find((c) => c.type === 'Accepted');
  if (accepted?.reason === 'InvalidParameters') {
    out.push(
      draft('GW113', subject, accepted.message, {
        cause: 'the spec says such a Gateway SHOULD be rejected (Accepted=False InvalidParameters)',
        fix: 'point spec.infrastructure.parametersRef at an object of a kind the cluster serves, in the Gateway\'s namespace, or remove it',
      }),
    );
  }
  out.push(...disagreementFindings(g.disagreements, subject, g.reported));
  for (const l of g.listeners) out.push(...listenerFindings(g, l, snapshot, now));
  return out;
}

function listenerFindings(g: GraphGateway, l: GraphListener, snapshot: Snapshot, now: Date): Draft[] {
  const out: Draft[] = [];
  const subject = { kind: 'Gateway', namespace: g.namespace, name: g.name, section: `listener ${l.name}` };
  const conflicted = l.computed.find((c) => c.type === 'Conflicted' && c.status === 'True');
  if (conflicted) out.push(draft('GW101', subject, conflicted.message, { cause: conflicted.reason, fix: 'give each listener on a port its own hostname, and one protocol per port' }));
  const kinds = l.computed.find((c) => c.type === 'ResolvedRefs' && c.reason === 'InvalidRouteKinds');
  if (kinds) out.push(draft('GW107', subject, kinds.message, { fix: `list only kinds a ${l.protocol} listener carries in allowedRoutes.kinds` }));
  const accepted = l.computed.find((c) => c.type === 'Accepted');
  const rejected = accepted && accepted.status === 'False' && !conflicted ? accepted : undefined;
  if (rejected?.reason === 'UnsupportedProtocol') {
    out.push(
      draft('GW111', subject, `listener ${l.name}: ${rejected.message}`, {
        cause: 'no implementation supports it, so the listener serves nothing (Accepted=False UnsupportedProtocol)',
        fix: 'use HTTP, HTTPS, TLS, TCP or UDP as spelled, or your implementation\'s domain-prefixed protocol',
      }),
    );
  } else if (rejected && l.hostname && listenerHostnameProblem(l.hostname)) {
    out.push(
      draft('GW112', subject, `listener ${l.name}: ${rejected.message}`, {
        cause: 'the API server refuses such a hostname, or the spec forbids it, so no controller serves it as written',
        fix: 'set spec.listeners[].hostname to a lower-case DNS name without a trailing dot',
      }),
    );
  } else if (rejected) out.push(draft('GW108', subject, rejected.message, { cause: rejected.reason }));
  if (l.attachedRoutes.computed === 0) out.push(draft('GW110', subject, `no route attaches to listener ${l.name} (${l.protocol} :${l.port}${l.hostname ? ` ${l.hostname}` : ''})`));

  for (const ca of l.clientValidation?.caCertificates ?? []) {
    if (ca.resolved !== false) continue;
    const fix =
      ca.reason === 'RefNotPermitted'
        ? `apply this ReferenceGrant:\n${referenceGrantYaml(
            l.listenerSet && !l.clientValidation!.source.startsWith('spec.tls') ? { group: GATEWAY_GROUP, kind: 'ListenerSet', namespace: l.listenerSet.split('/')[1] } : { group: GATEWAY_GROUP, kind: 'Gateway', namespace: g.namespace },
            { group: ca.ref.group, kind: ca.ref.kind, namespace: ca.ref.namespace, name: ca.ref.name },
          )}`
        : ca.reason === 'InvalidCACertificateKind'
          ? 'reference a ConfigMap (core group) whose key ca.crt holds the CA certificate'
          : `create the ConfigMap ${ca.ref.namespace}/${ca.ref.name} with the CA certificate (PEM) under the key ca.crt`;
    out.push(draft('GW115', subject, `client-certificate validation (${l.clientValidation!.source}): ${ca.message}`, { cause: ca.reason, fix }));
  }
  for (const cert of l.certificates) {
    const ref = `${cert.ref.kind} ${cert.ref.namespace}/${cert.ref.name}`;
    if (cert.resolved === false && cert.reason === 'RefNotPermitted') {
      out.push(
        draft('GW103', subject, `certificate ${ref} is in another namespace and no ReferenceGrant allows it`, {
          fix: `apply this ReferenceGrant:\n${referenceGrantYaml(
            { group: GATEWAY_GROUP, kind: 'Gateway', namespace: g.namespace },
            { group: '', kind: cert.ref.kind, namespace: cert.ref.namespace, name: cert.ref.name },
          )}`,
        }),
      );
    } else if (cert.resolved === false) {
      const known = snapshot.secrets.filter((s) => s.namespace === cert.ref.namespace).map((s) => s.name);
      const guess = didYouMean(cert.ref.name, known);
      out.push(draft('GW102', subject, `certificate ${ref}: ${cert.message}`, { cause: cert.reason, ...(guess ? { fix: `did you mean Secret "${guess}"?` } : {}) }));
    }
    const c = leafCertificate(cert.certificates);
    if (c) {
      const left = new Date(c.notAfter).getTime() - now.getTime();
      if (cert.expired) out.push(draft('GW104', subject, `certificate ${ref} (${c.subject}) expired on ${c.notAfter.slice(0, 10)}`, { fix: 'renew the certificate (cert-manager: kubectl cert-manager renew)' }));
      else if (left > 0 && left < 30 * DAY_MS) out.push(draft('GW105', subject, `certificate ${ref} expires on ${c.notAfter.slice(0, 10)} (in ${Math.ceil(left / DAY_MS)} days)`));
    }
    if (cert.coversHostname === false && l.hostname) {
      const names = leafCertificate(cert.certificates)?.dnsNames.join(', ') || 'no DNS names';
      out.push(draft('GW106', subject, `certificate ${ref} does not cover ${l.hostname} (it covers ${names})`, { fix: `issue a certificate with ${l.hostname} among its DNS names` }));
    }
  }
  out.push(...disagreementFindings(l.disagreements, subject, l.reported));
  return out;
}

// ---- routes ----

function routeFindings(r: GraphRoute, graph: Graph, snapshot: Snapshot): Draft[] {
  const out: Draft[] = [];
  const base = { kind: r.kind, namespace: r.namespace, name: r.name };
  for (const p of r.parents) {
    const subject = { ...base, section: `parentRef ${p.index}` };
    if (p.target === 'Service' && p.mesh) {
      out.push(...meshParentFindings(p, subject));
      out.push(...disagreementFindings(p.disagreements, subject, p.reported));
      continue;
    }
    if (p.target === 'Service' || p.target === 'Other') {
      out.push(draft('RT212', subject, `parentRef ${p.index} targets ${p.parentRef.kind} ${p.parentRef.namespace}/${p.parentRef.name}: not a Gateway, so attachment is not checked`));
      continue;
    }
    out.push(...parentFindings(r, p, subject, graph, snapshot));
    out.push(...clearTextFindings(p, subject, graph));
    out.push(...undecidedFindings(p, subject));
  }
  for (const rule of r.rules) {
    out.push(...reachabilityFindings(rule, { ...base, section: `rule ${rule.index}` }));
    rule.backends.forEach((b, i) => out.push(...backendFindings(r, b, { ...base, section: `rule ${rule.index} backend ${i}` }, snapshot)));
    // RequestMirror targets are references too (they count for ResolvedRefs).
    (rule.mirrors ?? []).forEach((b, i) => out.push(...backendFindings(r, b, { ...base, section: `rule ${rule.index} mirror ${i}` }, snapshot)));
  }
  return out;
}

/** RT214/RT215 from the rule's reachability (src/spec/reachability.ts); unknown is not reported. */
function reachabilityFindings(rule: GraphRule, subject: Subject): Draft[] {
  const reach = rule.reachability;
  if (!reach || (reach.reachable !== 'no' && reach.reachable !== 'partly')) return [];
  const takers = reach.shadowedBy.map((s) => `${s.route.kind} ${s.route.namespace}/${s.route.name} rule #${s.rule}`);
  const cause = "HTTPRouteRule.Matches: across all rules of the routes on a listener, the most specific match takes a request; on a tie the oldest route, then {namespace}/{name}, then the first rule in list order";
  if (reach.reachable === 'no') {
    return [
      draft('RT214', subject, `rule ${rule.index} never receives a request: ${reach.reasons.join('; ')}`, {
        cause,
        fix: `give rule ${rule.index} a match the rule taking its requests lacks (a longer path, a header, a method), or remove it${takers.length ? `; if this rule should take over, narrow or remove ${takers.join(', ')}` : ''}`,
      }),
    ];
  }
  return [
    draft('RT215', subject, `rule ${rule.index} does not receive every request it matches: ${reach.reasons.join('; ')}`, {
      cause,
      fix: takers.length ? `make the overlap explicit: a match on rule ${rule.index} or on ${takers.join(', ')} that tells their requests apart` : `check the listeners and hostnames named above`,
    }),
  ];
}

function parentFindings(r: GraphRoute, p: ParentEvaluation, subject: Subject, graph: Graph, snapshot: Snapshot): Draft[] {
  const out: Draft[] = [];
  const accepted = p.computed.find((c) => c.type === 'Accepted');
  const gwName = `${p.parentRef.namespace}/${p.parentRef.name}`;
  if (accepted && accepted.status === 'False') {
    if (p.gateway === null) {
      const inNs = graph.gateways.filter((g) => g.namespace === p.parentRef.namespace).map((g) => g.name);
      const guess = didYouMean(p.parentRef.name, inNs);
      const anywhere = graph.gateways.filter((g) => g.name === p.parentRef.name).map((g) => g.namespace);
      out.push(
        draft('RT201', subject, `parentRef ${p.index}: ${p.parentRef.kind} ${gwName} does not exist`, {
          cause: 'the route is attached to nothing through this parentRef',
          fix: guess
            ? `did you mean "${guess}"? Set spec.parentRefs[${p.index}].name: ${guess}`
            : anywhere.length
              ? `a Gateway named ${p.parentRef.name} exists in namespace ${anywhere.join(', ')}: set spec.parentRefs[${p.index}].namespace`
              : inNs.length
                ? `Gateways in namespace ${p.parentRef.namespace}: ${inNs.join(', ')}`
                : `no Gateway exists in namespace ${p.parentRef.namespace}`,
        }),
      );
    } else if (accepted.reason === 'NoMatchingParent') {
      const g = graph.gateways.find((x) => `${x.namespace}/${x.name}` === p.gateway);
      const names = g?.listeners.map((l) => l.name) ?? [];
      const guess = p.parentRef.sectionName ? didYouMean(p.parentRef.sectionName, names) : undefined;
      const ports = [...new Set(g?.listeners.map((l) => l.port) ?? [])];
      out.push(
        draft('RT202', subject, `parentRef ${p.index}: ${accepted.message}`, {
          fix: guess
            ? `did you mean sectionName "${guess}"?`
            : `listeners of ${p.gateway}: ${g?.listeners.map((l) => `${l.name} (:${l.port})`).join(', ') || 'none'}${p.parentRef.port !== undefined ? `; ports: ${ports.join(', ')}` : ''}`,
        }),
      );
    } else if (accepted.reason === 'NotAllowedByListeners') {
      out.push(
        draft('RT203', subject, `parentRef ${p.index}: no listener of ${p.gateway} allows this route`, {
          cause: rejections(p),
          fix: allowedRoutesFix(r, p, snapshot),
        }),
      );
    } else if (accepted.reason === 'NoMatchingListenerHostname') {
      const hosts = p.listeners.map((l) => listenerHostname(snapshot, l.id)).filter((h): h is string => Boolean(h));
      out.push(
        draft('RT204', subject, `parentRef ${p.index}: none of the route's hostnames (${r.hostnames.join(', ') || 'none'}) intersects a listener hostname of ${p.gateway}`, {
          cause: rejections(p),
          fix: hosts.length ? `use a hostname the listeners accept: ${[...new Set(hosts)].join(', ')}` : undefined,
        }),
      );
    }
  }
  if (p.gateway !== null) {
    if (p.reported === null) {
      // The graph says when an entry was due (a claimed class, a route read from the cluster).
      if (p.disagreements.length > 0) {
        out.push(
          draft('ST303', subject, `no controller wrote status for parentRef ${p.index} (${gwName})`, {
            cause: 'the controller of the Gateway’s class has not processed this route: it may not be running, or it does not watch this route kind or namespace',
            fix: `check the controller is running and its logs; kubectl gw explain gateway ${p.gateway}`,
          }),
        );
      }
    } else {
      out.push(...disagreementFindings(p.disagreements, subject, p.reported));
    }
  }
  return out;
}

/**
 * What the spec could not decide for want of a read: one finding per undecided condition, with
 * the controller's condition as the best available fact, so that an unreadable ReferenceGrant is
 * never "Findings: none" while the controller reports RefNotPermitted.
 */
function undecidedFindings(p: ParentEvaluation, subject: Subject): Draft[] {
  return (p.undecided ?? []).map((u) =>
    draft('CV402', subject, `parentRef ${p.index}: ${u.type} cannot be decided: ${u.message}`, {
      cause: `${describeUndecided(u)}${u.reported?.message ? `: ${u.reported.message}` : ''}; that is the best available fact`,
      fix: 'run as a user who may read the objects named above (kubectl auth can-i get ...), or see the CV401 findings',
    }),
  );
}

/**
 * A parentRef with neither sectionName nor port attaches to every listener that admits the route:
 * with an HTTP and an HTTPS listener on the Gateway, the route is also served in clear text, and
 * its hostname outranks a catch-all http-to-https redirect there. Usually an oversight.
 */
function clearTextFindings(p: ParentEvaluation, subject: Subject, graph: Graph): Draft[] {
  if (p.parentRef.sectionName !== undefined || p.parentRef.port !== undefined || p.attachedListeners.length < 2) return [];
  const listeners = graph.gateways.find((g) => `${g.namespace}/${g.name}` === p.gateway)?.listeners ?? [];
  const attached = listeners.filter((l) => p.attachedListeners.includes(l.id));
  const http = attached.filter((l) => l.protocol.toUpperCase() === 'HTTP');
  const https = attached.filter((l) => l.protocol.toUpperCase() === 'HTTPS');
  if (http.length === 0 || https.length === 0) return [];
  const hosts = [...new Set(http.flatMap((l) => p.effectiveHostnames[l.id] ?? []))];
  return [
    draft(
      'RT213',
      subject,
      `parentRef ${p.index} names no listener, so the route is served in clear text on ${http.map((l) => `${l.name} :${l.port}`).join(', ')} as well as on ${https.map((l) => `${l.name} :${l.port}`).join(', ')}${hosts.length ? ` (${hosts.join(', ')})` : ''}`,
      {
        cause: 'without sectionName or port a parentRef attaches to every listener that admits the route; a hostname of its own also outranks a catch-all redirect to https on the HTTP listener',
        fix: `set spec.parentRefs[${p.index}].sectionName: ${https[0].name}`,
      },
    ),
  ];
}

function backendFindings(r: GraphRoute, b: BackendEdge, subject: Subject, snapshot: Snapshot): Draft[] {
  const ref = `${b.ref.kind} ${b.ref.namespace}/${b.ref.name}${b.ref.port !== undefined ? `:${b.ref.port}` : ''}`;
  switch (b.reason) {
    case 'BackendNotFound': {
      if (b.service?.exists) {
        const svc = snapshot.services.find((s) => s.metadata.namespace === b.ref.namespace && s.metadata.name === b.ref.name);
        const ports = svc?.spec.ports?.map((p) => String(p.port)).join(', ') || 'none';
        return [draft('RT206', subject, `${ref}: ${b.message}`, { fix: `use one of the Service's ports: ${ports}` })];
      }
      const known = snapshot.services.filter((s) => s.metadata.namespace === b.ref.namespace).map((s) => s.metadata.name);
      const guess = didYouMean(b.ref.name, known);
      return [draft('RT205', subject, `${ref}: ${b.message}`, { cause: 'requests for this backend get HTTP 500', ...(guess ? { fix: `did you mean Service "${guess}"?` } : {}) })];
    }
    case 'RefNotPermitted':
      return [
        draft('RT207', subject, `${ref} is in another namespace and no ReferenceGrant in ${b.ref.namespace} allows ${r.kind}s from ${r.namespace}`, {
          cause: 'ResolvedRefs=False RefNotPermitted: requests for this backend get HTTP 500',
          fix: `apply this ReferenceGrant:\n${referenceGrantYaml(
            { group: GATEWAY_GROUP, kind: r.kind, namespace: r.namespace },
            { group: b.ref.group, kind: b.ref.kind, namespace: b.ref.namespace, name: b.ref.name },
          )}`,
        }),
      ];
    case 'InvalidKind':
      return [draft('RT208', subject, `${ref}: ${b.message}`, { fix: 'use a Service (group "", kind Service) or a kind your implementation documents' })];
    case 'NotChecked':
      return [draft('RT210', subject, `${ref}: ${b.message}`)];
    case 'UnsupportedProtocol':
      return [draft('RT211', subject, `${ref}: ${b.message}`)];
  }
  if (b.resolved && b.endpoints && b.endpoints.ready === 0 && b.ref.weight !== 0) {
    const serving = b.endpoints.serving > 0 ? `, ${b.endpoints.serving} serving` : '';
    return [
      draft('RT209', subject, `${ref} has no ready endpoints (${b.endpoints.total} in total${serving})`, {
        cause: 'requests sent to this backend fail (typically HTTP 503)',
        fix: `check the pods behind the Service: kubectl get pods -n ${b.ref.namespace} and kubectl describe endpointslices -n ${b.ref.namespace} -l kubernetes.io/service-name=${b.ref.name}`,
      }),
    ];
  }
  return [];
}

function disagreementFindings(disagreements: GraphListener['disagreements'], subject: Subject, reported: { stale: boolean; observedGeneration?: number; generation?: number } | null): Draft[] {
  const out: Draft[] = [];
  if (reported?.stale) {
    out.push(
      draft('ST302', subject, `status is stale: observedGeneration ${reported.observedGeneration} < generation ${reported.generation}`, {
        cause: 'the controller has not processed the latest spec: it may be down, slow, or rejecting the object silently',
        fix: 'check the controller’s logs; the status shown may describe an older version of the object',
      }),
    );
  }
  // A stale status is ST302 above; the graph also records it as a disagreement.
  for (const d of disagreements.filter((x) => x.conditionType !== 'ObservedGeneration')) {
    if (d.conditionType === 'Programmed' && d.computed?.status === 'True') {
      out.push(
        draft('GW114', subject, d.message, {
          cause: `the objects are valid, so the cause is in the data plane or the infrastructure (the controller's reason: ${d.reported?.reason ?? 'none'}): a port in use, no address assigned, a proxy that rejected or has not loaded the configuration`,
          fix: "read the controller's message and logs, and the data-plane pods' logs and events",
        }),
      );
      continue;
    }
    out.push(draft('ST301', subject, d.message, { cause: 'the controller and the Gateway API spec disagree: often the real bug (a controller limitation, or a stale status)' }));
  }
  return out;
}

/** Why the selected listeners turned the route away (the unselected ones are no part of it). */
function rejections(p: ParentEvaluation): string {
  return p.listeners.filter((l) => !l.accepted && l.reason !== 'NoMatchingParent').map((l) => l.message).join('; ');
}

function listenerHostname(snapshot: Snapshot, listenerId: string): string | undefined {
  return findListener(snapshot, listenerId)?.hostname;
}

/** The listener as written, by graph id: "Gateway/ns/name#l" or "ListenerSet/ns/name#l". */
function findListener(snapshot: Snapshot, listenerId: string): Listener | undefined {
  const [owner, name] = listenerId.split('#');
  const [kind, ns, objName] = owner.split('/');
  const owners = kind === 'Gateway' ? snapshot.gateways : snapshot.listenerSets;
  return owners.find((o) => o.metadata.namespace === ns && o.metadata.name === objName)?.spec.listeners.find((l) => l.name === name);
}

/** The concrete change that would let the route in: a namespace label, or the kind to allow. */
function allowedRoutesFix(r: GraphRoute, p: ParentEvaluation, snapshot: Snapshot): string | undefined {
  const fixes: string[] = [];
  for (const verdict of p.listeners) {
    if (verdict.accepted || verdict.reason !== 'NotAllowedByListeners') continue;
    const l = findListener(snapshot, verdict.id);
    if (verdict.rejectedBy === 'kind') {
      fixes.push(`listener ${verdict.name} does not carry ${r.kind}: attach to a listener that does (sectionName), or add {group: ${GATEWAY_GROUP}, kind: ${r.kind}} to its allowedRoutes.kinds if its protocol carries it`);
      continue;
    }
    if (!l) continue;
    const allowed = allowedRoutesWithDefaults(l);
    if (allowed.from === 'Selector' && allowed.selector?.matchLabels) {
      const labels = Object.entries(allowed.selector.matchLabels).map(([k, v]) => `${k}=${v}`);
      fixes.push(`kubectl label namespace ${r.namespace} ${labels.join(' ')}   (lets it into listener ${verdict.name})`);
    } else if (allowed.from === 'Same' && p.parentRef.namespace !== r.namespace) {
      fixes.push(`listener ${verdict.name} only admits routes from ${p.parentRef.namespace}: ask the Gateway owner for allowedRoutes.namespaces.from: Selector (or All), or move the route`);
    }
  }
  return fixes.length ? [...new Set(fixes)].join('\n') : undefined;
}

function short(id: string): string {
  return id.split('/').slice(1).join('/');
}

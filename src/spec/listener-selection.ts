// Which listener of a Gateway takes a request, by port and Host (or SNI).
//
// gateway_types.go, GatewaySpec.Listeners, "Listeners that are distinct only by Hostname":
//   "When the Listeners are distinct based only on Hostname, inbound request hostnames MUST match
//    from the most specific to least specific Hostname values to choose the correct Listener and
//    its associated set of Routes. Exact matches MUST be processed before wildcard matches, and
//    wildcard matches MUST be processed before fallback (empty Hostname value) matches. ...
//    if there are multiple wildcard entries, more specific wildcard entries must be processed
//    before less specific wildcard entries. ... the higher the number of dots in the hostname to
//    the right of the wildcard character, the higher the precedence."
// and "General Listener behavior":
//   "for all distinct Listeners, requests SHOULD match at most one Listener. For example, if
//    Listeners are defined for "foo.example.com" and "*.example.com", a request to
//    "foo.example.com" SHOULD only be routed using routes attached to the "foo.example.com"
//    Listener ... This concept is known as "Listener Isolation", and it is an Extended feature".
import type { GraphListener } from '../model/graph.js';
import { hostnameMatchesPattern, hostnameSpecificity, stripPort } from './hostnames.js';

export interface ListenerRequest {
  host: string;
  port?: number;
  /** A listener name: the request goes to that listener's port. */
  listener?: string;
  scheme?: 'http' | 'https';
}

export interface ListenerSelection {
  /** The listener that takes the request, or null when none does (HTTP 404). */
  listener: GraphListener | null;
  /** The port the request goes to, when one could be decided. */
  port: number | null;
  /** Accepted listeners on that port whose hostname takes the host, most specific first. */
  matching: GraphListener[];
  /** Listeners whose hostname takes the host but that are not Accepted, with why. */
  skipped: Array<{ listener: GraphListener; why: string }>;
  /** One sentence: why this listener, or why none. */
  reason: string;
}

const HTTP_PROTOCOLS = new Set(['HTTP']);
const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);

/** Protocol names are compared as written (protocols.ts): `http` is no HTTP listener. */
function protocolOf(l: GraphListener): string {
  return l.protocol;
}

/** TCP and UDP listeners carry no hostname: they take every connection on their port. */
function takesHost(l: GraphListener, host: string): boolean {
  const p = protocolOf(l);
  if (p === 'TCP' || p === 'UDP') return true;
  return hostnameMatchesPattern(host, l.hostname);
}

function notAccepted(l: GraphListener): string | null {
  const accepted = l.computed.find((c) => c.type === 'Accepted');
  if (accepted && accepted.status === 'False') return `${accepted.reason}: ${accepted.message}`;
  const conflicted = l.computed.find((c) => c.type === 'Conflicted');
  if (conflicted && conflicted.status === 'True') return `${conflicted.reason}: ${conflicted.message}`;
  return null;
}

function bySpecificity(a: GraphListener, b: GraphListener): number {
  return hostnameSpecificity(b.hostname) - hostnameSpecificity(a.hostname);
}

function label(l: GraphListener): string {
  return `listener ${l.name} (${l.protocol} ${l.port}${l.hostname ? `, hostname ${l.hostname}` : ', any hostname'})`;
}

/** Listeners that could carry a request of this scheme when no port is given. */
function forScheme(listeners: readonly GraphListener[], scheme: 'http' | 'https' | undefined): GraphListener[] {
  const want = scheme === 'https' ? TLS_PROTOCOLS : HTTP_PROTOCOLS;
  const hits = listeners.filter((l) => want.has(protocolOf(l)));
  if (hits.length > 0 || scheme) return hits;
  return listeners.filter((l) => TLS_PROTOCOLS.has(protocolOf(l)));
}

export function selectListener(listeners: readonly GraphListener[], req: ListenerRequest): ListenerSelection {
  const host = stripPort(req.host).toLowerCase();
  let port = req.port ?? null;
  if (req.listener !== undefined) {
    const named = listeners.find((l) => l.name === req.listener);
    if (!named) {
      return { listener: null, port, matching: [], skipped: [], reason: `the Gateway has no listener named ${req.listener}` };
    }
    port = named.port;
  }

  let pool: GraphListener[];
  if (port !== null) {
    pool = listeners.filter((l) => l.port === port);
    if (pool.length === 0) return { listener: null, port, matching: [], skipped: [], reason: `the Gateway has no listener on port ${port}` };
  } else {
    pool = forScheme(listeners, req.scheme);
    if (pool.length === 0) {
      return { listener: null, port, matching: [], skipped: [], reason: `the Gateway has no ${req.scheme === 'https' ? 'HTTPS or TLS' : 'HTTP'} listener` };
    }
  }

  const taking = pool.filter((l) => takesHost(l, host)).sort(bySpecificity);
  const skipped: ListenerSelection['skipped'] = [];
  const matching: GraphListener[] = [];
  for (const l of taking) {
    const why = notAccepted(l);
    if (why) skipped.push({ listener: l, why });
    else matching.push(l);
  }
  if (port === null && matching.length > 0) {
    // No port given: the most specific listener over every port of the scheme, then the lowest port.
    const best = [...matching].sort((a, b) => bySpecificity(a, b) || a.port - b.port)[0];
    port = best.port;
    const onPort = matching.filter((l) => l.port === port);
    return { listener: onPort[0], port, matching: onPort, skipped: skipped.filter((s) => s.listener.port === port), reason: reasonFor(onPort[0], host) };
  }
  if (matching.length === 0) {
    const hostnames = pool.map((l) => l.hostname ?? '*').join(', ');
    const why =
      skipped.length > 0
        ? `the only listener${skipped.length > 1 ? 's' : ''} taking host ${host} (${skipped.map((s) => s.listener.name).join(', ')}) ${skipped.length > 1 ? 'are' : 'is'} not accepted`
        : `no listener${port !== null ? ` on port ${port}` : ''} takes host ${host} (listener hostnames: ${hostnames})`;
    return { listener: null, port, matching, skipped, reason: why };
  }
  return { listener: matching[0], port, matching, skipped, reason: reasonFor(matching[0], host) };
}

function reasonFor(l: GraphListener, host: string): string {
  if (!l.hostname) return `${label(l)} takes host ${host}: no listener with a matching hostname is more specific`;
  if (!l.hostname.startsWith('*')) return `${label(l)} takes host ${host} by exact hostname`;
  return `${label(l)} takes host ${host} as the most specific matching wildcard`;
}

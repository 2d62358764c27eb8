// Holding the data plane's real answer against the prediction: do they agree, and if not, what
// the difference most likely means. Pure: a Prediction and a ProbeResponse in, words out.
import type { Prediction, PredictedBackend } from './predict.js';
import type { ProbeResponse } from './http.js';

export type Verdict = 'ok' | 'mismatch' | 'unknown';

export interface Comparison {
  verdict: Verdict;
  /** The first says what happened against what was predicted; the rest say why or what to check. */
  messages: string[];
}

function backendLabel(b: PredictedBackend): string {
  return `${b.namespace}/${b.name}${b.port !== undefined ? `:${b.port}` : ''}`;
}

function routeLabel(p: Prediction): string {
  const r = p.expected!.route;
  return `${r.kind}/${r.namespace}/${r.name} rule ${p.expected!.rule}`;
}

/** What the prediction expects, in one short phrase (for tables and the first message). */
export function describeExpectation(p: Prediction): string {
  const e = p.expected;
  if (!e) return p.listener ? '404 (no matching route)' : '404 (no listener)';
  if (e.redirect) return `${e.redirect.statusCode} -> ${e.redirect.location}`;
  const backends = e.backends.filter((b) => b.weight > 0).map(backendLabel).join(', ') || 'no backend';
  return `${routeLabel(p)} -> ${e.status !== undefined ? `${e.status} (${backends})` : backends}`;
}

function header(res: ProbeResponse, name: string): string | undefined {
  return res.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/**
 * The backend the answer names, if it names one: a JSON body with a `backend` field (echo
 * servers), else an x-backend / x-served-by style header.
 */
export function echoedBackend(res: ProbeResponse): string | undefined {
  const type = header(res, 'content-type') ?? '';
  if (type.includes('json') || res.body.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(res.body) as { backend?: unknown };
      if (typeof parsed.backend === 'string' && parsed.backend) return parsed.backend;
    } catch {
      // not JSON after all (or cut at maxBody): look at the headers
    }
  }
  return header(res, 'x-backend') ?? header(res, 'x-backend-name') ?? header(res, 'x-served-by');
}

/**
 * Whether an echoed backend name is this Service: "ns/name", "ns/name:port", "name",
 * "name.ns", "name.ns.svc[.cluster.local][:port]".
 */
function namesBackend(echoed: string, b: PredictedBackend): boolean {
  const value = echoed.trim().toLowerCase();
  const [hostPart, port] = value.includes('/') ? [value, undefined] : value.split(':');
  if (value.includes('/')) {
    const [ns, rest] = value.split('/', 2);
    const [name, p] = rest.split(':');
    return ns === b.namespace && name === b.name && (p === undefined || b.port === undefined || Number(p) === b.port);
  }
  if (port !== undefined && b.port !== undefined && Number(port) !== b.port) return false;
  const labels = hostPart.split('.');
  if (labels[0] !== b.name) return false;
  return labels.length === 1 || labels[1] === b.namespace;
}

function normaliseLocation(location: string): string {
  try {
    const u = new URL(location);
    return u.href;
  } catch {
    return location;
  }
}

function statusLine(res: ProbeResponse): string {
  return `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
}

function transportFailure(p: Prediction, res: ProbeResponse): Comparison {
  const error = res.error!;
  const expected = describeExpectation(p);
  switch (error.kind) {
    case 'tls': {
      const messages = [`TLS failed: ${error.message}`];
      const cert = res.tls?.peerCertificate;
      if (cert) messages.push(`served certificate: ${cert.subject}, issued by ${cert.issuer}, names ${cert.dnsNames.join(', ') || 'none'}, valid until ${cert.notAfter}`);
      if (!p.listener) {
        messages.push('No listener takes this host, so no certificate for it is expected either: this agrees with the prediction.');
        return { verdict: 'ok', messages };
      }
      if (res.tls && res.tls.coversServerName && !res.tls.trusted) {
        messages.push('The certificate covers the name; only its issuer is not trusted here: pass the CA (--cacert) or skip verification (--insecure) to compare the answer.');
        return { verdict: 'unknown', messages };
      }
      messages.push(
        `Listener ${p.listener} should take this name (predicted: ${expected}), but the data plane has no certificate for it: check the listener's certificateRefs and hostname, and whether the controller programmed them (kubectl gw explain gateway ${p.gateway}).`,
      );
      return { verdict: 'mismatch', messages };
    }
    case 'forward':
      return { verdict: 'unknown', messages: [`The request did not reach the data plane: ${error.message}`, `Predicted: ${expected}.`] };
    case 'timeout':
      return {
        verdict: 'unknown',
        messages: [`No answer: ${error.message}.`, `Predicted: ${expected}. The gateway pod took the connection but did not answer: it may be overloaded, or waiting on a backend that does not answer.`],
      };
    case 'aborted':
      return { verdict: 'unknown', messages: ['Interrupted before an answer came.'] };
    default:
      return { verdict: 'unknown', messages: [`No answer: ${error.message}.`, `Predicted: ${expected}.`] };
  }
}

function compareNoRoute(p: Prediction, res: ProbeResponse): Comparison {
  if (res.status === 404) return { verdict: 'ok', messages: [`404 as predicted: ${p.reason}`] };
  const echoed = echoedBackend(res);
  return {
    verdict: 'mismatch',
    messages: [
      `Predicted 404, but the data plane answered ${statusLine(res)}${echoed ? ` from backend ${echoed}` : ''}.`,
      `Prediction: ${p.reason}`,
      'The data plane serves this request from a route the prediction does not see: a route on another listener (no listener isolation), a route the controller has not yet removed, or configuration outside the Gateway API (e.g. an implementation-specific default route).',
    ],
  };
}

function compareRedirect(p: Prediction, res: ProbeResponse): Comparison {
  const want = p.expected!.redirect!;
  const location = header(res, 'location');
  if (res.status !== want.statusCode) {
    return {
      verdict: 'mismatch',
      messages: [
        `Predicted a ${want.statusCode} redirect to ${want.location} (RequestRedirect filter of ${routeLabel(p)}), but the data plane answered ${statusLine(res)}${location ? ` to ${location}` : ''}.`,
        ...(res.status === 404 ? ['The data plane has no route for this host/path: the controller may not have programmed the route.'] : []),
      ],
    };
  }
  if (location === undefined || normaliseLocation(location) !== normaliseLocation(want.location)) {
    return {
      verdict: 'mismatch',
      messages: [`${res.status} as predicted, but Location is ${location ?? '(absent)'} where the RequestRedirect filter of ${routeLabel(p)} gives ${want.location}.`],
    };
  }
  return { verdict: 'ok', messages: [`${res.status} to ${location} as predicted (RequestRedirect filter of ${routeLabel(p)}).`] };
}

function explainServerError(p: Prediction, res: ProbeResponse): string[] {
  const backends = p.expected!.backends;
  const unresolved = backends.filter((b) => b.resolved === false);
  const empty = backends.filter((b) => b.resolved !== false && b.readyEndpoints === 0);
  const out: string[] = [];
  if (unresolved.length) out.push(`Unresolved backendRef: ${unresolved.map(backendLabel).join(', ')} (see kubectl gw explain route ${p.expected!.route.namespace}/${p.expected!.route.name}).`);
  if (empty.length) out.push(`No ready endpoints behind ${empty.map(backendLabel).join(', ')}.`);
  if (out.length === 0) {
    const body = res.body.trim().slice(0, 120);
    out.push(
      res.status === 503 || res.status === 502
        ? `The backend ${backends.map(backendLabel).join(', ')} did not answer the proxy${body ? ` ("${body}")` : ''}: its endpoints may have stopped being ready since the snapshot, or refuse connections on the target port.`
        : `The backend itself (or the proxy) failed${body ? `: "${body}"` : ''}.`,
    );
  }
  return out;
}

function compareRouted(p: Prediction, res: ProbeResponse): Comparison {
  const e = p.expected!;
  const status = res.status!;
  const route = routeLabel(p);
  if (status === 404) {
    return {
      verdict: 'mismatch',
      messages: [
        `Predicted ${describeExpectation(p)}, but the data plane answered 404.`,
        `The data plane has no route for this host/path: the controller may not have programmed the route, or it is not attached (see kubectl gw explain route ${e.route.namespace}/${e.route.name}).`,
      ],
    };
  }
  if (e.status !== undefined && e.status >= 500) {
    if (status === e.status) return { verdict: 'ok', messages: [`${status} as predicted: ${p.reason}`] };
    if (status >= 500) {
      return { verdict: 'ok', messages: [`${statusLine(res)}: predicted ${e.status}, a server error all the same: ${p.reason}`] };
    }
    return {
      verdict: 'mismatch',
      messages: [
        `Predicted ${e.status}, but the data plane answered ${statusLine(res)}.`,
        `Prediction: ${p.reason}`,
        'The snapshot may be out of date (endpoints became ready, a backend was created), or the controller routes differently.',
      ],
    };
  }
  if (status >= 500) {
    return { verdict: 'mismatch', messages: [`Predicted ${describeExpectation(p)}, but the data plane answered ${statusLine(res)}.`, ...explainServerError(p, res)] };
  }
  const echoed = echoedBackend(res);
  const live = e.backends.filter((b) => b.weight > 0);
  if (echoed !== undefined) {
    const match = live.find((b) => namesBackend(echoed, b));
    if (!match) {
      return {
        verdict: 'mismatch',
        messages: [
          `${statusLine(res)} from backend ${echoed}, but ${route} sends to ${live.map(backendLabel).join(', ') || 'no backend'}.`,
          `Another rule answered on the data plane: the controller may rank the rules differently, or run an older configuration. Prediction: ${p.reason}`,
        ],
      };
    }
    return { verdict: 'ok', messages: [`${statusLine(res)} from backend ${echoed}, as predicted (${route}).`] };
  }
  const location = header(res, 'location');
  const byBackend = e.backends.filter((b) => b.redirect && b.weight > 0);
  if (status >= 300 && status < 400 && location && byBackend.length > 0) {
    const same = byBackend.find((b) => b.redirect!.statusCode === status && normaliseLocation(b.redirect!.location) === normaliseLocation(location));
    if (same) return { verdict: 'ok', messages: [`${status} to ${location} as predicted (RequestRedirect on backendRef ${backendLabel(same)} of ${route}).`] };
    return {
      verdict: 'mismatch',
      messages: [`${statusLine(res)} to ${location}, but the RequestRedirect filters on the backendRefs of ${route} give ${byBackend.map((b) => `${b.redirect!.statusCode} to ${b.redirect!.location}`).join(' or ')}.`],
    };
  }
  if (status >= 300 && status < 400 && location) {
    return {
      verdict: 'unknown',
      messages: [`${statusLine(res)} to ${location}: no RequestRedirect was predicted, so the backend redirected itself, or another rule answered.`],
    };
  }
  const note = status >= 400 ? ` (${status} comes from the backend, or a policy in front of it)` : '';
  return {
    verdict: 'ok',
    messages: [`${statusLine(res)}${note}, as routed by ${route}; the answer does not name its backend, so only the status was compared.`],
  };
}

export function compareOutcome(prediction: Prediction, response: ProbeResponse): Comparison {
  if (response.status === null) return transportFailure(prediction, response);
  if (!prediction.expected) return compareNoRoute(prediction, response);
  if (prediction.expected.redirect) return compareRedirect(prediction, response);
  return compareRouted(prediction, response);
}

// `kubectl gw curl`: choose the Gateway, predict the answer, find the data plane, port-forward to
// a ready gateway pod, send the request, compare. Everything opened is closed in `finally`, also
// when the user presses Ctrl-C: for the duration a SIGINT handler aborts the request, closes the
// forwards and then lets the signal end the process (exit status 130).
import { notFoundError } from '../findings/suggest.js';
import type { Connection } from '../kube/connection.js';
import { UserError } from '../model/errors.js';
import { untilAborted } from '../util/abort.js';
import type { Graph, GraphGateway, GraphListener } from '../model/graph.js';
import type { EndpointSlice, Gateway } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { stripPort } from '../spec/hostnames.js';
import { compareOutcome, describeExpectation, type Comparison } from './compare.js';
import { findDataPlane, pickPodPort, serviceEndpointSlices, type DataPlane, type ForwardTarget } from './dataplane.js';
import { sendRequest, serverNameOf, type ProbeResponse } from './http.js';
import { openForward, type Forward } from './port-forward.js';
import { gatewaysForHost as defaultGatewaysForHost, predict as defaultPredict, probeTargets as defaultProbeTargets, unattachedClaims } from './predict.js';
import type { Prediction, ProbeRequest, SkippedTarget } from './predict.js';

export interface ProbeProgress {
  step: 'gateway' | 'dataplane' | 'pod' | 'forward' | 'request';
  message: string;
  /** Set on the 'forward' step. */
  localPort?: number;
}

export interface ProbeCommonOptions {
  conn: Connection;
  graph: Graph;
  snapshot: Snapshot;
  /** "ns/name" or "name" (in conn.namespace); chosen from the Host when absent. */
  gateway?: string;
  /** --service: the data plane Service, "ns/name" or "name" (in the Gateway's namespace). */
  service?: string;
  /** Per request, from sending to the last body byte. */
  timeoutMs: number;
  /** The port-forward WebSocket handshake; defaults to timeoutMs. */
  connectTimeoutMs?: number;
  insecure?: boolean;
  caPem?: string;
  /** Body bytes kept (default 64 KiB; Infinity for all). */
  maxBody?: number;
  onProgress?: (event: ProbeProgress) => void;
  /** Install the Ctrl-C handler (default true; false when the caller handles SIGINT itself). */
  handleSigint?: boolean;
  /** Aborts the run like Ctrl-C does (everything closed, then UserError "interrupted", exit 130). */
  signal?: AbortSignal;
  /** The prediction functions, for callers that bring their own (default ./predict.js). */
  predict?: typeof defaultPredict;
  gatewaysForHost?: typeof defaultGatewaysForHost;
  probeTargets?: typeof defaultProbeTargets;
}

export interface ProbeOptions extends ProbeCommonOptions {
  request: ProbeRequest;
  /** Request body (sent with Content-Length). */
  body?: string;
  /** TLS server name; defaults to the Host without its port. */
  sni?: string;
}

export interface DataPlaneFacts {
  /** "ns/name" of the Service. */
  service: string;
  /** Which rule found the Service, in words. */
  rule: string;
  /** "ns/name" of the pod. */
  pod: string;
  servicePort: number;
  containerPort: number;
  /** How the container port was found, in words. */
  resolution: string;
  localPort: number;
}

export interface SentRequest {
  scheme: 'http' | 'https';
  host: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  sni?: string;
  /** The listener port the request was aimed at. */
  port: number;
}

export interface ProbeResult {
  /** "ns/name" */
  gateway: string;
  /** Why this Gateway, when it was chosen from the Host. */
  gatewayChoice: string;
  prediction: Prediction;
  dataPlane: DataPlaneFacts;
  request: SentRequest;
  response: ProbeResponse;
  comparison: Comparison;
}

export interface ProbeRow {
  request: ProbeRequest;
  /** What was predicted, in one phrase (describeExpectation). */
  expected: string;
  status: number | null;
  timeMs: number;
  verdict: Comparison['verdict'];
  messages: string[];
  prediction: Prediction;
  response: ProbeResponse;
  /** "ns/name" of the pod that answered. */
  pod: string;
}

export interface ProbeAllResult {
  gateway: string;
  /** The data plane Service and the rule that found it. */
  service: string;
  rule: string;
  rows: ProbeRow[];
  /** The rules not probed: --all sends only GET and HEAD, and no gRPC calls. */
  skipped: SkippedTarget[];
}

const DEFAULT_MAX_BODY = 64 * 1024;
const CLOSE_GRACE_MS = 2000;

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * The lifetime of one probe run: an AbortSignal that Ctrl-C trips, the forwards to close at the
 * end, and `step()` to stop waiting on anything once interrupted.
 */
class Session {
  private readonly controller = new AbortController();
  private readonly forwards: Forward[] = [];
  private interrupted = false;
  private bySigint = false;
  private closed = false;
  private readonly onSigint = () => {
    // A second Ctrl-C while closing: stop waiting for anything.
    if (this.bySigint) process.exit(130);
    this.bySigint = true;
    this.interrupt();
  };

  constructor(
    private readonly handleSigint: boolean,
    external?: AbortSignal,
  ) {
    if (handleSigint) process.on('SIGINT', this.onSigint);
    if (external?.aborted) this.interrupt();
    external?.addEventListener('abort', () => this.interrupt(), { once: true });
  }

  private interrupt(): void {
    this.interrupted = true;
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Awaits `work`, or rejects at once when the run is interrupted. */
  step<T>(work: Promise<T>): Promise<T> {
    return untilAborted(work, this.controller.signal, () => new Interrupted());
  }


  async forward(conn: Connection, target: ForwardTarget, connectTimeoutMs: number): Promise<Forward> {
    // Not raced against the interrupt: opening is quick and local, and the forward must be
    // registered (or closed) whatever happens meanwhile, so that nothing is left listening.
    const forward = await openForward(conn, target.pod.namespace, target.pod.name, target.containerPort, { connectTimeoutMs });
    if (this.closed) {
      await forward.close();
      throw new Interrupted();
    }
    this.forwards.push(forward);
    if (this.signal.aborted) throw new Interrupted();
    return forward;
  }

  /** Closes every forward, removes the handler, and re-raises an interrupt. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
      timer.unref();
    });
    await Promise.race([Promise.allSettled(this.forwards.map((f) => f.close())), grace]);
    clearTimeout(timer);
    if (this.handleSigint) process.off('SIGINT', this.onSigint);
    if (!this.interrupted) return;
    // With no other handler left, the default action ends the process as the signal would have.
    if (this.bySigint && process.listenerCount('SIGINT') === 0) process.kill(process.pid, 'SIGINT');
    throw new UserError('interrupted', { exitCode: 130 });
  }

  /** The Interrupted marker as the error the command shows; other errors as they are. */
  static translate(e: unknown): unknown {
    return e instanceof Interrupted ? new UserError('interrupted', { exitCode: 130 }) : e;
  }
}

function splitName(ref: string, defaultNamespace: string): string {
  return ref.includes('/') ? ref : `${defaultNamespace}/${ref}`;
}

function graphGateway(graph: Graph, key: string): GraphGateway {
  const gw = graph.gateways.find((g) => `${g.namespace}/${g.name}` === key);
  if (!gw) {
    const [namespace, name] = key.split('/');
    throw notFoundError('gateway', namespace, name, graph.gateways);
  }
  return gw;
}

/**
 * The Gateway a request for `host` goes to: the one --gateway names, else the only Gateway whose
 * listeners and attached routes take the host. Used by the probe and by --dry-run alike.
 */
export function chooseGateway(
  opts: Pick<ProbeCommonOptions, 'graph' | 'gateway' | 'gatewaysForHost'> & { namespace: string },
  host: string,
  port: number | undefined,
): { key: string; why: string } {
  if (opts.gateway) {
    const key = splitName(opts.gateway, opts.namespace);
    graphGateway(opts.graph, key);
    return { key, why: 'given with --gateway' };
  }
  const candidates = (opts.gatewaysForHost ?? defaultGatewaysForHost)(opts.graph, host, port);
  if (candidates.length === 1) return { key: candidates[0], why: `the only Gateway with a route for ${host}` };
  if (candidates.length === 0) {
    const claims = unattachedClaims(opts.graph, host);
    const claimed = claims.length ? `; ${claims.map((c) => `${c.route} ${c.why}`).join('; ')}` : '';
    throw new UserError(`no Gateway has a listener with a route for host ${host}${port !== undefined ? ` on port ${port}` : ''}${claimed}`, {
      hint: 'name the Gateway with --gateway NAMESPACE/NAME (kubectl gw tree lists them)',
    });
  }
  throw new UserError(`several Gateways have a route for host ${host}: ${candidates.join(', ')}`, {
    hint: 'pick one with --gateway NAMESPACE/NAME',
  });
}

function rawGateway(snapshot: Snapshot, key: string): Gateway {
  const gw = snapshot.gateways.find((g) => `${g.metadata.namespace}/${g.metadata.name}` === key);
  if (!gw) throw new UserError(`Gateway ${key} is not in the snapshot`);
  return gw;
}

function schemeOf(listener: GraphListener): 'http' | 'https' {
  const p = listener.protocol.toUpperCase();
  return p === 'HTTPS' || p === 'TLS' ? 'https' : 'http';
}

/**
 * The listener the request goes to: the predicted one, else (nothing takes the host) the one the
 * request names or whose port and scheme it asks for, so the data plane still gets to answer.
 */
function targetListener(gw: GraphGateway, prediction: Prediction, req: ProbeRequest): GraphListener {
  const byName = (name: string | null | undefined) => (name ? gw.listeners.find((l) => l.name === name) : undefined);
  const listener =
    byName(prediction.listener) ??
    byName(req.listener) ??
    gw.listeners.find((l) => l.port === req.port) ??
    gw.listeners.find((l) => (req.scheme ? schemeOf(l) === req.scheme : l.protocol.toUpperCase() === 'HTTP')) ??
    gw.listeners[0];
  if (!listener) throw new UserError(`Gateway ${gw.namespace}/${gw.name} has no listeners to send a request to`);
  const protocol = listener.protocol.toUpperCase();
  if (protocol === 'TCP' || protocol === 'UDP') {
    throw new UserError(`listener ${listener.name} of Gateway ${gw.namespace}/${gw.name} is ${listener.protocol}: kubectl gw curl speaks HTTP(S) only`);
  }
  return listener;
}

/** When the request failed because the forward did, the kubelet's words say why. */
function withForwardError(response: ProbeResponse, forward: Forward, errorsBefore: number): ProbeResponse {
  const fresh = forward.errors.slice(errorsBefore);
  if (response.status !== null || !response.error || response.error.kind === 'aborted' || fresh.length === 0) return response;
  return { ...response, error: { kind: 'forward', message: fresh[fresh.length - 1] } };
}

function dataPlaneFacts(dp: DataPlane, target: ForwardTarget, forward: Forward): DataPlaneFacts {
  return {
    service: `${target.service.namespace}/${target.service.name}`,
    rule: dp.rule,
    pod: `${target.pod.namespace}/${target.pod.name}`,
    servicePort: target.servicePort,
    containerPort: target.containerPort,
    resolution: target.resolution,
    localPort: forward.localPort,
  };
}

async function send(
  session: Session,
  forward: Forward,
  req: ProbeRequest,
  scheme: 'http' | 'https',
  opts: ProbeCommonOptions & { body?: string; sni?: string },
): Promise<ProbeResponse> {
  const errorsBefore = forward.errors.length;
  const response = await sendRequest({
    localPort: forward.localPort,
    scheme,
    host: req.host,
    path: req.path,
    method: req.method,
    headers: req.headers,
    body: opts.body,
    sni: scheme === 'https' ? (opts.sni ?? serverNameOf(req.host)) : undefined,
    insecure: opts.insecure,
    caPem: opts.caPem,
    timeoutMs: opts.timeoutMs,
    maxBody: opts.maxBody ?? DEFAULT_MAX_BODY,
    signal: session.signal,
  });
  return withForwardError(response, forward, errorsBefore);
}

/** One request: see the file comment. */
export async function runProbe(opts: ProbeOptions): Promise<ProbeResult> {
  const progress = opts.onProgress ?? (() => {});
  const session = new Session(opts.handleSigint ?? true, opts.signal);
  try {
    const req = opts.request;
    const chosen = chooseGateway({ ...opts, namespace: opts.conn.namespace }, stripPort(req.host), req.port);
    const gw = graphGateway(opts.graph, chosen.key);
    const prediction = (opts.predict ?? defaultPredict)(opts.graph, opts.snapshot, chosen.key, req);
    const listener = targetListener(gw, prediction, req);
    const scheme = req.scheme ?? schemeOf(listener);
    progress({ step: 'gateway', message: `Gateway ${chosen.key} (${chosen.why}), listener ${listener.name} (${listener.protocol} port ${listener.port})` });

    const dp = await session.step(findDataPlane(opts.conn, rawGateway(opts.snapshot, chosen.key), { service: opts.service, snapshot: opts.snapshot }));
    progress({ step: 'dataplane', message: `data plane: ${dp.rule}` });
    const target = await session.step(pickPodPort(opts.conn, dp.service, listener.port, { snapshot: opts.snapshot }));
    progress({ step: 'pod', message: `pod ${target.pod.namespace}/${target.pod.name}, ${target.resolution}` });
    const forward = await session.forward(opts.conn, target, opts.connectTimeoutMs ?? opts.timeoutMs);
    progress({
      step: 'forward',
      message: `forwarding 127.0.0.1:${forward.localPort} -> pod ${target.pod.namespace}/${target.pod.name} port ${target.containerPort}`,
      localPort: forward.localPort,
    });

    const sni = scheme === 'https' ? (opts.sni ?? serverNameOf(req.host)) : undefined;
    progress({ step: 'request', message: `${req.method} ${scheme}://${req.host}${req.path}${sni ? ` (SNI ${sni})` : ''}` });
    const response = await send(session, forward, req, scheme, opts);
    if (response.error?.kind === 'aborted') throw new Interrupted();
    return {
      gateway: chosen.key,
      gatewayChoice: chosen.why,
      prediction,
      dataPlane: dataPlaneFacts(dp, target, forward),
      request: { scheme, host: req.host, path: req.path, method: req.method, headers: req.headers, ...(sni ? { sni } : {}), port: listener.port },
      response,
      comparison: compareOutcome(prediction, response),
    };
  } catch (e) {
    throw Session.translate(e);
  } finally {
    // Throws (exit 130) after an interrupt, replacing whatever the body was doing.
    await session.close();
  }
}

function unreachable(message: string): ProbeResponse {
  return { status: null, statusText: '', httpVersion: '', headers: [], body: '', bodyBytes: 0, truncatedBytes: 0, timings: { totalMs: 0 }, error: { kind: 'forward', message } };
}

/**
 * Runs `work` over `items` with at most `limit` at a time; results in input order. After a
 * failure nothing new starts, and the first error is thrown once every running item has settled
 * (so the caller's cleanup never races a request still in flight).
 */
async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await work(items[i]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * `--all`: one request per rule match of every route on the Gateway (probeTargets: GET and HEAD
 * only, no gRPC; the rest come back in `skipped`), through one forward per listener port, at
 * most `concurrency` (default 4) at a time.
 */
export async function runProbeAll(opts: ProbeCommonOptions & { concurrency?: number; targets?: ProbeRequest[] }): Promise<ProbeAllResult> {
  const progress = opts.onProgress ?? (() => {});
  const session = new Session(opts.handleSigint ?? true, opts.signal);
  try {
    let key: string;
    if (opts.gateway) key = splitName(opts.gateway, opts.conn.namespace);
    else if (opts.graph.gateways.length === 1) key = `${opts.graph.gateways[0].namespace}/${opts.graph.gateways[0].name}`;
    else throw new UserError('--all needs a Gateway: name it with --gateway NAMESPACE/NAME');
    const gw = graphGateway(opts.graph, key);
    const { targets, skipped } = opts.targets ? { targets: opts.targets, skipped: [] } : (opts.probeTargets ?? defaultProbeTargets)(opts.graph, key);
    const dp = await session.step(findDataPlane(opts.conn, rawGateway(opts.snapshot, key), { service: opts.service, snapshot: opts.snapshot }));
    progress({ step: 'dataplane', message: `data plane: ${dp.rule}` });
    if (targets.length === 0) return { gateway: key, service: `${dp.service.metadata.namespace}/${dp.service.metadata.name}`, rule: dp.rule, rows: [], skipped };

    // One pod and one forward per listener port, opened on first use and shared; the Service's
    // EndpointSlices are read once for all ports (from the snapshot when it holds them).
    let slices: Promise<EndpointSlice[]> | undefined;
    const forwards = new Map<number, Promise<{ target: ForwardTarget; forward: Forward }>>();
    const forwardFor = (port: number) => {
      let entry = forwards.get(port);
      if (!entry) {
        entry = (async () => {
          slices ??= serviceEndpointSlices(opts.conn, dp.service, opts.snapshot);
          const target = await session.step(slices.then((s) => pickPodPort(opts.conn, dp.service, port, { slices: s })));
          const forward = await session.forward(opts.conn, target, opts.connectTimeoutMs ?? opts.timeoutMs);
          progress({
            step: 'forward',
            message: `forwarding 127.0.0.1:${forward.localPort} -> pod ${target.pod.namespace}/${target.pod.name} port ${target.containerPort}`,
            localPort: forward.localPort,
          });
          return { target, forward };
        })();
        forwards.set(port, entry);
      }
      return entry;
    };

    const rows = await mapBounded(targets, opts.concurrency ?? 4, async (req): Promise<ProbeRow> => {
      const prediction = (opts.predict ?? defaultPredict)(opts.graph, opts.snapshot, key, req);
      const listener = targetListener(gw, prediction, req);
      const scheme = req.scheme ?? schemeOf(listener);
      let opened: { target: ForwardTarget; forward: Forward };
      try {
        opened = await forwardFor(listener.port);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        // This listener's port cannot be reached (no Service port, no ready pod): say so on its rows.
        const response = unreachable(e.message);
        return { request: req, expected: describeExpectation(prediction), status: null, timeMs: 0, verdict: 'unknown', messages: [e.message], prediction, response, pod: '' };
      }
      const { target, forward } = opened;
      const response = await send(session, forward, req, scheme, opts);
      if (response.error?.kind === 'aborted') throw new Interrupted();
      const comparison = compareOutcome(prediction, response);
      return {
        request: req,
        expected: describeExpectation(prediction),
        status: response.status,
        timeMs: response.timings.totalMs,
        verdict: comparison.verdict,
        messages: comparison.messages,
        prediction,
        response,
        pod: `${target.pod.namespace}/${target.pod.name}`,
      };
    });
    return { gateway: key, service: `${dp.service.metadata.namespace}/${dp.service.metadata.name}`, rule: dp.rule, rows, skipped };
  } catch (e) {
    throw Session.translate(e);
  } finally {
    // Throws (exit 130) after an interrupt, replacing whatever the body was doing.
    await session.close();
  }
}

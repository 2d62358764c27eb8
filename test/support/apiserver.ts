// An in-repo Kubernetes API server for tests and the demo: HTTPS with a generated CA, bearer
// token auth, discovery the real kubectl accepts, get/list of every served resource with
// selectors, pagination and server-side Tables, RBAC-like 403 rules, injected latency, failures
// and hangs, pod port-forward upgrades handed to ./portforward.ts, and watches (chunked watch
// events from a resourceVersion, bookmarks, 410 Gone once history is compacted, and a way for a
// test to drop or expire the open watches). It only reads: every write verb answers 405.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../src/model/objects.js';
import { makeLeaf, testCA, type KeyPair } from './certs.js';
import {
  aggregatedDiscoveryDoc,
  aggregatedVersionAccepted,
  apiGroupDoc,
  apiGroupListDoc,
  apiResourceListDoc,
  apiVersionsDoc,
} from './discovery.js';
import { loadFixtures } from './fixtures.js';
import { buildKubeconfig, writeKubeconfigFile, type KubeconfigOptions } from './kubeconfig.js';
import {
  BUILT_IN_GROUPS,
  crdObjects,
  DEFAULT_SERVED,
  groupOf,
  qualifiedName,
  type ServedResource,
} from './resources.js';
import { fieldMatcher, parseFieldSelector, parseLabelSelector, QueryError } from './selectors.js';
import { statusBody, type StatusBody } from './status.js';
import type { PortForwardResolver } from './portforward.js';
import { ObjectStore, type WatchEventOut } from './store.js';
import { tableVersionAccepted, toTable, type IncludeObject } from './table.js';

export { DEFAULT_SERVED, type ServedResource, type PrinterColumn } from './resources.js';
export type { KubeconfigOptions } from './kubeconfig.js';

/**
 * A deny rule, in RBAC terms the permission the test user lacks. `resource` is a plural
 * ("endpointslices"), optionally qualified ("endpointslices.discovery.k8s.io"), a subresource
 * ("pods/portforward") or "*". `namespace` undefined denies everywhere; a namespace denies
 * requests in it and cluster-scope requests (all-namespaces lists, cluster-scoped objects), which
 * need cluster-wide permission under RBAC; "" denies only cluster-scope requests. `verb`
 * undefined or "*" denies every verb.
 */
export interface ForbiddenRule {
  resource: string;
  namespace?: string;
  verb?: 'get' | 'list' | 'watch' | '*';
  name?: string;
}

/** Requests whose URL (path and query) matches answer `status` with a Status body, `times` times (default: always). */
export interface FailureRule {
  match: RegExp;
  status: number;
  times?: number;
  message?: string;
}

export interface TestUser {
  name: string;
  token: string;
  forbidden: ForbiddenRule[];
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 while unanswered (hung requests stay 0); 101 for an upgrade the port-forward handler accepted. */
  status: number;
  upgrade: boolean;
  /** The user the bearer token belongs to (undefined for the default token or none). */
  user?: string;
}

/** Where a forwarded pod port really is (a local data plane), or why it cannot be reached. */
export type { PortForwardResolver } from './portforward.js';

export interface ApiServerOptions {
  /** Initial objects of any kind (stored by group and kind; served in every served version). */
  objects?: KubeObject[];
  /** YAML/JSON files or directories (recursive) of multi-document YAML or `kind: List`. */
  fixtures?: string[];
  /** The bearer token clients must send; default a random one. */
  token?: string;
  /** Discovery and routing table; a kind left out behaves like a CRD that is not installed. */
  served?: ServedResource[];
  forbidden?: ForbiddenRule[];
  /** Delay before every response, in ms. */
  latencyMs?: number;
  failures?: FailureRule[];
  /** Requests whose URL (path and query) matches are never answered, until close(). */
  hang?: RegExp[];
  portForward?: PortForwardResolver;
  /** Answer apidiscovery.k8s.io/v2 when asked (default true); false = an apiserver before 1.27. */
  aggregatedDiscovery?: boolean;
  /** The user named in 403 messages (default "test"). */
  user?: string;
  /**
   * More users, each with its own bearer token and deny rules (on top of `forbidden`), so one
   * server can answer an RBAC matrix: every request is judged by the rules of the token it carries.
   */
  users?: TestUser[];
  /** Kubernetes version reported by /version (default "1.32.0"). */
  kubernetesVersion?: string;
  /** Listen port (default 0, a free port). */
  port?: number;
}

export interface ApiServer {
  /** https://127.0.0.1:PORT */
  url: string;
  caPem: string;
  token: string;
  /** Every request, in arrival order. */
  requests: RequestRecord[];
  kubeconfig(opts?: KubeconfigOptions): Record<string, unknown>;
  /** Writes the kubeconfig as YAML to `file` and returns `file`. */
  writeKubeconfig(file: string, opts?: KubeconfigOptions): string;
  put(obj: KubeObject): void;
  remove(kind: string, namespace: string | undefined, name: string): void;
  forbid(rule: ForbiddenRule): void;
  clearRequests(): void;
  /** The watches open now, by URL path (e.g. /apis/gateway.networking.k8s.io/v1/httproutes). */
  openWatches(): OpenWatch[];
  /** Cuts the open watches of `plural` (or all) without a word, as a broken connection would. */
  dropWatches(plural?: string): number;
  /**
   * Compacts the history and ends the open watches of `plural` (or all) with an ERROR event
   * carrying a 410 Expired Status, as kube-apiserver does for a watch whose resourceVersion is
   * too old. A watch asked from an older resourceVersion afterwards gets the same.
   */
  expireWatches(plural?: string): number;
  /** Sends a BOOKMARK (the current resourceVersion) on every open watch that allowed them. */
  sendBookmarks(): void;
  /** Resolves once `predicate` holds, checked now and after every request, and every watch that opens or closes. */
  waitFor(predicate: () => boolean): Promise<void>;
  /** Closes the server and every socket, including hung requests and upgraded connections. */
  close(): Promise<void>;
}

export interface OpenWatch {
  path: string;
  plural: string;
  namespace?: string;
  /** The resourceVersion it was asked from (absent: from now, with the current objects as ADDED). */
  resourceVersion?: string;
  bookmarks: boolean;
}

// One serving certificate per process: every test server listens on 127.0.0.1, so the same
// certificate is valid for all of them, and RSA key generation is the slow part of startup.
let serving: { ca: KeyPair; leaf: KeyPair } | undefined;
function servingCert(): { ca: KeyPair; leaf: KeyPair } {
  if (!serving) {
    const ca = testCA();
    serving = { ca, leaf: makeLeaf(ca, { commonName: 'kube-apiserver', dnsNames: ['localhost', 'kubernetes'], ipAddresses: ['127.0.0.1'] }) };
  }
  return serving;
}

const PORTFORWARD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/;

/** A parsed resource URL. */
interface ResourceRequest {
  resource: ServedResource;
  namespace?: string;
  name?: string;
  subresource?: string;
}

type Route =
  | { type: 'doc'; body: object; contentType?: string }
  | { type: 'text'; status: number; text: string }
  | { type: 'resource'; req: ResourceRequest };

const NOT_FOUND_TEXT: Route = { type: 'text', status: 404, text: '404 page not found\n' };

interface ContinueToken {
  rv: string;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.start === 'string' && typeof token.rv === 'string') return token;
  } catch {
    // fall through to the apiserver's message
  }
  throw new QueryError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function sortKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export async function startApiServer(opts: ApiServerOptions = {}): Promise<ApiServer> {
  const { ca, leaf } = servingCert();
  const token = opts.token ?? randomBytes(16).toString('hex');
  const served = opts.served ?? DEFAULT_SERVED;
  const forbidden = [...(opts.forbidden ?? [])];
  const failures = (opts.failures ?? []).map((f) => ({ ...f, left: f.times ?? Infinity }));
  const user = opts.user ?? 'test';
  const kubeVersion = opts.kubernetesVersion ?? '1.32.0';
  const aggregated = opts.aggregatedDiscovery ?? true;
  const requests: RequestRecord[] = [];
  const store = new ObjectStore();
  const sockets = new Set<Duplex>();
  const timers = new Set<NodeJS.Timeout>();
  /** Open watches, with how to write to and end each. */
  const watches = new Map<OpenWatch, { res: ServerResponse; resource: ServedResource; stop: () => void }>();
  /** 'change' after every request recorded and every watch opened or closed (for waitFor). */
  const activity = new EventEmitter();
  activity.setMaxListeners(0);
  let closed = false;

  const isBuiltIn = (group: string) => BUILT_IN_GROUPS.has(group);

  function namespacedKind(obj: KubeObject): boolean {
    const group = groupOf(obj.apiVersion);
    const r = served.find((s) => s.kind === obj.kind && s.group === group) ?? served.find((s) => s.kind === obj.kind);
    return r ? r.namespaced : obj.metadata?.namespace !== undefined;
  }

  const put = (obj: KubeObject) => store.put(obj, namespacedKind(obj));
  for (const obj of [...loadFixtures(opts.fixtures ?? []), ...(opts.objects ?? [])]) put(obj);
  addInstalledCrds();

  /** A real cluster holds the CRD object of every CRD it serves; a CRD the caller gave wins. */
  function addInstalledCrds(): void {
    const crdResource = served.find((r) => r.group === 'apiextensions.k8s.io' && r.plural === 'customresourcedefinitions');
    if (!crdResource) return;
    for (const crd of crdObjects(served.filter((r) => !isBuiltIn(r.group)))) {
      if (!store.get(crdResource, undefined, crd.metadata.name)) put(crd);
    }
  }

  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.certPem });
  server.on('connection', (socket: Socket) => track(socket));
  function track(socket: Duplex): void {
    if (closed) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  function record(req: IncomingMessage, upgrade: boolean): { rec: RequestRecord; url: URL } {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
    const rec: RequestRecord = { method: req.method ?? 'GET', path: url.pathname, query, status: 0, upgrade };
    const asUser = userOf(req);
    if (asUser) rec.user = asUser.name;
    requests.push(rec);
    activity.emit('change');
    return { rec, url };
  }

  const usersByToken = new Map((opts.users ?? []).map((u) => [`Bearer ${u.token}`, u]));

  function authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${token}` || usersByToken.has(req.headers.authorization ?? '');
  }

  function userOf(req: IncomingMessage): TestUser | undefined {
    return usersByToken.get(req.headers.authorization ?? '');
  }

  function injectedFailure(url: URL): { status: number; body: StatusBody } | undefined {
    const target = url.pathname + url.search;
    const rule = failures.find((f) => f.left > 0 && f.match.test(target));
    if (!rule) return undefined;
    rule.left--;
    return { status: rule.status, body: statusBody(rule.status, rule.message ?? `injected failure (HTTP ${rule.status})`) };
  }

  /** Whether a rule denies `verb` on `resource`; `namespace` undefined is a cluster-scope request. */
  function forbiddenBy(
    resource: { plural: string; group: string },
    verb: string,
    namespace: string | undefined,
    name: string | undefined,
    asUser?: TestUser,
  ): boolean {
    const clusterScope = namespace === undefined;
    return [...forbidden, ...(asUser?.forbidden ?? [])].some((rule) => {
      const resourceMatches = rule.resource === '*' || rule.resource === resource.plural || rule.resource === qualifiedName(resource);
      const verbMatches = rule.verb === undefined || rule.verb === '*' || rule.verb === verb;
      const nameMatches = rule.name === undefined || rule.name === name;
      const namespaceMatches =
        rule.namespace === undefined ||
        (rule.namespace === '' ? clusterScope : clusterScope || rule.namespace === namespace);
      return resourceMatches && verbMatches && nameMatches && namespaceMatches;
    });
  }

  function forbiddenStatus(
    resource: { plural: string; group: string },
    verb: string,
    namespace: string | undefined,
    name: string | undefined,
    who = user,
  ): StatusBody {
    const subject = name ? `${qualifiedName(resource)} "${name}"` : qualifiedName(resource);
    const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
    const message = `${subject} is forbidden: User "${who}" cannot ${verb} resource "${resource.plural}" in API group "${resource.group}" ${scope}`;
    return statusBody(403, message, { ...(name ? { name } : {}), group: resource.group, kind: resource.plural.split('/')[0] });
  }

  function route(url: URL, accept: string | undefined): Route {
    const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const path = `/${parts.join('/')}`;
    if (path === '/version') {
      const [major, minor] = kubeVersion.split('.');
      return {
        type: 'doc',
        body: {
          major, minor, gitVersion: `v${kubeVersion}`, gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean', buildDate: '2025-01-01T00:00:00Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64',
        },
      };
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return { type: 'text', status: 200, text: 'ok' };
    const aggregatedVersion = aggregated ? aggregatedVersionAccepted(accept) : undefined;
    const aggregatedType = (v: string) => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
    if (path === '/api' || path === '/apis') {
      const core = path === '/api';
      if (aggregatedVersion) {
        return { type: 'doc', body: aggregatedDiscoveryDoc(served, core, aggregatedVersion, isBuiltIn), contentType: aggregatedType(aggregatedVersion) };
      }
      return { type: 'doc', body: core ? apiVersionsDoc(new URL(baseUrl()).host) : apiGroupListDoc(served) };
    }
    let group: string;
    let version: string | undefined;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 2) {
      [group, version, rest] = ['', parts[1], parts.slice(2)];
    } else if (parts[0] === 'apis' && parts.length >= 2) {
      [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    } else {
      return NOT_FOUND_TEXT;
    }
    if (version === undefined) {
      const doc = apiGroupDoc(served, group);
      return doc ? { type: 'doc', body: doc } : NOT_FOUND_TEXT;
    }
    if (rest.length === 0) {
      const doc = apiResourceListDoc(served, group, version, isBuiltIn);
      return doc ? { type: 'doc', body: doc } : NOT_FOUND_TEXT;
    }
    const inVersion = served.filter((r) => r.group === group && r.version === version);
    const find = (plural: string) => inVersion.find((r) => r.plural === plural);
    // /api/v1/namespaces/NAME[/status] is the Namespace itself, not a namespaced collection.
    if (rest[0] === 'namespaces' && (rest.length === 2 || (rest.length === 3 && rest[2] === 'status'))) {
      const resource = find('namespaces');
      return resource ? { type: 'resource', req: { resource, name: rest[1], subresource: rest[2] } } : NOT_FOUND_TEXT;
    }
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const resource = find(rest[2]);
      if (!resource || !resource.namespaced || rest.length > 5) return NOT_FOUND_TEXT;
      return { type: 'resource', req: { resource, namespace: rest[1], name: rest[3], subresource: rest[4] } };
    }
    const resource = find(rest[0]);
    if (!resource || rest.length > 3 || (resource.namespaced && rest.length > 1)) return NOT_FOUND_TEXT;
    return { type: 'resource', req: { resource, name: rest[1], subresource: rest[2] } };
  }

  function sendJson(res: ServerResponse, status: number, body: object, contentType = 'application/json'): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
    res.end(text);
  }

  function sendText(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function serveResource(res: ServerResponse, url: URL, accept: string | undefined, r: ResourceRequest, asUser?: TestUser): void {
    const { resource, namespace, name, subresource } = r;
    const q = url.searchParams;
    const verb = name !== undefined ? 'get' : q.get('watch') === 'true' || q.get('watch') === '1' ? 'watch' : 'list';
    if (subresource !== undefined && subresource !== 'status') {
      sendText(res, 404, '404 page not found\n');
      return;
    }
    if (forbiddenBy(resource, verb, namespace, name, asUser)) {
      sendJson(res, 403, forbiddenStatus(resource, verb, namespace, name, asUser?.name));
      return;
    }
    if (verb === 'watch') {
      serveWatch(res, url, r);
      return;
    }
    const tableVersion = tableVersionAccepted(accept);
    const includeObject = (q.get('includeObject') ?? 'Metadata') as IncludeObject;
    if (name !== undefined) {
      const obj = store.get(resource, namespace, name);
      if (!obj) {
        sendJson(res, 404, statusBody(404, `${qualifiedName(resource)} "${name}" not found`, { name, group: resource.group, kind: resource.plural }));
        return;
      }
      sendJson(res, 200, tableVersion ? toTable(resource, [obj], {}, tableVersion, includeObject) : obj);
      return;
    }
    let items: KubeObject[];
    try {
      const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
      const fields = fieldMatcher(resource, parseFieldSelector(q.get('fieldSelector') ?? undefined));
      items = store.list(resource, namespace).filter((o) => labels(o.metadata.labels) && fields(o));
      const cont = q.get('continue');
      if (cont) {
        const { start } = decodeContinue(cont);
        items = items.filter((o) => sortKey(o) > start);
      }
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      sendJson(res, 400, statusBody(400, err.message));
      return;
    }
    const limit = Number(q.get('limit') ?? 0);
    const listMeta: Record<string, unknown> = { resourceVersion: store.resourceVersion };
    if (limit > 0 && items.length > limit) {
      const page = items.slice(0, limit);
      listMeta.continue = encodeContinue({ rv: store.resourceVersion, start: sortKey(page[page.length - 1]) });
      // The apiserver can only count what is left when no selector filters it.
      if (!q.get('labelSelector') && !q.get('fieldSelector')) listMeta.remainingItemCount = items.length - limit;
      items = page;
    }
    if (tableVersion) {
      sendJson(res, 200, toTable(resource, items, listMeta, tableVersion, includeObject));
      return;
    }
    sendJson(res, 200, {
      kind: `${resource.kind}List`,
      apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`,
      metadata: listMeta,
      items,
    });
  }

  /**
   * A watch: 200 with one JSON watch event per line, written as changes happen, until the client
   * goes away, the server closes, or a test drops or expires it. From a resourceVersion: the
   * changes since then first (or an ERROR 410 when that history is compacted); without one (or
   * "0"): every current object as ADDED first, as kube-apiserver does.
   */
  function serveWatch(res: ServerResponse, url: URL, r: ResourceRequest): void {
    const { resource, namespace } = r;
    const q = url.searchParams;
    let matches: (o: KubeObject) => boolean;
    try {
      const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
      const fields = fieldMatcher(resource, parseFieldSelector(q.get('fieldSelector') ?? undefined));
      matches = (o) => labels(o.metadata.labels) && fields(o);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      sendJson(res, 400, statusBody(400, err.message));
      return;
    }
    const rv = q.get('resourceVersion') ?? '';
    const from = rv === '' || rv === '0' ? undefined : Number(rv);
    if (from !== undefined && !Number.isInteger(from)) {
      sendJson(res, 400, statusBody(400, `invalid resource version: ${rv}`));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    // The status line goes out now, as the apiserver's does, not with the first event.
    res.flushHeaders();
    const write = (type: string, object: object) => res.write(`${JSON.stringify({ type, object })}\n`);
    const expire = () => {
      write('ERROR', statusBody(410, `too old resource version: ${rv || store.resourceVersion} (${store.resourceVersion})`));
      res.end();
    };
    const backlog: WatchEventOut[] | 'expired' =
      from === undefined
        ? store.list(resource, namespace).map((object) => ({ type: 'ADDED' as const, object }))
        : store.changesSince(resource, namespace, from);
    if (backlog === 'expired') {
      expire();
      return;
    }
    for (const e of backlog) if (matches(e.object)) write(e.type, e.object);
    const unsubscribe = store.subscribe(resource, namespace, (e) => {
      if (matches(e.object)) write(e.type, e.object);
    });
    const watch: OpenWatch = {
      path: url.pathname,
      plural: resource.plural,
      namespace,
      resourceVersion: rv || undefined,
      bookmarks: q.get('allowWatchBookmarks') === 'true',
    };
    watches.set(watch, {
      res,
      resource,
      stop: () => {
        unsubscribe();
        expire();
      },
    });
    activity.emit('change');
    res.on('close', () => {
      unsubscribe();
      watches.delete(watch);
      activity.emit('change');
    });
  }

  function watchesOf(plural: string | undefined): Array<[OpenWatch, { res: ServerResponse; resource: ServedResource; stop: () => void }]> {
    return [...watches].filter(([w]) => plural === undefined || w.plural === plural);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { rec, url } = record(req, false);
    res.on('finish', () => {
      rec.status = res.statusCode;
    });
    if ((opts.hang ?? []).some((h) => h.test(url.pathname + url.search))) return;
    if (opts.latencyMs) await delay(opts.latencyMs);
    if (closed) return;
    if (!authorized(req)) {
      sendJson(res, 401, statusBody(401, 'Unauthorized'));
      return;
    }
    const failure = injectedFailure(url);
    if (failure) {
      sendJson(res, failure.status, failure.body);
      return;
    }
    if (req.method !== 'GET') {
      sendJson(res, 405, statusBody(405, 'the server does not allow this method on the requested resource'));
      return;
    }
    const accept = req.headers.accept;
    const r = route(url, accept);
    if (r.type === 'text') sendText(res, r.status, r.text);
    else if (r.type === 'doc') sendJson(res, 200, r.body, r.contentType);
    else serveResource(res, url, accept, r.req, userOf(req));
  }

  function writeRaw(socket: Duplex, status: number, body: object | string): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  }

  /** Records the status of the first HTTP status line the port-forward handler writes (101 or a refusal). */
  function recordStatusLine(socket: Duplex, rec: RequestRecord): void {
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    const end = socket.end.bind(socket) as (...args: unknown[]) => Duplex;
    const sniff = (chunk: unknown) => {
      if (rec.status !== 0 || (typeof chunk !== 'string' && !Buffer.isBuffer(chunk))) return;
      const start = typeof chunk === 'string' ? chunk.slice(0, 16) : chunk.toString('latin1', 0, 16);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(start);
      if (m) rec.status = Number(m[1]);
    };
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      sniff(chunk);
      return write(chunk, ...rest);
    }) as Duplex['write'];
    socket.end = ((chunk?: unknown, ...rest: unknown[]) => {
      sniff(chunk);
      return end(chunk, ...rest);
    }) as Duplex['end'];
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { rec, url } = record(req, true);
    track(socket);
    const answer = (status: number, body: object | string) => {
      rec.status = status;
      writeRaw(socket, status, body);
    };
    if ((opts.hang ?? []).some((h) => h.test(url.pathname + url.search))) return;
    if (opts.latencyMs) await delay(opts.latencyMs);
    if (closed) return;
    if (!authorized(req)) return answer(401, statusBody(401, 'Unauthorized'));
    const failure = injectedFailure(url);
    if (failure) return answer(failure.status, failure.body);
    const m = PORTFORWARD_PATH.exec(url.pathname);
    if (!m || (req.method !== 'GET' && req.method !== 'POST')) return answer(404, '404 page not found\n');
    const [namespace, pod] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    const portforward = { plural: 'pods/portforward', group: '' };
    if (forbiddenBy(portforward, 'create', namespace, pod)) {
      return answer(403, forbiddenStatus(portforward, 'create', namespace, pod));
    }
    const podResource = served.find((r) => r.group === '' && r.kind === 'Pod');
    if (!podResource || !store.get(podResource, namespace, pod)) {
      return answer(404, statusBody(404, `pods "${pod}" not found`, { name: pod, kind: 'pods' }));
    }
    const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(',')).filter((p) => p !== '').map(Number);
    if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
      return answer(400, statusBody(400, `invalid port in ${url.searchParams.getAll('ports').join(',')}`));
    }
    const resolve: PortForwardResolver =
      opts.portForward ?? (() => ({ error: 'no data plane is configured for this test API server' }));
    recordStatusLine(socket, rec);
    // Loaded on first use: it pulls in `ws` and the SPDY codec, which most tests never need.
    const { handlePortForwardUpgrade } = await import('./portforward.js');
    handlePortForwardUpgrade(req, socket, head, { namespace, pod, ports, resolve }, track);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, statusBody(500, `test API server bug: ${String(err)}`));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(req, socket, head).catch((err: unknown) => {
      writeRaw(socket, 500, statusBody(500, `test API server bug: ${String(err)}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test API server: no TCP address');
  const url = `https://127.0.0.1:${address.port}`;
  function baseUrl(): string {
    return url;
  }

  const api: ApiServer = {
    url,
    caPem: ca.certPem,
    token,
    requests,
    kubeconfig: (kcOpts) => buildKubeconfig({ server: url, caPem: ca.certPem, token }, kcOpts),
    writeKubeconfig: (file, kcOpts) => writeKubeconfigFile(file, api.kubeconfig(kcOpts)),
    put,
    remove: (kind, namespace, name) => {
      store.remove(kind, namespace, name);
    },
    forbid: (rule) => {
      forbidden.push(rule);
    },
    clearRequests: () => {
      requests.length = 0;
    },
    openWatches: () => [...watches.keys()],
    dropWatches: (plural) => {
      const cut = watchesOf(plural);
      for (const [w, { res }] of cut) {
        // Gone from the registry at once, so a change made right after reaches no dropped watch.
        watches.delete(w);
        res.socket?.destroy();
      }
      return cut.length;
    },
    expireWatches: (plural) => {
      store.compact();
      const ended = watchesOf(plural);
      for (const [w, { stop }] of ended) {
        watches.delete(w);
        stop();
      }
      return ended.length;
    },
    sendBookmarks: () => {
      for (const [w, { res, resource }] of watches) {
        if (!w.bookmarks) continue;
        const object = { kind: resource.kind, apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`, metadata: { resourceVersion: store.resourceVersion } };
        res.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
      }
    },
    waitFor: (predicate) =>
      new Promise<void>((resolve) => {
        if (predicate()) return resolve();
        const check = () => {
          if (!predicate()) return;
          activity.off('change', check);
          resolve();
        };
        activity.on('change', check);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      sockets.clear();
      server.closeAllConnections();
      await done;
    },
  };
  return api;
}

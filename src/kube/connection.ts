// One connection to the API server of the chosen context: read-only GETs, paginated lists, and
// every failure turned into one sentence (src/kube/errors.ts).
//
// Credentials are applied by client-node (KubeConfig.applyToHTTPSOptions): bearer tokens, client
// certificates, exec credential plugins, token files, auth providers, tls-server-name and
// proxy-url. The request itself goes out through node:https with the agent client-node builds,
// which keeps AbortController timeouts in our hands.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, UserError } from '../model/errors.js';
import { credentialError, errorFromResponse, networkError, timeoutError, type RequestContext } from './errors.js';
import { loadKubeconfig } from './kubeconfig.js';
import { untilAborted } from '../util/abort.js';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  /** Aborts each request after this long; 0 or absent waits as long as the server takes (kubectl's default). */
  requestTimeoutMs?: number;
  verbose?: (line: string) => void;
  /** Objects per list page; kubectl uses 500. */
  pageSize?: number;
  /** For tests: the environment to read KUBECONFIG and HOME from. */
  env?: NodeJS.ProcessEnv;
  /** Told after each answer: the path read and how many objects it held (src/cli/progress.ts). */
  onRead?: (path: string, objects: number) => void;
}

export type Query = Record<string, string | number | undefined>;

export interface Connection {
  kc: KubeConfig;
  contextName: string;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
  server: string;
  requestTimeoutMs: number;
  /** One GET; a non-2xx answer throws ApiError, anything else UserError. */
  getJson<T>(path: string, query?: Query): Promise<T>;
  /**
   * Every item of a list, page by page (limit + continue). Items get the apiVersion and kind the
   * server leaves out of typed lists, so they can go straight into a snapshot.
   */
  listAll<T>(path: string, query?: Query): Promise<T[]>;
  /**
   * A GET whose answer is read as it arrives (a watch): resolves with the response once the
   * server answers 2xx; a non-2xx answer throws ApiError. No request timeout applies (a watch
   * lasts); `signal` ends it.
   */
  stream(path: string, query: Query, signal: AbortSignal): Promise<http.IncomingMessage>;
}

interface ListPage<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { continue?: string };
  items?: T[];
}

const DEFAULT_PAGE_SIZE = 500;

export async function connect(opts: ConnectOptions = {}): Promise<Connection> {
  const loaded = await loadKubeconfig({ kubeconfig: opts.kubeconfig, context: opts.context, env: opts.env });
  const { kc, server } = loaded;
  const timeoutMs = opts.requestTimeoutMs ?? 0;
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const verbose = opts.verbose;
  verbose?.(`Config loaded from ${loaded.source}, context "${loaded.contextName}", server ${server}`);
  const context = (path: string): RequestContext => ({
    server,
    path,
    timeoutMs,
    userName: loaded.userName,
    execCommand: loaded.execCommand,
  });

  // Credentials are prepared once per connection: an exec plugin runs once even when twenty
  // lists start together (client-node caches its credential only when it carries an expiry),
  // and all requests share one agent.
  let prepared: Promise<https.RequestOptions> | undefined;
  const prepare = (): Promise<https.RequestOptions> => {
    prepared ??= (async () => {
      const options: https.RequestOptions = {};
      try {
        await kc.applyToHTTPSOptions(options);
      } catch (e) {
        throw credentialError(e, context(''));
      }
      return options;
    })();
    return prepared;
  };

  async function getJson<T>(path: string, query?: Query): Promise<T> {
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const ctx = context(path);
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const started = Date.now();
    try {
      const options = await untilAborted(prepare(), controller.signal);
      const { status, body } = await get(url, options, controller.signal);
      verbose?.(`GET ${url} ${status} in ${Date.now() - started} ms`);
      if (status < 200 || status >= 300) throw errorFromResponse(status, body, ctx);
      try {
        const parsed = JSON.parse(body) as T & { items?: unknown };
        opts.onRead?.(path, Array.isArray(parsed?.items) ? parsed.items.length : 1);
        return parsed;
      } catch (e) {
        const err = new ApiError(status, 'InternalError', `the API server at ${server} answered ${url.pathname} with something that is not JSON`);
        err.cause = e;
        throw err;
      }
    } catch (e) {
      if (timedOut) throw timeoutError(ctx, e);
      if (e instanceof UserError) throw e;
      throw networkError(e, ctx);
    } finally {
      clearTimeout(timer);
    }
  }

  async function listAll<T>(path: string, query?: Query): Promise<T[]> {
    // An expired continue token (410 Gone) means the snapshot the pages came from is compacted
    // away: start the list over, once, so no object is counted twice or missed.
    for (let attempt = 0; ; attempt++) {
      const items: T[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await getJson<ListPage<T>>(path, { ...query, limit: pageSize, continue: token });
          items.push(...fillTypeMeta(page));
          token = page.metadata?.continue || undefined;
        } while (token);
        return items;
      } catch (e) {
        if (attempt === 0 && token && e instanceof ApiError && e.status === 410) {
          verbose?.(`GET ${path}: continue token expired, listing again from the start`);
          continue;
        }
        throw e;
      }
    }
  }

  async function stream(path: string, query: Query, signal: AbortSignal): Promise<http.IncomingMessage> {
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const ctx = context(path);
    try {
      const options = await untilAborted(prepare(), signal);
      const res = await open(url, options, signal);
      verbose?.(`GET ${url} ${res.statusCode}`);
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return res;
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw errorFromResponse(status, Buffer.concat(chunks).toString('utf8'), ctx);
    } catch (e) {
      if (e instanceof UserError || signal.aborted) throw e;
      throw networkError(e, ctx);
    }
  }

  return {
    kc,
    contextName: loaded.contextName,
    namespace: opts.namespace || loaded.namespace || 'default',
    server,
    requestTimeoutMs: timeoutMs,
    getJson,
    listAll,
    stream,
  };
}

/** Typed lists (core, discovery.k8s.io) omit apiVersion/kind on items; CRD lists keep them. */
function fillTypeMeta<T>(page: ListPage<T>): T[] {
  const items = page.items ?? [];
  const kind = page.kind?.endsWith('List') ? page.kind.slice(0, -'List'.length) : undefined;
  if (!kind || !page.apiVersion) return items;
  return items.map((item) => {
    const obj = item as Record<string, unknown>;
    return (obj.kind ? obj : { apiVersion: page.apiVersion, kind, ...obj }) as T;
  });
}


function get(url: URL, options: https.RequestOptions, signal: AbortSignal): Promise<{ status: number; body: string }> {
  const request = url.protocol === 'http:' ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ...options,
        method: 'GET',
        signal,
        headers: { ...options.headers, Accept: 'application/json', 'User-Agent': 'kubectl-gw' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Sends a GET and resolves with the response as soon as its headers arrive. */
function open(url: URL, options: https.RequestOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const request = url.protocol === 'http:' ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ...options, method: 'GET', signal, headers: { ...options.headers, Accept: 'application/json', 'User-Agent': 'kubectl-gw' } },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

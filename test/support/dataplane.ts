// A stand-in for a gateway's data-plane pod: an HTTP(S) server on 127.0.0.1 whose routing table a
// test writes by hand. It is the independent "truth" the plugin's predictions are compared with,
// so it deliberately shares no code with src/spec. It behaves the way Envoy does where that shows:
// the Host header first selects a virtual host (exact name, then the longest wildcard, then the
// catch-all) and only that host's routes are tried; an SNI no certificate covers fails the TLS
// handshake (no matching filter chain); no route gives an empty 404; a backend without endpoints
// gives 503 "no healthy upstream".
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import tls from 'node:tls';

export interface DataPlaneRoute {
  /** Exact names or one-level-or-more wildcards (`*.example.com`); none means every host. */
  hostnames?: string[];
  path: { type: 'Exact' | 'PathPrefix'; value: string };
  method?: string;
  /** Exact header values, names case-insensitive. */
  headers?: Record<string, string>;
  backend: string;
  /** The status the backend answers with (200 when absent). */
  status?: number;
  redirect?: { scheme?: string; hostname?: string; port?: number; statusCode?: number };
}

export interface DataPlaneCertificate {
  sni: string[];
  certPem: string;
  keyPem: string;
}

export interface DataPlaneOptions {
  routes: DataPlaneRoute[];
  /** One certificate for every handshake, or certificates chosen by SNI (no match fails it). */
  tls?: { certPem: string; keyPem: string } | DataPlaneCertificate[];
  noEndpointsBackends?: string[];
}

export interface DataPlaneRequest {
  host: string;
  path: string;
  method: string;
  sni?: string;
}

export interface DataPlane {
  port: number;
  close(): Promise<void>;
  requests: DataPlaneRequest[];
}

/** The Host header without its port (IPv6 literals keep their brackets), lower-cased. */
function hostWithoutPort(host: string): string {
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
  if (bracket >= 0) return host.slice(0, bracket + 1).toLowerCase();
  const colon = host.lastIndexOf(':');
  return (colon >= 0 ? host.slice(0, colon) : host).toLowerCase();
}

function wildcardCovers(pattern: string, name: string): boolean {
  return pattern.startsWith('*.') && name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
}

/**
 * The routes of the virtual host `host` selects: an exact hostname, else the longest wildcard
 * that covers it, else the routes that name no hostname.
 */
function virtualHostRoutes(routes: DataPlaneRoute[], host: string): DataPlaneRoute[] {
  const exact = routes.filter((r) => r.hostnames?.some((h) => h.toLowerCase() === host));
  if (exact.length > 0) return exact;
  let bestWildcard = '';
  for (const route of routes) {
    for (const name of route.hostnames ?? []) {
      const pattern = name.toLowerCase();
      if (wildcardCovers(pattern, host) && pattern.length > bestWildcard.length) bestWildcard = pattern;
    }
  }
  if (bestWildcard !== '') return routes.filter((r) => r.hostnames?.some((h) => h.toLowerCase() === bestWildcard));
  return routes.filter((r) => (r.hostnames ?? []).length === 0);
}

/** PathPrefix matches whole path elements: /foo matches /foo and /foo/bar, not /foobar. */
function pathMatches(match: DataPlaneRoute['path'], path: string): boolean {
  if (match.type === 'Exact') return path === match.value;
  const prefix = match.value.replace(/\/+$/, '');
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function routeMatches(route: DataPlaneRoute, path: string, req: http.IncomingMessage): boolean {
  if (!pathMatches(route.path, path)) return false;
  if (route.method && route.method.toUpperCase() !== req.method) return false;
  return Object.entries(route.headers ?? {}).every(([name, value]) => req.headers[name.toLowerCase()] === value);
}

/** Exact paths first, then the longest prefix, then the most specific (method, headers); else table order. */
function specificity(route: DataPlaneRoute): number[] {
  return [route.path.type === 'Exact' ? 1 : 0, route.path.value.length, route.method ? 1 : 0,
    Object.keys(route.headers ?? {}).length];
}

function moreSpecific(a: DataPlaneRoute, b: DataPlaneRoute): number {
  const [sa, sb] = [specificity(a), specificity(b)];
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
  return 0;
}

function selectRoute(routes: DataPlaneRoute[], host: string, path: string,
  req: http.IncomingMessage): DataPlaneRoute | undefined {
  return virtualHostRoutes(routes, host).filter((r) => routeMatches(r, path, req)).sort(moreSpecific)[0];
}

function redirectLocation(redirect: NonNullable<DataPlaneRoute['redirect']>, secure: boolean, host: string,
  url: URL): string {
  const scheme = redirect.scheme ?? (secure ? 'https' : 'http');
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = redirect.port !== undefined && redirect.port !== defaultPort ? `:${redirect.port}` : '';
  return `${scheme}://${redirect.hostname ?? host}${port}${url.pathname}${url.search}`;
}

function sniContext(certificates: DataPlaneCertificate[]):
  (servername: string, callback: (error: Error | null, context?: tls.SecureContext) => void) => void {
  const contexts = certificates.map((c) => ({
    sni: c.sni.map((n) => n.toLowerCase()),
    context: tls.createSecureContext({ cert: c.certPem, key: c.keyPem }),
  }));
  return (servername, callback) => {
    const name = servername.toLowerCase();
    const found = contexts.find((c) => c.sni.includes(name)) ??
      contexts.find((c) => c.sni.some((pattern) => wildcardCovers(pattern, name)));
    if (found) callback(null, found.context);
    else callback(new Error(`no filter chain matches server name "${servername}"`));
  };
}

export function startDataPlane(opts: DataPlaneOptions): Promise<DataPlane> {
  const requests: DataPlaneRequest[] = [];
  const noEndpoints = new Set(opts.noEndpointsBackends ?? []);
  const secure = opts.tls !== undefined;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = hostWithoutPort(req.headers.host ?? '');
    const url = new URL(req.url ?? '/', 'http://data-plane');
    const sni = (req.socket as tls.TLSSocket).servername || undefined;
    requests.push({ host, path: url.pathname, method: req.method ?? 'GET', ...(sni ? { sni } : {}) });
    req.resume();
    const route = selectRoute(opts.routes, host, url.pathname, req);
    if (!route) {
      res.writeHead(404, { 'content-length': 0 }).end();
    } else if (route.redirect) {
      res.writeHead(route.redirect.statusCode ?? 302,
        { location: redirectLocation(route.redirect, secure, host, url), 'content-length': 0 }).end();
    } else if (noEndpoints.has(route.backend)) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no healthy upstream');
    } else {
      const body = JSON.stringify({ host, path: url.pathname, method: req.method, headers: req.headers,
        query: Object.fromEntries(url.searchParams), backend: route.backend });
      res.writeHead(route.status ?? 200, { 'content-type': 'application/json' }).end(body);
    }
  };
  let server: http.Server | https.Server;
  if (!opts.tls) server = http.createServer(handler);
  else if (Array.isArray(opts.tls)) server = https.createServer({ SNICallback: sniContext(opts.tls) }, handler);
  else server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, handler);

  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A failed handshake is the expected outcome of a wrong SNI; it only closes that connection.
  server.on('tlsClientError', (_error: Error, socket: tls.TLSSocket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        requests,
        close: () => new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

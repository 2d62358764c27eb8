// What `kubectl gw curl` was asked to send: a PATH with --host, or a URL; -X, -H, -d, --port,
// --listener. Turned into the ProbeRequest the prediction and the probe share.
import { UserError } from '../model/errors.js';
import type { ProbeRequest } from '../probe/predict.js';
import { stripPort } from '../spec/hostnames.js';

export interface ProbeTargetFlags {
  host?: string;
  /** The data-plane Service (or, with --mesh, the Service sent to). */
  service?: string;
  request?: string;
  header?: string[];
  data?: string;
  port?: number;
  listener?: string;
}

export interface ProbeTarget {
  request: ProbeRequest;
  /** The host without a port, for choosing the Gateway. */
  hostOnly: string;
}

/** A URL target: its scheme, host, port (when written) and path with query. */
function parseUrl(target: string): { scheme: 'http' | 'https'; host: string; port?: number; path: string } {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UserError(`"${target}" is not a valid URL`, { exitCode: 2 });
  }
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: `${url.pathname}${url.search}`,
  };
}

/** -H, -X and -d: the headers (names in lower case) and the method. */
function headersAndMethod(flags: ProbeTargetFlags): { headers: Record<string, string>; method: string } {
  const headers: Record<string, string> = {};
  for (const h of flags.header ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UserError(`header "${h}" is not of the form 'Name: value'`, { exitCode: 2 });
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  const method = (flags.data !== undefined && (flags.request ?? 'GET') === 'GET' ? 'POST' : (flags.request ?? 'GET')).toUpperCase();
  return { headers, method };
}

const isUrl = (target: string | undefined): target is string => target !== undefined && /^https?:\/\//i.test(target);

export function parseProbeTarget(target: string | undefined, flags: ProbeTargetFlags): ProbeTarget {
  let host = flags.host;
  let path = target ?? '/';
  let scheme: 'http' | 'https' | undefined;
  let port = flags.port;
  if (isUrl(target)) {
    const url = parseUrl(target);
    scheme = url.scheme;
    host ??= url.host;
    if (url.port !== undefined && port === undefined) port = url.port;
    path = url.path;
  }
  if (!host) {
    // --service alone reads like a request to that Service: mesh traffic is asked for with --mesh.
    const mesh = flags.service ? ` (for mesh traffic to Service ${flags.service}, add --mesh)` : '';
    throw new UserError(`say which host to ask for: --host HOST, or a URL like https://HOST/path${mesh}`, { exitCode: 2 });
  }
  if (!path.startsWith('/')) path = `/${path}`;
  const { headers, method } = headersAndMethod(flags);
  const hostOnly = stripPort(host);
  return {
    hostOnly,
    request: { host, path, method, headers, ...(port !== undefined ? { port } : {}), ...(flags.listener ? { listener: flags.listener } : {}), ...(scheme ? { scheme } : {}) },
  };
}

export interface MeshProbeTarget {
  request: ProbeRequest;
  service: { namespace: string; name: string };
}

// A Service name is a DNS-1035 label; so is a namespace name, near enough (DNS-1123 label).
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MESH_NAMES = 'NAME, NAME.NAMESPACE or NAME.NAMESPACE.svc[.cluster.local]';

/** --service NAMESPACE/NAME or NAME (in the client's namespace). */
function serviceFlag(value: string, client: string): { namespace: string; name: string } {
  const [a, b, ...rest] = value.split('/');
  const [namespace, name] = b === undefined ? [client, a] : [a, b];
  if (rest.length > 0 || !LABEL.test(namespace) || !LABEL.test(name)) {
    throw new UserError(`--service "${value}" is not NAMESPACE/NAME or NAME`, { exitCode: 2 });
  }
  return { namespace, name };
}

/**
 * The Service a host names the way a client in the mesh names it, through the cluster DNS:
 * "NAME" (the client's namespace), "NAME.NAMESPACE", "NAME.NAMESPACE.svc[.DOMAIN]".
 */
function serviceOfHost(host: string, client: string): { namespace: string; name: string } {
  const labels = stripPort(host).toLowerCase().replace(/\.$/, '').split('.');
  const named = labels.length === 1 || labels.length === 2 || labels[2] === 'svc';
  if (!named || !labels.slice(0, 2).every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    throw new UserError(`"${host}" does not name a Service (${MESH_NAMES}): name it with --service NAMESPACE/NAME`, { exitCode: 2 });
  }
  return labels.length === 1 ? { namespace: client, name: labels[0] } : { namespace: labels[1], name: labels[0] };
}

/**
 * `curl --mesh`: a request a client in namespace `client` sends to a Service, named by --service
 * or by the URL's host (else --host) as the cluster DNS reads it. The Host header is --host, else the URL's
 * host, else NAME.NAMESPACE; the port is --port, else the URL's (80 or 443 for a URL without one),
 * else left to the Service's ports.
 */
export function parseMeshTarget(target: string | undefined, flags: ProbeTargetFlags, client: string): MeshProbeTarget {
  const url = isUrl(target) ? parseUrl(target) : undefined;
  let path = url ? url.path : (target ?? '/');
  if (!path.startsWith('/')) path = `/${path}`;
  const hostGiven = flags.host ?? url?.host;
  // The connection goes where the URL points; --host only sets the Host header (as with curl).
  const connectTo = url?.host ?? flags.host;
  let service: { namespace: string; name: string };
  if (flags.service) service = serviceFlag(flags.service, client);
  else if (connectTo) service = serviceOfHost(connectTo, client);
  else throw new UserError(`say which Service: --service NAMESPACE/NAME, or a URL like http://NAME.NAMESPACE/path (host ${MESH_NAMES})`, { exitCode: 2 });
  const port = flags.port ?? url?.port ?? (url ? (url.scheme === 'https' ? 443 : 80) : undefined);
  const { headers, method } = headersAndMethod(flags);
  return {
    service,
    request: {
      host: hostGiven ?? `${service.name}.${service.namespace}`,
      path,
      method,
      headers,
      ...(port !== undefined ? { port } : {}),
      ...(url ? { scheme: url.scheme } : {}),
    },
  };
}

// What `kubectl gw curl` was asked to send: a PATH with --host, or a URL; -X, -H, -d, --port,
// --listener. Turned into the ProbeRequest the prediction and the probe share.
import { UserError } from '../model/errors.js';
import type { ProbeRequest } from '../probe/predict.js';
import { stripPort } from '../spec/hostnames.js';

export interface ProbeTargetFlags {
  host?: string;
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

export function parseProbeTarget(target: string | undefined, flags: ProbeTargetFlags): ProbeTarget {
  let host = flags.host;
  let path = target ?? '/';
  let scheme: 'http' | 'https' | undefined;
  let port = flags.port;
  if (/^https?:\/\//i.test(path)) {
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      throw new UserError(`"${path}" is not a valid URL`, { exitCode: 2 });
    }
    scheme = url.protocol === 'https:' ? 'https' : 'http';
    host ??= url.hostname;
    if (url.port && port === undefined) port = Number(url.port);
    path = `${url.pathname}${url.search}`;
  }
  if (!host) throw new UserError('say which host to ask for: --host HOST, or a URL like https://HOST/path', { exitCode: 2 });
  if (!path.startsWith('/')) path = `/${path}`;
  const headers: Record<string, string> = {};
  for (const h of flags.header ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UserError(`header "${h}" is not of the form 'Name: value'`, { exitCode: 2 });
    headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  const method = (flags.data !== undefined && (flags.request ?? 'GET') === 'GET' ? 'POST' : (flags.request ?? 'GET')).toUpperCase();
  const hostOnly = stripPort(host);
  return {
    hostOnly,
    request: { host, path, method, headers, ...(port !== undefined ? { port } : {}), ...(flags.listener ? { listener: flags.listener } : {}), ...(scheme ? { scheme } : {}) },
  };
}

// How policies read in tree details and explain prose. Renders what src/policies computed.
import type { PolicyAttachment } from '../model/graph.js';
import type { RoutePolicy } from '../policies/attachments.js';
import { mark, type Status } from './style.js';

/**
 * Tree details for the policies on one object: "2 policies (SecurityPolicy, ClientTrafficPolicy)";
 * with -o wide, each by name with its own status.
 */
export function policySummary(list: readonly PolicyAttachment[], wide: boolean | undefined): string {
  if (list.length === 0) return '';
  if (wide) {
    const one = (p: PolicyAttachment) =>
      `${p.kind}/${p.namespace}/${p.name}${p.sectionName ? `#${p.sectionName}` : ''}${p.status ? ` (${p.status})` : ''}`;
    return `policies ${list.map(one).join(', ')}`;
  }
  const kinds = [...new Set(list.map((p) => p.kind))];
  return `${list.length} ${list.length === 1 ? 'policy' : 'policies'} (${kinds.join(', ')})`;
}

const VIA: Record<RoutePolicy['via'], string> = {
  route: 'on the route',
  rule: 'on rule',
  gateway: 'on Gateway',
  listener: 'on listener',
  listenerset: 'on ListenerSet',
  backend: 'on backend Service',
  namespace: 'on Namespace',
  gatewayclass: 'on GatewayClass',
};

function where(p: RoutePolicy): string {
  const t = p.target;
  switch (p.via) {
    case 'route':
      return VIA.route;
    case 'rule':
      return `${VIA.rule} ${t.sectionName}`;
    case 'listener':
      return `${VIA.listener} ${t.namespace}/${t.name}#${t.sectionName}`;
    case 'listenerset':
      return `${VIA.listenerset} ${t.namespace}/${t.name}${t.sectionName ? `#${t.sectionName}` : ''}`;
    case 'gatewayclass':
    case 'namespace':
      return `${VIA[p.via]} ${t.name}`;
    default:
      return `${VIA[p.via]} ${t.namespace}/${t.name}${t.sectionName ? ` (port ${t.sectionName})` : ''}`;
  }
}

/** One line per policy on a route's path, with the reason of any the controller did not accept. */
export function routePolicyLines(list: readonly RoutePolicy[]): string[] {
  return list.map((p) => {
    const status: Status = p.accepted === null ? 'unknown' : p.accepted ? 'ok' : 'error';
    const verdict =
      p.accepted === null
        ? 'no status from a controller'
        : p.accepted
          ? 'accepted'
          : `NOT accepted${p.ancestor ? ` for ${p.ancestor}` : ''}: ${p.reason ?? 'no reason'}${p.message ? ` - ${p.message}` : ''}`;
    return `${mark(status)} ${p.kind} ${p.namespace}/${p.name} ${where(p)}: ${verdict}`;
  });
}

// `-o name`, as kubectl prints it: one `kind.group/name` a line (`httproute.gateway.networking.k8s.io/store`,
// `service/web` for the core group), no namespace, each object once, in the order given.
import { GATEWAY_GROUP } from '../model/objects.js';

/** The API group of the kinds kubectl-gw names; a kind not listed prints as its bare lowercase kind. */
const GROUP_OF: Record<string, string> = {
  GatewayClass: GATEWAY_GROUP,
  Gateway: GATEWAY_GROUP,
  ListenerSet: GATEWAY_GROUP,
  HTTPRoute: GATEWAY_GROUP,
  GRPCRoute: GATEWAY_GROUP,
  TLSRoute: GATEWAY_GROUP,
  TCPRoute: GATEWAY_GROUP,
  UDPRoute: GATEWAY_GROUP,
  ReferenceGrant: GATEWAY_GROUP,
  BackendTLSPolicy: GATEWAY_GROUP,
  XListenerSet: 'gateway.networking.x-k8s.io',
  Service: '',
  Namespace: '',
  Secret: '',
};

export function objectName(o: { kind: string; name: string; group?: string }): string {
  const group = o.group ?? GROUP_OF[o.kind] ?? '';
  return `${o.kind.toLowerCase()}${group ? `.${group}` : ''}/${o.name}`;
}

/** The names, one a line, each object once; the empty string for none. */
export function renderNames(objects: Array<{ kind: string; namespace?: string; name: string; group?: string }>): string {
  const lines = new Map<string, string>();
  for (const o of objects) lines.set(`${o.kind}/${o.namespace ?? ''}/${o.name}`, objectName(o));
  return lines.size > 0 ? `${[...lines.values()].join('\n')}\n` : '';
}

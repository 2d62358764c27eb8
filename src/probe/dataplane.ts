// Finding a Gateway's data plane: the Service in front of the proxy pods, then one Ready pod and
// the container port a listener's traffic reaches. Implementations differ (GEP-1762 labels, Envoy
// Gateway's own labels and namespace, naming conventions, LoadBalancer addresses), so the rules
// are tried in order and the one that matched is said in words.
//
// The listener port is never taken for the container port: Envoy Gateway listens on port+10000
// for privileged ports (80 -> 10080, envoyproxy/gateway#4981), Contour adds 8000. The Service's
// targetPort says where traffic goes.
//
// The Services and EndpointSlices come from the run's snapshot when it listed them completely for
// the namespace in question (the command has just read them all); the API is asked only for what
// the snapshot could not read (forbidden, or another namespace than the one it was allowed to
// list). The Pod is always read from the API: the snapshot holds no Pods.
import { createHash } from 'node:crypto';
import { ApiError, UserError } from '../model/errors.js';
import type { EndpointSlice, Gateway, Pod, Service, ServicePort } from '../model/objects.js';
import type { Coverage, Snapshot } from '../model/snapshot.js';
import type { Connection } from '../kube/connection.js';
import { getService } from '../kube/lookups.js';
import { endpointReady } from '../spec/backend-refs.js';

export type DataPlaneReader = Connection;

export type GatewayRef = Pick<Gateway, 'spec' | 'status'> & { metadata: { namespace?: string; name: string } };

export interface DataPlane {
  service: Service;
  /** Which rule found the Service, in words. */
  rule: string;
}

export interface ForwardTarget {
  service: { namespace: string; name: string };
  /** The Service port that carries the listener's traffic. */
  servicePort: number;
  /** As written in the Service (a number or a container port name). */
  targetPort: number | string;
  pod: { namespace: string; name: string };
  containerPort: number;
  /** How the container port was found, in words (e.g. "targetPort http resolved on pod x"). */
  resolution: string;
}

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const ENVOY_GATEWAY_NAME_LABEL = 'gateway.envoyproxy.io/owning-gateway-name';
const ENVOY_GATEWAY_NAMESPACE_LABEL = 'gateway.envoyproxy.io/owning-gateway-namespace';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * The value of gateway.networking.k8s.io/gateway-name for a Gateway (GEP-1762): "In the case that
 * a Gateway resource name is longer than the maximum label value length of 63 characters,
 * implementations MUST set the value of the label to the first 20 characters of the Gateway name
 * with a `-` character appended and then the `sha1` checksum of the remainder of the name".
 */
export function gatewayNameLabelValue(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 20)}-${createHash('sha1').update(name.slice(20)).digest('hex')}`;
}

const svcPath = (namespace?: string) =>
  namespace === undefined ? '/api/v1/services' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`;

const keyOf = (svc: Service) => `${svc.metadata.namespace}/${svc.metadata.name}`;

/** Listener ports of the Gateway the Service exposes: how well it fits when several match. */
function portsCovered(svc: Service, gateway: GatewayRef): number {
  const ports = new Set((svc.spec.ports ?? []).map((p) => p.port));
  return (gateway.spec.listeners ?? []).filter((l) => ports.has(l.port)).length;
}

function bestFit(services: Service[], gateway: GatewayRef): Service {
  return [...services].sort((a, b) => portsCovered(b, gateway) - portsCovered(a, gateway) || keyOf(a).localeCompare(keyOf(b)))[0];
}

/**
 * True when the snapshot's list answers for `namespace` (undefined: every namespace): read from
 * the cluster completely, cluster-wide or in that very namespace.
 */
function snapshotHolds(coverage: Coverage | undefined, namespace: string | undefined): boolean {
  if (coverage?.state === 'partial') return namespace !== undefined && coverage.namespaces.includes(namespace);
  return coverage?.state === 'complete';
}

const hasLabels = (obj: { metadata: { labels?: Record<string, string> } }, labels: Record<string, string>) =>
  Object.entries(labels).every(([k, v]) => obj.metadata.labels?.[k] === v);

const selectorOf = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/**
 * The Services in `namespace` (undefined: all) carrying `labels`: from the snapshot when it holds
 * them, else listed; a list that is forbidden gives null (and a note of why) instead of an error.
 */
async function listServices(
  conn: DataPlaneReader,
  snapshot: Snapshot | undefined,
  namespace: string | undefined,
  labels: Record<string, string>,
  looked: string[],
  what: string,
): Promise<Service[] | null> {
  if (snapshot && snapshotHolds(snapshot.coverage.services, namespace)) {
    return snapshot.services.filter((s) => (namespace === undefined || s.metadata.namespace === namespace) && hasLabels(s, labels));
  }
  try {
    return await conn.listAll<Service>(svcPath(namespace), Object.keys(labels).length > 0 ? { labelSelector: selectorOf(labels) } : {});
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 401)) {
      looked.push(`${what}: could not list Services (${e.reason})`);
      return null;
    }
    throw e;
  }
}

function addressesOf(gateway: GatewayRef): string[] {
  return [...(gateway.status?.addresses ?? []), ...(gateway.spec.addresses ?? [])].map((a) => a.value).filter(Boolean);
}

function serviceAddresses(svc: Service): string[] {
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  return [
    svc.spec.clusterIP,
    ...((svc.spec as { clusterIPs?: string[] }).clusterIPs ?? []),
    ...((svc.spec as { externalIPs?: string[] }).externalIPs ?? []),
    ...ingress.flatMap((i) => [i.ip, i.hostname]),
  ].filter((a): a is string => !!a && a !== 'None');
}

/**
 * The Service in front of a Gateway's proxies. Rules, in order: the --service override; the
 * GEP-1762 label in the Gateway's namespace; Envoy Gateway's owning-gateway labels in any
 * namespace; well-known names (Istio, kgateway, NGINX Gateway Fabric `<gw>-<class>`, `<gw>`,
 * Cilium `cilium-gateway-<gw>`); a Service whose address is one of the Gateway's addresses.
 */
export async function findDataPlane(
  conn: DataPlaneReader,
  gateway: GatewayRef,
  opts: { service?: string; snapshot?: Snapshot } = {},
): Promise<DataPlane> {
  const snapshot = opts.snapshot;
  const gwNamespace = gateway.metadata.namespace ?? 'default';
  const gwName = gateway.metadata.name;
  const gwKey = `${gwNamespace}/${gwName}`;

  if (opts.service) {
    const [namespace, name] = opts.service.includes('/') ? opts.service.split('/', 2) : [gwNamespace, opts.service];
    const svc =
      snapshot && snapshotHolds(snapshot.coverage.services, namespace)
        ? (snapshot.services.find((s) => s.metadata.namespace === namespace && s.metadata.name === name) ?? null)
        : await getService(conn, namespace, name);
    if (!svc) {
      throw new UserError(`Service ${namespace}/${name} (given with --service) not found`, {
        hint: `list the candidates with: kubectl get services -n ${namespace}`,
      });
    }
    return { service: svc, rule: `Service ${namespace}/${name}, given with --service` };
  }

  const looked: string[] = [];

  const labelValue = gatewayNameLabelValue(gwName);
  const labelled = await listServices(conn, snapshot, gwNamespace, { [GATEWAY_NAME_LABEL]: labelValue }, looked, `label ${GATEWAY_NAME_LABEL}`);
  if (labelled?.length) {
    const svc = bestFit(labelled, gateway);
    return { service: svc, rule: `Service ${keyOf(svc)} labelled ${GATEWAY_NAME_LABEL}=${labelValue} (GEP-1762)` };
  }
  if (labelled) looked.push(`no Service in namespace ${gwNamespace} labelled ${GATEWAY_NAME_LABEL}=${labelValue}`);

  const envoyLabels = { [ENVOY_GATEWAY_NAME_LABEL]: gwName, [ENVOY_GATEWAY_NAMESPACE_LABEL]: gwNamespace };
  const envoySelector = selectorOf(envoyLabels);
  const envoy = await listServices(conn, snapshot, undefined, envoyLabels, looked, 'Envoy Gateway labels');
  if (envoy?.length) {
    const svc = bestFit(envoy, gateway);
    return { service: svc, rule: `Service ${keyOf(svc)} labelled ${envoySelector} (Envoy Gateway)` };
  }
  if (envoy) looked.push(`no Service in any namespace labelled ${envoySelector}`);

  // One list of the Gateway's namespace serves both the naming and the address rules.
  const local = (await listServices(conn, snapshot, gwNamespace, {}, looked, `Services in ${gwNamespace}`)) ?? [];
  const className = gateway.spec.gatewayClassName;
  const conventions: Array<[string, string]> = [
    [`${gwName}-${className}`, 'named <gateway>-<class> (GEP-1762, Istio, kgateway, NGINX Gateway Fabric)'],
    [`cilium-gateway-${gwName}`, 'named cilium-gateway-<gateway> (Cilium)'],
    [gwName, 'named like the Gateway'],
  ];
  for (const [name, convention] of conventions) {
    const svc = local.find((s) => s.metadata.name === name);
    if (svc) return { service: svc, rule: `Service ${keyOf(svc)}, ${convention}` };
  }
  looked.push(`no Service in ${gwNamespace} named ${conventions.map(([n]) => n).join(', ')}`);

  const addresses = addressesOf(gateway);
  if (addresses.length > 0) {
    const byAddress = (list: Service[]) => list.filter((s) => serviceAddresses(s).some((a) => addresses.includes(a)));
    let matches = byAddress(local);
    if (matches.length === 0) matches = byAddress((await listServices(conn, snapshot, undefined, {}, looked, 'address match')) ?? []);
    if (matches.length > 0) {
      const svc = bestFit(matches, gateway);
      const address = serviceAddresses(svc).find((a) => addresses.includes(a));
      return { service: svc, rule: `Service ${keyOf(svc)}, whose address ${address} is the Gateway's address` };
    }
    looked.push(`no Service with address ${addresses.join(', ')}`);
  } else {
    looked.push('the Gateway has no addresses in status to match a Service by');
  }

  throw new UserError(`no data plane Service found for Gateway ${gwKey}: ${looked.join('; ')}`, {
    hint: 'name it with --service NAMESPACE/NAME (the Service in front of the gateway pods)',
  });
}

function describePorts(ports: ServicePort[]): string {
  if (ports.length === 0) return 'no ports';
  return ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

/**
 * The EndpointSlices of a Service (labelled kubernetes.io/service-name=<name> in its namespace):
 * from the snapshot when it holds that namespace's, else in one list request.
 */
export async function serviceEndpointSlices(conn: DataPlaneReader, service: Service, snapshot?: Snapshot): Promise<EndpointSlice[]> {
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  if (snapshot && snapshotHolds(snapshot.coverage.endpointslices, namespace)) {
    return snapshot.endpointSlices.filter((s) => s.metadata.namespace === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
  }
  return conn.listAll<EndpointSlice>(`/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/endpointslices`, {
    labelSelector: `${SERVICE_NAME_LABEL}=${name}`,
  });
}

/**
 * One Ready pod behind the data plane Service, and the container port that a listener's traffic
 * (arriving at Service port `listenerPort`) reaches on it. The Service's EndpointSlices are
 * `opts.slices` when the caller already has them, else read as serviceEndpointSlices does.
 */
export async function pickPodPort(
  conn: DataPlaneReader,
  service: Service,
  listenerPort: number,
  opts: { snapshot?: Snapshot; slices?: readonly EndpointSlice[] } = {},
): Promise<ForwardTarget> {
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  const key = `${namespace}/${name}`;
  const ports = service.spec.ports ?? [];
  const servicePort = ports.find((p) => p.port === listenerPort && (p.protocol ?? 'TCP') === 'TCP');
  if (!servicePort) {
    throw new UserError(`Service ${key} has no TCP port ${listenerPort} for the listener (it has ${describePorts(ports)})`, {
      hint: 'the controller may not have programmed this listener yet, or the data plane is another Service (use --service)',
    });
  }
  // ServicePort.targetPort: "If this is a string, it will be looked up as a named port in the
  // target Pod's container ports. If this is not specified, the value of the 'port' field is used."
  const targetPort = servicePort.targetPort ?? servicePort.port;

  const slices = opts.slices ?? (await serviceEndpointSlices(conn, service, opts.snapshot));
  const endpoints = slices.flatMap((slice) =>
    (slice.endpoints ?? []).map((e) => ({ endpoint: e, slicePort: slice.ports?.find((p) => (p.name ?? '') === (servicePort.name ?? ''))?.port })),
  );
  const pods = endpoints
    .filter(({ endpoint }) => endpoint.targetRef?.kind === 'Pod' && endpoint.targetRef.name)
    .sort((a, b) => a.endpoint.targetRef!.name!.localeCompare(b.endpoint.targetRef!.name!));
  const chosen = pods.find(({ endpoint }) => endpointReady(endpoint) && !endpoint.conditions?.terminating);
  if (!chosen) {
    const found =
      endpoints.length === 0
        ? slices.length === 0
          ? 'no EndpointSlices at all'
          : 'EndpointSlices with no endpoints'
        : endpoints
            .map(({ endpoint: e }) => {
              const who = e.targetRef?.kind === 'Pod' ? `pod ${e.targetRef.name}` : `address ${e.addresses.join(',')} (not a pod)`;
              const state = e.conditions?.terminating ? 'terminating' : endpointReady(e) ? 'ready' : 'not ready';
              return `${who} ${state}`;
            })
            .join(', ');
    throw new UserError(`Service ${key} has no ready gateway pod to port-forward to (found ${found})`, {
      hint: `check the data plane pods: kubectl get pods -n ${namespace} and kubectl describe service -n ${namespace} ${name}`,
    });
  }
  const podName = chosen.endpoint.targetRef!.name!;
  const podNamespace = chosen.endpoint.targetRef!.namespace ?? namespace;
  const pod = { namespace: podNamespace, name: podName };

  if (typeof targetPort === 'number') {
    const resolution =
      targetPort === servicePort.port
        ? `Service port ${servicePort.port} (no other targetPort)`
        : `Service port ${servicePort.port} -> targetPort ${targetPort}`;
    return { service: { namespace, name }, servicePort: servicePort.port, targetPort, pod, containerPort: targetPort, resolution };
  }
  if (/^\d+$/.test(targetPort)) {
    const port = Number(targetPort);
    return { service: { namespace, name }, servicePort: servicePort.port, targetPort, pod, containerPort: port, resolution: `Service port ${servicePort.port} -> targetPort ${port}` };
  }

  const podObject = await conn.getJson<Pod>(`/api/v1/namespaces/${encodeURIComponent(podNamespace)}/pods/${encodeURIComponent(podName)}`);
  const named = podObject.spec.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === targetPort);
  if (named) {
    return {
      service: { namespace, name },
      servicePort: servicePort.port,
      targetPort,
      pod,
      containerPort: named.containerPort,
      resolution: `Service port ${servicePort.port} -> targetPort "${targetPort}" = container port ${named.containerPort} of pod ${podName}`,
    };
  }
  // The EndpointSlice controller resolved the name when it built the slice; use its answer.
  if (chosen.slicePort !== undefined) {
    return {
      service: { namespace, name },
      servicePort: servicePort.port,
      targetPort,
      pod,
      containerPort: chosen.slicePort,
      resolution: `Service port ${servicePort.port} -> targetPort "${targetPort}" = port ${chosen.slicePort} in the EndpointSlice`,
    };
  }
  const declared = podObject.spec.containers.flatMap((c) => c.ports ?? []).map((p) => (p.name ? `${p.name}=${p.containerPort}` : `${p.containerPort}`));
  throw new UserError(
    `pod ${podNamespace}/${podName} has no container port named "${targetPort}" (targetPort of Service ${key} port ${servicePort.port}; it declares ${declared.join(', ') || 'no ports'})`,
  );
}

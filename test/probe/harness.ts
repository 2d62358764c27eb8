// What the probe tests share: a test API server with a kubeconfig and a real Connection to it,
// builders for a gateway's data plane objects (Service, EndpointSlice, Pod), and checks that a
// test left no listener or socket behind.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Connection } from '../../src/kube/connection.js';
import type { KubeObject } from '../../src/model/objects.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../support/apiserver.js';

export interface TestCluster {
  api: ApiServer;
  conn: Connection;
  kubeconfig: string;
  close(): Promise<void>;
}

export async function startCluster(opts: ApiServerOptions): Promise<TestCluster> {
  const api = await startApiServer(opts);
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-gw-probe-'));
  const kubeconfig = api.writeKubeconfig(join(dir, 'config'));
  const conn = await connect({ kubeconfig, requestTimeoutMs: 5000 });
  return {
    api,
    conn,
    kubeconfig,
    close: async () => {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DataPlaneObjectsOptions {
  namespace: string;
  service: string;
  labels?: Record<string, string>;
  ports: Array<{ name?: string; port: number; targetPort?: number | string }>;
  pods: Array<{ name: string; ready?: boolean; terminating?: boolean; containerPorts?: Array<{ name?: string; containerPort: number }> }>;
  type?: 'ClusterIP' | 'LoadBalancer';
  clusterIP?: string;
  loadBalancerIP?: string;
}

/** A data plane Service, its EndpointSlice (one endpoint per pod) and the Pods, as a cluster holds them. */
export function dataPlaneObjects(o: DataPlaneObjectsOptions): KubeObject[] {
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.service, namespace: o.namespace, labels: o.labels ?? {} },
    spec: {
      type: o.type ?? 'ClusterIP',
      clusterIP: o.clusterIP ?? '10.96.0.10',
      selector: { app: o.service },
      ports: o.ports.map((p) => ({ protocol: 'TCP', ...p })),
    },
    status: o.loadBalancerIP ? { loadBalancer: { ingress: [{ ip: o.loadBalancerIP }] } } : {},
  };
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${o.service}-abcde`, namespace: o.namespace, labels: { 'kubernetes.io/service-name': o.service } },
    addressType: 'IPv4',
    endpoints: o.pods.map((p, i) => ({
      addresses: [`10.244.0.${i + 10}`],
      conditions: { ready: p.ready ?? true, serving: p.ready ?? true, terminating: p.terminating ?? false },
      targetRef: { kind: 'Pod', name: p.name, namespace: o.namespace },
    })),
    ports: o.ports.map((p) => ({
      name: p.name ?? '',
      protocol: 'TCP',
      port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
    })),
  };
  const pods: KubeObject[] = o.pods.map((p) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: o.namespace, labels: { app: o.service } },
    spec: { containers: [{ name: 'proxy', ports: p.containerPorts ?? [] }] },
    status: { phase: 'Running' },
  }));
  return [service, slice, ...pods];
}

export function gatewayObject(namespace: string, name: string, extra: { className?: string; listeners?: Array<{ name: string; port: number; protocol: string; hostname?: string }>; addresses?: string[] } = {}): KubeObject & {
  metadata: { name: string; namespace: string };
  spec: { gatewayClassName: string; listeners: Array<{ name: string; port: number; protocol: string; hostname?: string }> };
  status: { addresses?: Array<{ type: string; value: string }> };
} {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: {
      gatewayClassName: extra.className ?? 'eg',
      listeners: extra.listeners ?? [{ name: 'http', port: 80, protocol: 'HTTP' }],
    },
    status: extra.addresses ? { addresses: extra.addresses.map((value) => ({ type: 'IPAddress', value })) } : {},
  };
}

/** True when nothing listens on 127.0.0.1:port any more. */
export function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const NETWORK_HANDLES = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TCPWrap', 'TLSWrap']);

/** Open TCP handles of this process (servers and sockets). */
export function networkHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => NETWORK_HANDLES.has(r)).length;
}

/**
 * Waits for the process to hold no more TCP handles than `baseline`; returns the final count. No
 * deadline of its own: closing is asynchronous and slow on a loaded machine; a leak shows as the
 * test's timeout.
 */
export async function settleHandles(baseline: number): Promise<number> {
  while (networkHandles() > baseline) await new Promise((r) => setTimeout(r, 20));
  return networkHandles();
}

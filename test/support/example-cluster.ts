// The bundled examples/ as a running cluster: the in-repo API server serving them, and stand-ins
// for the shared gateway's Envoy pod (HTTP on container port 10080, HTTPS on 10443) behind its
// port-forward. The routing tables below are written by hand from examples/README.md, as Envoy
// Gateway would program them: they are the independent "truth" that `kubectl gw curl`'s
// predictions are held against, so they must not be computed with the plugin's own code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startApiServer, type ApiServer } from './apiserver.js';
import { startDataPlane, type DataPlane, type DataPlaneRoute } from './dataplane.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const ENVOY_POD = { namespace: 'infra', prefix: 'shared-gw-envoy' };

/** Plain HTTP, listener `http` :80. Hosts without a route of their own get the https redirect. */
export const HTTP_ROUTES: DataPlaneRoute[] = [
  // blog/blog attaches here too (no sectionName); /login's backend is not permitted -> 500.
  { hostnames: ['blog.example.com'], path: { type: 'PathPrefix', value: '/login' }, backend: 'infra/auth:80', status: 500 },
  { hostnames: ['blog.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'blog/blog:80' },
  { hostnames: ['old-api.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'legacy/old-api:80' },
  { path: { type: 'PathPrefix', value: '/' }, backend: 'redirect', redirect: { scheme: 'https', statusCode: 301 } },
];

/** HTTPS, listener `https` :443 *.example.com. */
export const HTTPS_ROUTES: DataPlaneRoute[] = [
  { hostnames: ['store.example.com'], path: { type: 'Exact', value: '/healthz' }, backend: 'store/store-v1:80' },
  { hostnames: ['store.example.com'], path: { type: 'PathPrefix', value: '/' }, headers: { 'x-env': 'canary' }, backend: 'store/store-v2:80' },
  // The 90/10 split: this stand-in always picks the 90 side; both are predicted.
  { hostnames: ['store.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'store/store-v1:80' },
  // gRPC inventory.v1.Inventory (this stand-in answers HTTP/1.1; the path is what gRPC routes on).
  { hostnames: ['inventory.example.com'], path: { type: 'PathPrefix', value: '/inventory.v1.Inventory' }, backend: 'store/inventory:9090' },
  { hostnames: ['pay.example.com'], path: { type: 'PathPrefix', value: '/api' }, backend: 'payments/checkout-api:8080' },
  { hostnames: ['pay.example.com'], path: { type: 'PathPrefix', value: '/auth' }, backend: 'infra/auth:80' },
  { hostnames: ['blog.example.com'], path: { type: 'PathPrefix', value: '/login' }, backend: 'infra/auth:80', status: 500 },
  { hostnames: ['blog.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'blog/blog:80' },
];

export interface ExampleCluster {
  server: ApiServer;
  http: DataPlane;
  https: DataPlane;
  /** A kubeconfig for the server, written to `file`. */
  kubeconfig(file: string, opts?: { namespace?: string }): string;
  close(): Promise<void>;
}

/** The wildcard certificate and key of examples/21-infra-tls-secret.yaml, for the HTTPS stand-in. */
export function exampleCertificate(): { certPem: string; keyPem: string } {
  const text = readFileSync(join(EXAMPLES, '21-infra-tls-secret.yaml'), 'utf8');
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as { kind?: string; data?: Record<string, string> };
    if (obj?.kind === 'Secret' && obj.data) {
      const decode = (k: string) => Buffer.from(obj.data![k], 'base64').toString('utf8');
      return { certPem: decode('tls.crt'), keyPem: decode('tls.key') };
    }
  }
  throw new Error('examples/21-infra-tls-secret.yaml holds no Secret');
}

export async function startExampleCluster(opts: { latencyMs?: number } = {}): Promise<ExampleCluster> {
  const noEndpointsBackends = ['legacy/old-api:80'];
  const http = await startDataPlane({ routes: HTTP_ROUTES, noEndpointsBackends });
  const https = await startDataPlane({ routes: HTTPS_ROUTES, tls: exampleCertificate(), noEndpointsBackends });
  const server = await startApiServer({
    fixtures: [EXAMPLES],
    latencyMs: opts.latencyMs,
    portForward: (namespace, pod, port) => {
      if (namespace !== ENVOY_POD.namespace || !pod.startsWith(ENVOY_POD.prefix)) return { error: `no data plane behind pod ${namespace}/${pod}` };
      if (port === 10080) return { host: '127.0.0.1', port: http.port };
      if (port === 10443) return { host: '127.0.0.1', port: https.port };
      return { error: `dial tcp 127.0.0.1:${port}: connect: connection refused` };
    },
  });
  return {
    server,
    http,
    https,
    kubeconfig: (file, o = {}) => server.writeKubeconfig(file, o),
    close: async () => {
      await server.close();
      await Promise.all([http.close(), https.close()]);
    },
  };
}

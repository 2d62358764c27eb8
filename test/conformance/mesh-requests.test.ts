// Upstream: conformance/tests/mesh/*.go, the request -> backend tables of the GAMMA mesh suite,
// replayed against `kubectl gw curl --mesh --dry-run`'s prediction (src/probe/mesh-prediction.ts).
// The suite's client is the echo-v1 pod in gateway-conformance-mesh (echo.ConnectToApp), or one in
// another namespace (echo.ConnectToAppInNamespace); its Host names the Service it calls. A response
// header a route's filter sets ("X-Header-Set") is how the suite tells that the route applied:
// here, the route the prediction says applies.
import assert from 'node:assert/strict';
import { buildGraph } from '../../src/graph/build.js';
import { parseMeshTarget } from '../../src/cli/probe-target.js';
import { predictMesh, type MeshPrediction } from '../../src/probe/mesh-prediction.js';
import { meshConformanceSnapshot } from './support.js';

const MESH = 'gateway-conformance-mesh';
const CONSUMER = 'gateway-conformance-mesh-consumer';

interface Case {
  name: string;
  /** The Host the client sends to ("echo", "echo-v1:8080", "echo-v1.gateway-conformance-mesh"). */
  host: string;
  path?: string;
  headers?: Record<string, string>;
  /** A Host header that differs from where the request is sent (MeshFrontendHostname). */
  hostHeader?: string;
  client?: string;
  /** The route that applies ("name", in its namespace), or null: none, the Service itself. */
  route: string | null;
  /** The backend Service the request reaches ("name:port" in gateway-conformance-mesh). */
  backend?: string;
  status?: number;
  location?: { host?: string; port: string };
}

function predictFor(manifests: string[], c: Case): MeshPrediction {
  const snapshot = meshConformanceSnapshot(...manifests);
  const client = c.client ?? MESH;
  const headers = Object.entries(c.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  const target = parseMeshTarget(`http://${c.host}${c.path ?? '/'}`, { header: headers, ...(c.hostHeader ? { host: c.hostHeader } : {}) }, client);
  return predictMesh(buildGraph(snapshot), snapshot, { service: target.service, client }, target.request);
}

function check(manifests: string[], cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const p = predictFor(manifests, c);
      const why = JSON.stringify(p, null, 2);
      assert.ok(p.expected, why);
      const route = p.expected.route ? p.expected.route.name : null;
      assert.equal(route, c.route, why);
      if (c.backend !== undefined) {
        const forwarded = p.expected.backends.filter((b) => b.weight > 0).map((b) => `${b.name}:${b.port}`);
        assert.deepEqual(forwarded, [c.backend], why);
        assert.ok(p.expected.backends.every((b) => b.resolved === true && b.readyEndpoints! > 0), why);
      }
      assert.equal(p.expected.status, c.status, why);
      if (c.location) {
        const url = new URL(p.expected.redirect!.location);
        assert.equal(url.port, c.location.port, why);
        if (c.location.host) assert.equal(url.hostname, c.location.host, why);
      }
    });
  }
}

describe('conformance mesh (GAMMA) requests', () => {
  describe('MeshBasic: no route, the Service answers', () => {
    check([], [{ name: 'echo', host: 'echo', route: null, backend: 'echo:80' }]);
  });

  describe('MeshTrafficSplit', () => {
    check(['mesh-split'], [
      { name: '/v1 -> echo-v1', host: 'echo', path: '/v1', route: 'mesh-split', backend: 'echo-v1:80' },
      { name: '/v2 -> echo-v2', host: 'echo', path: '/v2', route: 'mesh-split', backend: 'echo-v2:80' },
    ]);
    it('a path no rule matches gets 404: the routes replace the Service', () => {
      const p = predictFor(['mesh-split'], { name: '', host: 'echo', path: '/v3', route: null });
      assert.equal(p.expected, null);
      assert.equal(p.unanswered, '404: no rule matches');
      assert.deepEqual(p.applied, ['HTTPRoute/gateway-conformance-mesh/mesh-split']);
    });
  });

  describe('MeshPorts', () => {
    check(['mesh-ports'], [
      { name: 'Explicit port set, send to that port', host: 'echo-v1', route: 'mesh-split-v1', backend: 'echo-v1:80' },
      { name: 'Explicit port, send to an excluded port', host: 'echo-v1:8080', route: null, backend: 'echo-v1:8080' },
      { name: 'No port set', host: 'echo-v2', route: 'mesh-split-v2', backend: 'echo-v2:80' },
      { name: 'No port set, 8080', host: 'echo-v2:8080', route: 'mesh-split-v2', backend: 'echo-v2:80' },
    ]);
  });

  describe('MeshFrontend and MeshFrontendHostname: the Service sent to decides, not the Host header', () => {
    check(['mesh-frontend'], [
      { name: 'Send to service', host: 'echo-v2', route: 'mesh-split-v1', backend: 'echo-v2:80' },
      { name: 'Send to service with wrong hostname', host: 'echo-v2', hostHeader: 'echo-v1', route: 'mesh-split-v1', backend: 'echo-v2:80' },
      { name: 'Send to other service with matching hostname', host: 'echo-v1', hostHeader: 'echo-v2', route: null, backend: 'echo-v1:80' },
    ]);
  });

  describe('MeshConsumerRoute', () => {
    check(['mesh-consumer-route'], [
      { name: "request from consumer route's namespace modified by HTTPRoute", host: `echo-v1.${MESH}`, client: CONSUMER, route: 'mesh-echo-add-header', backend: 'echo-v1:80' },
      { name: "request not from consumer route's namespace not modified by HTTPRoute", host: `echo-v1.${MESH}`, client: MESH, route: null, backend: 'echo-v1:80' },
    ]);
  });

  describe('MeshHTTPRouteMatching', () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/', {}, 'echo-v1'],
      ['/example', {}, 'echo-v1'],
      ['/', { Version: 'one' }, 'echo-v1'],
      ['/v2', {}, 'echo-v2'],
      ['/v2/example', {}, 'echo-v2'],
      ['/', { Version: 'two' }, 'echo-v2'],
      ['/v2/', {}, 'echo-v2'],
      // Not a path segment prefix so should not match /v2.
      ['/v2example', {}, 'echo-v1'],
      ['/foo/v2/example', {}, 'echo-v1'],
    ];
    check(
      ['mesh-httproute-matching'],
      cases.map(([path, headers, backend]) => ({ name: `${path} ${JSON.stringify(headers)} -> ${backend}`, host: 'echo', path, headers, route: 'mesh-matching', backend: `${backend}:8080` })),
    );
  });

  describe('MeshHTTPRouteRedirectPort', () => {
    check(['mesh-httproute-redirect-port'], [
      { name: '/port', host: 'echo', path: '/port', route: 'mesh-redirect-port', status: 302, location: { port: '8083' } },
      { name: '/port-and-host', host: 'echo', path: '/port-and-host', route: 'mesh-redirect-port', status: 302, location: { host: 'example.org', port: '8083' } },
      { name: '/port-and-status', host: 'echo', path: '/port-and-status', route: 'mesh-redirect-port', status: 301, location: { port: '8083' } },
      { name: '/port-and-host-and-status', host: 'echo', path: '/port-and-host-and-status', route: 'mesh-redirect-port', status: 302, location: { host: 'example.org', port: '8083' } },
    ]);
  });
});

// Policies read from a live cluster (the in-repo API server): kinds found by the GEP-713 label on
// their CRD, well-known kinds found through discovery (Istio's CRDs carry no label; some users
// may not list CRDs), and `explain route -o json` through the real kubectl.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../src/model/objects.js';
import { connect } from '../../src/kube/connection.js';
import { loadClusterSnapshot } from '../../src/kube/source.js';
import { DEFAULT_SERVED, startApiServer, type ApiServer, type ApiServerOptions } from '../support/apiserver.js';
import { runGw } from '../e2e/run-gw.js';

const GW = 'gateway.networking.k8s.io/v1';

const SECURITY_POLICY = {
  group: 'gateway.envoyproxy.io', version: 'v1alpha1', kind: 'SecurityPolicy', plural: 'securitypolicies', namespaced: true,
  crdLabels: { 'gateway.networking.k8s.io/policy': 'Direct' },
};
const AUTHORIZATION_POLICY = { group: 'security.istio.io', version: 'v1', kind: 'AuthorizationPolicy', plural: 'authorizationpolicies', namespaced: true };
const SERVED = [...DEFAULT_SERVED, SECURITY_POLICY, AUTHORIZATION_POLICY];

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  { apiVersion: GW, kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } },
  {
    apiVersion: GW,
    kind: 'Gateway',
    metadata: { namespace: 'infra', name: 'public' },
    spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
  },
  {
    apiVersion: GW,
    kind: 'HTTPRoute',
    metadata: { namespace: 'shop', name: 'web' },
    spec: { parentRefs: [{ name: 'public', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop', name: 'web' }, spec: { ports: [{ port: 80 }] } },
  {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'SecurityPolicy',
    metadata: { namespace: 'shop', name: 'basic-auth' },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }], basicAuth: { users: { name: 'users' } } },
    status: {
      ancestors: [
        {
          ancestorRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'public' },
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          conditions: [{ type: 'Accepted', status: 'False', reason: 'Invalid', message: 'Secret shop/users does not exist' }],
        },
      ],
    },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { namespace: 'infra', name: 'deny-admin' },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }], action: 'DENY' },
  },
];

describe('policies from a live cluster', function () {
  this.timeout(60_000);
  let dir: string;
  let server: ApiServer | undefined;

  async function load(opts: ApiServerOptions = {}) {
    server = await startApiServer({ objects, served: SERVED, ...opts });
    const kubeconfig = server.writeKubeconfig(path.join(dir, 'config'));
    return loadClusterSnapshot(await connect({ kubeconfig, env: { HOME: dir } }));
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-policies-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads labelled policy kinds and the well-known unlabelled ones', async () => {
    const snapshot = await load();
    assert.deepEqual(snapshot.policies.map((p) => `${p.kind}/${p.metadata.name}`).sort(), ['AuthorizationPolicy/deny-admin', 'SecurityPolicy/basic-auth']);
    assert.equal(snapshot.coverage.policies.state, 'complete');
  });

  it('reads the well-known kinds through discovery when CRDs may not be listed', async () => {
    const snapshot = await load({ forbidden: [{ resource: 'customresourcedefinitions' }] });
    assert.deepEqual(snapshot.policies.map((p) => `${p.kind}/${p.metadata.name}`).sort(), ['AuthorizationPolicy/deny-admin', 'SecurityPolicy/basic-auth']);
    assert.equal(snapshot.coverage.policies.state, 'forbidden');
    assert.ok(snapshot.notes.some((n) => /labelled policy kinds unknown .*read the well-known kinds/.test(n)), snapshot.notes.join('\n'));
  });

  it('explain route -o json lists the policies on the route and the Gateway, through kubectl', async () => {
    server = await startApiServer({ objects, served: SERVED });
    const kubeconfig = server.writeKubeconfig(path.join(dir, 'config'));
    const r = await runGw(['explain', 'route', 'web', '-n', 'shop', '-o', 'json', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    const x = JSON.parse(r.stdout);
    assert.deepEqual(x.policies, [
      {
        group: 'gateway.envoyproxy.io',
        kind: 'SecurityPolicy',
        namespace: 'shop',
        name: 'basic-auth',
        via: 'route',
        target: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop', name: 'web' },
        accepted: false,
        reason: 'Invalid',
        message: 'Secret shop/users does not exist',
        ancestor: 'Gateway infra/public',
      },
      {
        group: 'security.istio.io',
        kind: 'AuthorizationPolicy',
        namespace: 'infra',
        name: 'deny-admin',
        via: 'gateway',
        target: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'public' },
        accepted: null,
      },
    ]);
    const check = await runGw(['check', '-A', '--kubeconfig', kubeconfig]);
    assert.match(check.stdout, /PL603/);
  });
});

import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import { DEFAULT_SERVED, startApiServer, type ApiServer } from '../support/apiserver.js';
import { runKubectl } from '../support/kubectl.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Reply {
  status: number;
  contentType: string;
  text: string;
  json: Record<string, any>;
}

/** One HTTPS request to the server, trusting only its CA. */
function call(
  server: ApiServer,
  path: string,
  opts: { token?: string | null; accept?: string; method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const token = opts.token === undefined ? server.token : opts.token;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server.url),
      {
        method: opts.method ?? 'GET',
        ca: server.caPem,
        headers: {
          ...(token !== null ? { Authorization: `Bearer ${token}` } : {}),
          ...(opts.accept ? { Accept: opts.accept } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const contentType = String(res.headers['content-type'] ?? '');
          resolve({ status: res.statusCode ?? 0, contentType, text, json: contentType.startsWith('application/json') ? JSON.parse(text) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const names = (list: Reply) => list.json.items.map((i: any) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`);

describe('test API server', () => {
  let server: ApiServer;
  let dir: string;
  let kubeconfig: string;

  before(async () => {
    server = await startApiServer({ fixtures: [FIXTURES] });
    dir = mkdtempSync(join(tmpdir(), 'apiserver-test-'));
    kubeconfig = server.writeKubeconfig(join(dir, 'kubeconfig'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => server.clearRequests());

  describe('with the real kubectl', () => {
    it('lists Gateway API objects across namespaces with the CRD printer columns', async () => {
      const { code, stdout, stderr } = await runKubectl(kubeconfig, ['get', 'gateways,httproutes', '-A']);
      assert.equal(code, 0, stderr);
      const lines = stdout.split('\n').map((l) => l.trim().split(/\s{2,}/));
      assert.deepEqual(lines[0], ['NAMESPACE', 'NAME', 'CLASS', 'ADDRESS', 'PROGRAMMED', 'AGE']);
      assert.deepEqual(lines[1].slice(0, 5), ['infra', 'gateway.gateway.networking.k8s.io/edge', 'envoy', '192.0.2.10', 'True']);
      assert.match(stdout, /^blog\s+httproute\.gateway\.networking\.k8s\.io\/posts\s/m);
      assert.match(stdout, /^shop\s+httproute\.gateway\.networking\.k8s\.io\/storefront\s+\["shop\.example\.com"\]/m);
      assert.match(stdout, /^shop\s+httproute\.gateway\.networking\.k8s\.io\/checkout\s/m);
      // Only reads reached the server.
      assert.deepEqual([...new Set(server.requests.map((r) => r.method))], ['GET']);
    });

    it('prints kubectl\'s NotFound error for a missing object', async () => {
      const { code, stderr } = await runKubectl(kubeconfig, ['get', 'httproute', 'x', '-n', 'shop']);
      assert.equal(code, 1);
      assert.match(stderr, /Error from server \(NotFound\): httproutes\.gateway\.networking\.k8s\.io "x" not found/);
    });

    it('resolves short names and categories from discovery', async () => {
      const { code, stdout, stderr } = await runKubectl(kubeconfig, ['get', 'gtw,refgrant', '-n', 'infra', '-o', 'name']);
      assert.equal(code, 0, stderr);
      assert.equal(stdout, 'gateway.gateway.networking.k8s.io/edge\nreferencegrant.gateway.networking.k8s.io/allow-shop\n');
      const all = await runKubectl(kubeconfig, ['get', 'gateway-api', '-A', '-o', 'name']);
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stdout, /gatewayclass\.gateway\.networking\.k8s\.io\/envoy/);
      assert.match(all.stdout, /httproute\.gateway\.networking\.k8s\.io\/posts/);
    });

    it('pages through a list with --chunk-size and returns every object once', async () => {
      const { code, stdout, stderr } = await runKubectl(kubeconfig, ['get', 'httproutes', '-A', '--chunk-size=1', '-o', 'name']);
      assert.equal(code, 0, stderr);
      assert.deepEqual(stdout.trim().split('\n'), [
        'httproute.gateway.networking.k8s.io/posts',
        'httproute.gateway.networking.k8s.io/checkout',
        'httproute.gateway.networking.k8s.io/storefront',
      ]);
      const pages = server.requests.filter((r) => r.path === '/apis/gateway.networking.k8s.io/v1/httproutes');
      assert.equal(pages.length, 3);
      assert.equal(pages[0].query.continue, undefined);
      assert.ok(pages[1].query.continue);
    });

    it('answers writes with 405 and logs them', async () => {
      const { code, stderr } = await runKubectl(kubeconfig, ['delete', 'httproute', 'posts', '-n', 'blog']);
      assert.equal(code, 1);
      assert.match(stderr, /MethodNotAllowed/);
      const del = server.requests.find((r) => r.method === 'DELETE');
      assert.deepEqual(del && { path: del.path, status: del.status }, {
        path: '/apis/gateway.networking.k8s.io/v1/namespaces/blog/httproutes/posts',
        status: 405,
      });
      assert.ok((await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/blog/httproutes/posts')).status === 200);
    });
  });

  describe('authentication', () => {
    it('answers 401 with a Status body without a token or with a wrong one', async () => {
      for (const token of [null, 'wrong']) {
        const res = await call(server, '/api/v1/namespaces', { token });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401,
        });
      }
      const kc = server.writeKubeconfig(join(dir, 'bad-token'), { token: 'wrong' });
      const { code, stderr } = await runKubectl(kc, ['get', 'ns']);
      assert.equal(code, 1);
      assert.match(stderr, /You must be logged in to the server/);
    });

    it('serves a certificate for 127.0.0.1 signed by the CA in the kubeconfig', () => {
      const config = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8'));
      const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
      assert.equal(ca, server.caPem);
      assert.ok(new X509Certificate(ca).ca);
      assert.equal(config.clusters[0].cluster.server, server.url);
      assert.equal(config.users[0].user.token, server.token);
    });
  });

  describe('list and get', () => {
    it('lists across namespaces in namespace/name order, each item with the requested apiVersion and kind', async () => {
      const res = await call(server, '/apis/gateway.networking.k8s.io/v1/httproutes');
      assert.equal(res.json.kind, 'HTTPRouteList');
      assert.equal(res.json.apiVersion, 'gateway.networking.k8s.io/v1');
      assert.deepEqual(names(res), ['blog/posts', 'shop/checkout', 'shop/storefront']);
      assert.ok(res.json.items.every((i: any) => i.kind === 'HTTPRoute' && i.apiVersion === 'gateway.networking.k8s.io/v1'));
      assert.match(res.json.metadata.resourceVersion, /^\d+$/);
    });

    it('serves an object in every version of its resource', async () => {
      const v1 = await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/infra/referencegrants/allow-shop');
      const beta = await call(server, '/apis/gateway.networking.k8s.io/v1beta1/namespaces/infra/referencegrants/allow-shop');
      assert.equal(v1.json.apiVersion, 'gateway.networking.k8s.io/v1');
      assert.equal(beta.json.apiVersion, 'gateway.networking.k8s.io/v1beta1');
      assert.deepEqual(v1.json.spec, beta.json.spec);
    });

    it('serves core and events.k8s.io Events as one store, converting field names', async () => {
      const core = await call(server, '/api/v1/events');
      const events = await call(server, '/apis/events.k8s.io/v1/events');
      assert.deepEqual(names(core), ['infra/edge.1', 'shop/storefront.1']);
      assert.deepEqual(names(events), names(core));
      const edgeCore = core.json.items[0];
      assert.equal(edgeCore.involvedObject.name, 'edge');
      assert.equal(edgeCore.message, 'Gateway programmed');
      assert.equal(edgeCore.reportingComponent, 'envoy-gateway');
      const storefront = events.json.items[1];
      assert.equal(storefront.regarding.kind, 'HTTPRoute');
      assert.equal(storefront.note, 'Route accepted');
      assert.equal(storefront.deprecatedCount, 2);
    });

    it('gets a Namespace at /api/v1/namespaces/NAME with its metadata.name label', async () => {
      const ns = await call(server, '/api/v1/namespaces/shop');
      assert.equal(ns.json.kind, 'Namespace');
      assert.deepEqual(ns.json.metadata.labels, { team: 'shop', env: 'prod', 'kubernetes.io/metadata.name': 'shop' });
      assert.equal(ns.json.metadata.namespace, undefined);
    });

    it('fills metadata defaults and keeps given values', async () => {
      const local = await startApiServer({
        objects: [
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'x', uid: 'u-1', resourceVersion: '77', creationTimestamp: '2020-01-01T00:00:00Z', generation: 4 } },
        ],
      });
      try {
        const a = await call(local, '/api/v1/namespaces/default/services/a');
        assert.match(a.json.metadata.uid, /^[0-9a-f-]{36}$/);
        assert.match(a.json.metadata.resourceVersion, /^\d+$/);
        assert.ok(Math.abs(Date.parse(a.json.metadata.creationTimestamp) - Date.now()) < 5000);
        assert.equal(a.json.metadata.generation, 1);
        const b = await call(local, '/api/v1/namespaces/x/services/b');
        assert.deepEqual(b.json.metadata, { name: 'b', namespace: 'x', uid: 'u-1', resourceVersion: '77', creationTimestamp: '2020-01-01T00:00:00Z', generation: 4 });
        // Namespaces that objects mention are not invented.
        assert.equal((await call(local, '/api/v1/namespaces/x')).status, 404);
      } finally {
        await local.close();
      }
    });

    it('answers 404 NotFound with a Status naming the resource', async () => {
      const res = await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/x');
      assert.equal(res.status, 404);
      assert.equal(res.json.reason, 'NotFound');
      assert.equal(res.json.message, 'httproutes.gateway.networking.k8s.io "x" not found');
      assert.deepEqual(res.json.details, { name: 'x', group: 'gateway.networking.k8s.io', kind: 'httproutes' });
      const core = await call(server, '/api/v1/namespaces/shop/services/x');
      assert.equal(core.json.message, 'services "x" not found');
    });

    it('reflects put() and remove() in later reads', async () => {
      server.put({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'late', namespace: 'blog' } });
      assert.deepEqual(names(await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/blog/httproutes')), ['blog/late', 'blog/posts']);
      server.remove('HTTPRoute', 'blog', 'late');
      assert.deepEqual(names(await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/blog/httproutes')), ['blog/posts']);
    });

    it('returns a meta.k8s.io Table when asked with as=Table', async () => {
      const res = await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways', {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      });
      assert.equal(res.json.kind, 'Table');
      assert.deepEqual(res.json.columnDefinitions.map((c: any) => c.name), ['Name', 'Class', 'Address', 'Programmed', 'Age']);
      assert.deepEqual(res.json.rows[0].cells.slice(0, 4), ['edge', 'envoy', '192.0.2.10', 'True']);
      assert.match(res.json.rows[0].cells[4], /^\d+(d|y\d*d?)$/);
      assert.equal(res.json.rows[0].object.metadata.namespace, 'infra');
    });
  });

  describe('pagination', () => {
    it('returns every item exactly once across limit/continue pages', async () => {
      const seen: string[] = [];
      const remaining: number[] = [];
      let cont: string | undefined;
      do {
        const q = new URLSearchParams({ limit: '2', ...(cont ? { continue: cont } : {}) });
        const page = await call(server, `/api/v1/namespaces?${q}`);
        assert.ok(page.json.items.length <= 2);
        seen.push(...page.json.items.map((i: any) => i.metadata.name));
        if (page.json.metadata.remainingItemCount !== undefined) remaining.push(page.json.metadata.remainingItemCount);
        cont = page.json.metadata.continue;
      } while (cont);
      assert.deepEqual(seen, ['blog', 'infra', 'shop']);
      assert.deepEqual(remaining, [1]);
    });

    it('rejects a malformed continue token with 400', async () => {
      const res = await call(server, '/api/v1/namespaces?limit=1&continue=garbage');
      assert.equal(res.status, 400);
      assert.equal(res.json.reason, 'BadRequest');
    });
  });

  describe('selectors', () => {
    const cases: Array<[string, string[]]> = [
      ['team=shop', ['shop']],
      ['team==shop', ['shop']],
      ['team!=shop', ['blog', 'infra']],
      ['env in (prod,dev)', ['blog', 'shop']],
      ['env notin (prod)', ['blog', 'infra']],
      ['env', ['blog', 'shop']],
      ['!env', ['infra']],
      ['team,env=dev', ['blog']],
      ['kubernetes.io/metadata.name=infra', ['infra']],
    ];
    for (const [selector, want] of cases) {
      it(`labelSelector ${selector}`, async () => {
        const res = await call(server, `/api/v1/namespaces?labelSelector=${encodeURIComponent(selector)}`);
        assert.deepEqual(res.json.items.map((i: any) => i.metadata.name), want);
      });
    }

    it('fieldSelector on metadata.name and metadata.namespace', async () => {
      const byName = await call(server, `/apis/gateway.networking.k8s.io/v1/httproutes?fieldSelector=${encodeURIComponent('metadata.name=checkout')}`);
      assert.deepEqual(names(byName), ['shop/checkout']);
      const notShop = await call(server, `/apis/gateway.networking.k8s.io/v1/httproutes?fieldSelector=${encodeURIComponent('metadata.namespace!=shop')}`);
      assert.deepEqual(names(notShop), ['blog/posts']);
    });

    it('fieldSelector on Event involvedObject fields (and regarding.* on events.k8s.io)', async () => {
      const sel = encodeURIComponent('involvedObject.kind=Gateway,involvedObject.name=edge');
      assert.deepEqual(names(await call(server, `/api/v1/events?fieldSelector=${sel}`)), ['infra/edge.1']);
      const regarding = encodeURIComponent('regarding.name=storefront');
      assert.deepEqual(names(await call(server, `/apis/events.k8s.io/v1/events?fieldSelector=${regarding}`)), ['shop/storefront.1']);
    });

    it('rejects unsupported fields and malformed selectors with 400', async () => {
      const field = await call(server, `/apis/gateway.networking.k8s.io/v1/httproutes?fieldSelector=${encodeURIComponent('spec.hostnames=x')}`);
      assert.equal(field.status, 400);
      assert.equal(field.json.message, 'field label not supported: spec.hostnames');
      const label = await call(server, `/api/v1/namespaces?labelSelector=${encodeURIComponent('env in prod')}`);
      assert.equal(label.status, 400);
    });
  });

  describe('discovery', () => {
    it('serves legacy discovery documents', async () => {
      const groups = await call(server, '/apis');
      assert.equal(groups.json.kind, 'APIGroupList');
      const gw = groups.json.groups.find((g: any) => g.name === 'gateway.networking.k8s.io');
      assert.deepEqual(gw.versions.map((v: any) => v.version), ['v1', 'v1beta1', 'v1alpha2']);
      assert.equal(gw.preferredVersion.version, 'v1');
      const alpha = await call(server, '/apis/gateway.networking.k8s.io/v1alpha2');
      assert.deepEqual(alpha.json.resources.filter((r: any) => !r.name.includes('/')).map((r: any) => r.name), ['tlsroutes', 'tcproutes', 'udproutes']);
      const core = await call(server, '/api/v1');
      const pods = core.json.resources.find((r: any) => r.name === 'pods');
      assert.deepEqual([pods.kind, pods.namespaced, pods.shortNames], ['Pod', true, ['po']]);
      assert.ok(core.json.resources.some((r: any) => r.name === 'pods/portforward'));
    });

    it('serves aggregated discovery when asked for it', async () => {
      const res = await call(server, '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
      assert.equal(res.contentType, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
      assert.equal(res.json.kind, 'APIGroupDiscoveryList');
      const gw = res.json.items.find((g: any) => g.metadata.name === 'gateway.networking.k8s.io');
      const gateways = gw.versions[0].resources.find((r: any) => r.resource === 'gateways');
      assert.deepEqual(gateways.responseKind, { group: 'gateway.networking.k8s.io', version: 'v1', kind: 'Gateway' });
      assert.deepEqual(gateways.shortNames, ['gtw']);
    });

    it('works for kubectl without aggregated discovery too', async () => {
      const legacy = await startApiServer({ fixtures: [FIXTURES], aggregatedDiscovery: false });
      try {
        const kc = legacy.writeKubeconfig(join(dir, 'legacy'));
        const { code, stdout, stderr } = await runKubectl(kc, ['get', 'gateways', '-A', '-o', 'name']);
        assert.equal(code, 0, stderr);
        assert.equal(stdout, 'gateway.gateway.networking.k8s.io/edge\n');
        assert.ok(legacy.requests.some((r) => r.path === '/apis/gateway.networking.k8s.io/v1'));
      } finally {
        await legacy.close();
      }
    });

    it('lists a CustomResourceDefinition for every served CRD resource', async () => {
      const res = await call(server, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/tlsroutes.gateway.networking.k8s.io');
      assert.deepEqual(res.json.spec.versions.map((v: any) => v.name), ['v1', 'v1alpha2']);
      assert.equal(res.json.metadata.annotations['gateway.networking.k8s.io/bundle-version'], 'v1.6.1');
    });
  });

  it('labels the CRD of an added policy kind as asked', async () => {
    const policy = { group: 'gateway.envoyproxy.io', version: 'v1alpha1', kind: 'BackendTrafficPolicy', plural: 'backendtrafficpolicies',
      namespaced: true, crdLabels: { 'gateway.networking.k8s.io/policy': 'Direct' } };
    const local = await startApiServer({ served: [...DEFAULT_SERVED, policy] });
    try {
      const sel = encodeURIComponent('gateway.networking.k8s.io/policy');
      const res = await call(local, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?labelSelector=${sel}`);
      assert.deepEqual(res.json.items.map((i: any) => i.metadata.name), ['backendtrafficpolicies.gateway.envoyproxy.io']);
      assert.equal(res.json.items[0].metadata.annotations, undefined);
    } finally {
      await local.close();
    }
  });

  it('rejects a fixture document that is not a Kubernetes object, naming the file', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\njust: data\n');
    await assert.rejects(startApiServer({ fixtures: [file] }), new RegExp(`${file}: document 2: not a Kubernetes object`));
  });

  describe('a CRD that is not installed', () => {
    let partial: ApiServer;
    before(async () => {
      partial = await startApiServer({ fixtures: [FIXTURES], served: DEFAULT_SERVED.filter((r) => r.plural !== 'tlsroutes') });
    });
    after(() => partial.close());

    it('answers 404 page not found as text, like a real apiserver', async () => {
      for (const path of ['/apis/gateway.networking.k8s.io/v1/tlsroutes', '/apis/gateway.networking.k8s.io/v1alpha2/namespaces/a/tlsroutes', '/apis/example.com/v1/widgets']) {
        const res = await call(partial, path);
        assert.equal(res.status, 404, path);
        assert.equal(res.contentType, 'text/plain; charset=utf-8');
        assert.equal(res.text, '404 page not found\n');
      }
      assert.equal((await call(partial, '/apis/gateway.networking.k8s.io/v1alpha2')).status, 200);
      assert.equal((await call(partial, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/tlsroutes.gateway.networking.k8s.io')).status, 404);
    });

    it('makes kubectl report an unknown resource type', async () => {
      const kc = partial.writeKubeconfig(join(dir, 'partial'));
      const { code, stderr } = await runKubectl(kc, ['get', 'tlsroutes', '-A']);
      assert.equal(code, 1);
      assert.match(stderr, /the server doesn't have a resource type "tlsroutes"/);
    });
  });

  describe('forbidden rules', () => {
    let rbac: ApiServer;
    let kc: string;
    before(async () => {
      rbac = await startApiServer({
        fixtures: [FIXTURES],
        forbidden: [{ resource: 'endpointslices', namespace: 'shop' }, { resource: 'secrets', namespace: '' }],
      });
      kc = rbac.writeKubeconfig(join(dir, 'rbac'));
    });
    after(() => rbac.close());

    it('makes kubectl print its Forbidden error for a cluster-wide list', async () => {
      const { code, stderr } = await runKubectl(kc, ['get', 'endpointslices', '-A']);
      assert.equal(code, 1);
      assert.match(stderr, /Error from server \(Forbidden\): endpointslices\.discovery\.k8s\.io is forbidden: User "test" cannot list resource "endpointslices" in API group "discovery\.k8s\.io" at the cluster scope/);
    });

    it('denies the rule\'s namespace and allows the others', async () => {
      const shop = await call(rbac, '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices');
      assert.equal(shop.status, 403);
      assert.equal(shop.json.message, 'endpointslices.discovery.k8s.io is forbidden: User "test" cannot list resource "endpointslices" in API group "discovery.k8s.io" in the namespace "shop"');
      assert.equal((await call(rbac, '/apis/discovery.k8s.io/v1/namespaces/blog/endpointslices')).status, 200);
      const get = await call(rbac, '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices/storefront-abc12');
      assert.match(get.json.message, /^endpointslices\.discovery\.k8s\.io "storefront-abc12" is forbidden: User "test" cannot get resource/);
    });

    it('a rule with namespace "" denies only cluster-scope requests', async () => {
      assert.equal((await call(rbac, '/api/v1/secrets')).status, 403);
      assert.equal((await call(rbac, '/api/v1/namespaces/shop/secrets')).status, 200);
    });

    it('forbid() adds a rule at run time', async () => {
      rbac.forbid({ resource: 'httproutes.gateway.networking.k8s.io', verb: 'list' });
      assert.equal((await call(rbac, '/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes')).status, 403);
      assert.equal((await call(rbac, '/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/checkout')).status, 200);
    });
  });

  describe('fault injection', () => {
    it('fails matching requests `times` times, then answers normally', async () => {
      const flaky = await startApiServer({ fixtures: [FIXTURES], failures: [{ match: /\/gateways/, status: 500, times: 2 }] });
      try {
        const path = '/apis/gateway.networking.k8s.io/v1/gateways';
        const first = await call(flaky, path);
        assert.equal(first.status, 500);
        assert.equal(first.json.kind, 'Status');
        assert.equal(first.json.reason, 'InternalError');
        assert.equal((await call(flaky, path)).status, 500);
        assert.equal((await call(flaky, path)).status, 200);
        assert.equal((await call(flaky, '/apis/gateway.networking.k8s.io/v1/httproutes')).status, 200);
      } finally {
        await flaky.close();
      }
    });

    it('delays every response by latencyMs', async () => {
      const slow = await startApiServer({ latencyMs: 150 });
      try {
        const start = Date.now();
        assert.equal((await call(slow, '/version')).status, 200);
        assert.ok(Date.now() - start >= 140, `answered after ${Date.now() - start} ms`);
      } finally {
        await slow.close();
      }
    });

    it('never answers hung requests, and close() ends them', async () => {
      const stuck = await startApiServer({ fixtures: [FIXTURES], hang: [/\/httproutes/] });
      const pending = call(stuck, '/apis/gateway.networking.k8s.io/v1/httproutes').then(
        () => 'answered',
        (err: NodeJS.ErrnoException) => err.code,
      );
      const early = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 200))]);
      assert.equal(early, 'still waiting');
      assert.equal((await call(stuck, '/apis/gateway.networking.k8s.io/v1/gateways')).status, 200);
      const start = Date.now();
      await stuck.close();
      assert.equal(await pending, 'ECONNRESET');
      assert.ok(Date.now() - start < 1000);
      assert.equal(stuck.requests.find((r) => r.path.endsWith('/httproutes'))?.status, 0);
    });
  });

  describe('request log', () => {
    it('records method, path, query and status in arrival order', async () => {
      await call(server, '/api/v1/namespaces?limit=1');
      await call(server, '/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/nope');
      await call(server, '/api/v1/namespaces/shop/services', { method: 'POST' });
      assert.deepEqual(server.requests, [
        { method: 'GET', path: '/api/v1/namespaces', query: { limit: '1' }, status: 200, upgrade: false },
        { method: 'GET', path: '/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/nope', query: {}, status: 404, upgrade: false },
        { method: 'POST', path: '/api/v1/namespaces/shop/services', query: {}, status: 405, upgrade: false },
      ]);
    });
  });

  describe('port-forward upgrades', () => {
    function upgrade(path: string, token: string | null = server.token): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const req = request(new URL(path, server.url), {
          ca: server.caPem,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
            'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, body: '' });
        });
        req.on('error', reject);
        req.end();
      });
    }

    it('rejects an unknown pod with a 404 Status before upgrading', async () => {
      const res = await upgrade('/api/v1/namespaces/shop/pods/ghost/portforward?ports=8080');
      assert.equal(res.status, 404);
      assert.equal(JSON.parse(res.body).message, 'pods "ghost" not found');
      assert.deepEqual(server.requests.map((r) => [r.upgrade, r.status]), [[true, 404]]);
    });

    it('rejects an upgrade without a token with 401', async () => {
      assert.equal((await upgrade('/api/v1/namespaces/shop/pods/ghost/portforward?ports=8080', null)).status, 401);
    });

    it('hands an existing pod to the port-forward handler', async () => {
      server.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'envoy-0', namespace: 'infra' } });
      const res = await upgrade('/api/v1/namespaces/infra/pods/envoy-0/portforward?ports=8080');
      assert.equal(res.status, 101);
      assert.deepEqual(server.requests.map((r) => [r.path, r.query, r.status]), [
        ['/api/v1/namespaces/infra/pods/envoy-0/portforward', { ports: '8080' }, 101],
      ]);
    });
  });
});

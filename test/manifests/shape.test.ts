// Parseable manifests of the wrong shape stop -f with `file:line:col` and exit 1, where the
// engine would otherwise crash on them; manifests the API server accepts still load.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifestSnapshot } from '../../src/manifests/index.js';
import { UserError } from '../../src/model/errors.js';
import { runGw } from '../e2e/run-gw.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

const gateway = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: infra
spec:
  gatewayClassName: example
  listeners:
${listeners}`;

const httpRoute = (spec: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: team
spec:
  parentRefs:
    - name: gw
      namespace: infra
${spec}`;

const rule = (body: string) => httpRoute(`  rules:\n    - ${body.trimStart()}`);

describe('-f shape check', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-shape-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    try {
      await loadManifestSnapshot([path]);
    } catch (e) {
      assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
      assert.equal(e.exitCode, 1);
      return e.message.slice(dir.length + 1);
    }
    return assert.fail('expected the load to fail');
  }

  const cases: Array<[string, string, string]> = [
    [
      'a listener without protocol',
      gateway('    - name: http\n      port: 80\n      protocol: HTTP\n    - name: https\n      port: 443\n'),
      'a.yaml:12:7: Gateway infra/gw: spec.listeners[1].protocol is required',
    ],
    ['a port written as text', gateway('    - name: http\n      port: "80"\n      protocol: HTTP\n'), 'a.yaml:10:13: Gateway infra/gw: spec.listeners[0].port must be an integer, not "80"'],
    ['no listeners', gateway('    []\n'), 'a.yaml:9:5: Gateway infra/gw: spec.listeners must list at least one listener'],
    [
      'a certificateRef without name',
      gateway('    - name: https\n      port: 443\n      protocol: HTTPS\n      tls:\n        certificateRefs:\n          - kind: Secret\n'),
      'a.yaml:14:13: Gateway infra/gw: spec.listeners[0].tls.certificateRefs[0].name is required',
    ],
    [
      'hostnames as one string',
      httpRoute('  hostnames: foo.example.com\n'),
      'a.yaml:10:14: HTTPRoute team/web: spec.hostnames must be a list of hostnames, not "foo.example.com"',
    ],
    [
      'a header match without name',
      rule('matches:\n        - headers:\n            - value: canary\n'),
      'a.yaml:13:15: HTTPRoute team/web: spec.rules[0].matches[0].headers[0].name is required',
    ],
    [
      'a query parameter match without value',
      rule('matches:\n        - queryParams:\n            - name: v\n'),
      'a.yaml:13:15: HTTPRoute team/web: spec.rules[0].matches[0].queryParams[0].value is required',
    ],
    ['a path match as a string', rule('matches:\n        - path: /api\n'), 'a.yaml:12:17: HTTPRoute team/web: spec.rules[0].matches[0].path must be an object, not "/api"'],
    [
      'a weight written as text',
      rule('backendRefs:\n        - name: web\n          port: 80\n          weight: "10"\n'),
      'a.yaml:14:19: HTTPRoute team/web: spec.rules[0].backendRefs[0].weight must be an integer, not "10"',
    ],
    ['a backendRef without name', rule('backendRefs:\n        - port: 80\n'), 'a.yaml:12:11: HTTPRoute team/web: spec.rules[0].backendRefs[0].name is required'],
    ['a filter without type', rule('filters:\n        - urlRewrite: {hostname: x}\n'), 'a.yaml:12:11: HTTPRoute team/web: spec.rules[0].filters[0].type is required'],
    ['a parentRef without name', httpRoute('').replace('- name: gw\n      namespace: infra', '- namespace: infra'), 'a.yaml:8:7: HTTPRoute team/web: spec.parentRefs[0].name is required'],
    [
      'a GRPC method match as a string',
      `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: inventory, namespace: store}
spec:
  rules:
    - matches:
        - method: Inventory/Get
`,
      'a.yaml:7:19: GRPCRoute store/inventory: spec.rules[0].matches[0].method must be an object, not "Inventory/Get"',
    ],
    [
      'a ReferenceGrant source without namespace',
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow, namespace: store}
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
  to:
    - group: ""
      kind: Service
`,
      'a.yaml:6:7: ReferenceGrant store/allow: spec.from[0].namespace is required',
    ],
    [
      'a GatewayClass without controllerName',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: example}\nspec:\n  description: x\n',
      'a.yaml:5:3: GatewayClass example: spec.controllerName is required',
    ],
    [
      'a Service port written as text',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    - port: http\n',
      'a.yaml:6:13: Service web: spec.ports[0].port must be an integer, not "http"',
    ],
    [
      'an endpoint without addresses',
      'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-1}\naddressType: IPv4\nendpoints:\n  - conditions: {ready: true}\n',
      'a.yaml:6:5: EndpointSlice web-1: endpoints[0].addresses is required',
    ],
  ];

  for (const [what, text, expected] of cases) {
    it(`stops at ${what}`, async () => {
      assert.equal(await loadError('a.yaml', text), expected);
    });
  }

  it('points into JSON files too', async () => {
    const json = JSON.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web' }, spec: { hostnames: 'a.example.com' } }, null, 2);
    assert.equal(await loadError('a.json', json), 'a.json:8:18: HTTPRoute web: spec.hostnames must be a list of hostnames, not "a.example.com"');
  });

  it('reports the first problem in the order the fields are written', async () => {
    const text = httpRoute('  hostnames: [1]\n  rules: nope\n');
    assert.equal(await loadError('a.yaml', text), 'a.yaml:10:15: HTTPRoute team/web: spec.hostnames[0] must be a string, not 1');
  });

  it('accepts what the API server accepts: absent optional fields, null, and fields it does not read', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(
      path,
      `${httpRoute('  hostnames:\n  futureField: {x: 1}\n  rules:\n    - backendRefs:\n        - name: web\n')}---\n${gateway('    - {name: http, port: 80, protocol: HTTP, hostname: "*.example.com"}\n')}` +
        `---\napiVersion: example.com/v1\nkind: Gateway\nmetadata: {name: not-the-gateway-api}\nspec: {listeners: nope}\n`,
    );
    const snap = await loadManifestSnapshot([path]);
    assert.equal(snap.routes.length, 1);
    assert.equal(snap.gateways.length, 1);
  });

  it('loads the bundled examples', async () => {
    const snap = await loadManifestSnapshot([EXAMPLES]);
    assert.equal(snap.gateways.length, 2);
  });

  it('kubectl gw tree -f prints the position and exits 1 (needs the build)', async function () {
    this.timeout(30_000);
    const path = join(dir, 'bad.yaml');
    await writeFile(path, httpRoute('  hostnames: foo.example.com\n'));
    const r = await runGw(['tree', '-f', path], { direct: true });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim(), `error: ${path}:10:14: HTTPRoute team/web: spec.hostnames must be a list of hostnames, not "foo.example.com"`);
  });
});

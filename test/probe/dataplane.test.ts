import assert from 'node:assert/strict';
import { findDataPlane, gatewayNameLabelValue, pickPodPort } from '../../src/probe/dataplane.js';
import { UserError } from '../../src/model/errors.js';
import type { KubeObject, Service } from '../../src/model/objects.js';
import { emptySnapshot, type Coverage, type Snapshot } from '../../src/model/snapshot.js';
import { addObject } from '../../src/snapshot/collect.js';
import { dataPlaneObjects, gatewayObject, startCluster, type TestCluster } from './harness.js';

const GW_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** What the command's snapshot would hold of `objects` (Pods aside), read with `coverage`. */
function snapshotOf(objects: KubeObject[], coverage: Coverage): Snapshot {
  const snapshot = emptySnapshot({ state: 'complete' });
  snapshot.coverage.services = coverage;
  snapshot.coverage.endpointslices = coverage;
  for (const obj of structuredClone(objects)) {
    const inNamespace =
      coverage.state === 'complete' || (coverage.state === 'partial' && coverage.namespaces.includes(obj.metadata.namespace ?? ''));
    if (obj.kind !== 'Pod' && inNamespace) addObject(snapshot, obj);
  }
  return snapshot;
}

const requestLine = (r: { method: string; path: string; query: Record<string, string> }) =>
  `${r.method} ${r.path}${r.query.labelSelector ? `?${r.query.labelSelector}` : ''}`;

describe('probe: finding the data plane of a Gateway', () => {
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  const start = async (objects: KubeObject[], forbidden: Array<{ resource: string; namespace?: string }> = []) => {
    cluster = await startCluster({ objects, forbidden });
    return cluster;
  };

  it('finds the Service labelled gateway-name (GEP-1762) in the Gateway namespace, with one list', async () => {
    const gw = gatewayObject('infra', 'shared-gw');
    const { conn, api } = await start([
      ...dataPlaneObjects({ namespace: 'infra', service: 'other-gw-eg', labels: { [GW_LABEL]: 'other-gw' }, ports: [{ port: 80 }], pods: [{ name: 'o-1' }] }),
      ...dataPlaneObjects({ namespace: 'infra', service: 'shared-gw-eg', labels: { [GW_LABEL]: 'shared-gw' }, ports: [{ port: 80 }], pods: [{ name: 's-1' }] }),
    ]);
    api.clearRequests();
    const dp = await findDataPlane(conn, gw);
    assert.equal(dp.service.metadata.name, 'shared-gw-eg');
    assert.match(dp.rule, /infra\/shared-gw-eg labelled gateway\.networking\.k8s\.io\/gateway-name=shared-gw \(GEP-1762\)/);
    assert.deepEqual(
      api.requests.map((r) => `${r.path}?${r.query.labelSelector ?? ''}`),
      ['/api/v1/namespaces/infra/services?gateway.networking.k8s.io/gateway-name=shared-gw'],
    );
  });

  it('matches a Gateway name over 63 characters by its truncated and hashed label value', async () => {
    const longName = 'example-very-very-very-very-very-very-very-very-very-long-gateway-name';
    // The example GEP-1762 gives.
    assert.equal(gatewayNameLabelValue(longName), 'example-very-very-ve-65cb6f84bc9e50270d0a6c2f845fd98c6fe8d89f');
    const { conn } = await start(
      dataPlaneObjects({ namespace: 'infra', service: 'long-gw', labels: { [GW_LABEL]: gatewayNameLabelValue(longName) }, ports: [{ port: 80 }], pods: [{ name: 'l-1' }] }),
    );
    const dp = await findDataPlane(conn, gatewayObject('infra', longName));
    assert.equal(dp.service.metadata.name, 'long-gw');
  });

  it("finds Envoy Gateway's Service in its own namespace by the owning-gateway labels", async () => {
    const { conn, api } = await start(
      dataPlaneObjects({
        namespace: 'envoy-gateway-system',
        service: 'envoy-infra-shared-gw-1a2b3c4d',
        labels: { 'gateway.envoyproxy.io/owning-gateway-name': 'shared-gw', 'gateway.envoyproxy.io/owning-gateway-namespace': 'infra' },
        ports: [{ name: 'http-80', port: 80, targetPort: 10080 }],
        pods: [{ name: 'envoy-1' }],
      }),
    );
    api.clearRequests();
    const dp = await findDataPlane(conn, gatewayObject('infra', 'shared-gw'));
    assert.equal(`${dp.service.metadata.namespace}/${dp.service.metadata.name}`, 'envoy-gateway-system/envoy-infra-shared-gw-1a2b3c4d');
    assert.match(dp.rule, /Envoy Gateway/);
    const clusterWide = api.requests.find((r) => r.path === '/api/v1/services');
    assert.equal(
      clusterWide?.query.labelSelector,
      'gateway.envoyproxy.io/owning-gateway-name=shared-gw,gateway.envoyproxy.io/owning-gateway-namespace=infra',
    );
  });

  it('falls back to the <gateway>-<class> name (Istio) when nothing is labelled', async () => {
    const { conn } = await start(
      dataPlaneObjects({ namespace: 'infra', service: 'shared-gw-istio', ports: [{ port: 80 }], pods: [{ name: 'i-1' }] }),
    );
    const dp = await findDataPlane(conn, gatewayObject('infra', 'shared-gw', { className: 'istio' }));
    assert.equal(dp.service.metadata.name, 'shared-gw-istio');
    assert.match(dp.rule, /<gateway>-<class>/);
  });

  it("finds a Service in another namespace whose LoadBalancer address is the Gateway's status address", async () => {
    const { conn } = await start(
      dataPlaneObjects({ namespace: 'ingress', service: 'proxy', type: 'LoadBalancer', loadBalancerIP: '203.0.113.10', ports: [{ port: 80 }], pods: [{ name: 'p-1' }] }),
    );
    const dp = await findDataPlane(conn, gatewayObject('infra', 'shared-gw', { addresses: ['203.0.113.10'] }));
    assert.equal(`${dp.service.metadata.namespace}/${dp.service.metadata.name}`, 'ingress/proxy');
    assert.match(dp.rule, /address 203\.0\.113\.10 is the Gateway's address/);
  });

  it('uses the --service override, and says when that Service does not exist', async () => {
    const { conn } = await start(dataPlaneObjects({ namespace: 'edge', service: 'my-proxy', ports: [{ port: 80 }], pods: [{ name: 'm-1' }] }));
    const dp = await findDataPlane(conn, gatewayObject('infra', 'shared-gw'), { service: 'edge/my-proxy' });
    assert.equal(dp.service.metadata.name, 'my-proxy');
    assert.match(dp.rule, /given with --service/);
    await assert.rejects(findDataPlane(conn, gatewayObject('infra', 'shared-gw'), { service: 'edge/missing' }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /Service edge\/missing \(given with --service\) not found/);
      return true;
    });
  });

  it('names every rule it tried when no Service is found, including lists it was forbidden', async () => {
    const { conn } = await start(
      dataPlaneObjects({ namespace: 'infra', service: 'unrelated', ports: [{ port: 80 }], pods: [{ name: 'u-1' }] }),
      [{ resource: 'services', namespace: '' }],
    );
    await assert.rejects(findDataPlane(conn, gatewayObject('infra', 'shared-gw')), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /^no data plane Service found for Gateway infra\/shared-gw/);
      assert.match(e.message, /no Service in namespace infra labelled gateway\.networking\.k8s\.io\/gateway-name=shared-gw/);
      assert.match(e.message, /Envoy Gateway labels: could not list Services \(Forbidden\)/);
      assert.match(e.message, /no Service in infra named shared-gw-eg, cilium-gateway-shared-gw, shared-gw/);
      assert.match(e.message, /no addresses in status/);
      assert.match(e.hint ?? '', /--service/);
      return true;
    });
  });
});

describe('probe: the data plane from the snapshot the command already read', () => {
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  const envoyObjects = () =>
    dataPlaneObjects({
      namespace: 'envoy-gateway-system',
      service: 'envoy-infra-shared-gw-1a2b3c4d',
      labels: { 'gateway.envoyproxy.io/owning-gateway-name': 'shared-gw', 'gateway.envoyproxy.io/owning-gateway-namespace': 'infra' },
      ports: [{ name: 'http-80', port: 80, targetPort: 'http' }],
      pods: [{ name: 'envoy-0', ready: false }, { name: 'envoy-1', containerPorts: [{ name: 'http', containerPort: 10080 }] }],
    });

  it('with complete Services and EndpointSlices, asks the API for the Pod only', async () => {
    const objects = envoyObjects();
    cluster = await startCluster({ objects });
    const snapshot = snapshotOf(objects, { state: 'complete' });
    const dp = await findDataPlane(cluster.conn, gatewayObject('infra', 'shared-gw'), { snapshot });
    assert.equal(dp.rule, 'Service envoy-gateway-system/envoy-infra-shared-gw-1a2b3c4d labelled gateway.envoyproxy.io/owning-gateway-name=shared-gw,gateway.envoyproxy.io/owning-gateway-namespace=infra (Envoy Gateway)');
    const target = await pickPodPort(cluster.conn, dp.service, 80, { snapshot });
    assert.deepEqual([target.pod.name, target.containerPort], ['envoy-1', 10080]);
    assert.deepEqual(cluster.api.requests.map(requestLine), ['GET /api/v1/namespaces/envoy-gateway-system/pods/envoy-1']);
  });

  it('finds the --service Service in the snapshot, and says when it is not there, without a request', async () => {
    const objects = dataPlaneObjects({ namespace: 'edge', service: 'my-proxy', ports: [{ port: 80 }], pods: [{ name: 'm-1' }] });
    cluster = await startCluster({ objects });
    const snapshot = snapshotOf(objects, { state: 'complete' });
    const dp = await findDataPlane(cluster.conn, gatewayObject('infra', 'shared-gw'), { service: 'edge/my-proxy', snapshot });
    assert.equal(dp.rule, 'Service edge/my-proxy, given with --service');
    await assert.rejects(findDataPlane(cluster.conn, gatewayObject('infra', 'shared-gw'), { service: 'edge/missing', snapshot }), /Service edge\/missing \(given with --service\) not found/);
    assert.deepEqual(cluster.api.requests, []);
  });

  it('asks the API for what a namespace-only snapshot cannot answer: other namespaces, cluster-wide lists', async () => {
    const objects = envoyObjects();
    cluster = await startCluster({ objects });
    // The user could list Services and EndpointSlices in infra only; the data plane lives elsewhere.
    const snapshot = snapshotOf(objects, { state: 'partial', namespaces: ['infra'], names: [], denied: { '*': 'forbidden: cannot list services cluster-wide' } });
    const dp = await findDataPlane(cluster.conn, gatewayObject('infra', 'shared-gw'), { snapshot });
    assert.match(dp.rule, /\(Envoy Gateway\)$/);
    await pickPodPort(cluster.conn, dp.service, 80, { snapshot });
    assert.deepEqual(cluster.api.requests.map(requestLine), [
      'GET /api/v1/services?gateway.envoyproxy.io/owning-gateway-name=shared-gw,gateway.envoyproxy.io/owning-gateway-namespace=infra',
      'GET /apis/discovery.k8s.io/v1/namespaces/envoy-gateway-system/endpointslices?kubernetes.io/service-name=envoy-infra-shared-gw-1a2b3c4d',
      'GET /api/v1/namespaces/envoy-gateway-system/pods/envoy-1',
    ]);
  });

  it('asks the API when the snapshot was forbidden Services and EndpointSlices', async () => {
    const objects = dataPlaneObjects({ namespace: 'infra', service: 'shared-gw-eg', labels: { [GW_LABEL]: 'shared-gw' }, ports: [{ port: 80 }], pods: [{ name: 's-1' }] });
    cluster = await startCluster({ objects });
    const snapshot = snapshotOf(objects, { state: 'forbidden', message: 'cannot list services (forbidden)' });
    const dp = await findDataPlane(cluster.conn, gatewayObject('infra', 'shared-gw'), { snapshot });
    assert.match(dp.rule, /\(GEP-1762\)$/);
    assert.equal((await pickPodPort(cluster.conn, dp.service, 80, { snapshot })).pod.name, 's-1');
    assert.deepEqual(cluster.api.requests.map(requestLine), [
      'GET /api/v1/namespaces/infra/services?gateway.networking.k8s.io/gateway-name=shared-gw',
      'GET /apis/discovery.k8s.io/v1/namespaces/infra/endpointslices?kubernetes.io/service-name=shared-gw-eg',
    ]);
  });

  it('names every rule it tried from the snapshot alone when no Service matches', async () => {
    const objects = dataPlaneObjects({ namespace: 'infra', service: 'unrelated', ports: [{ port: 80 }], pods: [{ name: 'u-1' }] });
    cluster = await startCluster({ objects });
    await assert.rejects(
      findDataPlane(cluster.conn, gatewayObject('infra', 'shared-gw', { addresses: ['203.0.113.10'] }), { snapshot: snapshotOf(objects, { state: 'complete' }) }),
      (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.match(e.message, /no Service in namespace infra labelled gateway\.networking\.k8s\.io\/gateway-name=shared-gw/);
        assert.match(e.message, /no Service in any namespace labelled gateway\.envoyproxy\.io\/owning-gateway-name=shared-gw/);
        assert.match(e.message, /no Service with address 203\.0\.113\.10$/);
        return true;
      },
    );
    assert.deepEqual(cluster.api.requests, []);
  });
});

describe('probe: from a listener port to a ready pod and its container port', () => {
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  const serviceOf = async (c: TestCluster, namespace: string, name: string) =>
    ({ ...(await c.conn.getJson<Service>(`/api/v1/namespaces/${namespace}/services/${name}`)), kind: 'Service' }) as Service;

  it('resolves a named targetPort on the pod: listener 80 reaches container port 10080 (Envoy Gateway shift)', async () => {
    cluster = await startCluster({
      objects: dataPlaneObjects({
        namespace: 'infra',
        service: 'gw',
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'https', port: 443, targetPort: 'https' },
        ],
        pods: [{ name: 'gw-1', containerPorts: [{ name: 'http', containerPort: 10080 }, { name: 'https', containerPort: 10443 }] }],
      }),
    });
    const target = await pickPodPort(cluster.conn, await serviceOf(cluster, 'infra', 'gw'), 80);
    assert.deepEqual(target.pod, { namespace: 'infra', name: 'gw-1' });
    assert.equal(target.containerPort, 10080);
    assert.notEqual(target.containerPort, 80);
    assert.match(target.resolution, /targetPort "http" = container port 10080 of pod gw-1/);
    assert.equal((await pickPodPort(cluster.conn, await serviceOf(cluster, 'infra', 'gw'), 443)).containerPort, 10443);
  });

  it('uses a numeric targetPort as it is, and the port itself when targetPort is absent', async () => {
    cluster = await startCluster({
      objects: dataPlaneObjects({
        namespace: 'infra',
        service: 'gw',
        ports: [{ name: 'http', port: 80, targetPort: 10080 }, { name: 'alt', port: 8080 }],
        pods: [{ name: 'gw-1' }],
      }),
    });
    const svc = await serviceOf(cluster, 'infra', 'gw');
    assert.equal((await pickPodPort(cluster.conn, svc, 80)).containerPort, 10080);
    assert.equal((await pickPodPort(cluster.conn, svc, 8080)).containerPort, 8080);
  });

  it('picks a ready pod, skipping not-ready and terminating ones, with one EndpointSlice list', async () => {
    cluster = await startCluster({
      objects: dataPlaneObjects({
        namespace: 'infra',
        service: 'gw',
        ports: [{ port: 80, targetPort: 10080 }],
        pods: [{ name: 'gw-a', ready: false }, { name: 'gw-b', terminating: true, ready: false }, { name: 'gw-c' }],
      }),
    });
    const svc = await serviceOf(cluster, 'infra', 'gw');
    cluster.api.clearRequests();
    const target = await pickPodPort(cluster.conn, svc, 80);
    assert.equal(target.pod.name, 'gw-c');
    assert.deepEqual(
      cluster.api.requests.map((r) => `${r.path}?${r.query.labelSelector}`),
      ['/apis/discovery.k8s.io/v1/namespaces/infra/endpointslices?kubernetes.io/service-name=gw'],
    );
  });

  it('says which endpoints it found when none is ready', async () => {
    cluster = await startCluster({
      objects: dataPlaneObjects({ namespace: 'infra', service: 'gw', ports: [{ port: 80 }], pods: [{ name: 'gw-a', ready: false }] }),
    });
    await assert.rejects(pickPodPort(cluster.conn, await serviceOf(cluster, 'infra', 'gw'), 80), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, 'Service infra/gw has no ready gateway pod to port-forward to (found pod gw-a not ready)');
      return true;
    });
  });

  it('says which ports the Service has when none is the listener port', async () => {
    cluster = await startCluster({
      objects: dataPlaneObjects({ namespace: 'infra', service: 'gw', ports: [{ name: 'http', port: 80 }], pods: [{ name: 'gw-a' }] }),
    });
    await assert.rejects(pickPodPort(cluster.conn, await serviceOf(cluster, 'infra', 'gw'), 443), /Service infra\/gw has no TCP port 443 for the listener \(it has 80 \(http\)\)/);
  });

  it('says which ports the pod declares when a named targetPort is not among them', async () => {
    const objects = dataPlaneObjects({
      namespace: 'infra',
      service: 'gw',
      ports: [{ name: 'web', port: 80, targetPort: 'web' }],
      pods: [{ name: 'gw-a', containerPorts: [{ name: 'metrics', containerPort: 19001 }] }],
    });
    // An EndpointSlice without ports: nothing else to resolve the name with.
    (objects[1] as { ports?: unknown }).ports = [];
    cluster = await startCluster({ objects });
    await assert.rejects(
      pickPodPort(cluster.conn, await serviceOf(cluster, 'infra', 'gw'), 80),
      /pod infra\/gw-a has no container port named "web" .* it declares metrics=19001/,
    );
  });
});

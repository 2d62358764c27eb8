// Upstream: conformance/tests/tlsroute-simple-same-namespace.go, TLSRouteSimpleSameNamespace.
import assert from 'node:assert/strict';
import { conformanceSnapshot, gatewayAndTLSRoutesMustBeAccepted, graphOf, INFRA, namespacesMustBeReady, route } from './support.js';

describe('conformance TLSRouteSimpleSameNamespace', () => {
  it('a TLSRoute attaches to a TLS Passthrough listener in its namespace', () => {
    const snapshot = conformanceSnapshot('tlsroute-simple-same-namespace');
    const graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const routeNN = { namespace: INFRA, name: 'gateway-conformance-infra-test' };
    gatewayAndTLSRoutesMustBeAccepted(graph, { namespace: INFRA, name: 'gateway-tlsroute' }, routeNN);
    // "unexpected error in test configuration, found %d hostnames" unless exactly one.
    assert.equal(route(graph, 'TLSRoute', routeNN).hostnames.length, 1);
  });
});

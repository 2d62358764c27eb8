// Upstream: conformance/tests/gateway-with-attached-routes.go, GatewayWithAttachedRoutesWithPort8080.
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA, readyHTTPListener } from './support.js';

describe('conformance GatewayWithAttachedRoutesWithPort8080', () => {
  it('Gateway listener should have attached route by specifying the sectionName', () => {
    const graph = conformanceGraph('gateway-with-attached-routes-with-port-8080');
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-with-two-listeners-and-one-attached-route' }, [
      readyHTTPListener('http-unattached', 0),
      readyHTTPListener('http', 1),
    ]);
  });
});

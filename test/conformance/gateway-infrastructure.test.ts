// Upstream: conformance/tests/gateway-infrastructure.go, GatewayInfrastructure. Of what it checks,
// the Gateway's acceptance is the spec's; the propagation of labels and annotations to generated
// resources is the implementation's.
import { conformanceSnapshot, gatewayMustHaveCondition, graphOf, INFRA, namespacesMustBeReady } from './support.js';

describe('conformance GatewayInfrastructure', () => {
  it('the Gateway is accepted with infrastructure declared', () => {
    const snapshot = conformanceSnapshot('gateway-infrastructure');
    const graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    gatewayMustHaveCondition(graph, { namespace: INFRA, name: 'gateway-with-infrastructure-metadata' }, { type: 'Accepted', status: 'True' });
  });
});

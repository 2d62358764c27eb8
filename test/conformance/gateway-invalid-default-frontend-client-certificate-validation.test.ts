// Upstream: conformance/tests/gateway-invalid-default-frontend-client-certificate-validation.go,
// GatewayFrontendInvalidDefaultClientCertificateValidation: an invalid default client-certificate
// validation affects the HTTPS listener only (manifest written to the shape the test asserts on).
import { conformanceGraph, gatewayListenerMustHaveConditions, INFRA } from './support.js';

describe('conformance GatewayFrontendInvalidDefaultClientCertificateValidation', () => {
  const gwNN = { namespace: INFRA, name: 'invalid-default-client-validation-config' };
  it('Validate tls configuration does not impact HTTP listener', () => {
    gatewayListenerMustHaveConditions(conformanceGraph('gateway-invalid-default-frontend-client-certificate-validation'), gwNN, 'http', [
      { type: 'ResolvedRefs', status: 'True' },
      { type: 'Accepted', status: 'True' },
      { type: 'Programmed', status: 'True' },
    ]);
  });
  it('Validate that invalid default configuration is impacting HTTPS listener', () => {
    gatewayListenerMustHaveConditions(conformanceGraph('gateway-invalid-default-frontend-client-certificate-validation'), gwNN, 'https', [
      { type: 'ResolvedRefs', status: 'False', reason: 'InvalidCACertificateRef' },
      { type: 'Accepted', status: 'False', reason: 'NoValidCACertificate' },
      { type: 'Programmed', status: 'False' },
    ]);
  });
});

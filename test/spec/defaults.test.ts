import assert from 'node:assert/strict';
import {
  allowedRoutesWithDefaults,
  backendRefWithDefaults,
  certificateRefWithDefaults,
  parentRefWithDefaults,
  tlsModeOf,
} from '../../src/spec/defaults.js';

describe('spec/defaults', () => {
  it('parentRef: group gateway.networking.k8s.io, kind Gateway, the route namespace', () => {
    assert.deepEqual(parentRefWithDefaults({ name: 'gw' }, 'apps'), { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'apps', name: 'gw' });
    assert.deepEqual(parentRefWithDefaults({ group: '', kind: 'Service', name: 'api', port: 8080, sectionName: '' }, 'apps'), {
      group: '',
      kind: 'Service',
      namespace: 'apps',
      name: 'api',
      port: 8080,
    });
  });
  it('backendRef: group "", kind Service, the route namespace, weight 1', () => {
    assert.deepEqual(backendRefWithDefaults({ name: 'api', port: 80 }, 'apps'), { group: '', kind: 'Service', namespace: 'apps', name: 'api', port: 80, weight: 1 });
    assert.equal(backendRefWithDefaults({ name: 'api', weight: 0 }, 'apps').weight, 0);
  });
  it("certificateRef: group \"\", kind Secret, the gateway's namespace", () => {
    assert.deepEqual(certificateRefWithDefaults({ name: 'c' }, 'infra'), { group: '', kind: 'Secret', namespace: 'infra', name: 'c' });
  });
  it('allowedRoutes: namespaces.from Same, no kinds', () => {
    assert.deepEqual(allowedRoutesWithDefaults({ name: 'l', port: 80, protocol: 'HTTP' }), { from: 'Same', selector: undefined, kinds: [] });
  });
  it('TLS mode defaults to Terminate, for HTTPS and TLS as the spec spells them', () => {
    assert.equal(tlsModeOf({ name: 'l', port: 443, protocol: 'https' }), undefined);
    assert.equal(tlsModeOf({ name: 'l', port: 443, protocol: 'HTTPS' }), 'Terminate');
    assert.equal(tlsModeOf({ name: 'l', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } }), 'Passthrough');
    assert.equal(tlsModeOf({ name: 'l', port: 80, protocol: 'HTTP' }), undefined);
  });
});

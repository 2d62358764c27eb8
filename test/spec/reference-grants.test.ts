import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { ReferenceGrant } from '../../src/model/objects.js';
import { referenceAllowed } from '../../src/spec/reference-grants.js';

const grant = (yaml: string) => parse(yaml) as ReferenceGrant;

// conformance httproute-reference-grant: HTTPRoutes in gateway-conformance-infra may reference the
// Service web-backend in gateway-conformance-web-backend.
const SPECIFIC = grant(`
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: reference-grant, namespace: gateway-conformance-web-backend}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: gateway-conformance-infra}]
  to: [{group: "", kind: Service, name: web-backend}]
`);
const ALL_SERVICES = grant(`
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: all-services, namespace: backends}
spec:
  from: [{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: apps}]
  to: [{group: "", kind: Service}]
`);
const SECRETS = grant(`
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: certs, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
  to: [{group: "", kind: Secret, name: wildcard}]
`);
const GRANTS = [SPECIFIC, ALL_SERVICES, SECRETS];

const route = (kind: string, namespace: string) => ({ group: 'gateway.networking.k8s.io', kind, namespace });
const svc = (namespace: string, name: string) => ({ group: '', kind: 'Service', namespace, name });

describe('spec/reference-grants', () => {
  const cases: Array<[string, ReturnType<typeof route>, ReturnType<typeof svc>, boolean, string | undefined]> = [
    ['same namespace needs no grant', route('HTTPRoute', 'a'), svc('a', 'x'), true, undefined],
    ['grant names the Service', route('HTTPRoute', 'gateway-conformance-infra'), svc('gateway-conformance-web-backend', 'web-backend'), true, 'gateway-conformance-web-backend/reference-grant'],
    ['grant names another Service', route('HTTPRoute', 'gateway-conformance-infra'), svc('gateway-conformance-web-backend', 'other'), false, undefined],
    ['grant is for another route namespace', route('HTTPRoute', 'elsewhere'), svc('gateway-conformance-web-backend', 'web-backend'), false, undefined],
    ['grant is for another route kind', route('GRPCRoute', 'gateway-conformance-infra'), svc('gateway-conformance-web-backend', 'web-backend'), false, undefined],
    ['to without name allows every Service of the namespace', route('GRPCRoute', 'apps'), svc('backends', 'anything'), true, 'backends/all-services'],
    ['no grant in the target namespace', route('HTTPRoute', 'apps'), svc('nowhere', 'x'), false, undefined],
    ['Gateway -> Secret by name', { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }, { group: '', kind: 'Secret', namespace: 'certs', name: 'wildcard' }, true, 'certs/certs'],
    ['a grant for Secrets does not allow Services', route('HTTPRoute', 'infra'), svc('certs', 'wildcard'), false, undefined],
  ];
  for (const [name, from, to, allowed, by] of cases) {
    it(name, () => {
      const v = referenceAllowed(from, to, GRANTS);
      assert.equal(v.allowed, allowed);
      assert.equal(v.grant, by);
    });
  }
  it('a grant in the referrer namespace does not count (it must live in the target namespace)', () => {
    const misplaced = { ...SPECIFIC, metadata: { name: 'wrong-place', namespace: 'gateway-conformance-infra' } };
    assert.equal(referenceAllowed(route('HTTPRoute', 'gateway-conformance-infra'), svc('gateway-conformance-web-backend', 'web-backend'), [misplaced]).allowed, false);
  });
});

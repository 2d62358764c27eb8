// Choosing the version of each Gateway API kind from what the cluster serves.
import assert from 'node:assert/strict';
import { chooseServedKinds, compareKubeVersions } from '../../src/kube/discovery.js';

type Serves = Parameters<typeof chooseServedKinds>[1];

function serves(groups: Record<string, Record<string, string[]>>): Serves {
  const out: Serves = new Map();
  for (const [group, versions] of Object.entries(groups)) {
    const byVersion = new Map();
    for (const [version, kinds] of Object.entries(versions)) {
      byVersion.set(version, new Map(kinds.map((k) => [k, { plural: `${k.toLowerCase()}s`, namespaced: k !== 'GatewayClass' }])));
    }
    out.set(group, byVersion);
  }
  return out;
}

const G = 'gateway.networking.k8s.io';
const X = 'gateway.networking.x-k8s.io';

describe('kube/discovery', () => {
  it('orders versions the Kubernetes way: GA, then beta, then alpha, higher numbers first', () => {
    const sorted = ['v1alpha2', 'v1beta1', 'v1alpha3', 'v2', 'v1', 'v2beta1', 'foo'].sort(compareKubeVersions);
    assert.deepEqual(sorted, ['v2', 'v1', 'v2beta1', 'v1beta1', 'v1alpha3', 'v1alpha2', 'foo']);
  });

  it("takes the group's preferred version when it serves the kind, else the newest that does", () => {
    const groups = { groups: [{ name: G, preferredVersion: { groupVersion: `${G}/v1beta1`, version: 'v1beta1' } }] };
    const served = chooseServedKinds(
      groups,
      serves({ [G]: { v1: ['Gateway', 'HTTPRoute'], v1beta1: ['Gateway', 'ReferenceGrant'], v1alpha2: ['TLSRoute', 'ReferenceGrant'], v1alpha3: ['TLSRoute'] } }),
    );
    assert.equal(served.gateways?.version, 'v1beta1');
    assert.equal(served.httproutes?.version, 'v1');
    assert.equal(served.referencegrants?.version, 'v1beta1');
    assert.equal(served.tlsroutes?.version, 'v1alpha3');
    assert.equal(served.udproutes, undefined);
  });

  it('reads ListenerSet from the standard group when served, else XListenerSet from the experimental one', () => {
    const experimentalOnly = chooseServedKinds({}, serves({ [G]: { v1: ['Gateway'] }, [X]: { v1alpha1: ['XListenerSet'] } }));
    assert.deepEqual(experimentalOnly.listenersets, {
      group: X,
      version: 'v1alpha1',
      kind: 'XListenerSet',
      plural: 'xlistenersets',
      namespaced: true,
      resource: 'listenersets',
    });
    const both = chooseServedKinds({}, serves({ [G]: { v1: ['ListenerSet'] }, [X]: { v1alpha1: ['XListenerSet'] } }));
    assert.equal(both.listenersets?.kind, 'ListenerSet');
  });
});

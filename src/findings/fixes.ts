// Ready-to-apply YAML for the fixes the findings suggest.
import { stringify } from 'yaml';

/** A ReferenceGrant in the target's namespace letting `from` refer to `to` (by name). */
export function referenceGrantYaml(
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; namespace: string; name: string },
): string {
  const grant = {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: `allow-${from.namespace}-${from.kind.toLowerCase()}s`.slice(0, 63), namespace: to.namespace },
    spec: {
      from: [{ group: from.group, kind: from.kind, namespace: from.namespace }],
      to: [{ group: to.group, kind: to.kind, name: to.name }],
    },
  };
  return stringify(grant, { lineWidth: 0 });
}

// Cross-namespace references and ReferenceGrant (apis/v1beta1 and v1 referencegrant_types.go).
//
// ReferenceGrant: "identifies kinds of resources in other namespaces that are trusted to
// reference the specified kinds of resources in the same namespace as the policy."
//   From: "Define the namespaces that can refer to the resources specified in To. For each
//          entry, the Group, Kind and Namespace must all match."
//   To:   "The resources in this namespace that may be referred to by the resources in From."
//         ReferenceGrantTo.Name: "When unspecified, this policy refers to all resources of the
//         specified Group and Kind in the local namespace."
// A grant only ever allows references INTO its own namespace, so the grants to look at are the
// ones in the target's namespace. Group "" is the core group (Service, Secret).
import type { ReferenceGrant } from '../model/objects.js';

export interface ReferenceFrom {
  group: string;
  kind: string;
  namespace: string;
}

export interface ReferenceTo {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface ReferenceVerdict {
  allowed: boolean;
  /** True when no grant is needed: referrer and target share a namespace. */
  sameNamespace: boolean;
  /** "namespace/name" of the ReferenceGrant that allowed it, for explain. */
  grant?: string;
}

/**
 * Is a reference from `from` to `to` allowed? Same namespace: always. Otherwise only when a
 * ReferenceGrant in the target namespace lists the referrer in `from` and the target in `to`.
 * `grants` may hold grants of any namespace; only those in the target's namespace count.
 */
export function referenceAllowed(from: ReferenceFrom, to: ReferenceTo, grants: readonly ReferenceGrant[]): ReferenceVerdict {
  if (from.namespace === to.namespace) return { allowed: true, sameNamespace: true };
  for (const grant of grants) {
    if ((grant.metadata.namespace ?? 'default') !== to.namespace) continue;
    const fromOk = (grant.spec?.from ?? []).some(
      (f) => (f.group ?? '') === from.group && f.kind === from.kind && f.namespace === from.namespace,
    );
    if (!fromOk) continue;
    const toOk = (grant.spec?.to ?? []).some(
      (t) => (t.group ?? '') === to.group && t.kind === to.kind && (!t.name || t.name === to.name),
    );
    if (toOk) return { allowed: true, sameNamespace: false, grant: `${to.namespace}/${grant.metadata.name}` };
  }
  return { allowed: false, sameNamespace: false };
}


// The snapshot's object lists, each with how to key its items, so that "the same object" (same
// kind, namespace and name) can be found in any of them: for duplicates across -f files and for
// laying files over a cluster snapshot.
import type { ConfigMapFacts, KubeObject, SecretFacts } from '../model/objects.js';
import { CLUSTER_OBJECT_LISTS, objectKey, type Snapshot } from '../model/snapshot.js';

export type ObjectList = Exclude<keyof Snapshot, 'coverage' | 'origins' | 'notes'>;

export const OBJECT_LISTS: readonly ObjectList[] = [...CLUSTER_OBJECT_LISTS, 'secrets', 'configMaps', 'events'];

/** objectKey() of an item of any list; SecretFacts carry no kind, they are all Secrets. */
export function itemKey(list: ObjectList, item: KubeObject | SecretFacts | ConfigMapFacts): string {
  if (list === 'secrets') {
    const secret = item as SecretFacts;
    return objectKey('Secret', secret.namespace, secret.name);
  }
  if (list === 'configMaps') {
    const cm = item as ConfigMapFacts;
    return objectKey('ConfigMap', cm.namespace, cm.name);
  }
  const obj = item as KubeObject;
  return objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name);
}

export function itemsOf(snapshot: Snapshot, list: ObjectList): Array<KubeObject | SecretFacts | ConfigMapFacts> {
  return snapshot[list] as Array<KubeObject | SecretFacts | ConfigMapFacts>;
}

/** Removes the first item with this key from whichever list holds it; true if one was found. */
export function removeFirstWithKey(snapshot: Snapshot, key: string): boolean {
  for (const list of OBJECT_LISTS) {
    const items = itemsOf(snapshot, list);
    const index = items.findIndex((item) => itemKey(list, item) === key);
    if (index !== -1) {
      items.splice(index, 1);
      return true;
    }
  }
  return false;
}

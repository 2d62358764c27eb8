// `check -f CHANGE --against-cluster`: the cluster as it would be once CHANGE is applied. An
// object from the files replaces the cluster's object of the same kind, namespace and name (as
// `kubectl apply` would), keeping its place in the list; new objects are added at the end.
// Coverage stays the cluster's: the files add objects, they do not make a forbidden list readable.
import type { Snapshot } from '../model/snapshot.js';
import { itemKey, itemsOf, OBJECT_LISTS } from './snapshot-keys.js';

export function overlaySnapshot(base: Snapshot, overlay: Snapshot): Snapshot {
  const result: Snapshot = {
    ...base,
    coverage: { ...base.coverage },
    origins: { ...base.origins, ...overlay.origins },
    notes: [...base.notes, ...overlay.notes],
  };
  for (const list of OBJECT_LISTS) {
    const merged = [...itemsOf(base, list)];
    const indexByKey = new Map(merged.map((item, i) => [itemKey(list, item), i]));
    for (const item of itemsOf(overlay, list)) {
      const key = itemKey(list, item);
      const at = indexByKey.get(key);
      if (at === undefined) {
        indexByKey.set(key, merged.length);
        merged.push(item);
      } else {
        merged[at] = item;
      }
    }
    (result as unknown as Record<string, unknown>)[list] = merged;
  }
  return result;
}

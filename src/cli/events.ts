// Recent Events of one object for explain: asked of the cluster (one GET with a field selector),
// or taken from the -f files. Events that cannot be read are said, never fatal.
import type { KubeEvent } from '../model/objects.js';
import type { LoadedSource } from './load.js';

export async function eventsFor(
  source: LoadedSource,
  kind: string,
  namespace: string,
  name: string,
  note: (line: string) => void,
): Promise<KubeEvent[]> {
  if (!source.connection) {
    return source.snapshot.events.filter(
      (e) => e.involvedObject.kind === kind && e.involvedObject.name === name && (e.involvedObject.namespace ?? e.metadata.namespace) === namespace,
    );
  }
  const { listEvents } = await import('../kube/lookups.js');
  try {
    return await listEvents(source.connection, kind, namespace, name);
  } catch (e) {
    note(`warning: could not read events: ${(e as Error).message}`);
    return [];
  }
}

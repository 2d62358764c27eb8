// Single reads the commands make beside the snapshot: an object's Events for `explain`, and the
// Service behind a Gateway for the probe.
import { ApiError } from '../model/errors.js';
import type { KubeEvent, Service } from '../model/objects.js';
import type { Connection } from './connection.js';

const ns = (namespace: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}`;

/**
 * The core/v1 Events about one object, oldest first, in one GET. The field selector matches
 * kind and name only (as `kubectl describe` does): an object deleted and re-created under the
 * same name shares its predecessor's recent Events. A 403 throws ApiError (status 403) so the
 * caller can say the Events could not be read.
 */
export async function listEvents(conn: Connection, kind: string, namespace: string, name: string): Promise<KubeEvent[]> {
  const list = await conn.getJson<{ items?: KubeEvent[] }>(`${ns(namespace)}/events`, {
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  const when = (e: KubeEvent) => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '';
  return (list.items ?? [])
    .map((e) => ({ ...e, apiVersion: 'v1', kind: 'Event' as const }))
    .sort((a, b) => when(a).localeCompare(when(b)));
}

/** One Service, or null when it does not exist. */
export async function getService(conn: Connection, namespace: string, name: string): Promise<Service | null> {
  try {
    const svc = await conn.getJson<Service>(`${ns(namespace)}/services/${encodeURIComponent(name)}`);
    return { ...svc, apiVersion: 'v1', kind: 'Service' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

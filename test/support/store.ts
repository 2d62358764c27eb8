// The test API server's object store: objects by storage kind, with the metadata defaults the
// real apiserver fills on create, and the per-version views it serves (apiVersion/kind rewritten
// to the requested group/version; core and events.k8s.io Events converted field by field).
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../src/model/objects.js';
import { apiVersionOf, groupOf, type ServedResource } from './resources.js';

/**
 * Storage identity of a kind. The core and events.k8s.io APIs serve the same Event objects, as
 * in kube-apiserver; every other kind is stored under its own group.
 */
function storageKey(group: string, kind: string): string {
  return kind === 'Event' && (group === '' || group === 'events.k8s.io') ? 'Event' : `${group}/${kind}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

// Field renames between core/v1 Event and events.k8s.io/v1 Event
// (k8s.io/kubernetes pkg/apis/events/v1/conversion.go).
const EVENT_RENAMES: Array<[core: string, events: string]> = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
];

function convertEvent(obj: KubeObject, toGroup: string): KubeObject {
  const fromGroup = groupOf(obj.apiVersion);
  if (fromGroup === toGroup) return obj;
  const out: Record<string, unknown> = { ...obj };
  for (const [core, events] of EVENT_RENAMES) {
    const [from, to] = toGroup === 'events.k8s.io' ? [core, events] : [events, core];
    if (from in out) {
      out[to] = out[from];
      delete out[from];
    }
  }
  return out as KubeObject;
}

/** One change, as a watch reports it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  revision: number;
  /** Storage identity of the object's kind. */
  key: string;
  /** The object as stored after the change (for DELETED, as it was, with the deletion's revision). */
  object: KubeObject;
}

/** A change in the requested group/version, for one watch. */
export interface WatchEventOut {
  type: StoreEvent['type'];
  object: KubeObject;
}

export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private revision = 1;
  /** Changes newer than `compacted`, oldest first: what a watch from an older revision replays. */
  private history: StoreEvent[] = [];
  private compacted = 1;
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  /** The current resourceVersion (advances on every change). */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /**
   * Stores a copy of `obj`, filling what the apiserver fills on create (uid, resourceVersion,
   * creationTimestamp, generation) and keeping any value the caller gave.
   */
  put(obj: KubeObject, namespaced: boolean): void {
    if (!obj?.apiVersion || !obj.kind || !obj.metadata?.name) {
      throw new Error(`object needs apiVersion, kind and metadata.name: ${JSON.stringify(obj)?.slice(0, 200)}`);
    }
    const stored = structuredClone(obj);
    const meta = stored.metadata;
    this.revision++;
    if (namespaced) meta.namespace ||= 'default';
    else delete meta.namespace;
    meta.uid ??= randomUUID();
    meta.resourceVersion ??= String(this.revision);
    meta.creationTimestamp ??= new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    meta.generation ??= 1;
    if (stored.kind === 'Namespace' && groupOf(stored.apiVersion) === '') {
      // The NamespaceDefaultLabelName admission sets this immutable label on every namespace.
      meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
      stored.status ??= { phase: 'Active' };
    }
    const key = storageKey(groupOf(stored.apiVersion), stored.kind);
    if (!this.objects.has(key)) this.objects.set(key, new Map());
    const byName = this.objects.get(key)!;
    const existed = byName.has(objectKey(meta.namespace, meta.name));
    // An update always gets the new revision, as the apiserver's storage gives it.
    if (existed) meta.resourceVersion = String(this.revision);
    byName.set(objectKey(meta.namespace, meta.name), stored);
    this.record({ type: existed ? 'MODIFIED' : 'ADDED', revision: this.revision, key, object: stored });
  }

  /**
   * Removes an object by kind (in any group), namespace and name. Returns whether one was found.
   */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const removed: Array<{ key: string; object: KubeObject }> = [];
    for (const [key, byName] of this.objects) {
      if (key !== kind && !key.endsWith(`/${kind}`)) continue;
      // A cluster-scoped object is stored without namespace; accept either spelling.
      const keys = namespace === undefined ? [objectKey(namespace, name)] : [objectKey(namespace, name), objectKey(undefined, name)];
      for (const k of keys) {
        const object = byName.get(k);
        if (object && byName.delete(k)) removed.push({ key, object });
      }
    }
    if (removed.length === 0) return false;
    this.revision++;
    for (const { key, object } of removed) {
      const last = { ...object, metadata: { ...object.metadata, resourceVersion: String(this.revision) } };
      this.record({ type: 'DELETED', revision: this.revision, key, object: last });
    }
    return true;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Forgets the history up to now, as etcd compaction does: a watch from an older
   * resourceVersion can no longer be served (410 Gone).
   */
  compact(): void {
    this.compacted = this.revision;
    this.history = [];
  }

  /**
   * The changes to `resource` (in `namespace`, or all) after `resourceVersion`, in the requested
   * group/version; 'expired' when that resourceVersion is older than the history kept.
   */
  changesSince(resource: ServedResource, namespace: string | undefined, resourceVersion: number): WatchEventOut[] | 'expired' {
    if (resourceVersion < this.compacted) return 'expired';
    return this.history
      .filter((e) => e.revision > resourceVersion && this.concerns(e, resource, namespace))
      .map((e) => ({ type: e.type, object: this.view(e.object, resource) }));
  }

  /** Calls `fn` with each later change to `resource` (in `namespace`, or all); returns how to stop. */
  subscribe(resource: ServedResource, namespace: string | undefined, fn: (event: WatchEventOut) => void): () => void {
    const listener = (e: StoreEvent) => {
      if (this.concerns(e, resource, namespace)) fn({ type: e.type, object: this.view(e.object, resource) });
    };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private concerns(e: StoreEvent, resource: ServedResource, namespace: string | undefined): boolean {
    return e.key === storageKey(resource.group, resource.kind) && (namespace === undefined || e.object.metadata.namespace === namespace);
  }

  /** One object as served under `resource`'s group/version, or undefined. */
  get(resource: ServedResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const stored = this.objects.get(storageKey(resource.group, resource.kind))?.get(objectKey(namespace, name));
    return stored && this.view(stored, resource);
  }

  /**
   * Every object of `resource` (in `namespace`, or all), ordered by namespace then name, as the
   * apiserver's etcd key order gives them.
   */
  list(resource: ServedResource, namespace?: string): KubeObject[] {
    const byName = this.objects.get(storageKey(resource.group, resource.kind));
    if (!byName) return [];
    return [...byName.entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => this.view(o, resource));
  }

  /** A copy of `obj` in the requested group/version. */
  private view(obj: KubeObject, resource: ServedResource): KubeObject {
    const converted = resource.kind === 'Event' ? convertEvent(obj, resource.group) : obj;
    return { ...structuredClone(converted), apiVersion: apiVersionOf(resource.group, resource.version), kind: resource.kind };
  }
}

// Watch mode's view of the cluster: the snapshot a command read first, kept current by one
// list-then-watch loop per kind (the reflector pattern of client-go): list, then watch from the
// list's resourceVersion; ADDED, MODIFIED and DELETED events update the copy, BOOKMARKs only move
// the resourceVersion on. When a watch ends (the server or the network dropped it) or the server
// says 410 Gone (the resourceVersion is older than what it keeps), the kind is listed again, so
// no change in between is missed. Read-only: GET list and GET watch, nothing else.
//
// Only kinds the first read could list whole (cluster-wide) are watched. What it could not read,
// or read only in part, stays as first read. The listener Secrets and CA ConfigMaps are read by
// name (GET, never list or watch: the plugin has no business listing Secrets), so they cannot be
// watched: they are read again when a Gateway, ListenerSet or ReferenceGrant changes (which may
// change which ones are named), and every 30 s, so that a rotated certificate shows.
import { setMaxListeners } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../model/errors.js';
import type { KubeObject } from '../model/objects.js';
import { CLUSTER_OBJECT_LISTS, emptySnapshot, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { addObject } from '../snapshot/collect.js';
import type { Connection } from './connection.js';
import { discoverGatewayApi, discoverPolicyKinds, type ServedKind } from './discovery.js';
import { addReferencedConfigMaps } from './configmaps.js';
import { addListenerSecrets } from './secrets.js';
import { CORE_KINDS } from './source.js';

/** One event of a watch stream (k8s.io/apimachinery metav1.WatchEvent). */
interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

interface ListPage {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

export interface ClusterWatchOptions {
  /** Ends every request and timer: Ctrl-C. */
  signal: AbortSignal;
  /** Called (synchronously, often in bursts) whenever the copy of the cluster changed. */
  onChange: () => void;
  /** Progress and trouble, one line each (re-lists, dropped watches, failures being retried). */
  log?: (line: string) => void;
  pageSize?: number;
  /** How often the Secrets and ConfigMaps read by name are read again (default 30 s). */
  rereadByNameMs?: number;
}

const REREAD_BY_NAME_MS = 30_000;

const PAGE_SIZE = 500;
/** Retry delays after failed lists or short-lived watches: 1 s doubling to 30 s. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** A watch that lasted this long was healthy: its end re-lists at once. */
const HEALTHY_WATCH_MS = 10_000;

/** Why a watch stream ended. */
type WatchEnd = { kind: 'expired'; message: string } | { kind: 'dropped' } | { kind: 'aborted' };

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function basePath(t: ServedKind): string {
  return t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
}

function apiVersionOf(t: ServedKind): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** One kind, listed and watched, its objects by namespace/name. */
class KindMirror {
  readonly objects = new Map<string, KubeObject>();
  /** The first list is in: until every kind's is, the copy is not shown. */
  listed = false;
  private resourceVersion = '';

  constructor(
    readonly target: ServedKind,
    /** The collection URL path (cluster-wide). */
    readonly path: string,
    private readonly conn: Connection,
    private readonly opts: ClusterWatchOptions,
  ) {}

  private label(): string {
    return `${this.target.plural}.${this.target.group || 'core'}`;
  }

  /** Lists and watches until the signal aborts. */
  async run(): Promise<void> {
    const { signal, log } = this.opts;
    // Watches that end soon after they start, or lists that fail, back off: at once the first
    // time, then 1 s doubling to 30 s. A watch that lasted a while re-lists at once.
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await this.list();
        const end = await this.watch();
        if (end.kind === 'aborted') return;
        log?.(
          end.kind === 'expired'
            ? `watch of ${this.label()}: ${end.message}; listing again`
            : `watch of ${this.label()} was dropped; listing again`,
        );
        failures = Date.now() - started >= HEALTHY_WATCH_MS ? 0 : failures + 1;
      } catch (e) {
        if (signal.aborted) return;
        log?.(`watch of ${this.label()}: ${(e as Error).message}; retrying`);
        failures++;
      }
      if (failures > 1) await sleep(Math.min(FIRST_RETRY_MS * 2 ** (failures - 2), MAX_RETRY_MS), signal);
    }
  }

  /** Replaces the copy with a fresh list; the list's resourceVersion is where the watch starts. */
  private async list(): Promise<void> {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.conn.getJson<ListPage>(this.path, { limit: this.opts.pageSize ?? PAGE_SIZE, continue: token });
      // The first page's resourceVersion is the list's: later pages are read from the same one.
      resourceVersion ||= page.metadata?.resourceVersion ?? '';
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
    } while (token);
    this.objects.clear();
    for (const item of items) this.store(item);
    this.resourceVersion = resourceVersion;
    this.listed = true;
    this.opts.onChange();
  }

  private store(obj: KubeObject): void {
    // Typed lists (core, discovery.k8s.io) leave apiVersion and kind out of their items.
    const full = { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(this.target), kind: obj.kind ?? this.target.kind };
    this.objects.set(`${full.metadata.namespace ?? ''}/${full.metadata.name}`, full);
  }

  /** Follows the watch stream until it ends, applying each event. */
  private async watch(): Promise<WatchEnd> {
    const { signal } = this.opts;
    let res: IncomingMessage;
    try {
      res = await this.conn.stream(this.path, {
        watch: 1,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: 'true',
      }, signal);
    } catch (e) {
      if (signal.aborted) return { kind: 'aborted' };
      // A resourceVersion already compacted away can also be refused before the stream starts.
      if (e instanceof ApiError && e.status === 410) return { kind: 'expired', message: e.message };
      throw e;
    }
    return new Promise<WatchEnd>((resolve) => {
      let buffered = '';
      let settled = false;
      const finish = (end: WatchEnd) => {
        if (settled) return;
        settled = true;
        res.destroy();
        resolve(end);
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        // The server writes one JSON object per line.
        let newline: number;
        while (!settled && (newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line === '') continue;
          let event: WatchEvent;
          try {
            event = JSON.parse(line) as WatchEvent;
          } catch {
            finish({ kind: 'dropped' });
            return;
          }
          const end = this.apply(event);
          if (end) finish(end);
        }
      });
      res.on('end', () => finish(signal.aborted ? { kind: 'aborted' } : { kind: 'dropped' }));
      res.on('error', () => finish(signal.aborted ? { kind: 'aborted' } : { kind: 'dropped' }));
      res.on('close', () => finish(signal.aborted ? { kind: 'aborted' } : { kind: 'dropped' }));
    });
  }

  /** Applies one event; returns how the watch ends when the event ends it. */
  private apply(event: WatchEvent): WatchEnd | undefined {
    const obj = event.object;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.store(obj);
        break;
      case 'DELETED':
        this.objects.delete(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
        break;
      case 'BOOKMARK':
        // Nothing changed; only the position to resume from moved on.
        this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
        return undefined;
      case 'ERROR':
        // A Status: 410 Expired/Gone when the resourceVersion is too old; anything else ends the
        // watch the same way (list again).
        return obj.code === 410
          ? { kind: 'expired', message: `410 Gone (${obj.message ?? 'resourceVersion too old'})` }
          : { kind: 'dropped' };
      default:
        return undefined;
    }
    this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
    this.opts.onChange();
    return undefined;
  }
}

/** Kinds whose change may change which Secrets and CA ConfigMaps the listeners name. */
const NAMERS = new Set<ResourceName>(['gateways', 'listenersets', 'referencegrants']);

/** What is read by name, not watched: the listener Secrets and the CA ConfigMaps, with coverage. */
interface ReadByName {
  secrets: Snapshot['secrets'];
  secretsCoverage: Snapshot['coverage']['secrets'];
  configMaps: Snapshot['configMaps'];
  configMapsCoverage: Snapshot['coverage']['configmaps'];
}

export class ClusterWatch {
  private mirrors: KindMirror[] = [];
  private byNameStale = false;
  private byName: ReadByName;

  private constructor(
    private readonly conn: Connection,
    private readonly first: Snapshot,
    private readonly opts: ClusterWatchOptions,
  ) {
    this.byName = { secrets: first.secrets, secretsCoverage: first.coverage.secrets, configMaps: first.configMaps, configMapsCoverage: first.coverage.configmaps };
  }

  /**
   * Starts watching every kind `first` (the command's first read) holds completely. Returns once
   * the watches are set up; `done` settles when the signal aborts.
   */
  static async start(conn: Connection, first: Snapshot, opts: ClusterWatchOptions): Promise<ClusterWatch> {
    const watch = new ClusterWatch(conn, first, opts);
    // Every kind's requests and retry timers listen on the one signal: a dozen or more is expected.
    setMaxListeners(0, opts.signal);
    const [gateway, policies] = await Promise.all([discoverGatewayApi(conn), discoverPolicyKinds(conn)]);
    const kinds: ServedKind[] = [
      ...CORE_KINDS,
      ...Object.values(gateway.served),
      ...(policies.state === 'known' ? policies.kinds : []),
    ];
    for (const t of kinds) {
      const coverage = first.coverage[t.resource];
      // Kinds read only in part (RBAC allowed some namespaces or names) stay as first read.
      if (coverage.state !== 'complete') continue;
      watch.mirrors.push(new KindMirror(t, `${basePath(t)}/${t.plural}`, conn, {
        ...opts,
        onChange: () => {
          if (NAMERS.has(t.resource)) watch.byNameStale = true;
          // Half the kinds listed is not the cluster: wait for the rest.
          if (watch.mirrors.every((m) => m.listed)) opts.onChange();
        },
      }));
    }
    // Read by name again now and then: a rotated certificate changes no watched object.
    const timer = setInterval(() => {
      watch.byNameStale = true;
      if (watch.mirrors.every((m) => m.listed)) opts.onChange();
    }, opts.rereadByNameMs ?? REREAD_BY_NAME_MS);
    timer.unref();
    opts.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    watch.done = Promise.all(watch.mirrors.map((m) => m.run())).then(() => undefined);
    return watch;
  }

  /** Settles when every watch has stopped (after the signal aborted). */
  done: Promise<void> = Promise.resolve();

  /** How many kinds are watched. */
  get watchedKinds(): number {
    return this.mirrors.length;
  }

  /** The cluster as it is now: the first read, with every watched kind replaced by its live copy. */
  async snapshot(): Promise<Snapshot> {
    const first = this.first;
    const watched = new Set(this.mirrors.map((m) => `${m.target.group}/${m.target.kind}`));
    const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
    const keep = (o: KubeObject) => !watched.has(`${groupOf(o.apiVersion)}/${o.kind}`);
    const snapshot = emptySnapshot();
    snapshot.coverage = { ...first.coverage };
    snapshot.notes = first.notes;
    snapshot.apiGroups = first.apiGroups;
    snapshot.events = first.events;
    snapshot.origins = first.origins;
    const arrays = snapshot as unknown as Record<(typeof CLUSTER_OBJECT_LISTS)[number], KubeObject[]>;
    const firstArrays = first as unknown as Record<(typeof CLUSTER_OBJECT_LISTS)[number], KubeObject[]>;
    for (const name of CLUSTER_OBJECT_LISTS) arrays[name] = firstArrays[name].filter(keep);
    for (const m of this.mirrors) {
      for (const obj of m.objects.values()) addObject(snapshot, obj, undefined, m.target.resource);
    }
    // The Secrets and CA ConfigMaps read by name: read again when stale (each GET on its own; a
    // refused or failed one is said by the coverage, never as missing), else as last read.
    if (this.byNameStale) {
      this.byNameStale = false;
      snapshot.secrets = [];
      snapshot.configMaps = [];
      await Promise.all([addListenerSecrets(this.conn, snapshot), addReferencedConfigMaps(this.conn, snapshot)]);
      this.byName = { secrets: snapshot.secrets, secretsCoverage: snapshot.coverage.secrets, configMaps: snapshot.configMaps, configMapsCoverage: snapshot.coverage.configmaps };
    } else {
      snapshot.secrets = this.byName.secrets;
      snapshot.coverage.secrets = this.byName.secretsCoverage;
      snapshot.configMaps = this.byName.configMaps;
      snapshot.coverage.configmaps = this.byName.configMapsCoverage;
    }
    return snapshot;
  }
}

// Reading the ConfigMaps the Gateway API names: CA certificates for client-certificate validation
// (FrontendTLSValidation.caCertificateRefs) and Gateway infrastructure.parametersRef. By name, one
// GET each, never a list, and never kept: addObject turns each into ConfigMapFacts (keys and
// certificate metadata) at once.
import { ApiError } from '../model/errors.js';
import type { KubeObject, ObjectReference } from '../model/objects.js';
import type { Coverage, Snapshot } from '../model/snapshot.js';
import { addObject } from '../snapshot/collect.js';
import { CORE_GROUP, GATEWAY_GROUP } from '../spec/defaults.js';
import { referenceAllowed } from '../spec/reference-grants.js';
import type { Connection } from './connection.js';

export interface ConfigMapRef {
  namespace: string;
  name: string;
}

/**
 * The ConfigMaps named by caCertificateRefs (a listener's tls.frontendValidation, the Gateway's
 * spec.tls.frontend default and perPort) and by infrastructure.parametersRef. A ConfigMap in
 * another namespace that no ReferenceGrant lets its referrer use is RefNotPermitted whatever it
 * holds: not read.
 */
export function referencedConfigMaps(snapshot: Snapshot): ConfigMapRef[] {
  const refs = new Map<string, ConfigMapRef>();
  const add = (raw: ObjectReference, from: { group: string; kind: string; namespace: string }) => {
    if ((raw.group ?? CORE_GROUP) !== CORE_GROUP || raw.kind !== 'ConfigMap' || !raw.name) return;
    const ref = { group: CORE_GROUP, kind: 'ConfigMap', namespace: raw.namespace || from.namespace, name: raw.name };
    if (ref.namespace !== from.namespace && !referenceAllowed(from, ref, snapshot.referenceGrants).allowed) return;
    refs.set(`${ref.namespace}/${ref.name}`, { namespace: ref.namespace, name: ref.name });
  };
  for (const gw of snapshot.gateways) {
    const from = { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw.metadata.namespace ?? 'default' };
    const frontend = gw.spec?.tls?.frontend;
    for (const v of [frontend?.default?.validation, ...(frontend?.perPort ?? []).map((p) => p.tls?.validation)]) {
      for (const r of v?.caCertificateRefs ?? []) add(r, from);
    }
    const params = gw.spec?.infrastructure?.parametersRef;
    if (params) add({ ...params }, from);
  }
  for (const owner of [...snapshot.gateways, ...snapshot.listenerSets]) {
    const from = { group: owner.apiVersion.split('/')[0], kind: owner.kind, namespace: owner.metadata.namespace ?? 'default' };
    for (const l of owner.spec?.listeners ?? []) for (const r of l.tls?.frontendValidation?.caCertificateRefs ?? []) add(r, from);
  }
  return [...refs.values()];
}

/**
 * Fetches each referenced ConfigMap and adds its facts to the snapshot. A 404 means it does not
 * exist (coverage stays complete, so "missing" can be said); a 403 makes coverage forbidden, so
 * nothing is claimed about ConfigMaps that could not be read.
 */
export async function addReferencedConfigMaps(conn: Connection, snapshot: Snapshot): Promise<void> {
  const forbidden = new Set<string>();
  const failures: string[] = [];
  const found = await Promise.all(
    referencedConfigMaps(snapshot).map(async ({ namespace, name }) => {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`;
      try {
        return await conn.getJson<KubeObject>(path);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401) throw e;
        if (e.status === 403) forbidden.add(namespace);
        else if (e.status !== 404) failures.push(`configmap ${namespace}/${name}: ${e.message}`);
        return null;
      }
    }),
  );
  for (const cm of found) if (cm) addObject(snapshot, { ...cm, apiVersion: 'v1', kind: 'ConfigMap' }, undefined, 'configmaps');
  let coverage: Coverage = { state: 'complete', apiVersion: 'v1' };
  if (forbidden.size > 0) {
    const namespaces = [...forbidden].sort().map((n) => `"${n}"`).join(', ');
    coverage = { state: 'forbidden', message: `cannot get configmaps in ${forbidden.size === 1 ? 'namespace' : 'namespaces'} ${namespaces} (forbidden)` };
  } else if (failures.length > 0) {
    coverage = { state: 'error', message: failures.join('; ') };
  }
  snapshot.coverage.configmaps = coverage;
}

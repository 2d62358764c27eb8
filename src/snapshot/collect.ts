// Sorting objects into a snapshot, the same way for every source (cluster lists, -f files).
import type { KubeObject, Route } from '../model/objects.js';
import { GATEWAY_GROUP, GATEWAY_X_GROUP, ROUTE_KINDS } from '../model/objects.js';
import { objectKey, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { isKnownPolicyKind } from '../spec/policies.js';
import { configMapFacts, secretFacts } from './certificates.js';

export { GATEWAY_GROUP, GATEWAY_X_GROUP };

/** The snapshot resource an object of this apiVersion/kind belongs to, or null to ignore it. */
export function resourceOf(apiVersion: string, kind: string, labels?: Record<string, string>): ResourceName | null {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (group === GATEWAY_GROUP || group === GATEWAY_X_GROUP) {
    switch (kind) {
      case 'GatewayClass':
        return 'gatewayclasses';
      case 'Gateway':
        return 'gateways';
      case 'ListenerSet':
      case 'XListenerSet':
        return 'listenersets';
      case 'ReferenceGrant':
        return 'referencegrants';
      case 'BackendTLSPolicy':
        return 'backendtlspolicies';
    }
    if ((ROUTE_KINDS as readonly string[]).includes(kind)) return `${kind.toLowerCase()}s` as ResourceName;
  }
  if (group === '' && apiVersion === 'v1') {
    switch (kind) {
      case 'Service':
        return 'services';
      case 'Namespace':
        return 'namespaces';
      case 'Secret':
        return 'secrets';
      case 'ConfigMap':
        return 'configmaps';
      case 'Event':
        return 'events';
    }
  }
  if (group === 'discovery.k8s.io' && kind === 'EndpointSlice') return 'endpointslices';
  if (group === 'events.k8s.io' && kind === 'Event') return 'events';
  // GEP-713: the well-known implementations' policy kinds (files carry no CRD), and any object
  // that carries the policy label itself.
  if (isKnownPolicyKind(group, kind)) return 'policies';
  if (labels?.['gateway.networking.k8s.io/policy'] !== undefined) return 'policies';
  return null;
}

/**
 * Adds one object to the snapshot's bucket. Secrets become SecretFacts here, so their data never
 * travels further. Returns false when the object is of a kind the tool does not read.
 */
export function addObject(snapshot: Snapshot, obj: KubeObject, origin?: string, asResource?: ResourceName): boolean {
  const resource = asResource ?? resourceOf(obj.apiVersion, obj.kind, obj.metadata?.labels);
  if (!resource) return false;
  // Cluster-scoped kinds carry no namespace; namespaced ones read from files default to "default".
  if (resource !== 'gatewayclasses' && resource !== 'namespaces' && !obj.metadata.namespace) {
    obj.metadata.namespace = 'default';
  }
  const s = snapshot as unknown as Record<string, KubeObject[]>;
  switch (resource) {
    case 'gatewayclasses':
      s.gatewayClasses.push(obj);
      break;
    case 'gateways':
      s.gateways.push(obj);
      break;
    case 'listenersets':
      s.listenerSets.push(obj);
      break;
    case 'httproutes':
    case 'grpcroutes':
    case 'tlsroutes':
    case 'tcproutes':
    case 'udproutes':
      s.routes.push(obj as Route);
      break;
    case 'referencegrants':
      s.referenceGrants.push(obj);
      break;
    case 'backendtlspolicies':
      s.backendTLSPolicies.push(obj);
      break;
    case 'policies':
      s.policies.push(obj);
      break;
    case 'services':
      s.services.push(obj);
      break;
    case 'endpointslices':
      s.endpointSlices.push(obj);
      break;
    case 'namespaces':
      s.namespaces.push(obj);
      break;
    case 'events':
      s.events.push(obj);
      break;
    case 'secrets':
      snapshot.secrets.push(secretFacts(obj as never));
      break;
    case 'configmaps':
      snapshot.configMaps.push(configMapFacts(obj as never));
      break;
  }
  if (origin) snapshot.origins[objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name)] = origin;
  return true;
}

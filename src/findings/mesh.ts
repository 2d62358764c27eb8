// Findings about routes bound to Services (GAMMA mesh, GEP-1426; src/spec/mesh.ts): MS7xx.
import type { Finding, Subject } from '../model/finding.js';
import type { Graph, ParentEvaluation } from '../model/graph.js';
import { consumerGaps, meshKindConflicts } from '../spec/mesh.js';

type Draft = Omit<Finding, 'severity' | 'origin'>;

/** What one Service parentRef's computed binding says is wrong. */
export function meshParentFindings(p: ParentEvaluation, subject: Subject): Draft[] {
  const mesh = p.mesh;
  if (!mesh) return [];
  const accepted = p.computed.find((c) => c.type === 'Accepted');
  const out: Draft[] = [];
  if (accepted?.status === 'False' && mesh.exists === false) {
    out.push({
      code: 'MS701',
      subject,
      message: `parentRef ${p.index}: Service ${mesh.service} does not exist, so the route binds to no mesh traffic`,
      cause: 'GEP-1426: a mesh route configures the traffic sent to its parent Service; without it there is nothing to apply to',
      fix: `fix spec.parentRefs[${p.index}] (name and namespace) or create the Service`,
    });
  } else if (accepted?.status === 'False') {
    out.push({
      code: 'MS702',
      subject,
      message: `parentRef ${p.index}: ${accepted.message}`,
      cause: 'ParentReference.port (and sectionName, a port name) select one port of the parent Service; one it does not expose matches no parent (NoMatchingParent)',
      fix: mesh.servicePorts?.length
        ? `use one of the Service's ports: ${mesh.servicePorts.join(', ')}, or drop port/sectionName to bind every port`
        : 'the Service exposes no ports: add one, or drop port/sectionName',
    });
  }
  if (mesh.serviceType === 'headless' || mesh.serviceType === 'ExternalName') {
    out.push({
      code: 'MS703',
      subject,
      message: `parentRef ${p.index}: Service ${mesh.service} is ${mesh.serviceType === 'headless' ? 'headless (clusterIP: None)' : 'of type ExternalName'}: meshes should not accept it as a parent`,
      cause:
        mesh.serviceType === 'headless'
          ? 'GEP-1426: headless Services SHOULD NOT be supported as a parentRef (they have no frontend, no virtual IP to match traffic on)'
          : 'GEP-1426: Services of type ExternalName SHOULD NOT be allowed as parentRefs (security concerns)',
      fix: 'bind the route to a ClusterIP Service',
    });
  }
  return out;
}

/** MS704: a route ignored on a Service port because a more specific route kind binds there. */
export function meshConflictFindings(graph: Graph): Draft[] {
  return meshKindConflicts(graph.routes).map((c) => ({
    code: 'MS704',
    subject: { ...c.route, section: `parentRef ${c.parentIndex}` },
    message: `${c.route.kind} ${c.route.namespace}/${c.route.name} is ignored on Service ${c.service} port ${c.port}: ${c.winner.kind} ${c.winner.namespace}/${c.winner.name} binds there too, and ${c.winner.kind} takes precedence`,
    cause: 'GEP-1426: when routes of different kinds bind to one Service port, only the most specific kind applies (GRPCRoute, HTTPRoute, TLSRoute, TCPRoute)',
    fix: `bind the routes to different ports (parentRefs[].port), or use one route kind`,
  }));
}

/** MS705: one namespace's consumer routes for a Service port take only some requests. */
export function meshConsumerGapFindings(graph: Graph): Draft[] {
  return consumerGaps(graph.routes).map((g) => {
    const first = g.routes[0];
    const names = g.routes.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ');
    const ports = g.ports.sort((a, b) => a - b).join(', ');
    const [svcNs, svcName] = g.service.split('/');
    return {
      code: 'MS705',
      subject: { kind: first.kind, namespace: first.namespace, name: first.name, section: `parentRef ${first.parentIndex}` },
      message: `clients in namespace ${g.clients} get ${first.kind === 'GRPCRoute' ? 'gRPC Unimplemented' : '404'} from Service ${g.service} (port ${ports}) for every request no rule of their consumer routes matches (${names}): those routes replace the producer routes and the Service's own answer for that namespace`,
      cause: 'GEP-1426: requests from a namespace with consumer routes use only the consumer routes; a route replaces the implicit routing to the Service, it does not add to it',
      fix: `if only some requests were meant to change, end the consumer route with a rule that matches everything and sends to the Service:\n  - backendRefs: [{name: ${svcName}, namespace: ${svcNs}, port: ${g.ports[0]}}]`,
    };
  });
}

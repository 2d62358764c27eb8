// A realistic graph, written out as the graph builder would produce it: a shared gateway with
// HTTP, HTTPS (wildcard, Terminate) and TLS Passthrough listeners; routes with rules, backends
// and endpoints; a cross-namespace backend without a ReferenceGrant; endpoints the user may not
// read; a route the controller accepts but the spec does not; a route whose Gateway is missing;
// and a second gateway whose class no controller claims.
import type {
  BackendEdge,
  ComputedCondition,
  EndpointCounts,
  Graph,
  GraphListener,
  ParentEvaluation,
  Reported,
} from '../../src/model/graph.js';
import type { Condition, ConditionStatus } from '../../src/model/objects.js';
import { RESOURCE_NAMES, type Coverage, type ResourceName } from '../../src/model/snapshot.js';

const GW_GROUP = 'gateway.networking.k8s.io';
const EG = 'gateway.envoyproxy.io/gatewayclass-controller';

function computed(type: string, status: ConditionStatus, reason: string, message: string): ComputedCondition {
  return { type, status, reason, message };
}

function reported(generation: number, ...conditions: Array<[string, ConditionStatus, string]>): Reported {
  const conds: Condition[] = conditions.map(([type, status, reason]) => ({
    type,
    status,
    reason,
    observedGeneration: generation,
    lastTransitionTime: '2025-05-01T10:00:00Z',
  }));
  return { controllerName: EG, conditions: conds, observedGeneration: generation, generation, stale: false };
}

function endpoints(ready: number, total: number, base: string, pod: string): EndpointCounts {
  return {
    ready,
    serving: ready,
    terminating: 0,
    total,
    addresses: Array.from({ length: total }, (_, i) => ({
      address: `${base}.${i + 11}`,
      ready: i < ready,
      pod: `${pod}-${i}`,
    })),
  };
}

function service(
  namespace: string,
  name: string,
  port: number,
  weight: number,
  eps: EndpointCounts | null,
  extra: Partial<BackendEdge> = {},
): BackendEdge {
  return {
    ref: { group: '', kind: 'Service', namespace, name, port, weight },
    resolved: true,
    reason: 'ResolvedRefs',
    message: '',
    service: { exists: true, portFound: true, targetPort: port === 80 ? 8080 : port },
    endpoints: eps,
    ...extra,
  };
}

function gatewayParent(
  sectionName: string | undefined,
  attachedListeners: string[],
  hostnames: string[],
  listeners: ParentEvaluation['listeners'],
): ParentEvaluation {
  return {
    parentRef: { group: GW_GROUP, kind: 'Gateway', namespace: 'infra', name: 'shared-gw', sectionName },
    index: 0,
    target: 'Gateway',
    gateway: 'infra/shared-gw',
    listeners,
    computed: [
      computed('Accepted', 'True', 'Accepted', 'accepted by ' + attachedListeners.map((l) => l.split('#')[1]).join(', ')),
      computed('ResolvedRefs', 'True', 'ResolvedRefs', 'all backendRefs resolve'),
    ],
    reported: reported(1, ['Accepted', 'True', 'Accepted'], ['ResolvedRefs', 'True', 'ResolvedRefs']),
    agrees: true,
    disagreements: [],
    attachedListeners,
    effectiveHostnames: Object.fromEntries(attachedListeners.map((l) => [l, hostnames])),
  };
}

const HTTP = 'Gateway/infra/shared-gw#http';
const HTTPS = 'Gateway/infra/shared-gw#https';
const TLS = 'Gateway/infra/shared-gw#tls';

const listenerOk = (id: string, name: string) => ({
  id,
  name,
  accepted: true,
  reason: 'Accepted',
  message: `listener ${name} admits the route`,
});

function listener(
  name: string,
  protocol: string,
  port: number,
  routes: string[],
  reportedCount: number,
  extra: Partial<GraphListener> = {},
): GraphListener {
  const kinds = protocol === 'TLS' ? [{ group: GW_GROUP, kind: 'TLSRoute' }] : [{ group: GW_GROUP, kind: 'HTTPRoute' }];
  return {
    id: `Gateway/infra/shared-gw#${name}`,
    gateway: 'Gateway/infra/shared-gw',
    name,
    protocol,
    port,
    allowedNamespaces: 'All',
    supportedKinds: kinds,
    certificates: [],
    computed: [
      computed('Accepted', 'True', 'Accepted', 'listener is valid'),
      computed('ResolvedRefs', 'True', 'ResolvedRefs', 'all references resolve'),
      computed('Conflicted', 'False', 'NoConflicts', 'no other listener shares port and hostname'),
    ],
    reported: {
      ...reported(
        3,
        ['Accepted', 'True', 'Accepted'],
        ['Programmed', 'True', 'Programmed'],
        ['ResolvedRefs', 'True', 'ResolvedRefs'],
      ),
      attachedRoutes: reportedCount,
      supportedKinds: kinds,
    },
    attachedRoutes: { computed: routes.length, reported: reportedCount },
    routes,
    disagreements: [],
    ...extra,
  };
}

export function coverage(overrides: Partial<Record<ResourceName, Coverage>> = {}): Record<ResourceName, Coverage> {
  const all = Object.fromEntries(RESOURCE_NAMES.map((r) => [r, { state: 'complete' } as Coverage]));
  return { ...all, ...overrides } as Record<ResourceName, Coverage>;
}

export const FORBIDDEN_ENDPOINTS =
  'endpointslices.discovery.k8s.io is forbidden: User "dev" cannot list resource "endpointslices" in API group "discovery.k8s.io" in the namespace "payments"';

export function sampleGraph(): Graph {
  return {
    gatewayClasses: [
      {
        id: 'GatewayClass//eg',
        name: 'eg',
        controllerName: EG,
        exists: true,
        reported: reported(1, ['Accepted', 'True', 'Accepted'], ['SupportedVersion', 'True', 'SupportedVersion']),
        computed: [],
        gateways: ['Gateway/infra/shared-gw'],
      },
      {
        id: 'GatewayClass//nginx',
        name: 'nginx',
        controllerName: 'gateway.nginx.org/nginx-gateway-controller',
        exists: true,
        reported: null,
        computed: [],
        gateways: ['Gateway/dev/sandbox-gw'],
      },
    ],
    gateways: [
      {
        id: 'Gateway/infra/shared-gw',
        namespace: 'infra',
        name: 'shared-gw',
        className: 'eg',
        gatewayClass: 'GatewayClass//eg',
        addresses: ['203.0.113.10'],
        computed: [computed('Accepted', 'True', 'Accepted', 'all listeners are valid')],
        reported: reported(3, ['Accepted', 'True', 'Accepted'], ['Programmed', 'True', 'Programmed']),
        listeners: [
          listener('http', 'HTTP', 80, ['HTTPRoute/shop/store'], 1),
          listener('https', 'HTTPS', 443, ['HTTPRoute/shop/store', 'HTTPRoute/payments/checkout'], 3, {
            hostname: '*.example.com',
            tlsMode: 'Terminate',
            allowedNamespaces: 'Selector',
            certificates: [
              {
                ref: { group: '', kind: 'Secret', namespace: 'infra', name: 'wildcard-example-com' },
                resolved: true,
                reason: 'ResolvedRefs',
                message: '',
                certificates: [
                  {
                    subject: 'CN=*.example.com',
                    issuer: 'CN=Example CA',
                    dnsNames: ['*.example.com'],
                    notBefore: '2025-01-01T00:00:00Z',
                    notAfter: '2026-01-01T00:00:00Z',
                    fingerprint256: 'AB:CD',
                    isCA: false,
                  },
                ],
                coversHostname: true,
                expired: false,
              },
            ],
          }),
          listener('tls', 'TLS', 8443, ['TLSRoute/data/postgres'], 1, { tlsMode: 'Passthrough' }),
        ],
        policies: [{ kind: 'ClientTrafficPolicy', namespace: 'infra', name: 'shared-gw-client', status: 'Accepted' }],
        disagreements: [],
      },
      {
        id: 'Gateway/dev/sandbox-gw',
        namespace: 'dev',
        name: 'sandbox-gw',
        className: 'nginx',
        gatewayClass: 'GatewayClass//nginx',
        addresses: [],
        computed: [],
        reported: null,
        listeners: [
          {
            id: 'Gateway/dev/sandbox-gw#http',
            gateway: 'Gateway/dev/sandbox-gw',
            name: 'http',
            protocol: 'HTTP',
            port: 80,
            allowedNamespaces: 'Same',
            supportedKinds: [{ group: GW_GROUP, kind: 'HTTPRoute' }],
            certificates: [],
            computed: [computed('Accepted', 'True', 'Accepted', 'listener is valid')],
            reported: null,
            attachedRoutes: { computed: 0, reported: null },
            routes: [],
            disagreements: [],
          },
        ],
        policies: [],
        disagreements: [],
      },
    ],
    routes: [
      {
        id: 'HTTPRoute/shop/store',
        kind: 'HTTPRoute',
        namespace: 'shop',
        name: 'store',
        hostnames: ['shop.example.com'],
        generation: 1,
        creationTimestamp: '2025-04-01T09:00:00Z',
        parents: [
          gatewayParent(undefined, [HTTP, HTTPS], ['shop.example.com'], [
            listenerOk(HTTP, 'http'),
            listenerOk(HTTPS, 'https'),
            {
              id: TLS,
              name: 'tls',
              accepted: false,
              reason: 'NotAllowedByListeners',
              message: 'listener tls accepts TLSRoute only',
            },
          ]),
        ],
        rules: [
          {
            index: 0,
            summary: 'PathPrefix /api',
            matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
            filters: [],
            backends: [
              service('shop', 'api', 8080, 90, endpoints(2, 3, '10.1.0', 'api-7d9f')),
              service('shop', 'api-canary', 8080, 10, endpoints(1, 1, '10.1.1', 'api-canary-5c6b')),
            ],
          },
          {
            index: 1,
            name: 'storefront',
            summary: 'PathPrefix /',
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            filters: [],
            backends: [service('shop', 'web', 80, 1, endpoints(3, 3, '10.1.2', 'web-6f8c'))],
          },
        ],
        policies: [],
        attached: true,
      },
      {
        id: 'HTTPRoute/payments/checkout',
        kind: 'HTTPRoute',
        namespace: 'payments',
        name: 'checkout',
        hostnames: ['pay.example.com'],
        generation: 2,
        creationTimestamp: '2025-04-02T09:00:00Z',
        parents: [
          {
            ...gatewayParent('https', [HTTPS], ['pay.example.com'], [listenerOk(HTTPS, 'https')]),
            computed: [
              computed('Accepted', 'True', 'Accepted', 'accepted by https'),
              computed(
                'ResolvedRefs',
                'False',
                'RefNotPermitted',
                'rule 1 backend Service legacy/billing: no ReferenceGrant in namespace legacy allows HTTPRoute from payments',
              ),
            ],
            reported: reported(2, ['Accepted', 'True', 'Accepted'], ['ResolvedRefs', 'False', 'RefNotPermitted']),
          },
        ],
        rules: [
          {
            index: 0,
            summary: 'PathPrefix /',
            matches: [],
            filters: [],
            backends: [
              service('payments', 'checkout', 443, 1, null, {
                endpointsUnknown: 'forbidden: cannot list endpointslices',
              }),
            ],
          },
          {
            index: 1,
            summary: 'PathPrefix /legacy, RequestHeaderModifier',
            matches: [{ path: { type: 'PathPrefix', value: '/legacy' } }],
            filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-legacy', value: '1' }] } }],
            backends: [
              {
                ref: { group: '', kind: 'Service', namespace: 'legacy', name: 'billing', port: 8080, weight: 1 },
                resolved: false,
                reason: 'RefNotPermitted',
                message: 'no ReferenceGrant in namespace legacy allows HTTPRoute from payments',
                endpoints: null,
              },
            ],
          },
        ],
        policies: [{ kind: 'BackendTrafficPolicy', namespace: 'payments', name: 'retries' }],
        attached: true,
      },
      {
        id: 'TLSRoute/data/postgres',
        kind: 'TLSRoute',
        namespace: 'data',
        name: 'postgres',
        hostnames: ['db.example.com'],
        parents: [gatewayParent('tls', [TLS], ['db.example.com'], [listenerOk(TLS, 'tls')])],
        rules: [
          {
            index: 0,
            summary: 'all connections',
            matches: [],
            filters: [],
            backends: [service('data', 'postgres', 5432, 1, endpoints(1, 1, '10.2.0', 'postgres'))],
          },
        ],
        policies: [],
        attached: true,
      },
      {
        id: 'HTTPRoute/team-x/disputed',
        kind: 'HTTPRoute',
        namespace: 'team-x',
        name: 'disputed',
        hostnames: ['promo.example.com'],
        parents: [
          {
            ...gatewayParent('https', [], [], [
              {
                id: HTTPS,
                name: 'https',
                accepted: false,
                reason: 'NotAllowedByListeners',
                message: 'namespace team-x does not match the selector gateway-access=true',
              },
            ]),
            computed: [
              computed(
                'Accepted',
                'False',
                'NotAllowedByListeners',
                'listener https admits routes only from namespaces labelled gateway-access=true',
              ),
              computed('ResolvedRefs', 'True', 'ResolvedRefs', 'all backendRefs resolve'),
            ],
            reported: reported(1, ['Accepted', 'True', 'Accepted'], ['ResolvedRefs', 'True', 'ResolvedRefs']),
            agrees: false,
            disagreements: [
              {
                conditionType: 'Accepted',
                computed: { status: 'False', reason: 'NotAllowedByListeners' },
                reported: { status: 'True', reason: 'Accepted' },
                message: 'the controller accepted the route, but listener https does not admit namespace team-x',
              },
            ],
          },
        ],
        rules: [
          {
            index: 0,
            summary: 'PathPrefix /',
            matches: [],
            filters: [],
            backends: [service('team-x', 'promo', 80, 1, endpoints(1, 1, '10.3.0', 'promo'))],
          },
        ],
        policies: [],
        attached: false,
      },
      {
        id: 'HTTPRoute/shop/orphan',
        kind: 'HTTPRoute',
        namespace: 'shop',
        name: 'orphan',
        hostnames: [],
        parents: [
          {
            parentRef: { group: GW_GROUP, kind: 'Gateway', namespace: 'shop', name: 'missing-gw' },
            index: 0,
            target: 'Gateway',
            gateway: null,
            listeners: [],
            computed: [
              computed('Accepted', 'False', 'NoMatchingParent', 'Gateway shop/missing-gw does not exist'),
              computed('ResolvedRefs', 'True', 'ResolvedRefs', 'all backendRefs resolve'),
            ],
            reported: null,
            agrees: true,
            disagreements: [],
            attachedListeners: [],
            effectiveHostnames: {},
          },
        ],
        rules: [
          {
            index: 0,
            summary: 'PathPrefix /',
            matches: [],
            filters: [],
            backends: [service('shop', 'web', 80, 1, endpoints(3, 3, '10.1.2', 'web-6f8c'))],
          },
        ],
        policies: [],
        attached: false,
      },
    ],
    unattached: [
      {
        route: 'HTTPRoute/team-x/disputed',
        reasons: [
          'parentRef #0 (Gateway infra/shared-gw, sectionName https): listener https admits routes only from namespaces labelled gateway-access=true (NotAllowedByListeners)',
        ],
      },
      {
        route: 'HTTPRoute/shop/orphan',
        reasons: ['parentRef #0: Gateway shop/missing-gw does not exist'],
      },
    ],
    coverage: coverage({ endpointslices: { state: 'forbidden', message: FORBIDDEN_ENDPOINTS } }),
  };
}

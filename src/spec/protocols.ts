// Listener protocol names: which are the spec's core protocols, which are an implementation's own,
// and which are neither.
//
// gateway_types.go, ProtocolType: "Implementations can define their own protocols if a core
// ProtocolType does not exist. Such definitions must use prefixed name, such as
// `mycompany.com/my-custom-protocol`. Un-prefixed names are reserved for core protocols." The core
// values are the constants HTTP, HTTPS, TLS, TCP and UDP, and "If an implementation does not
// support a specified protocol, it MUST set the "Accepted" condition to False for the affected
// Listener with a reason of "UnsupportedProtocol"" (conformance GatewayListenerUnsupportedProtocol:
// protocol INVALID).
//
// Names are compared as written. The released spec says nothing that makes them
// case-insensitive, so `http` is an un-prefixed name that is not a core protocol. (An open upstream
// proposal, kubernetes-sigs/gateway-api#4755, would make core names case-insensitive; it is not
// part of any release.)

export const CORE_PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] as const;
export type CoreProtocol = (typeof CORE_PROTOCOLS)[number];

export type ProtocolClass =
  /** One of the spec's five protocols, spelled as the spec spells it. */
  | { kind: 'core'; protocol: CoreProtocol }
  /** Domain-prefixed (`example.com/foo`): the implementation's own; only it can judge. */
  | { kind: 'implementation-specific' }
  /** Un-prefixed but not core: reserved, so no implementation can support it. */
  | { kind: 'unsupported'; message: string };

export function isCoreProtocol(protocol: string): protocol is CoreProtocol {
  return (CORE_PROTOCOLS as readonly string[]).includes(protocol);
}

export function classifyProtocol(protocol: string): ProtocolClass {
  if (isCoreProtocol(protocol)) return { kind: 'core', protocol };
  if (protocol.includes('/')) return { kind: 'implementation-specific' };
  const upper = protocol.toUpperCase();
  const hint = isCoreProtocol(upper)
    ? `: protocol names are case-sensitive in the released spec, so ${protocol} is not the core protocol ${upper} (write ${upper})`
    : `: un-prefixed protocol names are reserved for the core protocols (${CORE_PROTOCOLS.join(', ')}); an implementation's own protocol must be domain-prefixed, like example.com/${protocol.toLowerCase()}`;
  return { kind: 'unsupported', message: `protocol ${protocol} is not a protocol the spec defines${hint}` };
}

import assert from 'node:assert/strict';
import { classifyProtocol } from '../../src/spec/protocols.js';

// gateway_types.go, ProtocolType: "Un-prefixed names are reserved for core protocols"; an
// implementation's own protocol "must use prefixed name, such as `mycompany.com/my-custom-protocol`".
describe('spec/protocols', () => {
  const cases: Array<[string, string, RegExp?]> = [
    ['HTTP', 'core'],
    ['HTTPS', 'core'],
    ['TLS', 'core'],
    ['TCP', 'core'],
    ['UDP', 'core'],
    ['example.com/custom', 'implementation-specific'],
    // conformance GatewayListenerUnsupportedProtocol
    ['INVALID', 'unsupported', /un-prefixed protocol names are reserved for the core protocols/],
    // compared as written: nothing in the released spec makes names case-insensitive
    ['http', 'unsupported', /case-sensitive .* http is not the core protocol HTTP \(write HTTP\)/],
    ['Https', 'unsupported', /not the core protocol HTTPS/],
  ];
  for (const [protocol, kind, message] of cases) {
    it(`${protocol}: ${kind}`, () => {
      const c = classifyProtocol(protocol);
      assert.equal(c.kind, kind);
      if (message) assert.match(c.kind === 'unsupported' ? c.message : '', message);
    });
  }
});

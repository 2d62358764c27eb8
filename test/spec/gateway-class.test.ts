import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { GatewayClass } from '../../src/model/objects.js';
import { evaluateGatewayClass } from '../../src/spec/gateway-class.js';

const cls = (status: string) =>
  parse(`
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
${status}`) as GatewayClass;

describe('spec/gateway-class', () => {
  const complete = { state: 'complete' as const };
  it('a claimed class passes its Accepted through', () => {
    const v = evaluateGatewayClass('eg', cls('status: {conditions: [{type: Accepted, status: "True", reason: Accepted}]}'), complete);
    assert.equal(v.claimed, true);
    assert.deepEqual(v.computed.map((c) => `${c.status} ${c.reason}`), ['True Accepted']);
  });
  it('no status: no running controller claims controllerName, said in plain words', () => {
    const v = evaluateGatewayClass('eg', cls(''), complete);
    assert.equal(v.claimed, false);
    assert.equal(v.computed[0].reason, 'Pending');
    assert.match(v.message, /nothing running claims controllerName gateway.envoyproxy.io\/gatewayclass-controller/);
  });
  it("only the CRD's default Pending condition: the same", () => {
    const v = evaluateGatewayClass(
      'eg',
      cls('status: {conditions: [{type: Accepted, status: Unknown, reason: Pending, message: Waiting for controller}]}'),
      complete,
    );
    assert.equal(v.claimed, false);
  });
  it('rejected by its controller: the reason is passed through', () => {
    const v = evaluateGatewayClass('eg', cls('status: {conditions: [{type: Accepted, status: "False", reason: InvalidParameters, message: bad ref}]}'), complete);
    assert.equal(v.claimed, false);
    assert.deepEqual(v.computed.map((c) => `${c.status} ${c.reason}`), ['False InvalidParameters']);
    assert.match(v.message, /InvalidParameters: bad ref/);
  });
  it('absent from a complete read: does not exist', () => {
    const v = evaluateGatewayClass('nope', undefined, complete);
    assert.equal(v.exists, false);
    assert.equal(v.claimed, false);
    assert.equal(v.message, 'GatewayClass nope does not exist: no controller will program this Gateway');
  });
  it('absent because unreadable or not in the files: unknown, and assumed claimed', () => {
    const forbidden = evaluateGatewayClass('eg', undefined, { state: 'forbidden', message: 'x' });
    assert.equal(forbidden.claimed, true);
    assert.equal(forbidden.computed[0].status, 'Unknown');
    assert.equal(evaluateGatewayClass('eg', undefined, { state: 'files' }).computed[0].message, 'GatewayClass eg: not in the given files');
  });
});

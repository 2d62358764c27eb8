// Talking to an API server through client-node's credentials: pagination, auth (token, exec
// plugin), and failures rendered as one sentence.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ApiError, UserError } from '../../src/model/errors.js';
import type { KubeObject } from '../../src/model/objects.js';
import { connect } from '../../src/kube/connection.js';
import { makeCA } from '../support/certs.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

function service(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec: { ports: [{ port: 80 }] } };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('kube/connection', () => {
  let dir: string;
  let server: ApiServer | undefined;
  const env = (): NodeJS.ProcessEnv => ({ HOME: path.join(dir, 'home') });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgw-connection-'));
  });
  afterEach(async () => {
    if (server) assert.ok(server.requests.every((r) => r.method === 'GET'), 'only GET requests are made');
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists page by page with continue tokens, every object exactly once', async () => {
    const objects = Array.from({ length: 1203 }, (_, i) => service(`ns-${i % 7}`, `svc-${i}`));
    server = await startApiServer({ objects });
    const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config')), env: env() });
    const items = await conn.listAll<KubeObject>('/api/v1/services');
    const lists = server.requests.filter((r) => r.path === '/api/v1/services');
    assert.equal(lists.length, 3);
    assert.deepEqual(lists.map((r) => r.query.limit), ['500', '500', '500']);
    assert.equal(lists[0].query.continue, undefined);
    assert.ok(lists[1].query.continue && lists[2].query.continue);
    assert.equal(items.length, 1203);
    assert.equal(new Set(items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).size, 1203);
    // Typed lists leave apiVersion/kind off their items; listAll puts them back.
    assert.ok(items.every((o) => o.apiVersion === 'v1' && o.kind === 'Service'));
  });

  it('starts a list over once when its continue token has expired (410)', async () => {
    const objects = Array.from({ length: 5 }, (_, i) => service('a', `svc-${i}`));
    server = await startApiServer({ objects, failures: [{ match: /continue=/, status: 410, times: 1, message: 'The provided continue parameter is too old' }] });
    const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config')), env: env(), pageSize: 2 });
    const items = await conn.listAll<KubeObject>('/api/v1/services');
    assert.deepEqual(items.map((o) => o.metadata.name).sort(), ['svc-0', 'svc-1', 'svc-2', 'svc-3', 'svc-4']);
    assert.equal(server.requests.filter((r) => r.status === 410).length, 1);
  });

  it('uses -n, else the context namespace, else "default"', async () => {
    server = await startApiServer();
    const withNs = server.writeKubeconfig(path.join(dir, 'ns'), { namespace: 'team-a' });
    const without = server.writeKubeconfig(path.join(dir, 'plain'));
    assert.equal((await connect({ kubeconfig: withNs, env: env() })).namespace, 'team-a');
    assert.equal((await connect({ kubeconfig: withNs, namespace: 'other', env: env() })).namespace, 'other');
    assert.equal((await connect({ kubeconfig: without, env: env() })).namespace, 'default');
  });

  it('connects through the context --context names, across KUBECONFIG files with clashing names', async () => {
    server = await startApiServer({ objects: [service('a', 'web')] });
    const port = await closedPort();
    // File 1 holds the working entries; file 2 reuses every name for a dead server and a wrong
    // token and sets another current-context. kubectl keeps file 1's entries and current-context.
    const first = server.kubeconfig({ context: 'shared', cluster: 'shared', user: 'shared' });
    const second = server.kubeconfig({ context: 'shared', cluster: 'shared', user: 'shared', token: 'wrong', server: `https://127.0.0.1:${port}` });
    (second.contexts as unknown[]).push({ name: 'other', context: { cluster: 'shared', user: 'shared' } });
    second['current-context'] = 'other';
    fs.writeFileSync(path.join(dir, 'one'), stringify(first));
    fs.writeFileSync(path.join(dir, 'two'), stringify(second));
    const KUBECONFIG = [path.join(dir, 'missing'), path.join(dir, 'one'), path.join(dir, 'two')].join(path.delimiter);
    const conn = await connect({ env: { ...env(), KUBECONFIG } });
    assert.equal(conn.contextName, 'shared');
    assert.equal(conn.server, server.url);
    const svc = await conn.getJson<KubeObject>('/api/v1/namespaces/a/services/web');
    assert.equal(svc.metadata.name, 'web');
    // --context picks file 2's own context, which still uses file 1's cluster and user.
    const other = await connect({ env: { ...env(), KUBECONFIG }, context: 'other' });
    assert.equal(other.server, server.url);
    assert.equal((await other.getJson<KubeObject>('/api/v1/namespaces/a/services/web')).metadata.name, 'web');
  });

  it('renders an API Status the kubectl way', async () => {
    server = await startApiServer();
    const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config')), env: env() });
    await assert.rejects(conn.getJson('/api/v1/namespaces/a/services/nope'), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 404);
      assert.equal(e.message, 'Error from server (NotFound): services "nope" not found');
      return true;
    });
    server.forbid({ resource: 'endpointslices' });
    await assert.rejects(conn.getJson('/apis/discovery.k8s.io/v1/endpointslices'), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 403);
      assert.match(e.message, /^Error from server \(Forbidden\): endpointslices.discovery.k8s.io is forbidden: User "test" cannot list/);
      return true;
    });
  });

  it('says "You must be logged in" on 401', async () => {
    server = await startApiServer();
    const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config'), { token: 'wrong', user: 'alice' }), env: env() });
    await assert.rejects(conn.getJson('/apis'), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 401);
      assert.equal(e.message, 'You must be logged in to the server (Unauthorized)');
      assert.match(e.hint ?? '', /credentials of user "alice"/);
      return true;
    });
  });

  it('names an unreachable server in one sentence', async () => {
    server = await startApiServer();
    const port = await closedPort();
    const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config'), { server: `https://127.0.0.1:${port}` }), env: env() });
    await assert.rejects(conn.getJson('/apis'), (e: unknown) => {
      assert.ok(e instanceof UserError && !(e instanceof ApiError));
      assert.equal(e.message, `could not reach the API server at https://127.0.0.1:${port}: connection refused`);
      assert.ok(e.cause, 'the original error is kept for --debug');
      return true;
    });
  });

  it('gives up after --request-timeout with one sentence', async () => {
    server = await startApiServer({ hang: [/^\/apis$/] });
    const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config')), env: env(), requestTimeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(conn.getJson('/apis'), {
      name: 'UserError',
      message: `the API server at ${server.url} did not answer within 300ms (--request-timeout)`,
    });
    assert.ok(Date.now() - started < 3000);
  });

  it('says when the server certificate is not trusted', async () => {
    server = await startApiServer();
    const cfg = server.kubeconfig();
    const other = makeCA('some other CA');
    (cfg.clusters as Array<{ cluster: Record<string, string> }>)[0].cluster['certificate-authority-data'] = Buffer.from(other.certPem).toString('base64');
    fs.writeFileSync(path.join(dir, 'config'), stringify(cfg));
    const conn = await connect({ kubeconfig: path.join(dir, 'config'), env: env() });
    await assert.rejects(conn.getJson('/apis'), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, `could not reach the API server at ${server!.url}: its certificate is signed by an authority the kubeconfig does not trust`);
      return true;
    });
  });

  describe('exec credential plugins', () => {
    function writePlugin(token: string): { command: string; runs: string } {
      const runs = path.join(dir, 'runs');
      const plugin = path.join(dir, 'bin', 'cred-plugin.mjs');
      fs.mkdirSync(path.dirname(plugin), { recursive: true });
      fs.writeFileSync(
        plugin,
        [
          '#!/usr/bin/env node',
          "import fs from 'node:fs';",
          `fs.appendFileSync(${JSON.stringify(runs)}, 'run\\n');`,
          'process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential",',
          `  status: { token: process.env.CRED_TOKEN ?? ${JSON.stringify(token)} } }));`,
        ].join('\n'),
        { mode: 0o755 },
      );
      return { command: plugin, runs };
    }

    function execKubeconfig(s: ApiServer, exec: Record<string, unknown>): string {
      const cfg = s.kubeconfig({ user: 'sso' });
      (cfg.users as Array<{ user: Record<string, unknown> }>)[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', ...exec } };
      const file = path.join(dir, 'config');
      fs.writeFileSync(file, stringify(cfg));
      return file;
    }

    it('authenticates with the token a plugin prints, running it once per connection', async () => {
      server = await startApiServer({ objects: [service('a', 'web')] });
      const { runs } = writePlugin('unused');
      // A relative command with a path separator resolves against the kubeconfig's directory.
      const file = execKubeconfig(server, {
        command: `.${path.sep}bin${path.sep}cred-plugin.mjs`,
        env: [{ name: 'CRED_TOKEN', value: server.token }],
      });
      const conn = await connect({ kubeconfig: file, env: env() });
      const lists = await Promise.all([
        conn.listAll<KubeObject>('/api/v1/services'),
        conn.listAll<KubeObject>('/api/v1/namespaces'),
        conn.getJson('/apis'),
      ]);
      assert.equal(lists[0][0].metadata.name, 'web');
      assert.ok(server.requests.every((r) => r.status === 200));
      assert.equal(fs.readFileSync(runs, 'utf8'), 'run\n');
    });

    it('says when the plugin does not exist', async () => {
      server = await startApiServer();
      const file = execKubeconfig(server, { command: 'kgw-no-such-login-plugin' });
      const conn = await connect({ kubeconfig: file, env: env() });
      await assert.rejects(conn.getJson('/apis'), {
        name: 'UserError',
        message: 'the credential plugin "kgw-no-such-login-plugin" of user "sso" was not found',
      });
      assert.equal(server.requests.length, 0);
    });

    it('points at the plugin when the server rejects its token', async () => {
      server = await startApiServer();
      writePlugin('stale-token');
      const file = execKubeconfig(server, { command: path.join(dir, 'bin', 'cred-plugin.mjs') });
      const conn = await connect({ kubeconfig: file, env: env() });
      await assert.rejects(conn.getJson('/apis'), (e: unknown) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.message, 'You must be logged in to the server (Unauthorized)');
        assert.match(e.hint ?? '', /cred-plugin\.mjs.*kubectl get ns/);
        return true;
      });
    });
  });
});

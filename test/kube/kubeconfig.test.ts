// kubectl's kubeconfig rules: which files, which entry wins, which context, which namespace.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../../src/model/errors.js';
import { kubeconfigPaths, loadKubeconfig, mergeKubeconfigFiles } from '../../src/kube/kubeconfig.js';

function config(opts: {
  clusters?: Array<[string, Record<string, unknown>]>;
  users?: Array<[string, Record<string, unknown>]>;
  contexts?: Array<[string, Record<string, unknown>]>;
  current?: string;
}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: (opts.clusters ?? []).map(([name, cluster]) => ({ name, cluster })),
    users: (opts.users ?? []).map(([name, user]) => ({ name, user })),
    contexts: (opts.contexts ?? []).map(([name, context]) => ({ name, context })),
    ...(opts.current !== undefined ? { 'current-context': opts.current } : {}),
  });
}

describe('kube/kubeconfig', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  // An environment with no kubeconfig anywhere and no in-cluster service account.
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ HOME: path.join(dir, 'home'), ...extra });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgw-kubeconfig-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('splits KUBECONFIG on the path delimiter, ignoring empty entries and duplicates', () => {
    const list = ['a', '', 'b', 'a', ''].join(path.delimiter);
    assert.deepEqual(kubeconfigPaths({ KUBECONFIG: list, HOME: '/h' }), { paths: ['a', 'b'], fromEnv: true });
    assert.deepEqual(kubeconfigPaths({ HOME: '/h' }), { paths: [path.join('/h', '.kube', 'config')], fromEnv: false });
  });

  it('merges files the kubectl way: first file wins per name, first current-context wins, missing files skipped', () => {
    const a = write(
      'a.yaml',
      config({
        clusters: [['shared', { server: 'https://first:6443' }]],
        users: [['shared', { token: 'first' }]],
        contexts: [['shared', { cluster: 'shared', user: 'shared', namespace: 'from-a' }]],
        current: 'shared',
      }),
    );
    const b = write(
      'b.yaml',
      config({
        clusters: [['shared', { server: 'https://second:6443' }], ['only-b', { server: 'https://b:6443' }]],
        users: [['shared', { token: 'second' }]],
        contexts: [['shared', { cluster: 'only-b', user: 'shared' }], ['b', { cluster: 'only-b' }]],
        current: 'b',
      }),
    );
    const merged = mergeKubeconfigFiles([path.join(dir, 'missing.yaml'), a, b]);
    assert.deepEqual(merged.files, [a, b]);
    assert.equal(merged.currentContext, 'shared');
    assert.deepEqual(
      merged.clusters.map((c) => [c.name, (c.cluster as { server: string }).server]),
      [
        ['shared', 'https://first:6443'],
        ['only-b', 'https://b:6443'],
      ],
    );
    assert.deepEqual(merged.users.map((u) => (u.user as { token: string }).token), ['first']);
    assert.deepEqual(merged.contexts.map((c) => c.name), ['shared', 'b']);
  });

  it('takes the current-context from a later file when earlier ones leave it empty', () => {
    const a = write('a.yaml', config({ clusters: [['c', { server: 'https://a' }]], current: '' }));
    const b = write('b.yaml', config({ contexts: [['ctx', { cluster: 'c' }]], current: 'ctx' }));
    assert.equal(mergeKubeconfigFiles([a, b]).currentContext, 'ctx');
  });

  it('resolves relative certificate, key, token-file and exec paths against the file that holds them', () => {
    const file = write(
      'sub/config',
      config({
        clusters: [['c', { server: 'https://x', 'certificate-authority': 'ca.crt' }]],
        users: [
          ['u', { 'client-certificate': 'certs/u.crt', 'client-key': '/abs/u.key', exec: { command: `.${path.sep}login` } }],
          ['path-lookup', { exec: { command: 'aws' } }],
        ],
      }),
    );
    const merged = mergeKubeconfigFiles([file]);
    const sub = path.join(dir, 'sub');
    assert.equal((merged.clusters[0].cluster as Record<string, string>)['certificate-authority'], path.join(sub, 'ca.crt'));
    const user = merged.users[0].user as Record<string, unknown>;
    assert.equal(user['client-certificate'], path.join(sub, 'certs', 'u.crt'));
    assert.equal(user['client-key'], '/abs/u.key');
    assert.equal((user.exec as { command: string }).command, path.join(sub, 'login'));
    // A bare command name is looked up on PATH, as kubectl does.
    assert.equal(((merged.users[1].user as Record<string, unknown>).exec as { command: string }).command, 'aws');
  });

  it('uses the current context, or --context, and its namespace', async () => {
    const file = write(
      'config',
      config({
        clusters: [['c', { server: 'https://one:6443/' }], ['d', { server: 'https://two:6443' }]],
        users: [['u', { token: 't' }]],
        contexts: [
          ['one', { cluster: 'c', user: 'u', namespace: 'team-a' }],
          ['two', { cluster: 'd', user: 'u' }],
        ],
        current: 'one',
      }),
    );
    const one = await loadKubeconfig({ env: env({ KUBECONFIG: file }) });
    assert.equal(one.contextName, 'one');
    assert.equal(one.namespace, 'team-a');
    assert.equal(one.server, 'https://one:6443');
    assert.equal(one.kc.getCurrentUser()?.token, 't');
    const two = await loadKubeconfig({ env: env({ KUBECONFIG: file }), context: 'two' });
    assert.equal(two.contextName, 'two');
    assert.equal(two.namespace, undefined);
    assert.equal(two.kc.getCurrentCluster()?.server, 'https://two:6443');
  });

  it('rejects an unknown --context, naming the contexts there are', async () => {
    const file = write('config', config({ clusters: [['c', { server: 'https://x' }]], contexts: [['one', { cluster: 'c' }]] }));
    await assert.rejects(loadKubeconfig({ kubeconfig: file, context: 'nope' }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, 'context "nope" does not exist');
      assert.match(e.hint ?? '', /one/);
      return true;
    });
  });

  it('reads --kubeconfig alone, ignoring KUBECONFIG, and says when it does not exist', async () => {
    const mine = write('mine', config({ clusters: [['c', { server: 'https://mine' }]], contexts: [['m', { cluster: 'c' }]], current: 'm' }));
    const other = write('other', config({ clusters: [['c', { server: 'https://other' }]], contexts: [['m', { cluster: 'c' }]], current: 'm' }));
    const loaded = await loadKubeconfig({ kubeconfig: mine, env: env({ KUBECONFIG: other }) });
    assert.equal(loaded.server, 'https://mine');
    const missing = path.join(dir, 'nope.yaml');
    await assert.rejects(loadKubeconfig({ kubeconfig: missing }), {
      name: 'UserError',
      message: `cannot read --kubeconfig ${missing}: no such file or directory`,
    });
  });

  it('falls back to ~/.kube/config when KUBECONFIG is unset', async () => {
    write('home/.kube/config', config({ clusters: [['c', { server: 'https://home' }]], contexts: [['h', { cluster: 'c' }]], current: 'h' }));
    assert.equal((await loadKubeconfig({ env: env() })).server, 'https://home');
  });

  it('says kindly that there is no configuration at all', async () => {
    await assert.rejects(loadKubeconfig({ env: env() }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /^no kubeconfig found: .*config does not exist, and this is not running inside a cluster$/);
      assert.match(e.hint ?? '', /--kubeconfig or KUBECONFIG/);
      return true;
    });
    await assert.rejects(loadKubeconfig({ env: env({ KUBECONFIG: path.join(dir, 'x') }) }), /none of the files in KUBECONFIG/);
  });

  it('says so when no current-context is set', async () => {
    const file = write('config', config({ clusters: [['c', { server: 'https://x' }]], contexts: [['one', { cluster: 'c' }]] }));
    await assert.rejects(loadKubeconfig({ kubeconfig: file }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /sets no current-context/);
      assert.match(e.hint ?? '', /--context/);
      return true;
    });
  });

  it('uses the in-cluster service account when there is no kubeconfig', async () => {
    const sa = path.join(dir, 'sa');
    write('sa/var/run/secrets/kubernetes.io/serviceaccount/token', 'sa-token');
    write('sa/var/run/secrets/kubernetes.io/serviceaccount/namespace', 'workloads\n');
    write('sa/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', '');
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    // client-node's loadFromCluster reads these two from process.env.
    process.env.KUBERNETES_SERVICE_HOST = '10.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    try {
      const loaded = await loadKubeconfig({ env: { ...env(), ...process.env, HOME: path.join(dir, 'home'), KUBECONFIG: '' }, serviceAccountPrefix: sa });
      assert.equal(loaded.server, 'https://10.0.0.1:443');
      assert.equal(loaded.namespace, 'workloads');
      assert.match(loaded.source, /in-cluster/);
    } finally {
      for (const [k, v] of [['KUBERNETES_SERVICE_HOST', saved.host], ['KUBERNETES_SERVICE_PORT', saved.port]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('reports a kubeconfig that is not YAML with its file name', async () => {
    const file = write('bad', 'clusters: [\n');
    await assert.rejects(loadKubeconfig({ kubeconfig: file }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.ok(e.message.startsWith(`the kubeconfig ${file} is not valid YAML`), e.message);
      return true;
    });
  });
});

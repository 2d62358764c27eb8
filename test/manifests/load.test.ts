import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { loadManifestSnapshot } from '../../src/manifests/index.js';
import { describeInputProblem } from '../../src/manifests/problems.js';
import { UserError } from '../../src/model/errors.js';
import { RESOURCE_NAMES } from '../../src/model/snapshot.js';

const route = (name: string, ns = 'store') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  parentRefs:
    - name: shared-gw
      namespace: infra
`;

const service = (name: string, ns = 'store') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  ports:
    - port: 80
`;

describe('loadManifestSnapshot (-f)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-manifests-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    return path;
  }

  async function loadError(paths: string[], stdin?: string): Promise<UserError> {
    try {
      await loadManifestSnapshot(paths, stdin === undefined ? {} : { stdin: Readable.from([stdin]) });
    } catch (e) {
      assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
      return e;
    }
    assert.fail('expected the load to fail');
  }

  describe('formats', () => {
    it('reads multi-document YAML, skipping empty documents, with each origin at its first line', async () => {
      const path = await file('app.yaml', `---\n${route('web')}---\n# only a comment\n---\n${service('web')}`);
      const snap = await loadManifestSnapshot([path]);
      assert.deepEqual(
        snap.routes.map((r) => r.metadata.name),
        ['web'],
      );
      assert.deepEqual(
        snap.services.map((s) => s.metadata.name),
        ['web'],
      );
      assert.equal(snap.origins['HTTPRoute/store/web'], `${path}:2`);
      assert.equal(snap.origins['Service/store/web'], `${path}:14`);
      for (const r of RESOURCE_NAMES) assert.deepEqual(snap.coverage[r], { state: 'files' });
    });

    it('reads a single JSON object and gives its origin line', async () => {
      const json = JSON.stringify(parse(service('api')), null, 2);
      const path = await file('svc.json', `\n\n${json}\n`);
      const snap = await loadManifestSnapshot([path]);
      assert.equal(snap.services[0].metadata.name, 'api');
      assert.equal(snap.origins['Service/store/api'], `${path}:3`);
    });

    it('unwraps a JSON kind: List and gives each item its own line', async () => {
      const list = { apiVersion: 'v1', kind: 'List', items: [parse(service('a')), parse(route('r'))] };
      const path = await file('list.json', JSON.stringify(list, null, 2));
      const snap = await loadManifestSnapshot([path]);
      assert.equal(snap.services[0].metadata.name, 'a');
      assert.equal(snap.routes[0].metadata.name, 'r');
      const lines = (await readFile(path, 'utf8')).split('\n');
      const lineOf = (key: string) => Number(snap.origins[key].split(':').pop());
      assert.match(lines[lineOf('Service/store/a') - 1], /^\s+\{$/);
      assert.ok(lineOf('HTTPRoute/store/r') > lineOf('Service/store/a'));
    });

    it('unwraps a YAML kind: List', async () => {
      const path = await file(
        'list.yaml',
        `apiVersion: v1\nkind: List\nitems:\n- ${service('a').trimEnd().replace(/\n/g, '\n  ')}\n- ${service('b').trimEnd().replace(/\n/g, '\n  ')}\n`,
      );
      const snap = await loadManifestSnapshot([path]);
      assert.deepEqual(
        snap.services.map((s) => s.metadata.name),
        ['a', 'b'],
      );
      assert.equal(snap.origins['Service/store/a'], `${path}:4`);
      assert.equal(snap.origins['Service/store/b'], `${path}:12`);
    });

    it('unwraps a typed list from the API (HTTPRouteList), whose items omit apiVersion and kind', async () => {
      const list = {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRouteList',
        metadata: { resourceVersion: '1' },
        items: [{ metadata: { name: 'x', namespace: 'store' }, spec: {} }],
      };
      const path = await file('routes.json', JSON.stringify(list));
      const snap = await loadManifestSnapshot([path]);
      assert.equal(snap.routes[0].kind, 'HTTPRoute');
      assert.equal(snap.routes[0].apiVersion, 'gateway.networking.k8s.io/v1');
    });

    it('reads a concatenated stream of JSON objects, as kubectl does', async () => {
      const text = `${JSON.stringify(parse(service('a')))}\n${JSON.stringify(parse(service('b')))}`;
      const snap = await loadManifestSnapshot(['-'], { stdin: Readable.from([text]) });
      assert.deepEqual(
        snap.services.map((s) => s.metadata.name),
        ['a', 'b'],
      );
      assert.equal(snap.origins['Service/store/b'], '<stdin>:2');
    });

    it('puts a namespaced object without namespace in "default"', async () => {
      const path = await file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: plain\n');
      const snap = await loadManifestSnapshot([path]);
      assert.equal(snap.services[0].metadata.namespace, 'default');
    });
  });

  describe('sources', () => {
    it('reads a directory recursively, in lexical order, skipping hidden entries and other extensions', async () => {
      await file('b.yaml', service('from-b'));
      await file('a/c.yml', service('from-a-c'));
      await file('a/z/d.json', JSON.stringify(parse(service('from-a-z-d'))));
      await file('B.yaml', service('from-upper-b'));
      await file('.hidden/x.yaml', service('hidden-dir'));
      await file('.h.yaml', service('hidden-file'));
      await file('notes.txt', service('txt'));
      await file('README.md', '# not a manifest\n');
      await file('Service.YAML', service('upper-ext'));
      const read: string[] = [];
      const snap = await loadManifestSnapshot([dir], { verbose: (l) => read.push(l) });
      assert.deepEqual(
        snap.services.map((s) => s.metadata.name),
        ['from-upper-b', 'from-a-c', 'from-a-z-d', 'from-b'],
      );
      assert.deepEqual(read, [
        `read ${join(dir, 'B.yaml')}: 1 object`,
        `read ${join(dir, 'a/c.yml')}: 1 object`,
        `read ${join(dir, 'a/z/d.json')}: 1 object`,
        `read ${join(dir, 'b.yaml')}: 1 object`,
      ]);
    });

    it('reads a symlinked file in a directory but does not follow a symlinked directory', async () => {
      const target = await file('elsewhere/svc.yaml', service('linked'));
      await mkdir(join(dir, 'input'));
      await symlink(target, join(dir, 'input', 'svc.yaml'));
      await symlink(join(dir, 'elsewhere'), join(dir, 'input', 'loop'));
      const snap = await loadManifestSnapshot([join(dir, 'input')]);
      assert.deepEqual(
        snap.services.map((s) => s.metadata.name),
        ['linked'],
      );
    });

    it('reads a file named explicitly whatever its extension, and -f repeated in order', async () => {
      const txt = await file('one.txt', service('one'));
      const yml = await file('two.yml', service('two'));
      const snap = await loadManifestSnapshot([yml, txt]);
      assert.deepEqual(
        snap.services.map((s) => s.metadata.name),
        ['two', 'one'],
      );
    });

    it('reads "-" from stdin, YAML or JSON', async () => {
      const yamlSnap = await loadManifestSnapshot(['-'], { stdin: Readable.from([route('a'), '---\n', service('s')]) });
      assert.equal(yamlSnap.routes[0].metadata.name, 'a');
      assert.equal(yamlSnap.origins['HTTPRoute/store/a'], '<stdin>:1');
      const jsonSnap = await loadManifestSnapshot(['-'], { stdin: Readable.from([JSON.stringify(parse(service('j')))]) });
      assert.equal(jsonSnap.services[0].metadata.name, 'j');
    });

    it('refuses "-" twice', async () => {
      const err = await loadError(['-', '-'], service('x'));
      assert.equal(err.message, 'stdin ("-f -") can be read only once');
    });

    it('says a missing path the way kubectl does', async () => {
      const missing = join(dir, 'x.yaml');
      const err = await loadError([missing]);
      assert.equal(err.message, `the path "${missing}" does not exist`);
      assert.equal(err.exitCode, 1);
    });

    it('fails when the files hold no object at all', async () => {
      await file('empty.yaml', '# nothing yet\n---\n');
      await file('other.txt', service('ignored'));
      const err = await loadError([dir]);
      assert.equal(err.message, `no objects found in "${dir}"`);
      assert.match(err.hint ?? '', /\.yaml, \.yml or \.json/);
    });
  });

  describe('malformed input names file:line:col and the problem', () => {
    it('a badly indented mapping entry', async () => {
      const path = await file(
        'bad.yaml',
        `${service('ok')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n    namespace: b\nspec: {}\n`,
      );
      // The good object before it is still read; the bad document is reported and skipped.
      const snap = await loadManifestSnapshot([path]);
      assert.deepEqual(snap.services.map((x) => x.metadata.name), ['ok']);
      assert.deepEqual(snap.inputProblems?.map((p) => describeInputProblem(p)), [`${path}:14:5: bad indentation of a mapping entry`]);
    });

    it('a less indented mapping entry', async () => {
      const path = await file('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n    name: a\n  namespace: b\n');
      const err = await loadError([path]);
      assert.equal(err.message, `${path}:5:3: bad indentation of a mapping entry`);
    });

    it('a badly indented sequence entry', async () => {
      const path = await file('bad.yaml', 'spec:\n  ports:\n    - port: 80\n  - port: 81\n');
      const err = await loadError([path]);
      assert.equal(err.message, `${path}:4:3: bad indentation of a sequence entry`);
    });

    it('an unclosed quote, placed at the opening quote', async () => {
      const path = await file('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "web\n  namespace: store\nspec: {}\n');
      const err = await loadError([path]);
      assert.equal(err.message, `${path}:4:9: the double-quoted string that starts here is never closed`);
    });

    it('a tab used for indentation', async () => {
      const path = await file('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n');
      const err = await loadError([path]);
      assert.equal(err.message, `${path}:4:1: tabs are not allowed as indentation (use spaces)`);
    });

    it('a duplicate key', async () => {
      const path = await file('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n');
      const err = await loadError([path]);
      assert.equal(err.message, `${path}:5:3: duplicate key "name" in one mapping`);
    });

    it('a JSON trailing comma', async () => {
      const path = await file('bad.json', '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "a",}\n}\n');
      const err = await loadError([path]);
      assert.equal(err.message, `${path}:4:28: a trailing comma is not allowed in JSON`);
    });

    it('a JSON value missing, an unclosed JSON string, truncated JSON', async () => {
      const missing = await file('a.json', '{\n  "kind": \n}');
      assert.equal((await loadError([missing])).message, `${missing}:3:1: expected a JSON value, found "}"`);
      const unclosed = await file('b.json', '{\n  "kind": "Service\n}');
      assert.equal((await loadError([unclosed])).message, `${unclosed}:2:11: the string that starts here is not closed on its line`);
      const truncated = await file('c.json', '{"apiVersion": "v1",\n "kind": "Service"');
      assert.equal(
        (await loadError([truncated])).message,
        `${truncated}:2:19: expected "," or "}" after a property value, found the end of the input`,
      );
    });

    it('JSON on stdin is placed too', async () => {
      const err = await loadError(['-'], '{"kind": "Service",\n "x": tru}');
      assert.equal(err.message, '<stdin>:2:7: expected a JSON value, found "t"');
    });

    it('an object without kind, or without metadata.name', async () => {
      const noKind = await file('a.yaml', `${service('ok')}---\napiVersion: v1\nmetadata:\n  name: x\n`);
      const snap = await loadManifestSnapshot([noKind]);
      assert.deepEqual(snap.services.map((x) => x.metadata.name), ['ok']);
      assert.deepEqual(snap.inputProblems?.map((p) => describeInputProblem(p)), [
        `${noKind}:10:1: the object has no kind (every object needs apiVersion, kind and metadata.name)`,
      ]);
      const noName = await file('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: store\n');
      assert.equal(
        (await loadError([noName])).message,
        `${noName}:4:3: the object has no metadata.name (every object needs apiVersion, kind and metadata.name)`,
      );
      const nothing = await file('c.yaml', 'spec: {}\n');
      assert.equal(
        (await loadError([nothing])).message,
        `${nothing}:1:1: the object has no apiVersion, kind and metadata.name (every object needs apiVersion, kind and metadata.name)`,
      );
    });

    it('a name that is not text', async () => {
      const path = await file('a.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 42\n');
      assert.equal((await loadError([path])).message, `${path}:4:9: metadata.name must be text, found the number 42`);
    });

    it('a document that is not a mapping, and a list item that is not an object', async () => {
      const seq = await file('a.yaml', '- a\n- b\n');
      assert.equal(
        (await loadError([seq])).message,
        `${seq}:1:1: expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), found a list`,
      );
      const item = await file('b.json', '{"apiVersion": "v1", "kind": "List", "items": [\n  "web"\n]}');
      assert.equal(
        (await loadError([item])).message,
        `${item}:2:3: expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), found the text "web"`,
      );
    });
  });

  describe('what goes into the snapshot', () => {
    it('ignores kinds it does not read, counts them, and says so with verbose', async () => {
      const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: store\n';
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: cfg\n  namespace: store\n';
      const path = await file('mixed.yaml', [deployment, service('web'), pod, deployment.replace('web', 'api')].join('---\n'));
      const said: string[] = [];
      const snap = await loadManifestSnapshot([path], { verbose: (l) => said.push(l) });
      assert.equal(snap.services.length, 1);
      assert.deepEqual(snap.notes, ['ignored 3 objects of kinds kubectl-gw does not read: Deployment (2), Pod (1)']);
      assert.ok(said.includes(`${path}:1: ignored Deployment store/web (kubectl-gw does not read this kind)`), said.join('\n'));
      assert.equal(said.filter((l) => l.includes('ignored')).length, 3);
    });

    it('does not invent Namespaces that objects live in', async () => {
      const path = await file('routes.yaml', route('web', 'shop'));
      const snap = await loadManifestSnapshot([path]);
      assert.equal(snap.routes.length, 1);
      assert.deepEqual(snap.namespaces, []);
      assert.deepEqual(snap.coverage.namespaces, { state: 'files' });
    });

    it('keeps the later of two objects with the same kind, namespace and name, and notes it', async () => {
      const first = await file('1.yaml', route('web'));
      const second = await file('2.yaml', route('web').replace('shared-gw', 'other-gw'));
      const snap = await loadManifestSnapshot([first, second]);
      assert.equal(snap.routes.length, 1);
      assert.equal(snap.routes[0].spec.parentRefs?.[0].name, 'other-gw');
      assert.equal(snap.origins['HTTPRoute/store/web'], `${second}:1`);
      assert.deepEqual(snap.notes, [`HTTPRoute store/web appears twice (${first}:1 and ${second}:1); the later one is used`]);
    });
  });
});

// Loading fixture objects from YAML/JSON files: multi-document streams and `kind: List` (or any
// `*List` with items) are flattened, empty documents skipped. Directories are read recursively in
// name order so a fixture set loads the same way every time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/model/objects.js';

const FIXTURE_FILE = /\.(ya?ml|json)$/i;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const child = join(path, entry);
      return statSync(child).isDirectory() ? filesUnder(child) : FIXTURE_FILE.test(entry) ? [child] : [];
    });
}

function flatten(doc: unknown, where: string): KubeObject[] {
  if (doc === null || doc === undefined) return [];
  const obj = doc as KubeObject & { items?: unknown[] };
  if (typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
    throw new Error(`${where}: not a Kubernetes object (apiVersion and kind are required)`);
  }
  if (obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return obj.items.flatMap((item, i) => flatten(item, `${where} items[${i}]`));
  }
  if (typeof obj.metadata?.name !== 'string') throw new Error(`${where}: ${obj.kind} without metadata.name`);
  return [obj];
}

/** Every object in the given YAML/JSON files and directories (recursive). */
export function loadFixtures(paths: string[]): KubeObject[] {
  return paths.flatMap(filesUnder).flatMap((file) => {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    return docs.flatMap((doc, i) => {
      if (doc.errors.length > 0) throw new Error(`${file}: document ${i + 1}: ${doc.errors[0].message}`);
      return flatten(doc.toJS(), `${file}: document ${i + 1}`);
    });
  });
}

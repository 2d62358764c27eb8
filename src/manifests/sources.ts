// What `-f` names, read the way kubectl reads it: a file, a directory (recursively, files ending
// .yaml/.yml/.json, in lexical order per directory, hidden entries skipped), or `-` for stdin.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UserError } from '../model/errors.js';
import type { ManifestFormat } from './documents.js';

export interface ManifestSource {
  /** The name errors and origins use: the path as given (joined under a directory), or <stdin>. */
  name: string;
  text: string;
  format: ManifestFormat;
}

export const STDIN_NAME = '<stdin>';

// kubectl's resource.FileExtensions; it matches them case-sensitively, and so does this.
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export async function readSources(paths: string[], stdin: NodeJS.ReadableStream): Promise<ManifestSource[]> {
  if (paths.filter((p) => p === '-').length > 1) throw new UserError('stdin ("-f -") can be read only once');
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      const text = await readStream(stdin);
      sources.push({ name: STDIN_NAME, text, format: sniffFormat(STDIN_NAME, text) });
      continue;
    }
    const info = await statOrExplain(path);
    const files = info.isDirectory() ? await manifestFilesUnder(path) : [path];
    for (const file of files) {
      const text = await readText(file);
      sources.push({ name: file, text, format: sniffFormat(file, text) });
    }
  }
  return sources;
}

/**
 * .json files are JSON and .yaml/.yml files YAML; anything else (stdin, a file named without
 * those endings) is JSON when it starts with "{", as kubectl's YAMLOrJSONDecoder decides.
 */
function sniffFormat(name: string, text: string): ManifestFormat {
  const ext = extname(name);
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return /^\uFEFF?\s*\{/.test(text) ? 'json' : 'yaml';
}

async function statOrExplain(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    throw readError(path, e);
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw readError(path, e);
  }
}

function readError(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  // kubectl's own sentence for a missing -f path.
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UserError(`the path "${path}" does not exist`);
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`cannot read "${path}": permission denied`);
  if (code === 'EISDIR') return new UserError(`cannot read "${path}": it is a directory`);
  return new UserError(`cannot read "${path}": ${(e as Error).message}`);
}

async function manifestFilesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw readError(dir, e);
  }
  // Byte order, not locale order: the same files in the same order on every machine.
  const visible = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of visible) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await manifestFilesUnder(path)));
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) {
      // A symlink is read when it leads to a file; symlinked directories are not followed,
      // as filepath.Walk does not follow them either (and loops stay impossible).
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile())) files.push(path);
    }
  }
  return files;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// What `-f` names, read the way kubectl reads it: a file, a directory (recursively, files ending
// .yaml/.yml/.json, in lexical order per directory, hidden entries skipped), an http(s) URL, or
// `-` for stdin.
//
// A path named on the command line that does not exist stops the run at once (kubectl's "the path
// ... does not exist"). Anything else that cannot be read is reported by path and the rest is still
// read, as kubectl's visitors do: a file in a directory that cannot be opened (permissions, a
// symbolic link to nothing, a loop of links), a file that is not valid UTF-8, a URL that fails.
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UserError } from '../model/errors.js';
import type { InputProblem } from '../model/snapshot.js';
import type { ManifestFormat } from './documents.js';
import { lineIndex } from './positions.js';

export interface ManifestSource {
  /** The name errors and origins use: the path as given (joined under a directory), the URL, or <stdin>. */
  name: string;
  text: string;
  format: ManifestFormat;
}

export interface ReadSources {
  sources: ManifestSource[];
  /** Files and URLs that could not be read (VL501), each named by path. */
  problems: InputProblem[];
}

export interface ReadOptions {
  /** Limit for reading one URL, in ms (0: none). */
  urlTimeoutMs?: number;
}

export const STDIN_NAME = '<stdin>';

// kubectl's resource.FileExtensions; it matches them case-sensitively, and so does this.
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

const URL_PATTERN = /^https?:\/\//i;

/** Raised for one file or URL: reported, then the next is read. */
class Unreadable extends Error {
  constructor(
    readonly origin: string,
    message: string,
  ) {
    super(message);
  }
}

export async function readSources(paths: string[], stdin: NodeJS.ReadableStream, opts: ReadOptions = {}): Promise<ReadSources> {
  if (paths.filter((p) => p === '-').length > 1) throw new UserError('stdin ("-f -") can be read only once');
  const out: ReadSources = { sources: [], problems: [] };
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      out.problems.push({ code: 'VL501', origin: e.origin, message: e.message, skipped: true });
    }
  };
  for (const path of paths) {
    if (path === '-') {
      await attempt(async () => out.sources.push(source(STDIN_NAME, await readStream(stdin))));
      continue;
    }
    if (URL_PATTERN.test(path)) {
      await attempt(async () => out.sources.push(source(path, await readUrl(path, opts.urlTimeoutMs ?? 30_000), new URL(path).pathname)));
      continue;
    }
    const info = await statOrExplain(path);
    if (info.isDirectory()) {
      const files = await manifestFilesUnder(path, out.problems);
      for (const file of files) await attempt(async () => out.sources.push(source(file, await readBytes(file))));
    } else {
      await attempt(async () => out.sources.push(source(path, await readBytes(path))));
    }
  }
  return out;
}

function source(name: string, bytes: Buffer, extensionFrom = name): ManifestSource {
  const text = utf8(name, bytes);
  return { name, text, format: sniffFormat(extensionFrom, text) };
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

/**
 * The text of a file, refusing bytes that are not UTF-8, as kubectl's YAML reader does ("invalid
 * leading UTF-8 octet"). Decoding them into U+FFFD would silently change names and values.
 */
function utf8(name: string, bytes: Buffer): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad === -1) return bytes.toString('utf8');
  const before = bytes.subarray(0, bad).toString('utf8');
  const pos = lineIndex(before)(before.length);
  throw new Unreadable(
    `${name}:${pos.line}:${pos.col}`,
    `the file is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')}): it was not read`,
  );
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // The well-formed sequences of Unicode Table 3-7: no overlongs, no surrogates, <= U+10FFFF.
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

async function statOrExplain(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // kubectl's own sentence for a missing -f path.
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A link named on the command line that leads nowhere is named as such.
      const link = await readlink(path).catch(() => null);
      if (link !== null) throw new UserError(`the path "${path}" is a symbolic link to "${link}", which does not exist`);
      throw new UserError(`the path "${path}" does not exist`);
    }
    throw new UserError(`${path}: ${readErrorMessage(e)}`);
  }
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new Unreadable(path, await describeUnreadable(path, e));
  }
}

function readErrorMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'cannot be read: it is a directory';
  if (code === 'ELOOP') return 'cannot be read: too many levels of symbolic links (a loop)';
  return `cannot be read: ${(e as Error).message.replace(/^\w+: /, '')}`;
}

async function describeUnreadable(path: string, e: unknown): Promise<string> {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const link = await readlink(path).catch(() => null);
    return link !== null ? `cannot be read: it is a symbolic link to "${link}", which does not exist` : 'cannot be read: it no longer exists';
  }
  return readErrorMessage(e);
}

async function manifestFilesUnder(dir: string, problems: InputProblem[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    problems.push({ code: 'VL501', origin: dir, message: readErrorMessage(e), skipped: true });
    return [];
  }
  // Byte order, not locale order: the same files in the same order on every machine.
  const visible = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of visible) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await manifestFilesUnder(path, problems)));
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) {
      // As kubectl's filepath.Walk: a symbolic link is not followed into a directory, but one
      // with a manifest's name is read like a file, so a link to nothing or a loop of links is
      // reported when it is read, never skipped in silence.
      if (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isDirectory()) {
        problems.push({ code: 'VL501', origin: path, message: 'cannot be read: it is a symbolic link to a directory', skipped: true });
        continue;
      }
      if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
    }
  }
  return files;
}

/**
 * GET of an http(s) URL, as `kubectl apply -f URL` does (redirects followed); anything but 200
 * is kubectl's "unable to read URL".
 */
async function readUrl(url: string, timeoutMs: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', ...(timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000}s`
        : err.cause?.code === 'ECONNREFUSED'
          ? 'connection refused'
          : err.cause?.message ?? err.message;
    throw new Unreadable(url, `unable to read URL: ${why}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Unreadable(url, `unable to read URL, server reported ${response.status} ${response.statusText}, status code=${response.status}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

// Reading a file the user named on the command line, with kubectl's sentence when it is missing.
import { readFile } from 'node:fs/promises';
import { UserError } from '../model/errors.js';

export async function readUserFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${flag}: the path "${path}" does not exist` : `${flag}: cannot read "${path}": ${(e as Error).message}`);
  }
}

// Entry of the single executable (a Node.js single executable application, scripts/package.mjs):
// the same CLI as bin/kubectl-gw, in one CommonJS file with every dependency. Node.js repeats the
// executable's path as argv[1], so the arguments start at argv[2] as with `node script`.
import { dirname } from 'node:path';
import { main } from './main.js';

void main(process.argv.slice(2), dirname(process.execPath));

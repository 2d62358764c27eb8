// How a problem with the -f input reads on one line, the same in every command: the place first
// (as compilers and kubectl do), then the object and field, then what is wrong.
import type { InputProblem } from '../model/snapshot.js';

export function describeInputProblem(p: InputProblem, opts: { withObject?: boolean } = {}): string {
  const o = p.object;
  const object = o && opts.withObject !== false ? `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}: ` : '';
  return `${p.origin}: ${object}${p.field ? `${p.field}: ` : ''}${p.message}`;
}

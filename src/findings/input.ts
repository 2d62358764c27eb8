// The -f input's own problems (src/manifests) as findings: a file that could not be read, an
// object that was skipped, a value the API server would reject. Each already says where it is
// (file:line:col) and which field; this only gives it a subject and its severity.
import type { Finding } from '../model/finding.js';
import type { Snapshot } from '../model/snapshot.js';
import { describeInputProblem } from '../manifests/problems.js';
import { CATALOGUE, type FindingCode } from './catalogue.js';

export function inputFindings(snapshot: Snapshot): Finding[] {
  return (snapshot.inputProblems ?? []).map((p) => {
    // A file that could not be read, or a document without a name, is known only by its place.
    const subject = p.object
      ? { ...p.object, ...(p.field ? { section: p.field } : {}) }
      : { kind: 'File', name: p.origin.replace(/:\d+:\d+$/, '') };
    return {
      code: p.code,
      severity: CATALOGUE[p.code as FindingCode].severity,
      subject,
      // The place leads, as in every input error; the object is already the finding's subject.
      message: describeInputProblem(p, { withObject: false }),
      ...(p.rule ? { cause: `the Gateway API CRD's validation rejects it: ${p.rule}`, fix: 'change the value so that kubectl apply accepts the object' } : {}),
      origin: p.origin,
    };
  });
}

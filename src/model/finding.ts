// A finding: one thing wrong (or worth knowing), with a stable code a script can filter on.
// The catalogue of codes lives in src/findings/catalogue.ts and docs/findings.md.

export type Severity = 'error' | 'warning' | 'info';

export interface Subject {
  kind: string;
  namespace?: string;
  name: string;
  /** Listener name, rule index ("rule 2"), backendRef ("rule 1 backend 0"), parentRef index... */
  section?: string;
}

export interface Finding {
  /** Stable code, e.g. GW-R001. Never reused for another meaning. */
  code: string;
  severity: Severity;
  subject: Subject;
  /** One sentence: what is wrong. */
  message: string;
  /** Why, in the spec's terms (may name the field). */
  cause?: string;
  /** What to do; may hold a YAML snippet to apply. */
  fix?: string;
  /** "file:line" when the object came from -f input. */
  origin?: string;
}

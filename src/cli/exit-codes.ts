// The exit statuses every command uses, in one table: scripts branch on them, the README and each
// command's --help print this table, so a code is never reused for another meaning.
export const EXIT = {
  /** Done, and nothing reached the failure threshold. */
  ok: 0,
  /** Problems found (check findings at --fail-on, a curl answer that disagrees), or an error. */
  problems: 1,
  /** The command line was wrong: an unknown flag or value, a missing argument. */
  usage: 2,
  /**
   * The analysis is incomplete: something the answer needs could not be read (RBAC 403, a list
   * that failed), so some verdicts are unknown. Problems found take precedence (exit 1).
   */
  incomplete: 3,
  /** A bug: an unexpected error (details with --debug). */
  internal: 70,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table as help text and README show it. */
export const EXIT_CODE_TABLE: ReadonlyArray<readonly [number, string]> = [
  [EXIT.ok, 'success; nothing reached the failure threshold'],
  [EXIT.problems, 'problems found (findings at --fail-on, a probe that disagrees) or an error'],
  [EXIT.usage, 'usage error (unknown flag or value, missing argument)'],
  [EXIT.incomplete, 'incomplete: something could not be read (e.g. RBAC), so some verdicts are unknown'],
  [EXIT.internal, 'internal error (a bug; run with --debug)'],
  [EXIT.interrupted, 'interrupted (Ctrl-C)'],
];

/**
 * The exit status of a run that finished: problems found (1) outrank an incomplete analysis (3),
 * so a script that sees 3 knows nothing reached the threshold in what could be read.
 */
export function outcomeExit(outcome: { failed: boolean; incomplete: boolean }): ExitCode {
  if (outcome.failed) return EXIT.problems;
  return outcome.incomplete ? EXIT.incomplete : EXIT.ok;
}

// Source positions as people read them: 1-based line and column, and "file:line:col" in errors.
import { UserError } from '../model/errors.js';

export interface Position {
  line: number;
  col: number;
}

/**
 * A lookup from character offset to line and column, built once per text so that a file with
 * thousands of objects does not rescan from the top for each one. Lines end at \n (so \r\n too).
 */
export function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}

/** The one error shape for malformed input: `file:line:col: problem`, exit code 1. */
export function positionedError(file: string, pos: Position, problem: string): UserError {
  return new UserError(`${file}:${pos.line}:${pos.col}: ${problem}`);
}

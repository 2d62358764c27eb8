// Colour and status marks. kleur decides whether to colour once, when it is first imported,
// from the environment of that moment; the command knows more (--no-color, -o json), so it
// decides with shouldColor() and applies the answer with useColor() before rendering anything.
import kleur from 'kleur';

/** What a status mark says. The mark is a character, so it still reads without colour. */
export type Status = 'ok' | 'error' | 'warning' | 'unknown';

const MARKS: Record<Status, string> = { ok: '✔', error: '✖', warning: '!', unknown: '?' };

const PAINT: Record<Status, (text: string) => string> = {
  ok: (t) => kleur.green(t),
  error: (t) => kleur.red(t),
  warning: (t) => kleur.yellow(t),
  unknown: (t) => kleur.gray(t),
};

/** Output formats read by programs: never coloured, whatever the terminal. */
const MACHINE_OUTPUTS = new Set(['json', 'yaml', 'dot', 'mermaid', 'svg', 'name']);

export interface ColorContext {
  /** --no-color was given. */
  noColorFlag?: boolean;
  env: Record<string, string | undefined>;
  /** process.stdout.isTTY */
  isTTY: boolean | undefined;
  /** The -o value, if any. */
  output?: string;
}

/**
 * Whether to colour stdout. Machine output, --no-color and NO_COLOR (set at all, even empty:
 * https://no-color.org) always win; FORCE_COLOR (other than "0"/"false") turns colour on where
 * it would otherwise be off (a pipe, TERM=dumb), as in kleur and supports-color.
 */
export function shouldColor(ctx: ColorContext): boolean {
  if (ctx.output !== undefined && (MACHINE_OUTPUTS.has(ctx.output) || ctx.output.startsWith('jsonpath'))) {
    return false;
  }
  if (ctx.noColorFlag) return false;
  const { NO_COLOR, NODE_DISABLE_COLORS, FORCE_COLOR, TERM } = ctx.env;
  if (NO_COLOR !== undefined || NODE_DISABLE_COLORS !== undefined) return false;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  if (TERM === 'dumb') return false;
  return ctx.isTTY === true;
}

/** Turn colour on or off for everything rendered from now on. */
export function useColor(enabled: boolean): void {
  kleur.enabled = enabled;
}

export function colorEnabled(): boolean {
  return kleur.enabled;
}

/** The bare mark character for a status. */
export function markChar(status: Status): string {
  return MARKS[status];
}

/** The mark, coloured when colour is on. */
export function mark(status: Status): string {
  return PAINT[status](MARKS[status]);
}

/** "<mark> <text>", both in the status colour. */
export function statusText(status: Status, text: string): string {
  return PAINT[status](text ? `${MARKS[status]} ${text}` : MARKS[status]);
}

/** Text in the status colour, without a mark. */
export function paint(status: Status, text: string): string {
  return PAINT[status](text);
}

export function dim(text: string): string {
  return kleur.dim(text);
}

export function bold(text: string): string {
  return kleur.bold(text);
}

// The SGR sequences kleur emits (ESC [ ... m).
const ANSI = /\x1b\[[0-9;]*m/g;

/** The text without colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The worst of several statuses: error > warning > unknown > ok. */
export function worst(statuses: Status[]): Status {
  const order: Status[] = ['error', 'warning', 'unknown', 'ok'];
  for (const s of order) if (statuses.includes(s)) return s;
  return 'ok';
}

// An unknown subcommand: kubectl's words ("unknown command"), with a suggestion when the word is
// close to a command. The caller exits with the usage code 2 once stderr is flushed.
import { didYouMean } from '../findings/suggest.js';

export function unknownCommand(id: string, commands: ReadonlyArray<{ id: string; hidden?: boolean }>): void {
  const known = commands.filter((c) => !c.hidden).map((c) => c.id.replace(/:/g, ' '));
  const word = id.replace(/:/g, ' ');
  const guess = didYouMean(word, known);
  process.stderr.write(`error: unknown command "${word}" for "kubectl gw"\n`);
  process.stderr.write(guess ? `Did you mean "${guess}"? ` : '');
  process.stderr.write(`Run 'kubectl gw --help' for usage.\n`);
}

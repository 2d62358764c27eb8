// oclif hook for an unknown subcommand: kubectl's words ("unknown command") and the usage exit
// code 2, with a suggestion when the word is close to a command.
import type { Hook } from '@oclif/core';
import { didYouMean } from '../findings/suggest.js';

const hook: Hook<'command_not_found'> = async function (opts) {
  const commands = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id.replace(/:/g, ' '));
  const word = opts.id.replace(/:/g, ' ');
  const guess = didYouMean(word, commands);
  process.stderr.write(`error: unknown command "${word}" for "kubectl gw"\n`);
  process.stderr.write(guess ? `Did you mean "${guess}"? ` : '');
  process.stderr.write(`Run 'kubectl gw --help' for usage.\n`);
  // Thrown (oclif's ExitError), not process.exit: src/cli/main.ts ends the process once stderr
  // is flushed.
  this.exit(2);
};

export default hook;

// `--help`, `-h` and `kubectl gw help [COMMAND]`, the kubectl way: the summary said once (at the
// top, not again under DESCRIPTION), prose wrapped once to the terminal (descriptions in the
// source are one line per paragraph), the exit codes on every command's page, and an unknown
// command answered as kubectl does (`error: unknown command`, exit 2) rather than oclif's
// ` ›   Error: Command x not found.` with exit 1. Loaded only when help is asked for.
import { Errors } from '@oclif/core';
import { CommandHelp, Help } from '@oclif/core/help';
import type { Command, Config } from '@oclif/core';
import { EXIT, EXIT_CODE_TABLE } from './exit-codes.js';
import { unknownCommand } from './unknown-command.js';

class GwCommandHelp extends CommandHelp {
  protected description(): string | undefined {
    const text = this.command.description?.trim();
    return text ? this.wrap(text) : undefined;
  }

  protected sections(): ReturnType<CommandHelp['sections']> {
    const sections = super.sections();
    const at = sections.findIndex((s) => s.header === 'DESCRIPTION');
    sections.splice(at + 1, 0, {
      header: 'EXIT CODES',
      generate: () => this.renderList(EXIT_CODE_TABLE.map(([code, meaning]) => [String(code), meaning]), { indentation: 2, stripAnsi: this.opts.stripAnsi }),
    });
    return sections;
  }
}

class GwHelp extends Help {
  protected getCommandHelpClass(command: Command.Loadable): CommandHelp {
    return new GwCommandHelp(command, this.config, this.opts);
  }

  async showHelp(argv: string[]): Promise<void> {
    const words = argv.filter((a) => !a.startsWith('-'));
    if (words.length > 0) {
      const id = words.join(':');
      if (!this.config.findCommand(id) && !this.config.findTopic(id)) {
        unknownCommand(id, this.config.commands);
        // Thrown, not process.exit: src/cli/main.ts ends the process once stderr is flushed.
        throw new Errors.ExitError(EXIT.usage);
      }
    }
    return super.showHelp(argv);
  }
}

/** The flags that ask for help instead of running the command (oclif's, and kubectl's -h). */
const HELP_FLAGS = ['--help', '-h'];

/** Prints help for the command (and topic) words in argv; an unknown one is a usage error. */
export async function showHelp(config: Config, argv: string[]): Promise<void> {
  await new GwHelp(config, { stripAnsi: !process.stdout.isTTY }).showHelp(argv.filter((a) => !HELP_FLAGS.includes(a)));
}

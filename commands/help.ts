import { Args } from '@oclif/core';
import { GwCommand } from '../src/cli/base-command.js';

export default class HelpCommand extends GwCommand {
  static summary = 'Help about any command.';

  static description = 'With no argument, lists the commands; with one, shows its usage, flags, description, exit codes and examples, as --help does.';

  static examples = ['<%= config.bin %> help', '<%= config.bin %> help explain route'];

  static strict = false;

  static args = { command: Args.string({ description: 'The command (words as typed, e.g. explain route).', required: false }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(HelpCommand);
    const { showHelp } = await import('../src/cli/help.js');
    await showHelp(this.config, argv as string[]);
  }
}

import { GwCommand } from '../../src/cli/base-command.js';

export default class CompletionKubectl extends GwCommand {
  static summary = 'Print the kubectl_complete-gw script that gives `kubectl gw` tab completion.';

  static description = `kubectl (1.26 and later) completes a plugin's arguments by running kubectl_complete-gw from PATH. Save this script under that name, make it executable and put it on PATH (krew does not install it). It completes subcommands, flags, flag values (-o, --context, -n) and gateway and route names.`;

  static examples = ['<%= config.bin %> completion kubectl > kubectl_complete-gw && chmod +x kubectl_complete-gw && sudo mv kubectl_complete-gw /usr/local/bin/'];

  async run(): Promise<void> {
    await this.parse(CompletionKubectl);
    const { kubectlCompletionScript } = await import('../../src/cli/complete.js');
    this.out(await kubectlCompletionScript());
  }
}

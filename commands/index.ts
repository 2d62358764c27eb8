// Every command, by oclif id (topics joined with ':'). oclif finds commands through this map (its
// "explicit" discovery strategy): the build bundles the whole CLI into one file, so no command
// is looked up on disk. A new command file must be added here (test/cli/commands.test.ts checks).
import Check from './check.js';
import CompletionKubectl from './completion/kubectl.js';
import Curl from './curl.js';
import ExplainGateway from './explain/gateway.js';
import ExplainRoute from './explain/route.js';
import Help from './help.js';
import Tree from './tree.js';
import Version from './version.js';

export const COMMANDS = {
  check: Check,
  'completion:kubectl': CompletionKubectl,
  curl: Curl,
  'explain:gateway': ExplainGateway,
  'explain:route': ExplainRoute,
  help: Help,
  tree: Tree,
  version: Version,
};

// What kubectl-gw uses of @oclif/core, from the package's own subpath exports. The build
// resolves `@oclif/core` to this file (scripts/build.mjs): the package's index loads every part
// of oclif, including semver and the plugin-install machinery this CLI never uses (about 15% of
// oclif's start-up). A name missing here fails the build, loudly.
export * as Args from '@oclif/core/args';
export { Command } from '@oclif/core/command';
export { Config, Plugin } from '@oclif/core/config';
export * as Errors from '@oclif/core/errors';
export * as Flags from '@oclif/core/flags';
export { run } from '@oclif/core/run';

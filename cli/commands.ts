/**
 * The command table. Each command lives in its own module under cli/commands/ and exports
 * `spec` (its CommandSpec) and `run(args, io)` returning the exit code.
 */
import type { CommandSpec, ParsedArgs } from './args';
import type { CliIo } from './io';

export interface CommandModule {
  readonly spec: CommandSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Loaded lazily so `vpclink validate` does not pay for the sandbox or the web server. */
export const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  validate: () => import('./commands/validate'),
  check: () => import('./commands/check'),
  matrix: () => import('./commands/matrix'),
  sandbox: () => import('./commands/sandbox'),
  import: () => import('./commands/import'),
  plan: () => import('./commands/plan'),
  apply: () => import('./commands/apply'),
  destroy: () => import('./commands/destroy'),
  serve: () => import('./commands/serve'),
  app: () => import('./commands/app'),
  assert: () => import('./commands/assert'),
  diff: () => import('./commands/diff'),
  export: () => import('./commands/export'),
  drift: () => import('./commands/drift'),
};

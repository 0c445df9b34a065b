/**
 * `vpclink destroy FILE [--yes] [--journal FILE] [--endpoint URL] [--profiles FILE] [--json]` —
 * remove the document's interconnection from the live accounts: routes through its router
 * interfaces, the interfaces (deactivated first), and its security-group rules. VPCs, vSwitches,
 * groups and instances are never touched. Resumable like apply. Exit codes as apply.
 */
import type { CommandSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { CHANGE_FLAGS, runChange } from './apply';
import { CLOUD_FLAGS } from './plan';

export const spec: CommandSpec = {
  name: 'destroy',
  summary: "Remove the document's router interfaces, the routes through them and its rules from the live accounts.",
  positionals: ['FILE'],
  flags: {
    ...CHANGE_FLAGS,
    ...CLOUD_FLAGS,
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  return runChange('destroy', args, io);
}

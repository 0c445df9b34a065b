// Placeholder until the command is built (see its issue); it refuses clearly instead of pretending.
import type { CommandSpec, ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';

export const spec: CommandSpec = { name: 'sandbox', summary: 'not available yet', positionals: [], flags: { json: { type: 'boolean', description: 'machine-readable output' } } };

export async function run(_args: ParsedArgs, io: CliIo): Promise<number> {
  io.stderr('vpclink sandbox: not available in this build yet\n');
  return EXIT.BAD_INPUT;
}

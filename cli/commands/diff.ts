/**
 * `vpclink diff BEFORE AFTER [--protocol icmp|tcp|udp|all] [--port N] [--json]`
 * (topology-format.md §4.3): reachability gained and lost between two documents, for the
 * instances present in both. Exit 0 nothing lost, 1 one or more pairs lost, 2 bad input.
 */
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import type { Topology } from '../../simulator/document';
import { diffReachability, type DiffResult } from '../../simulator/diff';
import { protocolInputError, type Protocol } from '../../simulator/reach';
import { spec as matrixSpec } from './matrix';

export const spec: CommandSpec = {
  name: 'diff',
  summary:
    'Reachability gained and lost from BEFORE to AFTER (instances in both), lost pairs grouped by the change that caused them.',
  positionals: ['BEFORE', 'AFTER'],
  flags: {
    // The same --protocol/--port as matrix: diff compares two matrices.
    protocol: matrixSpec.flags.protocol!,
    port: matrixSpec.flags.port!,
    json: { type: 'boolean', description: 'machine-readable output (docs/topology-format.md §4.3)' },
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const protocol = ((args.flags.protocol as string | undefined) ?? 'icmp') as Protocol;
  const port = (args.flags.port as number | undefined) ?? null;
  const bad = protocolInputError(protocol, port);
  if (bad) return usage(io, `--${bad.field}: ${bad.message}`);
  const documents: Topology[] = [];
  for (const file of args.positionals) {
    const loaded = await readDocumentFile(file, io.cwd);
    if (loaded.kind === 'unreadable') return usage(io, loaded.message);
    if (loaded.kind === 'invalid') {
      io.stderr(`vpclink diff: ${describeSchemaIssues(file, loaded.issues)}`);
      return EXIT.BAD_INPUT;
    }
    documents.push(loaded.document);
  }
  const result = diffReachability(documents[0]!, documents[1]!, { protocol, port });
  io.stdout(args.flags.json ? JSON.stringify(result.diff, null, 2) + '\n' : formatDiff(result, protocol, port));
  return result.diff.lost.length === 0 ? EXIT.OK : EXIT.FAILED;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`vpclink diff: ${message}\n`);
  return EXIT.BAD_INPUT;
}

const SHOWN_PAIRS = 10;

/** Lost pairs grouped by cause ("lost 40 pairs: rule #3 of sg-… removed"), then gained pairs grouped by cause. */
export function formatDiff(result: DiffResult, protocol: Protocol, port: number | null): string {
  const what =
    protocol === 'icmp' ? 'ICMP (ping)' : protocol === 'all' ? 'all traffic' : `${protocol.toUpperCase()} port ${port}`;
  const { gained, lost } = result.diff;
  const lines = [`Reachability of ${what}, before → after:`];
  if (gained.length === 0 && lost.length === 0) lines.push('  no pair gained or lost.');
  for (const group of result.lostByCause) {
    lines.push(`✗ lost ${plural(group.pairs.length)}: ${group.cause}`);
    for (const p of group.pairs.slice(0, SHOWN_PAIRS)) lines.push(`    ${p.from} → ${p.to}`);
    if (group.pairs.length > SHOWN_PAIRS) lines.push(`    … and ${group.pairs.length - SHOWN_PAIRS} more`);
  }
  for (const group of result.gainedByCause) {
    lines.push(`✓ gained ${plural(group.pairs.length)}: ${group.cause}`);
    for (const p of group.pairs.slice(0, SHOWN_PAIRS)) lines.push(`    ${p.from} → ${p.to}`);
    if (group.pairs.length > SHOWN_PAIRS) lines.push(`    … and ${group.pairs.length - SHOWN_PAIRS} more`);
  }
  lines.push('', `${plural(lost.length)} lost, ${plural(gained.length)} gained.`);
  return lines.join('\n') + '\n';
}

function plural(n: number): string {
  return `${n} pair${n === 1 ? '' : 's'}`;
}

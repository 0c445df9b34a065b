/**
 * `vpclink check FILE --from SRC --to DST [--protocol icmp|tcp|udp|all] [--port N]
 * [--source-port N] [--json]` (topology-format.md §3.2, §4.3): would this flow work, both ways?
 * Exit 0 reachable, 1 unreachable or undetermined, 2 bad input.
 */
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import {
  createReachability,
  isFlowInputError,
  PROTOCOLS,
  type CheckResult,
  type Hop,
  type Protocol,
} from '../../simulator/reach';

export const spec: CommandSpec = {
  name: 'check',
  summary:
    'Would this flow (a ping by default) work, both ways? Shows the path hop by hop and every blocker with its fix.',
  positionals: ['FILE'],
  flags: {
    from: {
      type: 'string',
      description:
        "source: an instance ID, an ENI ID, a private IPv4 address one of them holds, or an instance's or ENI's name",
      valueName: 'INSTANCE|ENI|IPv4|NAME',
    },
    to: {
      type: 'string',
      description: "destination: an instance ID, an ENI ID, an instance's or ENI's name, or any IPv4 address",
      valueName: 'INSTANCE|ENI|IPv4|NAME',
    },
    protocol: {
      type: 'string',
      description: 'icmp (default), tcp, udp or all',
      choices: PROTOCOLS,
      valueName: 'PROTOCOL',
    },
    port: {
      type: 'integer',
      description: 'destination port, required for tcp and udp',
      min: 1,
      max: 65535,
      valueName: '1-65535',
    },
    'source-port': {
      type: 'integer',
      description:
        "the client's port (tcp/udp); without it the reply must pass network ACLs for every ephemeral port 32768-60999",
      min: 1,
      max: 65535,
      valueName: '1-65535',
    },
    json: { type: 'boolean', description: 'machine-readable output (docs/topology-format.md §3.2)' },
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const from = args.flags.from as string | undefined;
  const to = args.flags.to as string | undefined;
  if (from === undefined) return usage(io, 'missing --from (the source instance ID, ENI ID, address or name)');
  if (to === undefined) return usage(io, 'missing --to (the destination instance ID or IPv4 address)');
  const protocol = ((args.flags.protocol as string | undefined) ?? 'icmp') as Protocol;
  const port = (args.flags.port as number | undefined) ?? null;
  const sourcePort = (args.flags['source-port'] as number | undefined) ?? null;

  const loaded = await readDocumentFile(file, io.cwd);
  if (loaded.kind === 'unreadable') return usage(io, loaded.message);
  if (loaded.kind === 'invalid') {
    io.stderr(`vpclink check: ${describeSchemaIssues(file, loaded.issues)}`);
    return EXIT.BAD_INPUT;
  }
  const result = createReachability(loaded.document).check({ from, to, protocol, port, sourcePort });
  if (isFlowInputError(result)) return usage(io, `--${result.field}: ${result.message}`);
  io.stdout(args.flags.json ? JSON.stringify(result, null, 2) + '\n' : formatCheck(result));
  // Undetermined is not a pass (topology-format.md §4.3): exit 1 like unreachable.
  return result.verdict === 'reachable' ? EXIT.OK : EXIT.FAILED;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`vpclink check: ${message}\n`);
  return EXIT.BAD_INPUT;
}

const MARK = { ok: '✓', drop: '✗', unknown: '?' } as const;

/** The first line of the report: mark and word, then what follows the flow. */
const VERDICT_LINE: Record<CheckResult['verdict'], readonly [string, string]> = {
  reachable: [`${MARK.ok} REACHABLE`, ', and the reply comes back'],
  unreachable: [`${MARK.drop} UNREACHABLE`, ''],
  undetermined: [`${MARK.unknown} UNDETERMINED`, ': the path reaches a next hop vpclink does not simulate'],
};

function formatHops(hops: readonly Hop[]): string[] {
  return hops.map((hop, i) => {
    const mark = hop.causesDrop ? MARK.drop : hop.action === 'NOT_SIMULATED' ? MARK.unknown : MARK.ok;
    const what = `${hop.resourceType} ${hop.resourceId}`;
    const maybe = hop.hypothetical ? '  (if the earlier drop is fixed)' : '';
    return `  ${String(i + 1).padStart(2)}. ${mark} ${hop.action.padEnd(15)} ${what}${maybe}\n        ${hop.description}`;
  });
}

/** The human report: verdict line, both paths, then each blocker with its fix. */
export function formatCheck(result: CheckResult): string {
  const { flow } = result;
  const what =
    flow.protocol === 'icmp'
      ? 'ICMP (ping)'
      : flow.protocol === 'all'
        ? 'all traffic'
        : `${flow.protocol.toUpperCase()} port ${flow.port}${flow.sourcePort != null ? ` from port ${flow.sourcePort}` : ''}`;
  const lines: string[] = [];
  const [head, tail] = VERDICT_LINE[result.verdict];
  lines.push(`${head}: ${what} from ${flow.from} to ${flow.to}${tail}`);
  lines.push('');
  lines.push(`Request (forward): ${result.forward.disposition}`);
  lines.push(...formatHops(result.forward.hops));
  lines.push('');
  lines.push(
    `Reply (return): ${result.return.disposition}${result.return.disposition === 'NOT_EVALUATED' ? ' (the request never reaches a place to answer from)' : ''}`,
  );
  lines.push(...formatHops(result.return.hops));
  if (result.blockers.length > 0) {
    lines.push('');
    lines.push(`${result.blockers.length} blocker${result.blockers.length === 1 ? '' : 's'} (fix all of them):`);
    result.blockers.forEach((b, i) => {
      const how =
        b.cause === 'EXPLICIT_DROP'
          ? ', an explicit drop rule'
          : b.cause === 'DEFAULT_DENY'
            ? ', the default deny'
            : '';
      lines.push(`  ${i + 1}. ${b.code} on ${b.resourceId} (${b.direction === 'forward' ? 'request' : 'reply'}${how})`);
      lines.push(`     ${b.message}`);
      if (b.ports) lines.push(`     failing ports: ${b.ports}`);
      lines.push(`     fix: ${b.suggestion}`);
      if (b.fix) lines.push(`     patch: ${JSON.stringify(b.fix)}`);
    });
  }
  return lines.join('\n') + '\n';
}

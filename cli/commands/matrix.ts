/**
 * `vpclink matrix FILE [--protocol icmp|tcp|udp|all] [--port N] [--json]` (topology-format.md
 * §3.3): the verdict for every ordered pair of instances. Exit 0 ran, 2 bad input.
 */
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import type { Topology } from '../../simulator/document';
import {
  bitRows,
  createReachability,
  isReachable,
  PROTOCOLS,
  protocolInputError,
  reachableRow,
  type MatrixResult,
  type Protocol,
} from '../../simulator/reach';

export const spec: CommandSpec = {
  name: 'matrix',
  summary: 'Reachability of every ordered pair of instances (row = source, column = destination), both ways.',
  positionals: ['FILE'],
  flags: {
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
    json: { type: 'boolean', description: 'machine-readable output (docs/topology-format.md §3.3)' },
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const protocol = ((args.flags.protocol as string | undefined) ?? 'icmp') as Protocol;
  const port = (args.flags.port as number | undefined) ?? null;
  const bad = protocolInputError(protocol, port);
  if (bad) {
    io.stderr(`vpclink matrix: --${bad.field}: ${bad.message}\n`);
    return EXIT.BAD_INPUT;
  }
  const loaded = await readDocumentFile(file, io.cwd);
  if (loaded.kind === 'unreadable') {
    io.stderr(`vpclink matrix: ${loaded.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (loaded.kind === 'invalid') {
    io.stderr(`vpclink matrix: ${describeSchemaIssues(file, loaded.issues)}`);
    return EXIT.BAD_INPUT;
  }
  const result = createReachability(loaded.document).matrix({ protocol, port });
  if (args.flags.json) await writeMatrixJson(result, io.stdout, io.stdoutDrained);
  else io.stdout(formatMatrix(result, loaded.document));
  return EXIT.OK;
}

/** Rows are written in chunks of about this many characters (the last chunk may be smaller). */
const JSON_CHUNK_CHARS = 1 << 20;

/**
 * The §3.3 JSON, one row per line (a 2,000-instance matrix stays a readable file), streamed: an
 * XL estate (10,000 instances) is ~550 MB of JSON, more than one JavaScript string can hold
 * ("Invalid string length", issue 10 defect 5), so rows go to `write` in ~1 MiB chunks. The
 * bytes are the same as one string would be. After each chunk it waits for `drained` (stdout's
 * backpressure), so no more than about one chunk is ever queued in memory.
 */
export async function writeMatrixJson(
  result: MatrixResult,
  write: (text: string) => void,
  drained: () => Promise<void> = async () => {},
): Promise<void> {
  write(
    [
      '{',
      `  "protocol": ${JSON.stringify(result.protocol)},`,
      `  "port": ${JSON.stringify(result.port)},`,
      `  "instances": ${JSON.stringify(result.instances)},`,
      `  "reachable": [`,
    ].join('\n'),
  );
  // Row by row from the result's bitsets: the N² booleans of `reachable` are never all in memory.
  const n = result.instances.length;
  let chunk = '';
  for (let s = 0; s < n; s++) {
    chunk += `${s === 0 ? '\n' : ',\n'}    [${reachableRow(result, s).join(',')}]`;
    if (chunk.length >= JSON_CHUNK_CHARS) {
      write(chunk);
      chunk = '';
      await drained();
    }
  }
  write(`${chunk}${n ? '\n  ' : ''}],\n`);
  // Undetermined pairs are false in `reachable` and listed here (topology-format.md §4.3); streamed
  // in chunks too, since an XL estate can have millions of them.
  write('  "undetermined": [');
  chunk = '';
  for (const [i, pair] of result.undetermined.entries()) {
    chunk += `${i === 0 ? '' : ','}${JSON.stringify(pair)}`;
    if (chunk.length >= JSON_CHUNK_CHARS) {
      write(chunk);
      chunk = '';
      await drained();
    }
  }
  write(`${chunk}]\n}\n`);
}

const GRID_LIMIT = 60;

/** A grid (✓ reachable both ways, ✗ not, · itself) up to 60 instances; a per-source list beyond. */
export function formatMatrix(result: MatrixResult, document: Topology): string {
  const what =
    result.protocol === 'icmp'
      ? 'ICMP (ping)'
      : result.protocol === 'all'
        ? 'all traffic'
        : `${result.protocol.toUpperCase()} port ${result.port}`;
  const n = result.instances.length;
  const byId = new Map(document.instances.map((i) => [i.instanceId, i] as const));
  const unknown = new Set(result.undetermined.map(([s, d]) => `${s},${d}`));
  let reachable = 0;
  for (let s = 0; s < n; s++) reachable += reachedFrom(result, s) - 1;
  const lines = [`Reachability of ${what}, request and reply: row = source, column = destination`, ''];
  if (n === 0) return lines.concat('(no instances in the document)', '').join('\n');
  const label = (id: string) => {
    const instance = byId.get(id);
    return instance?.name ? `${instance.name} ${id}` : id;
  };
  if (n <= GRID_LIMIT) {
    const width = String(n).length;
    const labels = result.instances.map((id, i) => `${String(i + 1).padStart(width)} ${truncate(label(id), 44)}`);
    const pad = Math.max(...labels.map((l) => l.length)) + 2;
    // Column numbers, one digit per header line so columns stay two characters wide.
    for (let digit = width - 1; digit >= 0; digit--) {
      let header = ' '.repeat(pad);
      for (let d = 1; d <= n; d++) {
        const text = String(d).padStart(width);
        header += text[width - 1 - digit] + ' ';
      }
      lines.push(header.trimEnd());
    }
    result.reachable.forEach((row, s) => {
      lines.push(
        labels[s]!.padEnd(pad) +
          row.map((ok, d) => (d === s ? '·' : ok ? '✓' : unknown.has(`${s},${d}`) ? '?' : '✗')).join(' '),
      );
    });
    lines.push(
      '',
      `✓ reachable both ways   ✗ not reachable (run vpclink check for the reasons)${unknown.size ? '   ? undetermined' : ''}   · itself`,
      '',
    );
    const idWidth = Math.max(...result.instances.map((id) => id.length));
    const nameWidth = Math.max(0, ...result.instances.map((id) => byId.get(id)?.name?.length ?? 0));
    const legend = result.instances.map((id, i) => {
      const instance = byId.get(id);
      return `${String(i + 1).padStart(width)}  ${id.padEnd(idWidth)}  ${(instance?.name ?? '').padEnd(nameWidth)}  ${instance?.privateIpAddress ?? ''}`.trimEnd();
    });
    lines.push(...legend, '');
  } else {
    result.instances.forEach((_id, s) => {
      const misses = n - reachedFrom(result, s);
      const shown: string[] = [];
      for (let d = 0; d < n && shown.length < 8 && shown.length < misses; d++)
        if (!isReachable(result, s, d)) shown.push(result.instances[d]!);
      lines.push(
        `${label(result.instances[s]!)}: reaches ${n - 1 - misses} of ${n - 1}${misses ? `; not: ${shown.join(', ')}${misses > 8 ? `, … (+${misses - 8} more)` : ''}` : ''}`,
      );
    });
    lines.push('');
  }
  lines.push(`${reachable} of ${n * (n - 1)} ordered pairs reachable.`);
  return lines.join('\n') + '\n';
}

/** How many instances s reaches, itself included (a popcount of its bitset row when the result has one). */
function reachedFrom(result: MatrixResult, s: number): number {
  const row = bitRows(result)?.[s];
  if (row === undefined) return result.reachable[s]!.filter(Boolean).length;
  let count = 0;
  for (let w = 0; w < row.length; w++) for (let bits = row[w]!; bits !== 0; bits &= bits - 1) count++;
  return count;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

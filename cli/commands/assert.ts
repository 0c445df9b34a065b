/**
 * `vpclink assert FILE [--json]` (topology-format.md §4.3): evaluates the document's intents.
 * Exit 0 every intent holds, 1 one or more fail, 2 bad input (the file, or an intent that names
 * nothing or whose port does not fit its protocol).
 */
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import { evaluateIntents, type AssertReport } from '../../simulator/intents';
import { countOf } from '../../simulator/text/count';

export const spec: CommandSpec = {
  name: 'assert',
  summary:
    "Evaluate the document's intents (must reach / must not reach): every violating pair with its blockers. For CI.",
  positionals: ['FILE'],
  flags: {
    json: { type: 'boolean', description: 'machine-readable output (docs/topology-format.md §4.3)' },
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const loaded = await readDocumentFile(file, io.cwd);
  if (loaded.kind === 'unreadable') return usage(io, loaded.message);
  if (loaded.kind === 'invalid') {
    io.stderr(`vpclink assert: ${describeSchemaIssues(file, loaded.issues)}`);
    return EXIT.BAD_INPUT;
  }
  const result = evaluateIntents(loaded.document);
  if (result.kind === 'bad-input') {
    const lines = result.problems.map((p) => `  ${p.path}: ${p.message}`);
    return usage(
      io,
      `${file}: ${countOf(result.problems.length, 'intent field')} cannot be evaluated:\n${lines.join('\n')}`,
    );
  }
  const { report } = result;
  io.stdout(args.flags.json ? JSON.stringify(report, null, 2) + '\n' : formatAssert(report));
  return report.failed === 0 ? EXIT.OK : EXIT.FAILED;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`vpclink assert: ${message}\n`);
  return EXIT.BAD_INPUT;
}

/** Violations shown per intent before "… and N more" (the JSON has them all). */
const SHOWN_VIOLATIONS = 10;

/** One line per intent (✓ holds, ✗ fails), each failing pair under it with its blockers. */
export function formatAssert(report: AssertReport): string {
  if (report.results.length === 0) return 'No intents in the document (add an "intents" array to guard it).\n';
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${result.holds ? '✓' : '✗'} ${result.index + 1}. ${result.name}`);
    for (const v of result.violations.slice(0, SHOWN_VIOLATIONS)) {
      lines.push(`    ${v.from} → ${v.to}: ${v.verdict}`);
      for (const b of v.blockers) {
        lines.push(
          `      ${b.code} on ${b.resourceId} (${b.direction === 'forward' ? 'request' : 'reply'}): ${b.message}`,
        );
        lines.push(`        fix: ${b.suggestion}`);
      }
    }
    const more = result.violations.length - SHOWN_VIOLATIONS;
    if (more > 0) lines.push(`    … and ${more} more pair${more === 1 ? '' : 's'} (run with --json for all)`);
  }
  lines.push('', `${report.passed} of ${report.results.length} intents hold; ${report.failed} fail.`);
  return lines.join('\n') + '\n';
}

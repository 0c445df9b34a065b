/**
 * `vpclink validate FILE [--json]` (topology-format.md §3, §3.1).
 *
 * Exit 0: no errors (warnings and info allowed). Exit 1: errors found — including a document
 * whose shape does not match the schema (its issues are reported as findings). Exit 2: the file
 * cannot be read or is not a topology document; the reason goes to stderr and, with --json too,
 * NOTHING goes to stdout (a script tells the cases apart by the exit code; stdout holds either the
 * `{ valid, findings }` object or nothing).
 */
import { readDocumentFile } from '../document';
import type { CommandSpec, ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import {
  countFindings,
  type Finding,
  isValid,
  schemaIssuesToFindings,
  validateTopology,
} from '../../simulator/validate';

export const spec: CommandSpec = {
  name: 'validate',
  summary:
    'Load and check a topology document: findings with codes, JSON Pointer paths and fixes.\nExit 0 no errors ' +
    '(warnings allowed), 1 errors found, 2 the file cannot be read or is not a topology document.',
  positionals: ['FILE'],
  flags: { json: { type: 'boolean', description: 'print { "valid": bool, "findings": [ … ] } on stdout' } },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const json = args.flags.json === true;
  const loaded = await readDocumentFile(file, io.cwd);
  if (loaded.kind === 'unreadable') {
    io.stderr(`vpclink validate: ${loaded.message} [${loaded.code}]\n`);
    return EXIT.BAD_INPUT;
  }
  const schemaInvalid = loaded.kind === 'invalid';
  const findings =
    loaded.kind === 'invalid' ? schemaIssuesToFindings(loaded.issues) : validateTopology(loaded.document);
  const valid = isValid(findings);
  if (json) io.stdout(JSON.stringify({ valid, findings }, null, 2) + '\n');
  else io.stdout(formatHuman(file, findings, schemaInvalid));
  return valid ? EXIT.OK : EXIT.FAILED;
}

/** One line per finding, its fix indented below, then a summary line. */
export function formatHuman(file: string, findings: readonly Finding[], schemaInvalid = false): string {
  const lines: string[] = [];
  const indent = ' '.repeat(9);
  for (const f of findings) {
    lines.push(`${f.severity.padEnd(7)}  ${f.code}  ${f.path || '/'}  ${f.message}`);
    if (f.suggestion) lines.push(`${indent}fix: ${f.suggestion}`);
  }
  lines.push(
    `${file}: ${summary(findings)}${schemaInvalid ? ' (the document does not match the topology schema; fix these first)' : ''}`,
  );
  return lines.join('\n') + '\n';
}

function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'valid, no findings';
  const counts = countFindings(findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  return parts.join(', ');
}

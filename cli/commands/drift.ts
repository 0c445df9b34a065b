/**
 * `vpclink drift FILE [--endpoint URL] [--profiles FILE] [--journal FILE] [--json]`
 * (topology-format.md §4.3): the document against the live accounts and what the last apply
 * recorded — every resource changed outside vpclink, missing or unmanaged — and the reachability
 * pairs that differ between the document and live. Exit 0 in sync, 1 drift (or the cloud refused),
 * 2 bad input.
 *
 * The accounts are connected and verified by the session core as `plan` does, the live state
 * is `cloud/import` over the document's accounts and regions, and the journal beside FILE (as
 * `apply` writes it) maps the document's router-interface IDs to the live ones.
 */
import { resolve } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { readJournal, regionsOf, seededRandom, withReadRetries } from '../../cloud/apply';
import { importTopology } from '../../cloud/import';
import type { Topology } from '../../simulator/document';
import { defaultJournalPath } from './apply';
import { CLOUD_FLAGS, readDesired, reportError, sessionFor, targetOf } from './plan';
import {
  driftReport,
  intentsBrokenLive,
  recordedIds,
  timingForTarget,
  type CloudSession,
  type DriftReport,
} from '../../cloud/session';
import { countOf } from '../../simulator/text/count';

export const spec: CommandSpec = {
  name: 'drift',
  summary:
    'Compare the document with the live accounts and the last apply: resources changed outside vpclink, missing or unmanaged, and the reachability that differs.',
  positionals: ['FILE'],
  flags: {
    ...CLOUD_FLAGS,
    journal: {
      type: 'string',
      valueName: 'FILE',
      description: "the last apply's journal (default: FILE with .json replaced by .journal.json)",
    },
    json: { type: 'boolean', description: 'machine-readable output (docs/topology-format.md §4.3)' },
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const desired = await readDesired(file, io, 'drift');
  if (typeof desired === 'number') return desired;
  const journalPath =
    typeof args.flags.journal === 'string' ? resolve(io.cwd, args.flags.journal) : defaultJournalPath(desired.path);
  const journal = await readJournal(journalPath);
  if (journal.kind === 'invalid') {
    io.stderr(`vpclink drift: ${journal.message}\n`);
    return EXIT.BAD_INPUT;
  }
  let session: CloudSession | undefined;
  try {
    // The accounts are connected and verified by the one session core (cloud/session), as plan does.
    session = sessionFor(desired, args, io, { journalPath, documentPath: file });
    const clients = await session.connect(io.signal);
    const timing = timingForTarget(targetOf(args));
    const accounts = [...clients].map(([accountId, client]) => ({
      accountId,
      client: withReadRetries(client, timing, seededRandom(1), io.signal),
    }));
    const { document: live, warnings } = await importTopology({
      accounts,
      regions: regionsOf(desired.document),
      signal: io.signal,
    });
    for (const warning of warnings) io.stderr(`vpclink drift: warning: ${warning}\n`);
    const report = driftReport(desired.document, live, recordedIds(journal));
    io.stdout(args.flags.json ? JSON.stringify(report, null, 2) + '\n' : formatDrift(report, desired.document, live));
    return report.inSync ? EXIT.OK : EXIT.FAILED;
  } catch (error) {
    return reportError('drift', error, io);
  } finally {
    session?.close();
  }
}

const MARK = { changed: '~', missing: '-', unmanaged: '+' } as const;

export function formatDrift(report: DriftReport, design: Topology, live: Topology): string {
  if (report.inSync) return 'In sync: the live accounts match the document, and so does reachability (ICMP).\n';
  const lines: string[] = [];
  if (report.resources.length > 0)
    lines.push(`${countOf(report.resources.length, 'resource')} drifted (~ changed, - missing, + unmanaged):`);
  for (const r of report.resources) lines.push(`  ${MARK[r.state]} ${r.kind} ${r.resourceId} ${r.state}: ${r.detail}`);
  const { gained, lost } = report.reachability;
  if (gained.length + lost.length > 0) lines.push('', 'Reachability (ICMP), live relative to the document:');
  for (const p of gained) lines.push(`  live lets ${p.from} reach ${p.to}; the document does not`);
  for (const p of lost)
    lines.push(`  live stops ${p.from} → ${p.to}: ${p.blockers.map((b) => `${b.code} on ${b.resourceId}`).join(', ')}`);
  // The intents judged on the live state: "the design says it must not".
  for (const r of intentsBrokenLive(design, live))
    lines.push(`  live breaks intent ${r.index + 1} (${r.name}): ${countOf(r.violations.length, 'pair')}`);
  return lines.join('\n') + '\n';
}

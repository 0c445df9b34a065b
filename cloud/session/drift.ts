/**
 * Drift, once for the CLI (`vpclink drift`) and the app's drift view (topology-format.md §4.3):
 * the document against the live accounts its session connects and what the last apply recorded
 * (the journal maps the document's router-interface IDs to the live ones) — every resource
 * changed outside vpclink, missing or unmanaged — with the reachability consequence: ICMP pairs
 * the live state gains or loses relative to the document, and the document's intents judged on
 * the live state ("live lets i-a reach i-b; the design says it must not").
 */
import { ApplyError, readJournal, regionsOf, type ApplyTiming } from '../apply';
import { importTopology } from '../import';
import type { Topology } from '../../simulator/document';
import { diffReachability, type ReachabilityDiff } from '../../simulator/diff';
import { compareResources, type DriftedResource, type DriftOptions } from '../../simulator/drift';
import { evaluateIntents } from '../../simulator/intents';
import { readersOf } from './connect';
import type { CloudSession } from './session';

/** `drift --json` exactly. */
export interface DriftReport {
  readonly inSync: boolean;
  readonly resources: readonly DriftedResource[];
  readonly reachability: ReachabilityDiff;
}

/** An intent of the document that does not hold on the live state. */
export interface IntentBrokenLive {
  readonly index: number;
  readonly name: string;
  readonly violations: readonly { readonly from: string; readonly to: string }[];
}

export interface LiveDrift {
  readonly report: DriftReport;
  readonly intentsBroken: readonly IntentBrokenLive[];
  readonly warnings: readonly string[];
  readonly live: Topology;
}

/** Resources and reachability (ICMP, live relative to the document). */
export function driftReport(design: Topology, live: Topology, recorded: DriftOptions): DriftReport {
  const resources = compareResources(design, live, recorded);
  const reachability = diffReachability(design, live, { protocol: 'icmp', port: null }).diff;
  const inSync = resources.length === 0 && reachability.gained.length === 0 && reachability.lost.length === 0;
  return { inSync, resources, reachability };
}

/** The document's intents evaluated on the live state: those that fail there. */
export function intentsBrokenLive(design: Topology, live: Topology): IntentBrokenLive[] {
  if ((design.intents ?? []).length === 0) return [];
  const onLive = evaluateIntents({ ...live, intents: design.intents });
  if (onLive.kind !== 'ok') return [];
  return onLive.report.results
    .filter((r) => !r.holds)
    .map((r) => ({ index: r.index, name: r.name, violations: r.violations.map(({ from, to }) => ({ from, to })) }));
}

/** Connects the session's accounts, imports what is live in the document's regions, compares. */
export async function readLiveDrift(
  session: CloudSession,
  options: { readonly timing: ApplyTiming; readonly signal?: AbortSignal },
): Promise<LiveDrift> {
  const journal = await readJournal(session.journalPath);
  if (journal.kind === 'invalid') throw new ApplyError('JOURNAL_INVALID', journal.message);
  const clients = await session.connect(options.signal);
  const design = session.document;
  const { document: live, warnings } = await importTopology({
    accounts: readersOf(clients, options.timing, options.signal),
    regions: regionsOf(design),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const report = driftReport(design, live, recordedIds(journal));
  return { report, intentsBroken: intentsBrokenLive(design, live), warnings, live };
}

/** The live IDs the last apply recorded for the document's router interfaces and peering connections. */
export function recordedIds(journal: Awaited<ReturnType<typeof readJournal>>): DriftOptions {
  if (journal.kind !== 'ok') return {};
  return {
    routerInterfaceIds: journal.journal.routerInterfaceIds,
    ...(journal.journal.vpcPeerConnectionIds ? { vpcPeerConnectionIds: journal.journal.vpcPeerConnectionIds } : {}),
  };
}

/**
 * The three runs the CLI and the app start — apply, destroy, rollback — and verification.
 *
 * apply:    unfinished journal of this document? resume it (same plan, same ClientTokens).
 *           Otherwise import the accounts, plan, confirm, write a fresh journal, execute, verify.
 * destroy:  the same with planTeardown.
 * rollback: from the journal of an apply run, undo exactly what that run created.
 */
import { checkIntentsOn } from './verifyIntents';
import { randomUUID } from 'node:crypto';
import type { CloudClient } from '../client';
import { importTopology } from '../import';
import type { Topology } from '../../simulator/document';
import {
  canonicalJson,
  hash64,
  planChanges,
  planRollback,
  planTeardown,
  verdictOf,
  type CreatedResource,
  type Plan,
  type PlanOperation,
  type PlanProblem,
} from '../../simulator/plan';
import { createReachability } from '../../simulator/reach';
import type { ApplyEvent, ApplyEventListener, RunOutcome, StepErrorInfo, VerifiedFlow, VerifyResult } from './events';
import { executePlan } from './executor';
import { JournalWriter, newJournal, readJournal, type Journal } from './journal';
import { CLOUD_TIMING, seededRandom, withReadRetries, type ApplyTiming } from './policy';
import { agreeing, countOf } from '../../simulator/text/count';

/** Refusals before anything runs (journal trouble, nothing to roll back). The CLI exits 2 on them. */
export class ApplyError extends Error {
  override readonly name = 'ApplyError';
  constructor(
    readonly code: ApplyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const APPLY_ERROR_CODES = {
  JOURNAL_INVALID: 'The journal file exists but is not a readable vpclink journal.',
  JOURNAL_OTHER_DOCUMENT: 'The journal records an unfinished run of another document.',
  JOURNAL_OTHER_OPERATION: 'An unfinished run of another kind (apply, destroy, rollback) is recorded in the journal.',
  NO_JOURNAL: 'Rollback needs the journal of the run to undo.',
  NOTHING_TO_ROLL_BACK: 'The journal records nothing that could be rolled back.',
  JOURNAL_LOCKED: 'Another vpclink run (this or another process) holds the journal lock; the message names it.',
  JOURNAL_FOLDER_MISSING: 'The folder the journal (and its lock) would be written to does not exist.',
} as const;
export type ApplyErrorCode = keyof typeof APPLY_ERROR_CODES;

export interface RunOptions {
  /** The desired document (already loaded and valid). */
  readonly desired: Topology;
  /** One client per account of the document, identity already verified (cloud/credentials). */
  readonly clients: ReadonlyMap<string, CloudClient>;
  /** Journal file (default chosen by the caller: `<FILE>.journal.json`). */
  readonly journalPath: string;
  /** The document's path as the user wrote it, recorded in the journal for messages. */
  readonly documentPath?: string;
  /** The document's absolute path: a journal of another document is refused, never resumed or inherited. */
  readonly documentId?: string;
  /** Overrides of the timing (defaults: CLOUD_TIMING). */
  readonly timing?: Partial<ApplyTiming>;
  /** Ctrl-C: stops starting steps, finishes the call in flight, records it, ends `cancelled`. */
  readonly signal?: AbortSignal;
  readonly onEvent?: ApplyEventListener;
  /** Asked once the plan is known (fresh or resumed); false → outcome `declined`. Default: yes. */
  readonly confirm?: (
    plan: Plan,
    info: { readonly resumed: boolean; readonly operation: PlanOperation },
  ) => Promise<boolean>;
  /** Seed of the retry jitter. Default: derived from the run ID. */
  readonly seed?: number;
  /** HTTP calls in flight at once per (account, region); waiting steps hold none (executor.ts). Default 8. */
  readonly concurrency?: number;
  /** Re-import and compare verdicts after a successful apply (default true). */
  readonly verify?: boolean;
  /** Regions to import. Default: the regions of the document's VPCs and router interfaces. */
  readonly regions?: readonly string[];
  /** destroy: live interface IDs that journals record as made by vpclink for this document (removed even off-key). */
  readonly ownedRouterInterfaceIds?: readonly string[];
}

export interface RunResult {
  readonly operation: PlanOperation;
  readonly outcome: RunOutcome;
  readonly runId: string;
  readonly journalPath: string;
  readonly plan?: Plan;
  readonly resumed: boolean;
  readonly failedStep?: string;
  readonly error?: StepErrorInfo;
  readonly problems?: readonly PlanProblem[];
  readonly created: readonly CreatedResource[];
  readonly verify?: VerifyResult;
}

/** hash64 of the document without its layout (moving nodes does not change what apply does). */
export function documentFingerprint(document: Topology): string {
  const { layout: _layout, ...rest } = document;
  return hash64(canonicalJson(rest));
}

export function regionsOf(document: Topology): string[] {
  return [
    ...new Set([...document.vpcs.map((v) => v.regionId), ...document.routerInterfaces.map((r) => r.regionId)]),
  ].sort();
}

/** The run's clients with read retries (cloud/import does not retry; throttling must not stop a run before it starts). */
function readClients(
  options: Pick<RunOptions, 'clients' | 'timing' | 'signal' | 'seed'>,
): Array<{ accountId: string; client: CloudClient }> {
  const timing = { ...CLOUD_TIMING, ...options.timing };
  const random = seededRandom(options.seed ?? 7);
  return [...options.clients].map(([accountId, client]) => ({
    accountId,
    client: withReadRetries(client, timing, random, options.signal),
  }));
}

async function importLive(options: RunOptions): Promise<{ document: Topology; warnings: string[] }> {
  return importTopology({
    accounts: readClients(options),
    regions: options.regions ?? regionsOf(options.desired),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function timingOf(options: RunOptions): ApplyTiming {
  return { ...CLOUD_TIMING, ...options.timing };
}

async function existingJournal(path: string): Promise<Journal | undefined> {
  const read = await readJournal(path);
  if (read.kind === 'invalid') throw new ApplyError('JOURNAL_INVALID', read.message);
  return read.kind === 'ok' ? read.journal : undefined;
}

/** Executes `journal` to the end and emits run-finished. */
async function execute(options: RunOptions, journal: Journal, resumed: boolean): Promise<RunResult> {
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const writer = new JournalWriter(options.journalPath, { ...journal, state: 'running' });
  await writer.update((j) => j);
  const seed = options.seed ?? parseInt(hash64(journal.runId).slice(0, 8), 16);
  const result = await executePlan({
    journal: writer,
    clients: options.clients,
    timing: timingOf(options),
    emit,
    random: seededRandom(seed),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  await writer.update((j) => ({
    ...j,
    state: result.outcome,
    ...(result.failedStep && result.error ? { failure: { stepId: result.failedStep, error: result.error } } : {}),
  }));
  await writer.flush();
  const final = writer.value;
  const message = finishMessage(final, result.outcome, options);
  emit({
    kind: 'run-finished',
    operation: final.operation,
    outcome: result.outcome,
    runId: final.runId,
    journalPath: options.journalPath,
    message,
    created: final.created.length,
    ...(result.failedStep ? { failedStep: result.failedStep } : {}),
    ...(result.error ? { error: result.error } : {}),
  });
  return {
    operation: final.operation,
    outcome: result.outcome,
    runId: final.runId,
    journalPath: options.journalPath,
    plan: final.plan,
    resumed,
    created: final.created,
    ...(result.failedStep ? { failedStep: result.failedStep } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

function finishMessage(journal: Journal, outcome: RunOutcome, options: RunOptions): string {
  const doc = options.documentPath ?? 'FILE';
  switch (outcome) {
    case 'succeeded':
      return `${journal.operation} finished: ${countOf(journal.plan.steps.length, 'step')} done`;
    case 'cancelled':
      return `${journal.operation} cancelled; progress is recorded in ${options.journalPath}: resume with the same command`;
    case 'failed':
      return journal.operation === 'apply'
        ? `apply failed; ${countOf(journal.created.length, 'resource')} this run created ` +
            `${agreeing(journal.created.length)} recorded in ${options.journalPath}. Fix the cause and run the same command ` +
            `to resume, or undo this run with: vpclink apply ${doc} --rollback`
        : `${journal.operation} failed; run the same command again to retry from where it stopped`;
    default:
      return outcome;
  }
}

/** An unfinished journal of another document is never resumed or overwritten. */
function refuseOtherDocument(options: RunOptions, previous: Journal): void {
  if (
    options.documentId !== undefined &&
    previous.documentId !== undefined &&
    previous.documentId !== options.documentId
  ) {
    throw new ApplyError(
      'JOURNAL_OTHER_DOCUMENT',
      `${options.journalPath} records an unfinished ${previous.operation} of ${previous.documentId}, not of ${options.documentId}; use another --journal, or finish that run first`,
    );
  }
}

/** The journal of a new run, naming the document of `source` (the run's options, or the run it rolls back). */
function journalOfRun(
  source: { readonly documentPath?: string; readonly documentId?: string },
  input: Omit<Parameters<typeof newJournal>[0], 'documentPath' | 'documentId'>,
): Journal {
  return newJournal({
    ...input,
    ...(source.documentPath ? { documentPath: source.documentPath } : {}),
    ...(source.documentId ? { documentId: source.documentId } : {}),
  });
}

/** `vpclink apply`: resume an unfinished run of this document, or plan against a fresh import and run. */
export async function runApply(options: RunOptions): Promise<RunResult> {
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const fingerprint = documentFingerprint(options.desired);
  const previous = await existingJournal(options.journalPath);
  if (previous && previous.state !== 'succeeded') {
    refuseOtherDocument(options, previous);
    if (previous.operation !== 'apply') {
      throw new ApplyError(
        'JOURNAL_OTHER_OPERATION',
        `${options.journalPath} records an unfinished ${previous.operation} (run ${previous.runId}); finish it first with the same command that ` +
          `started it${previous.operation === 'rollback' ? ' (vpclink apply FILE --rollback)' : ''}`,
      );
    }
    if (previous.documentFingerprint !== fingerprint) {
      // The document was edited (typically to fix what made the run fail): re-plan against the live
      // state — which already holds what the earlier run made, matched by natural key, so nothing is
      // created twice — and keep the earlier run's created list so --rollback still covers it.
      return freshApply(options, fingerprint, previous.created, true);
    }
    emit({
      kind: 'plan-ready',
      operation: 'apply',
      plan: previous.plan,
      resumed: true,
      journalPath: options.journalPath,
      runId: previous.runId,
    });
    if (options.confirm && !(await options.confirm(previous.plan, { resumed: true, operation: 'apply' }))) {
      return {
        operation: 'apply',
        outcome: 'declined',
        runId: previous.runId,
        journalPath: options.journalPath,
        plan: previous.plan,
        resumed: true,
        created: previous.created,
      };
    }
    const result = await execute(options, previous, true);
    return result.outcome === 'succeeded' && options.verify !== false
      ? { ...result, verify: await verifyAndEmit(options) }
      : result;
  }

  return freshApply(options, fingerprint, [], false);
}

async function freshApply(
  options: RunOptions,
  fingerprint: string,
  inherited: readonly CreatedResource[],
  replacesUnfinished: boolean,
): Promise<RunResult> {
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const live = await importLive(options);
  const runId = randomUUID();
  const plan = planChanges(options.desired, live.document, { tokenSalt: runId });
  emit({ kind: 'plan-ready', operation: 'apply', plan, resumed: false, journalPath: options.journalPath, runId });
  const base = {
    operation: 'apply' as const,
    runId,
    journalPath: options.journalPath,
    plan,
    resumed: false,
    created: [],
  };
  if (plan.problems.some((p) => p.severity === 'error')) {
    const message = plan.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.code}: ${p.message}`)
      .join('; ');
    emit({
      kind: 'run-finished',
      operation: 'apply',
      outcome: 'refused',
      runId,
      journalPath: options.journalPath,
      message: `the plan cannot be applied: ${message}`,
      created: 0,
    });
    return { ...base, outcome: 'refused', problems: plan.problems };
  }
  if (plan.steps.length === 0) {
    if (replacesUnfinished) {
      // Close the earlier, unfinished run: the live state matches now. Its created list stays for --rollback.
      const closed = journalOfRun(options, {
        runId,
        operation: 'apply',
        plan,
        documentFingerprint: fingerprint,
        created: inherited,
      });
      await new JournalWriter(options.journalPath, { ...closed, state: 'succeeded' }).update((j) => j);
    }
    emit({
      kind: 'run-finished',
      operation: 'apply',
      outcome: 'no-op',
      runId,
      journalPath: options.journalPath,
      message: 'nothing to do: the live state already matches the document',
      created: 0,
    });
    return {
      ...base,
      outcome: 'no-op',
      problems: plan.problems,
      ...(options.verify !== false ? { verify: await verifyAndEmit(options) } : {}),
    };
  }
  if (options.confirm && !(await options.confirm(plan, { resumed: false, operation: 'apply' })))
    return { ...base, outcome: 'declined' };
  const journal = journalOfRun(options, {
    runId,
    operation: 'apply',
    plan,
    documentFingerprint: fingerprint,
    created: inherited,
  });
  const result = await execute(options, journal, false);
  const withProblems = { ...result, problems: plan.problems };
  return result.outcome === 'succeeded' && options.verify !== false
    ? { ...withProblems, verify: await verifyAndEmit(options) }
    : withProblems;
}

/** `vpclink destroy`: remove the document's interconnection (routes, interfaces, rules) from the live accounts. */
export async function runDestroy(options: RunOptions): Promise<RunResult> {
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const fingerprint = documentFingerprint(options.desired);
  const previous = await existingJournal(options.journalPath);
  if (previous && previous.state !== 'succeeded') {
    refuseOtherDocument(options, previous);
    if (previous.operation !== 'destroy') {
      throw new ApplyError(
        'JOURNAL_OTHER_OPERATION',
        `${options.journalPath} records an unfinished ${previous.operation} (run ${previous.runId}); resume it or roll it back (vpclink apply FILE --rollback) before destroying`,
      );
    }
    emit({
      kind: 'plan-ready',
      operation: 'destroy',
      plan: previous.plan,
      resumed: true,
      journalPath: options.journalPath,
      runId: previous.runId,
    });
    if (options.confirm && !(await options.confirm(previous.plan, { resumed: true, operation: 'destroy' }))) {
      return {
        operation: 'destroy',
        outcome: 'declined',
        runId: previous.runId,
        journalPath: options.journalPath,
        plan: previous.plan,
        resumed: true,
        created: [],
      };
    }
    return execute(options, previous, true);
  }
  const live = await importLive(options);
  const runId = randomUUID();
  const plan = planTeardown(options.desired, live.document, {
    tokenSalt: runId,
    ...(options.ownedRouterInterfaceIds ? { owned: options.ownedRouterInterfaceIds } : {}),
  });
  emit({ kind: 'plan-ready', operation: 'destroy', plan, resumed: false, journalPath: options.journalPath, runId });
  const base = {
    operation: 'destroy' as const,
    runId,
    journalPath: options.journalPath,
    plan,
    resumed: false,
    created: [],
  };
  if (plan.steps.length === 0) {
    emit({
      kind: 'run-finished',
      operation: 'destroy',
      outcome: 'no-op',
      runId,
      journalPath: options.journalPath,
      message: "nothing to destroy: none of the document's interconnection exists live",
      created: 0,
    });
    return { ...base, outcome: 'no-op' };
  }
  if (options.confirm && !(await options.confirm(plan, { resumed: false, operation: 'destroy' })))
    return { ...base, outcome: 'declined' };
  return execute(
    options,
    journalOfRun(options, { runId, operation: 'destroy', plan, documentFingerprint: fingerprint }),
    false,
  );
}

/**
 * `vpclink apply FILE --rollback`: undo the run recorded in the journal — delete the routes and
 * interfaces it created (deactivating first when Active) and revoke the rules it added, never
 * anything it did not create. A rollback interrupted half-way resumes with the same command.
 */
export async function rollbackRun(
  options: Omit<RunOptions, 'desired' | 'verify' | 'regions'> & { readonly desired?: Topology },
): Promise<RunResult> {
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const previous = await existingJournal(options.journalPath);
  if (!previous)
    throw new ApplyError('NO_JOURNAL', `${options.journalPath} does not exist: there is no recorded run to roll back`);
  const opts = options as RunOptions;
  if (previous.operation === 'rollback') {
    if (previous.state === 'succeeded') {
      emit({
        kind: 'run-finished',
        operation: 'rollback',
        outcome: 'no-op',
        runId: previous.runId,
        journalPath: options.journalPath,
        message: 'the recorded run was already rolled back',
        created: 0,
      });
      return {
        operation: 'rollback',
        outcome: 'no-op',
        runId: previous.runId,
        journalPath: options.journalPath,
        resumed: false,
        created: previous.created,
      };
    }
    emit({
      kind: 'plan-ready',
      operation: 'rollback',
      plan: previous.plan,
      resumed: true,
      journalPath: options.journalPath,
      runId: previous.runId,
    });
    return execute(opts, previous, true);
  }
  if (previous.operation !== 'apply')
    throw new ApplyError(
      'NOTHING_TO_ROLL_BACK',
      `${options.journalPath} records a ${previous.operation}, which cannot be rolled back (re-apply the document instead)`,
    );
  const runId = randomUUID();
  const plan = planRollback(previous.created, { tokenSalt: runId });
  emit({ kind: 'plan-ready', operation: 'rollback', plan, resumed: false, journalPath: options.journalPath, runId });
  if (plan.steps.length === 0) {
    emit({
      kind: 'run-finished',
      operation: 'rollback',
      outcome: 'no-op',
      runId,
      journalPath: options.journalPath,
      message: 'the recorded run created nothing: nothing to roll back',
      created: 0,
    });
    return {
      operation: 'rollback',
      outcome: 'no-op',
      runId,
      journalPath: options.journalPath,
      plan,
      resumed: false,
      created: [],
    };
  }
  if (options.confirm && !(await options.confirm(plan, { resumed: false, operation: 'rollback' }))) {
    return {
      operation: 'rollback',
      outcome: 'declined',
      runId,
      journalPath: options.journalPath,
      plan,
      resumed: false,
      created: previous.created,
    };
  }
  return execute(
    opts,
    journalOfRun(previous, {
      runId,
      operation: 'rollback',
      plan,
      documentFingerprint: previous.documentFingerprint,
      created: previous.created,
      rollbackOf: previous.runId,
    }),
    false,
  );
}

/** Above this many instance pairs, verification checks the first ones only. */
const MAX_VERIFY_FLOWS = 2000;

/**
 * Re-imports the accounts and runs the document's flows (every ordered pair of its instances,
 * ICMP) on the imported document and on the document itself; lists where they differ, and what a
 * fresh plan against the re-import would still change (the live ACLs, rules and routes are the
 * document's, not only its verdicts).
 */
export async function verifyApply(
  options: Pick<RunOptions, 'desired' | 'clients' | 'signal' | 'regions' | 'timing' | 'seed'>,
): Promise<VerifyResult> {
  const live = await importTopology({
    accounts: readClients(options),
    regions: options.regions ?? regionsOf(options.desired),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const planned = createReachability(options.desired);
  const actual = createReachability(live.document);
  const flows: VerifiedFlow[] = [];
  const ids = options.desired.instances.map((i) => i.instanceId);
  outer: for (const from of ids) {
    for (const to of ids) {
      if (from === to) continue;
      if (flows.length >= MAX_VERIFY_FLOWS) break outer;
      const p = verdictOf(planned, from, to);
      const l = verdictOf(actual, from, to);
      flows.push({ from, to, protocol: 'icmp', planned: p, live: l, agrees: p === l });
    }
  }
  return {
    flows,
    differences: flows.filter((f) => !f.agrees),
    intents: checkIntentsOn(options.desired, live.document),
    warnings: live.warnings,
    unconverged: planChanges(options.desired, live.document, { reachabilityDelta: false })
      .steps.filter((s) => s.mutating)
      .map((s) => s.description),
  };
}

async function verifyAndEmit(options: RunOptions): Promise<VerifyResult> {
  const result = await verifyApply(options);
  options.onEvent?.({ kind: 'verify-result', result });
  return result;
}

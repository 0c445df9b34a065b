/**
 * The apply journal: a JSON file beside the document (`<FILE>.journal.json`, or `--journal`),
 * rewritten atomically (coalesced: see JournalWriter) at every step start and end. It holds the plan itself (so a resumed run
 * reuses the same step IDs and ClientTokens), each step's state and outputs, the resources this
 * run created (recorded when their create STARTS, so a kill between call and record still leaves a
 * trace to look up), and the document-ID → live-ID map of router interfaces.
 *
 * Running the same command again with an unfinished journal resumes it; a finished one (succeeded
 * or rolled back) is replaced by a fresh run.
 */
import type { CreatedResource, Plan, PlanOperation } from '../../simulator/plan';
import { FileReadError, readRegularFile, writeFileAtomic } from '../files';
import type { StepErrorInfo } from './events';

export const JOURNAL_FORMAT = 'vpclink/apply-journal';
export const JOURNAL_VERSION = 1;

export type JournalStepState = 'pending' | 'started' | 'succeeded' | 'skipped' | 'failed';
export type JournalState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JournalStep {
  readonly state: JournalStepState;
  /** Calls made for this step across all runs of this journal (polls excluded). */
  readonly attempts: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Values later steps reference (`RouterInterfaceId`, `RouteEntryId` …). */
  readonly outputs?: Readonly<Record<string, string>>;
  readonly error?: StepErrorInfo;
  readonly note?: string;
}

export interface Journal {
  readonly format: typeof JOURNAL_FORMAT;
  readonly version: typeof JOURNAL_VERSION;
  readonly runId: string;
  readonly operation: PlanOperation;
  /** The document the run applies, as the user named it (for messages). */
  readonly documentPath?: string;
  /** The document's absolute path (a journal is never resumed for another document). */
  readonly documentId?: string;
  /** hash64 of the desired document's canonical JSON: a changed document cannot resume this run. */
  readonly documentFingerprint: string;
  readonly plan: Plan;
  readonly state: JournalState;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly steps: Readonly<Record<string, JournalStep>>;
  /** Resources this run created (for rollback). A rollback journal keeps the list it undoes. */
  readonly created: readonly CreatedResource[];
  /** Desired-document RI ID → live ID. */
  readonly routerInterfaceIds: Readonly<Record<string, string>>;
  /** Desired-document peering connection ID → live `pcc-…` ID (absent in journals of earlier releases). */
  readonly vpcPeerConnectionIds?: Readonly<Record<string, string>>;
  /** For a rollback: the run it undoes. */
  readonly rollbackOf?: string;
  readonly failure?: { readonly stepId: string; readonly error: StepErrorInfo };
}

export type ReadJournalResult =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ok'; readonly journal: Journal }
  | { readonly kind: 'invalid'; readonly message: string };

/** Reads a journal; a file that is not one is reported, never silently replaced. */
export async function readJournal(path: string): Promise<ReadJournalResult> {
  let text: string;
  try {
    // Regular files only: a FIFO or a device given as --journal would block the read forever.
    text = await readRegularFile(path);
  } catch (error) {
    if (error instanceof FileReadError && error.problem === 'not-found') return { kind: 'absent' };
    return { kind: 'invalid', message: `${path}: cannot read the journal: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      kind: 'invalid',
      message: `${path}: the journal is not valid JSON; move it away if it is not a vpclink journal`,
    };
  }
  const j = value as Partial<Journal>;
  if (j?.format !== JOURNAL_FORMAT)
    return { kind: 'invalid', message: `${path}: not a vpclink apply journal (format must be "${JOURNAL_FORMAT}")` };
  if (j.version !== JOURNAL_VERSION)
    return {
      kind: 'invalid',
      message: `${path}: journal version ${String(j.version)} is not supported (expected ${JOURNAL_VERSION})`,
    };
  if (!j.plan || !Array.isArray(j.plan.steps) || typeof j.steps !== 'object' || !Array.isArray(j.created)) {
    return { kind: 'invalid', message: `${path}: the journal is incomplete (plan, steps or created missing)` };
  }
  return { kind: 'ok', journal: j as Journal };
}

/**
 * Coalesced, atomic journal updates. Every change is applied to the in-memory value at once; the
 * file is rewritten whole (temp file + rename, cloud/files) by one writer loop, one write at a
 * time. Changes made while a write is in progress are merged into ONE next write of the latest
 * value, so N concurrent steps cost about two writes, not N. `update` resolves only once a write
 * that includes its change is on disk: a step awaits its "started" record before its mutating call
 * (the resume guarantee), and a write never holds a partial state of any step.
 */
export class JournalWriter {
  private current: Journal;
  /** Number of changes made / number included in the last completed write. */
  private version = 0;
  private durable = 0;
  private writing = false;
  private failed: Error | undefined;
  private waiters: {
    readonly version: number;
    readonly resolve: () => void;
    readonly reject: (error: Error) => void;
  }[] = [];
  private writes = 0;

  constructor(
    readonly path: string,
    initial: Journal,
  ) {
    this.current = initial;
  }

  get value(): Journal {
    return this.current;
  }

  /** Whole-file writes made so far (tests, diagnostics). */
  get writeCount(): number {
    return this.writes;
  }

  /** Applies `change` and persists; resolves once the file holds a state that includes it. */
  update(change: (journal: Journal) => Journal): Promise<void> {
    this.current = { ...change(this.current), updatedAt: new Date().toISOString() };
    this.version++;
    return this.durableAt(this.version);
  }

  updateStep(stepId: string, change: (step: JournalStep) => JournalStep): Promise<void> {
    return this.update((j) => ({
      ...j,
      steps: { ...j.steps, [stepId]: change(j.steps[stepId] ?? { state: 'pending', attempts: 0 }) },
    }));
  }

  /** Resolves once every change made so far is on disk (rejects if a write failed). */
  flush(): Promise<void> {
    return this.durableAt(this.version);
  }

  private durableAt(version: number): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.durable >= version) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ version, resolve, reject }));
    if (!this.writing) void this.writeLoop();
    return promise;
  }

  private async writeLoop(): Promise<void> {
    this.writing = true;
    // The check and the reset of `writing` run in one synchronous stretch, so a change made after
    // the last write either sees `writing === false` (and starts a loop) or is picked up here.
    while (this.durable < this.version && !this.failed) {
      const version = this.version;
      const snapshot = this.current;
      try {
        await writeFileAtomic(this.path, `${JSON.stringify(snapshot, null, 2)}\n`, { syncDirectory: false });
        this.writes++;
        this.durable = version;
        const ready = this.waiters.filter((w) => w.version <= version);
        this.waiters = this.waiters.filter((w) => w.version > version);
        for (const w of ready) w.resolve();
      } catch (error) {
        this.failed = error as Error;
        const all = this.waiters;
        this.waiters = [];
        for (const w of all) w.reject(this.failed);
      }
    }
    this.writing = false;
  }
}

/** A fresh journal for a plan: every step pending. */
export function newJournal(input: {
  runId: string;
  operation: PlanOperation;
  plan: Plan;
  documentFingerprint: string;
  documentPath?: string;
  documentId?: string;
  created?: readonly CreatedResource[];
  rollbackOf?: string;
}): Journal {
  const now = new Date().toISOString();
  return {
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    runId: input.runId,
    operation: input.operation,
    ...(input.documentPath !== undefined ? { documentPath: input.documentPath } : {}),
    ...(input.documentId !== undefined ? { documentId: input.documentId } : {}),
    documentFingerprint: input.documentFingerprint,
    plan: input.plan,
    state: 'running',
    startedAt: now,
    updatedAt: now,
    steps: Object.fromEntries(
      input.plan.steps.map((s) => [s.id, { state: 'pending', attempts: 0 } satisfies JournalStep]),
    ),
    created: input.created ?? [],
    routerInterfaceIds: { ...input.plan.routerInterfaceIds },
    ...(input.plan.vpcPeerConnectionIds ? { vpcPeerConnectionIds: { ...input.plan.vpcPeerConnectionIds } } : {}),
    ...(input.rollbackOf !== undefined ? { rollbackOf: input.rollbackOf } : {}),
  };
}

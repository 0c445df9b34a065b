/**
 * How the steps of a trace write it down: hops in order, and the blockers they find. After a
 * drop (or a next hop vpclink does not model) the trace goes on "as if it were fixed": later
 * hops are marked hypothetical, so one run lists every blocker.
 */
import type { Compiled, InstanceInfo, TableInfo } from '../compile';
import type { ReachBlockerCode } from '../codes';
import type { Blocker, Direction, Hop, Trace } from '../types';

/** Hop fields before the recorder adds `hypothetical`. */
export type HopDraft = Hop extends infer H ? (H extends Hop ? Omit<H, 'hypothetical'> : never) : never;

export type BlockerDraft = Omit<Blocker, 'direction'>;

/** What a step writes hops and blockers to: a trace's recorder, or a tape (below). */
export interface HopWriter {
  /** False: a hop that neither drops, leaves the model nor blocks changes nothing here. */
  readonly keepHops?: boolean;
  add(draft: HopDraft, blockers?: readonly BlockerDraft[]): void;
}

export class Recorder implements HopWriter {
  readonly hops: Hop[] = [];
  dropped = false;
  /** The path reached a next hop vpclink does not model. */
  undetermined = false;
  constructor(
    readonly direction: Direction,
    private readonly startHypothetical: boolean,
    private readonly sink: BlockerSink,
    /** False: only the flags and the blockers are kept (a verdict without its path). */
    readonly keepHops = true,
  ) {}

  add(draft: HopDraft, blockers: readonly BlockerDraft[] = []): void {
    if (this.keepHops) this.write(draft);
    if (draft.causesDrop) this.dropped = true;
    if (draft.action === 'NOT_SIMULATED') this.undetermined = true;
    for (const b of blockers) this.sink.add(this.direction, b);
  }

  private write(draft: HopDraft): void {
    // Key order of the JSON is fixed here: resourceType, resourceId, action, … then the rest of the
    // draft in its own order (Object.assign keeps the keys already set where they are; a trace
    // adds hundreds of hops, and this is cheaper than copying the draft minus five keys).
    const hop = Object.assign(
      {
        resourceType: draft.resourceType,
        resourceId: draft.resourceId,
        action: draft.action,
        description: draft.description,
        causesDrop: draft.causesDrop,
        hypothetical: this.startHypothetical || this.dropped || this.undetermined,
      },
      draft,
    ) as Hop;
    this.hops.push(hop);
  }

  /** True when an earlier hop dropped the packet or left the model. */
  get stopped(): boolean {
    return this.dropped || this.undetermined;
  }

  trace(): Trace {
    return {
      disposition: this.dropped ? 'DROPPED' : this.undetermined ? 'UNDETERMINED' : 'DELIVERED',
      hops: this.hops,
    };
  }
}

/**
 * The hops and blockers of a step that depends on less than the pair (crossing one router
 * interface from one VPC), written once and replayed into each trace that takes it: the
 * recorder still decides each hop's `hypothetical` and each blocker's direction and dedup.
 */
export class Tape implements HopWriter {
  private readonly calls: Array<readonly [HopDraft, readonly BlockerDraft[]]> = [];
  /** The calls that matter to a writer that keeps no hops: those that drop, leave the model or block. */
  private brief: Array<readonly [HopDraft, readonly BlockerDraft[]]> | undefined;
  add(draft: HopDraft, blockers: readonly BlockerDraft[] = []): void {
    this.calls.push([draft, blockers]);
    this.brief = undefined;
  }
  replay(into: HopWriter): void {
    const calls =
      into.keepHops === false
        ? (this.brief ??= this.calls.filter(
            ([draft, blockers]) => draft.causesDrop || draft.action === 'NOT_SIMULATED' || blockers.length > 0,
          ))
        : this.calls;
    for (const [draft, blockers] of calls) into.add(draft, blockers);
  }
}

/** Collects blockers in trace order; one blocker per code and resource (the first direction wins). */
export class BlockerSink {
  readonly list: Blocker[] = [];
  add(direction: Direction, blocker: BlockerDraft): void {
    // A trace has a handful of blockers: a look through them costs less than a key joined per blocker.
    for (const b of this.list) if (b.code === blocker.code && b.resourceId === blocker.resourceId) return;
    // Key order of the JSON: the §3.2 fields first, then the release-2 ones (in the draft's order).
    this.list.push(
      Object.assign(
        {
          direction,
          code: blocker.code,
          resourceId: blocker.resourceId,
          message: blocker.message,
          suggestion: blocker.suggestion,
        },
        blocker,
      ),
    );
  }
}

/** The sink of every tape recorder: never written to (a tape recorder's `add` only tapes). */
const NO_SINK = new BlockerSink();

/**
 * A recorder that writes its hops and blockers to a tape, to be replayed into the recorders of the
 * traces that take the same step (routing from one vSwitch to one address: steps/routing.ts). Its
 * own flags are never set: a step taped this way must not read them.
 */
export class TapeRecorder extends Recorder {
  private readonly tape = new Tape();
  /** @param keepHops whether the recorders it is replayed into keep their hops (steps build fewer hops when not). */
  constructor(keepHops: boolean) {
    super('forward', false, NO_SINK, keepHops);
  }
  override add(draft: HopDraft, blockers: readonly BlockerDraft[] = []): void {
    this.tape.add(draft, blockers);
  }
  replay(into: HopWriter): void {
    this.tape.replay(into);
  }
}

export function blocker(
  code: ReachBlockerCode,
  resourceId: string,
  message: string,
  suggestion: string,
  extra: Pick<Blocker, 'cause' | 'rulePath' | 'ports' | 'fix'> = {},
): BlockerDraft {
  return { code, resourceId, message, suggestion, ...extra };
}

/** `id (name, detail, …)`, leaving out what is absent. */
export function named(id: string, name: string | undefined, ...details: string[]): string {
  // Concatenated rather than filtered and joined: every hop of every trace calls this.
  let inner = name || '';
  for (const detail of details) if (detail) inner = inner ? `${inner}, ${detail}` : detail;
  return inner ? `${id} (${inner})` : id;
}

export function tableLabel(table: TableInfo): string {
  return table.resolved.implied ? `the system route table of ${table.vpc.id} (${table.id})` : table.id;
}

/** What the steps share: the compiled document and the pooled security groups of a holder. */
export interface StepContext {
  readonly c: Compiled;
  readonly poolOf: (nic: InstanceInfo) => import('../securityGroups').Pool;
}

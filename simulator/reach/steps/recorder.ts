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

export class Recorder {
  readonly hops: Hop[] = [];
  dropped = false;
  /** The path reached a next hop vpclink does not model. */
  undetermined = false;
  constructor(
    readonly direction: Direction,
    private readonly startHypothetical: boolean,
    private readonly sink: BlockerSink,
  ) {}

  add(draft: HopDraft, blockers: readonly BlockerDraft[] = []): void {
    // Key order of the JSON is fixed here: resourceType, resourceId, action, … then the rest.
    const { resourceType, resourceId, action, description, causesDrop, ...rest } = draft as HopDraft &
      Record<string, unknown>;
    const hop = {
      resourceType,
      resourceId,
      action,
      description,
      causesDrop,
      hypothetical: this.startHypothetical || this.dropped || this.undetermined,
      ...rest,
    } as unknown as Hop;
    this.hops.push(hop);
    if (causesDrop) this.dropped = true;
    if (action === 'NOT_SIMULATED') this.undetermined = true;
    for (const b of blockers) this.sink.add({ direction: this.direction, ...b });
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

/** Collects blockers in trace order; one blocker per code and resource (the first direction wins). */
export class BlockerSink {
  readonly list: Blocker[] = [];
  private readonly seen = new Set<string>();
  add(blocker: Blocker): void {
    const key = `${blocker.code}\u0000${blocker.resourceId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    // Key order of the JSON: the §3.2 fields first, then the release-2 ones.
    const { direction, code, resourceId, message, suggestion, ...rest } = blocker;
    this.list.push({ direction, code, resourceId, message, suggestion, ...rest });
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
  const inner = [name, ...details].filter((x): x is string => Boolean(x));
  return inner.length ? `${id} (${inner.join(', ')})` : id;
}

export function tableLabel(table: TableInfo): string {
  return table.resolved.implied ? `the system route table of ${table.vpc.id} (${table.id})` : table.id;
}

/** What the steps share: the compiled document and the pooled security groups of a holder. */
export interface StepContext {
  readonly c: Compiled;
  readonly poolOf: (nic: InstanceInfo) => import('../securityGroups').Pool;
}

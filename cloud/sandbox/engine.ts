/**
 * The sandbox cloud: state, clock and asynchronous transitions. Transitions are lazy: a task has a
 * due time on the sandbox clock and is applied by {@link SandboxCloud.settle}, which runs before
 * every call, every export and every save, so a manual clock (tests) and the real one behave alike.
 */
import type { LifecycleRouterInterface, RiEffect, TransitionPhase } from '../../simulator/lifecycle';
import { isoTime, type RouteEntryRec, type TaskRec, type WorldState } from './world';
import { Rng } from './rng';
import { applyPeerTask, type PeerTaskStatus } from './vpcpeer/state';

/** Durations of the asynchronous transitions, in ms (aliyun-api.md §3.9: real ones UNCONFIRMED). */
export interface TimingOptions {
  /** Connecting/AcceptingConnecting → Active. */
  readonly connectMs?: number;
  /** Activating → Active. */
  readonly activateMs?: number;
  /** Deactivating → Inactive. */
  readonly deactivateMs?: number;
  /** Deleting → gone. */
  readonly deleteMs?: number;
  /** Route entry Pending → Available and Deleting → gone. */
  readonly routeMs?: number;
  /** Modifying → Active after ModifyRouterInterfaceSpec (default: activateMs). */
  readonly modifyMs?: number;
}

export const TIMING_PRESETS: Readonly<Record<'fast' | 'realistic', Required<TimingOptions>>> = {
  fast: { connectMs: 1500, activateMs: 1000, deactivateMs: 1000, deleteMs: 500, routeMs: 500, modifyMs: 1000 },
  // Seconds to a minute, in line with terraform's poll budgets (aliyun-api.md §3.9).
  realistic: {
    connectMs: 20_000,
    activateMs: 10_000,
    deactivateMs: 10_000,
    deleteMs: 5_000,
    routeMs: 3_000,
    modifyMs: 10_000,
  },
};

export class SandboxClock {
  private offset = 0;
  constructor(
    readonly mode: 'real' | 'manual',
    private readonly manualStart: number,
  ) {}

  /** Epoch ms on the sandbox clock. */
  now(): number {
    return (this.mode === 'manual' ? this.manualStart : Date.now()) + this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: ms must be a non-negative number, got ${ms}`);
    this.offset += ms;
  }
}

export class SandboxCloud {
  readonly rng: Rng;
  /** Set by every change; the owner saves and clears it. */
  dirty = false;
  private readonly durations: Required<TimingOptions>;

  constructor(
    readonly state: WorldState,
    readonly clock: SandboxClock,
    timing: TimingOptions,
    slowFactor: number,
  ) {
    this.rng = new Rng(state.rng);
    const base = {
      ...TIMING_PRESETS.fast,
      ...(timing.activateMs !== undefined ? { modifyMs: timing.activateMs } : {}),
      ...timing,
    };
    const f = slowFactor > 0 ? slowFactor : 1;
    this.durations = {
      connectMs: base.connectMs * f,
      activateMs: base.activateMs * f,
      deactivateMs: base.deactivateMs * f,
      deleteMs: base.deleteMs * f,
      routeMs: base.routeMs * f,
      modifyMs: base.modifyMs * f,
    };
  }

  now(): number {
    return this.clock.now();
  }

  nowIso(): string {
    return isoTime(this.now());
  }

  /** Applies every task that is due, in due-time order. */
  settle(): void {
    const now = this.now();
    if (!this.state.tasks.some((t) => t.dueAt <= now)) return;
    const due = this.state.tasks.filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    this.state.tasks = this.state.tasks.filter((t) => t.dueAt > now);
    for (const task of due) this.apply(task);
    this.dirty = true;
  }

  /** True while transitions are still running (callers may poll for a save). */
  hasPendingTasks(): boolean {
    return this.state.tasks.length > 0;
  }

  private apply(task: TaskRec): void {
    if (task.kind === 'routerInterface') {
      const index = this.state.routerInterfaces.findIndex((r) => r.routerInterfaceId === task.routerInterfaceId);
      if (index < 0) return;
      if (task.status === 'Deleted') {
        this.state.routerInterfaces.splice(index, 1);
        return;
      }
      const ri = this.state.routerInterfaces[index]!;
      ri.status = task.status;
      if (task.phase === 'connect' && task.status === 'Active') ri.connectedTime = isoTime(task.dueAt);
      return;
    }
    if (task.kind === 'vpcPeer') {
      const peer = applyPeerTask(this.state, task.instanceId, task.status, isoTime(task.dueAt));
      // A cross-account request not accepted in time expires (aliyun-links.md §1.4).
      if (peer?.status === 'Accepting' && peer.gmtExpired)
        this.schedulePeer(peer.instanceId, 'Expired', { at: Date.parse(peer.gmtExpired) });
      return;
    }
    const index = this.state.routeEntries.findIndex((e) => e.routeEntryId === task.routeEntryId);
    if (index < 0) return;
    if (task.status === 'Deleted') this.state.routeEntries.splice(index, 1);
    else this.state.routeEntries[index]!.status = task.status;
  }

  private durationOf(phase: TransitionPhase): number {
    switch (phase) {
      case 'connect':
        return this.durations.connectMs;
      case 'activate':
        return this.durations.activateMs;
      case 'deactivate':
        return this.durations.deactivateMs;
      case 'delete':
        return this.durations.deleteMs;
      case 'modify':
        return this.durations.modifyMs;
    }
  }

  /** Applies a lifecycle decision: transient statuses now, final ones scheduled. */
  applyRiEffects(effects: readonly RiEffect[]): void {
    const now = this.now();
    for (const effect of effects) {
      const ri = this.state.routerInterfaces.find((r) => r.routerInterfaceId === effect.routerInterfaceId);
      if (!ri) continue;
      if (effect.now) ri.status = effect.now;
      // A newer transition of the same interface replaces an older one still pending.
      this.state.tasks = this.state.tasks.filter(
        (t) => !(t.kind === 'routerInterface' && t.routerInterfaceId === ri.routerInterfaceId),
      );
      this.state.tasks.push({
        id: this.state.nextTaskId++,
        dueAt: now + this.durationOf(effect.then.phase),
        kind: 'routerInterface',
        routerInterfaceId: ri.routerInterfaceId,
        status: effect.then.status,
        phase: effect.then.phase,
      });
    }
    this.dirty = true;
  }

  scheduleRoute(entry: RouteEntryRec, status: 'Available' | 'Deleted'): void {
    this.state.tasks.push({
      id: this.state.nextTaskId++,
      dueAt: this.now() + this.durations.routeMs,
      kind: 'routeEntry',
      routeEntryId: entry.routeEntryId,
      status,
    });
    this.dirty = true;
  }

  /**
   * Schedules where a peering connection ends up (aliyun-links.md §1.4), replacing any transition
   * of it still pending. `after` reuses the router-interface durations: connect for Create, activate
   * for Accept/Modify, delete for Delete; `{ at }` is a time on the sandbox clock (expiry).
   */
  schedulePeer(
    instanceId: string,
    status: PeerTaskStatus,
    after: 'connect' | 'activate' | 'delete' | { readonly at: number },
  ): void {
    this.cancelPeerTasks(instanceId);
    const dueAt =
      typeof after === 'object'
        ? after.at
        : this.now() +
          (after === 'connect'
            ? this.durations.connectMs
            : after === 'activate'
              ? this.durations.activateMs
              : this.durations.deleteMs);
    this.state.tasks.push({ id: this.state.nextTaskId++, dueAt, kind: 'vpcPeer', instanceId, status });
    this.dirty = true;
  }

  /** Drops the pending transitions of a connection (a reject ends its expiry). */
  cancelPeerTasks(instanceId: string): void {
    this.state.tasks = this.state.tasks.filter((t) => !(t.kind === 'vpcPeer' && t.instanceId === instanceId));
    this.dirty = true;
  }

  /** Every interface of every account, as the lifecycle rules see them. */
  riWorld(): Map<string, LifecycleRouterInterface> {
    return new Map(this.state.routerInterfaces.map((r) => [r.routerInterfaceId, r]));
  }

  /** The state to save, with the RNG position. */
  snapshot(): WorldState {
    this.state.rng = this.rng.state();
    this.state.now = this.now();
    return this.state;
  }
}

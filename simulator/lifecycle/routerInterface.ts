/**
 * The router-interface state machine (aliyun-api.md §3.9) and the preconditions of every call that
 * changes an interface (§3.2–§3.6), as pure functions over a snapshot of interfaces. The sandbox
 * applies the effects on its clock (transient status now, final status later); {@link settleEffects}
 * applies them at once. Nothing rehearses a plan against these rules before apply yet: a plan is
 * tried against the sandbox (`vpclink sandbox`, the apply tests), which runs on them.
 */
import type { RouterInterfaceStatus } from '../document/schema';
import { type CloudError, cloudError } from './errors';

/** The fields of an interface the rules look at (names as in the topology document). */
export interface LifecycleRouterInterface {
  readonly routerInterfaceId: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly routerType: 'VRouter' | 'VBR';
  readonly routerId: string;
  readonly role: 'InitiatingSide' | 'AcceptingSide';
  readonly spec: string;
  readonly status: RouterInterfaceStatus;
  readonly oppositeRegionId: string;
  readonly oppositeInterfaceId?: string;
  readonly oppositeRouterId?: string;
  readonly oppositeRouterType?: 'VRouter' | 'VBR';
  readonly oppositeInterfaceOwnerId?: string;
}

/** At most 5 interfaces per router (aliyun-api.md §3.1, §6). */
export const MAX_ROUTER_INTERFACES_PER_ROUTER = 5;

/** The asynchronous phase a transition belongs to; the sandbox maps each to a duration. */
export type TransitionPhase = 'connect' | 'activate' | 'deactivate' | 'delete' | 'modify';

/** What a call does to one interface: its status right after the call, and where it ends up. */
export interface RiEffect {
  readonly routerInterfaceId: string;
  /** Status immediately after the call; absent = unchanged until `then`. */
  readonly now?: RouterInterfaceStatus;
  /** Status after the phase's duration; `Deleted` = the interface disappears. */
  readonly then: { readonly status: RouterInterfaceStatus | 'Deleted'; readonly phase: TransitionPhase };
}

export type RiDecision =
  | { readonly kind: 'accepted'; readonly effects: readonly RiEffect[] }
  | { readonly kind: 'refused'; readonly error: CloudError };

export type RiOperation =
  /** CreateRouterInterface: `candidate` is the new interface (status ignored; it starts Idle). */
  | { readonly kind: 'create'; readonly candidate: LifecycleRouterInterface }
  | { readonly kind: 'connect'; readonly routerInterfaceId: string }
  | { readonly kind: 'activate'; readonly routerInterfaceId: string }
  | { readonly kind: 'deactivate'; readonly routerInterfaceId: string }
  /** DeleteRouterInterface; `referencingRoutes` = custom routes whose next hop is this interface. */
  | { readonly kind: 'delete'; readonly routerInterfaceId: string; readonly referencingRoutes: number }
  /** ModifyRouterInterfaceAttribute; `changesOpposite` when any Opposite* field is being set. */
  | { readonly kind: 'modifyAttribute'; readonly routerInterfaceId: string; readonly changesOpposite: boolean }
  /** ModifyRouterInterfaceSpec (aliyun-api.md §3.7): a new bandwidth spec for an initiator. */
  | { readonly kind: 'modifySpec'; readonly routerInterfaceId: string; readonly spec: string };

export type RiWorld = ReadonlyMap<string, LifecycleRouterInterface>;

/** A pair counts as "connected" in every state except Idle (never connected) and Deleting. */
function holdsConnection(ri: LifecycleRouterInterface): boolean {
  return ri.status !== 'Idle' && ri.status !== 'Deleting';
}

function notFound(id: string): RiDecision {
  // Name from an old doc copy (aliyun-api.md §3.4); UNCONFIRMED, 404 like the other NotFound codes.
  return refused('InvalidRouterInterfaceId.NotFound', 404, `The specified RouterInterfaceId "${id}" is not found.`);
}

function refused(code: string, httpStatus: number, message: string): RiDecision {
  return { kind: 'refused', error: cloudError(code, httpStatus, message) };
}

/** Decides whether the cloud accepts `operation` on `world`, and what it does. */
export function decideRouterInterface(world: RiWorld, operation: RiOperation): RiDecision {
  switch (operation.kind) {
    case 'create':
      return decideCreate(world, operation.candidate);
    case 'connect':
      return decideConnect(world, operation.routerInterfaceId);
    case 'activate': {
      const ri = world.get(operation.routerInterfaceId);
      if (!ri) return notFound(operation.routerInterfaceId);
      // aliyun-api.md §3.5: Activate only from Inactive. Either end may call it and the peer
      // follows (UNCONFIRMED: the docs do not say whether the peer's own Status changes).
      if (ri.status !== 'Inactive') {
        return refused(
          'IncorrectRIStatus',
          400,
          `RouterInterface can be activated only when it's status is Inactive; ${ri.routerInterfaceId} is ${ri.status}.`,
        );
      }
      const peer = connectedPeer(world, ri);
      const effects: RiEffect[] = [
        { routerInterfaceId: ri.routerInterfaceId, now: 'Activating', then: { status: 'Active', phase: 'activate' } },
      ];
      if (peer && peer.status === 'Inactive')
        effects.push({
          routerInterfaceId: peer.routerInterfaceId,
          now: 'Activating',
          then: { status: 'Active', phase: 'activate' },
        });
      return { kind: 'accepted', effects };
    }
    case 'deactivate': {
      const ri = world.get(operation.routerInterfaceId);
      if (!ri) return notFound(operation.routerInterfaceId);
      // aliyun-api.md §3.5: Active → Deactivating → Inactive. Error code UNCONFIRMED
      // (IncorrectRIStatus, as for Activate). The peer follows (UNCONFIRMED, see activate).
      if (ri.status !== 'Active') {
        return refused(
          'IncorrectRIStatus',
          400,
          `RouterInterface can be deactivated only when it's status is Active; ${ri.routerInterfaceId} is ${ri.status}.`,
        );
      }
      const peer = connectedPeer(world, ri);
      const effects: RiEffect[] = [
        {
          routerInterfaceId: ri.routerInterfaceId,
          now: 'Deactivating',
          then: { status: 'Inactive', phase: 'deactivate' },
        },
      ];
      if (peer && peer.status === 'Active')
        effects.push({
          routerInterfaceId: peer.routerInterfaceId,
          now: 'Deactivating',
          then: { status: 'Inactive', phase: 'deactivate' },
        });
      return { kind: 'accepted', effects };
    }
    case 'delete': {
      const ri = world.get(operation.routerInterfaceId);
      if (!ri) return notFound(operation.routerInterfaceId);
      // aliyun-api.md §3.6: only Idle or Inactive, and only after the routes through it are gone.
      // Codes of the ECS-era doc, which terraform retries on (IncorrectStatus,
      // DependencyViolation.RouterInterfaceReferedByRouteEntry).
      if (ri.status !== 'Idle' && ri.status !== 'Inactive') {
        return refused(
          'IncorrectStatus',
          400,
          `The operation is allowed only when the status of the router interface is Idle or Inactive; ${ri.routerInterfaceId} is ${ri.status}.`,
        );
      }
      if (operation.referencingRoutes > 0) {
        return refused(
          'DependencyViolation.RouterInterfaceReferedByRouteEntry',
          400,
          `The router interface ${ri.routerInterfaceId} is referred by ${operation.referencingRoutes} route entr${operation.referencingRoutes === 1 ? 'y' : 'ies'}; delete them first.`,
        );
      }
      const effects: RiEffect[] = [
        { routerInterfaceId: ri.routerInterfaceId, now: 'Deleting', then: { status: 'Deleted', phase: 'delete' } },
      ];
      // UNCONFIRMED: once one end of an (Inactive) pair is gone, the other end has nothing to be
      // connected to, so it returns to Idle (and may be deleted or re-paired).
      const peer = connectedPeer(world, ri);
      if (peer && peer.status === 'Inactive')
        effects.push({ routerInterfaceId: peer.routerInterfaceId, then: { status: 'Idle', phase: 'delete' } });
      return { kind: 'accepted', effects };
    }
    case 'modifySpec': {
      const ri = world.get(operation.routerInterfaceId);
      if (!ri) return notFound(operation.routerInterfaceId);
      // Only an initiator has a bandwidth spec; the codes are UNCONFIRMED (aliyun-api.md §3.7).
      if (ri.role !== 'InitiatingSide') {
        return refused(
          'IncorrectRole.NotInitiatingSide',
          400,
          `Only the InitiatingSide router interface has a bandwidth spec; ${ri.routerInterfaceId} is ${ri.role}.`,
        );
      }
      if (operation.spec === 'Negative') {
        return refused(
          'InvalidParameter.Spec',
          400,
          'Negative is the spec of an AcceptingSide router interface; give a bandwidth spec such as Mini.5.',
        );
      }
      // Active → Modifying → Active (intermediate state UNCONFIRMED, §3.9); an Idle or Inactive
      // interface carries no traffic, so its spec changes at once.
      if (ri.status === 'Active') {
        return {
          kind: 'accepted',
          effects: [
            { routerInterfaceId: ri.routerInterfaceId, now: 'Modifying', then: { status: 'Active', phase: 'modify' } },
          ],
        };
      }
      if (ri.status === 'Idle' || ri.status === 'Inactive') return { kind: 'accepted', effects: [] };
      return refused(
        'IncorrectRIStatus',
        400,
        `The spec can be changed only when the status is Active, Idle or Inactive; ${ri.routerInterfaceId} is ${ri.status}.`,
      );
    }
    case 'modifyAttribute': {
      const ri = world.get(operation.routerInterfaceId);
      if (!ri) return notFound(operation.routerInterfaceId);
      // aliyun-api.md §3.3: IncorrectStatus "only when the status is Active, idle or inactive";
      // opposite info only while Idle (terraform: a connected RI cannot be re-pointed). The code
      // for the second case is UNCONFIRMED; IncorrectStatus is the plausible one.
      if (ri.status !== 'Idle' && ri.status !== 'Active' && ri.status !== 'Inactive') {
        return refused(
          'IncorrectStatus',
          400,
          `The router interface can be modified only when the status is Active, Idle or Inactive; ${ri.routerInterfaceId} is ${ri.status}.`,
        );
      }
      if (operation.changesOpposite && ri.status !== 'Idle') {
        return refused(
          'IncorrectStatus',
          400,
          `The opposite interface information can be changed only when the status is Idle; ${ri.routerInterfaceId} is ${ri.status}. Delete and recreate it to point it elsewhere.`,
        );
      }
      return { kind: 'accepted', effects: [] };
    }
  }
}

function decideCreate(world: RiWorld, candidate: LifecycleRouterInterface): RiDecision {
  // aliyun-api.md §3.2: an acceptor must pass Spec=Negative; an initiator needs a bandwidth spec.
  // The error codes are UNCONFIRMED (InvalidParameter-style guesses).
  if (candidate.role === 'AcceptingSide' && candidate.spec !== 'Negative') {
    return refused(
      'InvalidParameter.Spec',
      400,
      `An AcceptingSide router interface must be created with Spec=Negative, not "${candidate.spec}".`,
    );
  }
  if (candidate.role === 'InitiatingSide' && candidate.spec === 'Negative') {
    return refused(
      'InvalidParameter.Spec',
      400,
      'An InitiatingSide router interface needs a bandwidth Spec such as Mini.2; Negative is for the AcceptingSide.',
    );
  }
  if (candidate.oppositeRouterId !== undefined && candidate.oppositeRouterId === candidate.routerId) {
    return refused(
      'IncorrectOppositeInterfaceInfo',
      400,
      'Cannot connect on the same router: the opposite router is the local router.',
    );
  }
  // aliyun-api.md §3.1/§6: at most 5 interfaces per router. Code UNCONFIRMED.
  const onRouter = [...world.values()].filter(
    (ri) => ri.routerId === candidate.routerId && ri.status !== 'Deleting',
  ).length;
  if (onRouter >= MAX_ROUTER_INTERFACES_PER_ROUTER) {
    return refused(
      'QuotaExceeded.RouterInterface',
      400,
      `The router ${candidate.routerId} already has ${onRouter} router interfaces; at most ${MAX_ROUTER_INTERFACES_PER_ROUTER} are allowed per router.`,
    );
  }
  return { kind: 'accepted', effects: [] };
}

/** The opposite interface when both ends point at each other. */
function connectedPeer(world: RiWorld, ri: LifecycleRouterInterface): LifecycleRouterInterface | undefined {
  if (!ri.oppositeInterfaceId) return undefined;
  const peer = world.get(ri.oppositeInterfaceId);
  return peer && peer.oppositeInterfaceId === ri.routerInterfaceId ? peer : undefined;
}

/** Why `ri`'s opposite fields do not describe `peer`, or undefined when they do. */
function oppositeMismatch(ri: LifecycleRouterInterface, peer: LifecycleRouterInterface): string | undefined {
  if (ri.oppositeInterfaceId !== peer.routerInterfaceId)
    return `${ri.routerInterfaceId} points at ${ri.oppositeInterfaceId}, not at ${peer.routerInterfaceId}`;
  if (ri.oppositeRouterId !== peer.routerId)
    return `${ri.routerInterfaceId}'s OppositeRouterId is ${ri.oppositeRouterId} but ${peer.routerInterfaceId} is on ${peer.routerId}`;
  if ((ri.oppositeRouterType ?? 'VRouter') !== peer.routerType)
    return `${ri.routerInterfaceId}'s OppositeRouterType is ${ri.oppositeRouterType} but ${peer.routerInterfaceId}'s router is a ${peer.routerType}`;
  if (ri.oppositeInterfaceOwnerId !== peer.accountId)
    return `${ri.routerInterfaceId}'s OppositeInterfaceOwnerId is ${ri.oppositeInterfaceOwnerId} but ${peer.routerInterfaceId} belongs to ${peer.accountId}`;
  if (ri.oppositeRegionId !== peer.regionId)
    return `${ri.routerInterfaceId}'s OppositeRegionId is ${ri.oppositeRegionId} but ${peer.routerInterfaceId} is in ${peer.regionId}`;
  return undefined;
}

function oppositeUnset(ri: LifecycleRouterInterface): boolean {
  return !ri.oppositeInterfaceId || !ri.oppositeRouterId || !ri.oppositeRouterType || !ri.oppositeInterfaceOwnerId;
}

/** aliyun-api.md §3.4, in the order the conditions are listed there. */
function decideConnect(world: RiWorld, id: string): RiDecision {
  const ri = world.get(id);
  if (!ri) return notFound(id);
  if (ri.role !== 'InitiatingSide') {
    return refused(
      'IncorrectRole.NotInitiatingSide',
      400,
      `Only the InitiatingSide router interface can connect; ${id} is ${ri.role}.`,
    );
  }
  if (ri.status !== 'Idle') {
    return refused(
      'IncorrectRIStatus',
      400,
      `RouterInterface can be operated by this action only when it's status is Idle; ${id} is ${ri.status}.`,
    );
  }
  if (oppositeUnset(ri)) {
    return refused(
      'IncorrectOppositeInterfaceInfo.NotSet',
      400,
      `OppositeInterfaceId, OppositeRouterId, OppositeRouterType and OppositeInterfaceOwnerId of ${id} must all be set before connecting.`,
    );
  }
  if (ri.oppositeRouterId === ri.routerId || ri.oppositeInterfaceId === id) {
    return refused('IncorrectOppositeInterfaceInfo', 400, 'Cannot connect on the same router.');
  }
  const peer = world.get(ri.oppositeInterfaceId!);
  if (!peer) {
    return refused(
      'IncorrectOppositeInterfaceInfo',
      400,
      `The opposite router interface ${ri.oppositeInterfaceId} does not exist.`,
    );
  }
  const own = oppositeMismatch(ri, peer);
  if (own)
    return refused('IncorrectOppositeInterfaceInfo', 400, `The opposite interface information is incorrect: ${own}.`);
  // The acceptor must point back (the connect "completes only if the peer RI's opposite info
  // points back", §3.4). A peer with no info yet is the case terraform retries as NotSet.
  if (oppositeUnset(peer)) {
    return refused(
      'IncorrectOppositeInterfaceInfo.NotSet',
      400,
      `The opposite router interface ${peer.routerInterfaceId} has not been given this interface's information yet (OppositeInterfaceId, ` +
        `OppositeRouterId, OppositeRouterType, OppositeInterfaceOwnerId).`,
    );
  }
  const back = oppositeMismatch(peer, ri);
  if (back)
    return refused('IncorrectOppositeInterfaceInfo', 400, `The opposite interface does not point back: ${back}.`);
  if (peer.role !== 'AcceptingSide') {
    return refused(
      'IncorrectOppositeInterfaceInfo',
      400,
      `The opposite router interface ${peer.routerInterfaceId} must be AcceptingSide, not ${peer.role}.`,
    );
  }
  if (peer.status !== 'Idle') {
    return refused(
      'IncorrectRIStatus',
      400,
      `The opposite router interface ${peer.routerInterfaceId} must be Idle; it is ${peer.status}.`,
    );
  }
  const routers = new Set([ri.routerId, peer.routerId]);
  for (const other of world.values()) {
    if (other.routerInterfaceId === id || other.routerInterfaceId === peer.routerInterfaceId) continue;
    if (!routers.has(other.routerId) || !holdsConnection(other)) continue;
    const otherPeer = connectedPeer(world, other);
    if (otherPeer && routers.has(otherPeer.routerId) && otherPeer.routerId !== other.routerId) {
      return refused(
        'Forbidden.OnlyOneConnection',
        400,
        `The routers ${ri.routerId} and ${peer.routerId} are already connected through ${other.routerInterfaceId} and ${otherPeer.routerInterfaceId}; only one connection ` +
          `is allowed between two routers.`,
      );
    }
  }
  return {
    kind: 'accepted',
    effects: [
      { routerInterfaceId: id, now: 'Connecting', then: { status: 'Active', phase: 'connect' } },
      {
        routerInterfaceId: peer.routerInterfaceId,
        now: 'AcceptingConnecting',
        then: { status: 'Active', phase: 'connect' },
      },
    ],
  };
}

/**
 * The world after the effects have run to completion (deleted interfaces removed), for walking a
 * sequence of calls without a clock (the lifecycle tests do). The input map is not changed.
 */
export function settleEffects(world: RiWorld, effects: readonly RiEffect[]): Map<string, LifecycleRouterInterface> {
  const next = new Map(world);
  for (const effect of effects) {
    const ri = next.get(effect.routerInterfaceId);
    if (!ri) continue;
    if (effect.then.status === 'Deleted') next.delete(effect.routerInterfaceId);
    else next.set(effect.routerInterfaceId, { ...ri, status: effect.then.status });
  }
  return next;
}

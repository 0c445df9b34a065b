/**
 * The steps that build one router-interface pair (aliyun-api.md §3): create + wait `Idle` for a
 * missing end, opposite info (acceptor first), connect from the initiator, wait `Active` on both
 * ends, and a spec change of a live initiator. Each records in the plan state the value of the
 * interface (live ID or step reference) and the step after which it is Active, for the routes.
 */
import type { RouterInterface } from '../document/schema';
import { routerInterfaceCost } from './builder';
import { routerInterfaceKey, routerInterfaceKeyText } from './identity';
import { pushStep, type PlanState } from './planState';
import { stepRef, type RouterInterfaceTarget, type ValueRef } from './types';

/** RI names: 2-128 chars of letters, digits, `.`, `_`, `-` (aliyun-api.md §3.2); others are not sent. */
const RI_NAME = /^[A-Za-z0-9._-]{2,128}$/;

/**
 * Opposite info: the acceptor's side first (aliyun-api.md §3.4/§3.10, terraform: "connection
 * from the AcceptingSide to the InitiatingSide must be done first"). Returns the modify steps.
 */
export function pushOppositeInfo(
  state: PlanState,
  initiator: RouterInterface,
  acceptor: RouterInterface,
  liveI: RouterInterface | undefined,
  liveA: RouterInterface | undefined,
  consistent: boolean,
  ready: readonly string[],
): string[] {
  const modifies: string[] = [];
  let previous: string[] = [...ready];
  for (const [doc, other, live, otherLive] of [
    [acceptor, initiator, liveA, liveI],
    [initiator, acceptor, liveI, liveA],
  ] as const) {
    if (!consistent && doc.oppositeInterfaceId !== other.routerInterfaceId) continue;
    const otherValue = state.riValue.get(other.routerInterfaceId)!;
    const upToDate =
      live !== undefined &&
      otherLive !== undefined &&
      live.oppositeInterfaceId === otherLive.routerInterfaceId &&
      live.oppositeRouterId === other.routerId &&
      (live.oppositeInterfaceOwnerId ?? live.accountId) === other.accountId &&
      (live.oppositeRouterType ?? 'VRouter') === 'VRouter';
    if (upToDate) continue;
    const id = pushStep(state, {
      kind: 'modifyRouterInterfaceAttribute',
      id: `modify-ri:${routerInterfaceKeyText(routerInterfaceKey(doc))}`,
      accountId: doc.accountId,
      regionId: doc.regionId,
      product: 'vpc',
      action: 'ModifyRouterInterfaceAttribute',
      params: {
        RegionId: doc.regionId,
        RouterInterfaceId: state.riValue.get(doc.routerInterfaceId)!,
        OppositeInterfaceId: otherValue,
        OppositeRouterId: other.routerId,
        // The API's default is VBR (aliyun-api.md §3.3): always say VRouter.
        OppositeRouterType: 'VRouter',
        OppositeInterfaceOwnerId: other.accountId,
      },
      dependsOn: previous,
      mutating: true,
      description:
        `Set the opposite of the ${doc.role === 'AcceptingSide' ? 'acceptor' : 'initiator'} (account ${doc.accountId}, ${doc.regionId}) to ` +
        (typeof otherValue === 'string'
          ? otherValue
          : 'the new ' + (other.role === 'AcceptingSide' ? 'acceptor' : 'initiator')) +
        ` on ${other.routerId} (account ${other.accountId}, ${other.regionId})`,
      target: target(doc, state.riValue.get(doc.routerInterfaceId)),
    });
    modifies.push(id);
    previous = [...ready, id];
  }

  return modifies;
}

/** Connect from the initiator once both ends exist and point at each other, then wait Active on both. */
export function connectPair(
  state: PlanState,
  initiator: RouterInterface,
  acceptor: RouterInterface,
  liveI: RouterInterface | undefined,
  after: readonly string[],
): void {
  const connectId = `connect-ri:${routerInterfaceKeyText(routerInterfaceKey(initiator))}`;
  pushStep(state, {
    kind: 'connectRouterInterface',
    id: connectId,
    accountId: initiator.accountId,
    regionId: initiator.regionId,
    product: 'vpc',
    action: 'ConnectRouterInterface',
    params: { RegionId: initiator.regionId, RouterInterfaceId: state.riValue.get(initiator.routerInterfaceId)! },
    dependsOn: [...after],
    mutating: true,
    description:
      `Connect from the initiator (account ${initiator.accountId}, ${initiator.regionId}) to the acceptor ` +
      `in ${acceptor.regionId} (retries IncorrectOppositeInterfaceInfo.NotSet ` +
      `while the peer's info propagates)`,
    target: target(initiator, state.riValue.get(initiator.routerInterfaceId)),
  });
  const waits = waitActiveBoth(state, initiator, acceptor, [connectId]);
  if (liveI) planSpecChange(state, initiator, liveI, waits[0]);
}

function target(doc: RouterInterface, value: ValueRef | undefined): RouterInterfaceTarget {
  return { routerInterfaceId: value, key: routerInterfaceKey(doc), documentId: doc.routerInterfaceId };
}

/** Create + wait Idle for one end. Returns the wait step ID. */
export function createInterface(
  state: PlanState,
  doc: RouterInterface,
  partner: RouterInterface | undefined,
): string[] {
  const keyText = routerInterfaceKeyText(routerInterfaceKey(doc));
  const createId = `create-ri:${keyText}`;
  const spec = doc.role === 'AcceptingSide' ? 'Negative' : doc.spec === 'Negative' ? 'Mini.2' : doc.spec;
  const oppositeRouterId = partner?.routerId ?? doc.oppositeRouterId;
  const oppositeOwner = partner?.accountId ?? doc.oppositeInterfaceOwnerId;
  pushStep(state, {
    kind: 'createRouterInterface',
    id: createId,
    accountId: doc.accountId,
    regionId: doc.regionId,
    product: 'vpc',
    action: 'CreateRouterInterface',
    params: {
      RegionId: doc.regionId,
      Role: doc.role,
      RouterType: 'VRouter',
      RouterId: doc.routerId,
      // Acceptors must pass Negative (aliyun-api.md §3.2; terraform forces it).
      Spec: spec,
      OppositeRegionId: partner?.regionId ?? doc.oppositeRegionId,
      // Known peer router and owner go in at creation so the interface is findable by its natural
      // key from the first moment (resume and ambiguous-failure look-ups rely on it).
      ...(oppositeRouterId !== undefined ? { OppositeRouterType: 'VRouter', OppositeRouterId: oppositeRouterId } : {}),
      ...(oppositeOwner !== undefined
        ? { OppositeInterfaceOwnerId: oppositeOwner }
        : oppositeRouterId !== undefined
          ? { OppositeInterfaceOwnerId: doc.accountId }
          : {}),
      InstanceChargeType: 'PostPaid',
      ...(doc.name !== undefined && RI_NAME.test(doc.name) ? { Name: doc.name } : {}),
    },
    dependsOn: [],
    mutating: true,
    description:
      `Create the ${doc.role === 'InitiatingSide' ? `initiator (spec ${spec})` : 'acceptor (spec Negative)'} on ${doc.routerId} ` +
      `in account ${doc.accountId}, ${doc.regionId}, facing ${oppositeRouterId ?? '?'} in ${partner?.regionId ?? doc.oppositeRegionId}`,
    cost: routerInterfaceCost(spec),
    target: { routerInterfaceId: undefined, key: routerInterfaceKey(doc), documentId: doc.routerInterfaceId },
  });
  const ref = stepRef(createId, 'RouterInterfaceId');
  state.riValue.set(doc.routerInterfaceId, ref);
  const waitId = pushInterfaceWait(state, doc, ref, {
    id: `wait-ri-idle:${keyText}`,
    dependsOn: [createId],
    until: 'Idle',
    description: `Wait until the new ${doc.role === 'InitiatingSide' ? 'initiator' : 'acceptor'} in ${doc.regionId} is Idle`,
  });
  return [waitId];
}

export function waitActiveBoth(
  state: PlanState,
  initiator: RouterInterface,
  acceptor: RouterInterface,
  dependsOn: readonly string[],
): string[] {
  const ids: string[] = [];
  for (const doc of [initiator, acceptor]) {
    const value = state.riValue.get(doc.routerInterfaceId)!;
    const id = pushInterfaceWait(state, doc, value, {
      id: `wait-ri-active:${routerInterfaceKeyText(routerInterfaceKey(doc))}`,
      dependsOn,
      until: 'Active',
      description: `Wait until the ${doc.role === 'InitiatingSide' ? 'initiator' : 'acceptor'} in ${doc.regionId} is Active`,
    });
    state.riReadyStep.set(doc.routerInterfaceId, id);
    ids.push(id);
  }
  return ids;
}

/** A live initiator with another spec than the document's: ModifyRouterInterfaceSpec, then wait Active again (aliyun-api.md §3.7). */
export function planSpecChange(
  state: PlanState,
  doc: RouterInterface,
  live: RouterInterface,
  after: string | undefined,
): void {
  if (doc.role !== 'InitiatingSide' || doc.spec === 'Negative' || live.spec === doc.spec) return;
  const keyText = routerInterfaceKeyText(routerInterfaceKey(doc));
  const id = pushStep(state, {
    kind: 'modifyRouterInterfaceSpec',
    id: `modify-ri-spec:${keyText}`,
    accountId: doc.accountId,
    regionId: doc.regionId,
    product: 'vpc',
    action: 'ModifyRouterInterfaceSpec',
    params: { RegionId: doc.regionId, RouterInterfaceId: live.routerInterfaceId, Spec: doc.spec },
    dependsOn: after ? [after] : [],
    mutating: true,
    description: `Change the spec of ${live.routerInterfaceId} from ${live.spec} to ${doc.spec}`,
    cost: routerInterfaceCost(doc.spec),
    target: target(doc, live.routerInterfaceId),
  });
  const waitId = pushInterfaceWait(state, doc, live.routerInterfaceId, {
    id: `wait-ri-active-spec:${keyText}`,
    dependsOn: [id],
    until: 'Active',
    description: `Wait until ${live.routerInterfaceId} is Active with spec ${doc.spec}`,
  });
  state.riReadyStep.set(doc.routerInterfaceId, waitId);
}

/** ActivateRouterInterface for an end deactivated earlier (aliyun-api.md §3.5). Returns the step ID. */
export function activateInterface(state: PlanState, doc: RouterInterface, live: RouterInterface): string {
  return pushStep(state, {
    kind: 'activateRouterInterface',
    id: `activate-ri:${routerInterfaceKeyText(routerInterfaceKey(doc))}`,
    accountId: doc.accountId,
    regionId: doc.regionId,
    product: 'vpc',
    action: 'ActivateRouterInterface',
    params: { RegionId: doc.regionId, RouterInterfaceId: live.routerInterfaceId },
    dependsOn: [],
    mutating: true,
    description: `Activate ${live.routerInterfaceId} (${doc.role}, Inactive) in ${doc.regionId}`,
    target: target(doc, live.routerInterfaceId),
  });
}

/** DescribeRouterInterfaces polled until the interface `value` of `doc` reaches `until`. Returns the step ID. */
function pushInterfaceWait(
  state: PlanState,
  doc: RouterInterface,
  value: ValueRef,
  wait: {
    readonly id: string;
    readonly dependsOn: readonly string[];
    readonly until: 'Idle' | 'Active';
    readonly description: string;
  },
): string {
  return pushStep(state, {
    kind: 'waitRouterInterface',
    id: wait.id,
    accountId: doc.accountId,
    regionId: doc.regionId,
    product: 'vpc',
    action: 'DescribeRouterInterfaces',
    params: { RegionId: doc.regionId, Filter: [{ Key: 'RouterInterfaceId', Value: [value] }] },
    dependsOn: wait.dependsOn,
    mutating: false,
    until: wait.until,
    description: wait.description,
    target: target(doc, value),
  });
}

/**
 * VPC peering connections in a plan (aliyun-links.md §1): the steps that bring the document's
 * connections to `Activated`, and the steps that remove connections (destroy, rollback, and those
 * vpclink made for this document that the document no longer has).
 *
 * Order, per aliyun-links.md §1.4 and terraform's vpc_peer_connection(_accepter) resources:
 *   same account:  create in the requester's account → wait `Activated` (the system accepts by itself)
 *   cross-account: create → wait `Accepting` → accept with the ACCEPTER's credentials → wait `Activated`
 *   then (inter-region only, §1.5) modify the bandwidth → wait `Activated`; the routes that point
 *   at the connection (planChanges: `NextHopType=VpcPeer`, §1.6) wait for the last of these.
 * Removal: the routes pointing at the connection first (without `Force`, Delete refuses with
 * `OperationDenied.RouteEntryExist`, §1.6) → delete → wait until it is gone.
 *
 * A connection is identified by its natural key (requester account/region/VPC, accepter
 * account/region/VPC: VpcPeerKey), never by the document's `pcc-…` ID, which the cloud assigns.
 */
import type { Topology, VpcPeerConnection } from '../document/schema';
import type { TopologyIndex } from '../model';
import { BILLING_TEXT } from './builder';
import { hasMarker, markedDescription } from './owner';
import {
  stepRef,
  type PlanProblem,
  type PlanStep,
  type StepCost,
  type ValueRef,
  type VpcPeerKey,
  type VpcPeerTarget,
  type WaitVpcPeerUntil,
} from './types';

/** The VpcPeer API's default bandwidth of an inter-region connection, Mbit/s (aliyun-links.md §1.5). */
export const INTER_REGION_DEFAULT_BANDWIDTH_MBPS = 1024;

/** Statuses in which a connection is on its way out or gone (aliyun-links.md §1.4): never matched, never reused. */
const GONE = new Set(['Deleting', 'Deleted']);
/** Statuses the accepter refused or let lapse (§1.4): a plan does not build on them. */
const REFUSED = new Set(['Rejected', 'Expired']);

/** `<account>:<region>:<vpc>:<accepting account>:<accepting region>:<accepting vpc>`, for step IDs. */
export function vpcPeerKeyText(key: VpcPeerKey): string {
  return `${key.accountId}:${key.regionId}:${key.vpcId}:${key.acceptingAccountId}:${key.acceptingRegionId}:${key.acceptingVpcId}`;
}

/**
 * The natural key of a connection of `doc`: the requester's account and region are its VPC's
 * (CreateVpcPeerConnection runs in the requester's account, §1.2); the accepter's owner and region
 * default to the accepting VPC's (topology-format.md §4.1). Undefined when a VPC is unknown.
 */
export function vpcPeerKey(pcc: VpcPeerConnection, index: Pick<TopologyIndex, 'vpcs'>): VpcPeerKey | undefined {
  const requester = index.vpcs.get(pcc.vpcId);
  const accepter = index.vpcs.get(pcc.acceptingVpcId);
  const acceptingAccountId = pcc.acceptingOwnerUid ?? accepter?.accountId;
  const acceptingRegionId = pcc.acceptingRegionId ?? accepter?.regionId;
  if (!requester || acceptingAccountId === undefined || acceptingRegionId === undefined) return undefined;
  return {
    accountId: requester.accountId,
    regionId: requester.regionId,
    vpcId: pcc.vpcId,
    acceptingAccountId,
    acceptingRegionId,
    acceptingVpcId: pcc.acceptingVpcId,
  };
}

export function isCrossAccount(key: VpcPeerKey): boolean {
  return key.accountId !== key.acceptingAccountId;
}

export function isCrossRegion(key: VpcPeerKey): boolean {
  return key.regionId !== key.acceptingRegionId;
}

/**
 * What a connection costs: a cross-region one is billed for its data transfer through CDT, which
 * Create activates (aliyun-links.md §1.5; Alibaba's peering overview: same-region peering is free).
 * Undefined for a same-region connection.
 */
export function vpcPeerCost(key: VpcPeerKey, bandwidthMbps: number | undefined): StepCost | undefined {
  if (!isCrossRegion(key)) return undefined;
  return {
    kind: 'vpcPeerConnection',
    spec: `cross-region ${key.regionId} ↔ ${key.acceptingRegionId}`,
    bandwidthMbps: bandwidthMbps ?? INTER_REGION_DEFAULT_BANDWIDTH_MBPS,
    billing: `cross-region data transfer through CDT, ${BILLING_TEXT}`,
    charged: true,
  };
}

/** Whether a live connection joins the same two VPCs as `key`: 2 same direction, 1 reversed, 0 not. */
function pairScore(key: VpcPeerKey, live: VpcPeerConnection): number {
  if (live.vpcId === key.vpcId && live.acceptingVpcId === key.acceptingVpcId) return 2;
  if (live.vpcId === key.acceptingVpcId && live.acceptingVpcId === key.vpcId) return 1;
  return 0;
}

/** Live connections that are still there, working ones first (a Rejected leftover ranks below a new Activated one). */
function candidates(live: readonly VpcPeerConnection[]): VpcPeerConnection[] {
  const usable = live.filter((p) => !GONE.has(p.status ?? ''));
  return [...usable.filter((p) => !REFUSED.has(p.status ?? '')), ...usable.filter((p) => REFUSED.has(p.status ?? ''))];
}

/**
 * Matches the document's connections to live ones by the VPCs they join: same requester and
 * accepter first, then a live connection the other way round (it carries the same traffic, §1.6,
 * and the API would refuse a second one, §1.9). Each live connection is used once.
 * Returns document ID → live connection.
 */
export function matchVpcPeerConnections(
  desired: Topology,
  current: Topology,
  index: Pick<TopologyIndex, 'vpcs'>,
): Map<string, VpcPeerConnection> {
  const result = new Map<string, VpcPeerConnection>();
  const used = new Set<string>();
  const live = candidates(current.vpcPeerConnections ?? []);
  for (const wanted of [2, 1]) {
    for (const pcc of desired.vpcPeerConnections ?? []) {
      if (result.has(pcc.instanceId)) continue;
      const key = vpcPeerKey(pcc, index);
      if (!key) continue;
      const found = live.find((p) => !used.has(p.instanceId) && pairScore(key, p) === wanted);
      if (found) {
        result.set(pcc.instanceId, found);
        used.add(found.instanceId);
      }
    }
  }
  return result;
}

/** What the planner around this module offers: collecting steps and problems, marking VPCs touched. */
export interface PeeringPlanHost {
  readonly desired: Topology;
  readonly current: Topology;
  readonly d: TopologyIndex;
  readonly c: TopologyIndex;
  readonly marker: string;
  push(step: PlanStep): string;
  problem(problem: PlanProblem): void;
  touch(vpcId: string): void;
}

/** What routes need to know about the connections a plan brings up. */
export interface PlannedPeerings {
  /** Document `pcc-…` ID → its live ID, or a reference to the create step's `InstanceId`. */
  readonly values: ReadonlyMap<string, ValueRef>;
  /** Document ID → the step after which the connection is `Activated` (absent: already Activated). */
  readonly ready: ReadonlyMap<string, string>;
  /** Document ID → live ID, for connections that exist. */
  readonly liveIds: ReadonlyMap<string, string>;
  /** Document IDs whose connection the plan cannot use (a problem says why): routes to them are left out silently. */
  readonly blocked: ReadonlySet<string>;
}

function target(key: VpcPeerKey, instanceId: ValueRef | undefined, documentId: string | undefined): VpcPeerTarget {
  return { instanceId, key, ...(documentId !== undefined ? { documentId } : {}) };
}

/** A wait on GetVpcPeerConnectionAttribute, polled in the requester's account (it always sees the connection). */
function peeringWait(
  key: VpcPeerKey,
  peering: VpcPeerTarget,
  until: WaitVpcPeerUntil,
  idPrefix: string,
  dependsOn: readonly string[],
  description: string,
): PlanStep {
  return {
    kind: 'waitVpcPeerConnection',
    id: `${idPrefix}:${vpcPeerKeyText(key)}`,
    accountId: key.accountId,
    regionId: key.regionId,
    product: 'vpcpeer',
    action: 'GetVpcPeerConnectionAttribute',
    params: { InstanceId: peering.instanceId ?? '(looked up)' },
    dependsOn,
    mutating: false,
    until,
    peering,
    description,
  };
}

function label(key: VpcPeerKey): string {
  return `${key.vpcId} (account ${key.accountId}, ${key.regionId}) ↔ ${key.acceptingVpcId} (account ${key.acceptingAccountId}, ${key.acceptingRegionId})`;
}

/**
 * The steps that bring every connection of the document to `Activated`, touching none that already
 * is (beyond a bandwidth change). Pushes them through `host`; returns what routes need.
 */
export function planPeeringConnections(host: PeeringPlanHost): PlannedPeerings {
  const values = new Map<string, ValueRef>();
  const ready = new Map<string, string>();
  const liveIds = new Map<string, string>();
  const blocked = new Set<string>();
  const matches = matchVpcPeerConnections(host.desired, host.current, host.c);

  for (const pcc of host.desired.vpcPeerConnections ?? []) {
    const key = vpcPeerKey(pcc, host.d);
    if (!key || pcc.vpcId === pcc.acceptingVpcId) {
      blocked.add(pcc.instanceId); // validate reports it (PEERING_VPC_NOT_IN_DOCUMENT, PEERING_SAME_VPC)
      continue;
    }
    const missing = [pcc.vpcId, pcc.acceptingVpcId].filter((vpcId) => !host.c.vpcs.has(vpcId));
    if (missing.length > 0) {
      for (const vpcId of missing) {
        const vpc = host.d.vpcs.get(vpcId);
        host.problem({
          code: 'VPC_NOT_LIVE',
          severity: 'error',
          resourceId: vpcId,
          message: `${pcc.instanceId} joins ${vpcId}, which the current state${vpc ? ` (account ${vpc.accountId}, ${vpc.regionId})` : ''} does not have; vpclink does not create VPCs`,
        });
      }
      blocked.add(pcc.instanceId);
      continue;
    }
    // Flows between the two VPCs can change only when the plan does something to the connection.
    const touch = () => {
      host.touch(pcc.vpcId);
      host.touch(pcc.acceptingVpcId);
    };
    const live = matches.get(pcc.instanceId);
    const keyText = vpcPeerKeyText(key);

    if (live && REFUSED.has(live.status ?? '')) {
      host.problem({
        code: 'PEERING_LIVE_REJECTED',
        severity: 'error',
        resourceId: live.instanceId,
        message:
          `live ${live.instanceId} between ${pcc.vpcId} and ${pcc.acceptingVpcId} is ${live.status}: the accepter ` +
          `(account ${key.acceptingAccountId}) ${live.status === 'Rejected' ? 'rejected it' : 'did not accept it in time'}; ` +
          `vpclink does not accept on their behalf. Delete it (vpclink destroy, or the console) and ask the accepter ` +
          `before applying again`,
      });
      blocked.add(pcc.instanceId);
      continue;
    }

    if (live) {
      liveIds.set(pcc.instanceId, live.instanceId);
      values.set(pcc.instanceId, live.instanceId);
      // A connection made the other way round is accepted by ITS accepter: the document's requester.
      const liveKey = live.vpcId === key.vpcId ? key : (vpcPeerKey(live, host.c) ?? key);
      const peering = target(liveKey, live.instanceId, pcc.instanceId);
      const status = live.status ?? 'Activated';
      let last: string | undefined;
      if (status === 'Creating' || status === 'Accepting') {
        last = pushAcceptance(host, liveKey, peering, status === 'Creating' ? [] : undefined);
      } else if (status === 'Updating') {
        last = host.push(
          peeringWait(
            liveKey,
            peering,
            'Activated',
            'wait-pcc-active',
            [],
            `Wait until ${live.instanceId} is Activated`,
          ),
        );
      }
      last = pushBandwidthChange(host, key, pcc, live, peering, last);
      if (last) {
        ready.set(pcc.instanceId, last);
        touch();
      }
      continue;
    }

    // Create in the requester's account (aliyun-links.md §1.2).
    touch();
    const cross = isCrossRegion(key);
    const bandwidth = cross ? pcc.bandwidth : undefined;
    const createId = `create-pcc:${keyText}`;
    const created: ValueRef = stepRef(createId, 'InstanceId');
    const peering = target(key, created, pcc.instanceId);
    const cost = vpcPeerCost(key, bandwidth);
    host.push({
      kind: 'createVpcPeerConnection',
      id: createId,
      accountId: key.accountId,
      regionId: key.regionId,
      product: 'vpcpeer',
      action: 'CreateVpcPeerConnection',
      params: {
        RegionId: key.regionId,
        VpcId: key.vpcId,
        AcceptingAliUid: key.acceptingAccountId,
        AcceptingRegionId: key.acceptingRegionId,
        AcceptingVpcId: key.acceptingVpcId,
        ...(pcc.name !== undefined && pcc.name !== '' ? { Name: pcc.name } : {}),
        Description: markedDescription(
          typeof (pcc as { description?: unknown }).description === 'string'
            ? ((pcc as { description?: unknown }).description as string)
            : undefined,
          host.marker,
        ),
        // Bandwidth only for an inter-region connection (§1.5: intra-region is unlimited, -1).
        ...(bandwidth !== undefined && bandwidth > 0 ? { Bandwidth: bandwidth } : {}),
      },
      dependsOn: [],
      mutating: true,
      description: `Create the peering connection ${label(key)}${isCrossAccount(key) ? ' (cross-account: the accepter accepts next)' : ' (same account: activates by itself)'}`,
      ...(cost ? { cost } : {}),
      peering,
    });
    values.set(pcc.instanceId, created);
    ready.set(
      pcc.instanceId,
      isCrossAccount(key)
        ? pushAcceptance(host, key, peering, [createId])
        : host.push(
            peeringWait(
              key,
              peering,
              'Activated',
              'wait-pcc-active',
              [createId],
              `Wait until the new peering connection ${key.vpcId} ↔ ${key.acceptingVpcId} is Activated`,
            ),
          ),
    );
  }
  return { values, ready, liveIds, blocked };
}

/**
 * Cross-account: wait `Accepting` (when `waitFirst` is given: after a create, or for a live
 * `Creating` one) → accept with the accepter's credentials → wait `Activated`. Returns the last wait.
 */
function pushAcceptance(
  host: PeeringPlanHost,
  key: VpcPeerKey,
  peering: VpcPeerTarget,
  waitFirst: readonly string[] | undefined,
): string {
  const keyText = vpcPeerKeyText(key);
  const name = typeof peering.instanceId === 'string' ? peering.instanceId : 'the new peering connection';
  if (!isCrossAccount(key)) {
    // Same account: the system accepts by itself (§1.4); only wait.
    return host.push(
      peeringWait(key, peering, 'Activated', 'wait-pcc-active', waitFirst ?? [], `Wait until ${name} is Activated`),
    );
  }
  let after: readonly string[] = [];
  if (waitFirst !== undefined) {
    after = [
      host.push(
        peeringWait(
          key,
          peering,
          'Accepting',
          'wait-pcc-accepting',
          waitFirst,
          `Wait until ${name} waits for the accepter (Accepting)`,
        ),
      ),
    ];
  }
  const acceptId = host.push({
    kind: 'acceptVpcPeerConnection',
    id: `accept-pcc:${keyText}`,
    // The accepter operates on the same pcc ID with its own credentials (§1.4, terraform's accepter resource).
    accountId: key.acceptingAccountId,
    regionId: key.acceptingRegionId,
    product: 'vpcpeer',
    action: 'AcceptVpcPeerConnection',
    params: { InstanceId: peering.instanceId ?? '(looked up)' },
    dependsOn: after,
    mutating: true,
    description: `Accept ${name} in the accepter's account ${key.acceptingAccountId} (${key.acceptingRegionId}, ${key.acceptingVpcId})`,
    peering,
  });
  return host.push(
    peeringWait(key, peering, 'Activated', 'wait-pcc-active', [acceptId], `Wait until ${name} is Activated`),
  );
}

/** Inter-region only (§1.5: `BandwidthCannotBeChangedInSameRegion`): Modify → wait `Activated` when the live bandwidth differs. */
function pushBandwidthChange(
  host: PeeringPlanHost,
  key: VpcPeerKey,
  pcc: VpcPeerConnection,
  live: VpcPeerConnection,
  peering: VpcPeerTarget,
  after: string | undefined,
): string | undefined {
  if (!isCrossRegion(key) || pcc.bandwidth === undefined || pcc.bandwidth <= 0) return after;
  const liveBandwidth = live.bandwidth ?? INTER_REGION_DEFAULT_BANDWIDTH_MBPS;
  if (liveBandwidth === pcc.bandwidth) return after;
  const keyText = vpcPeerKeyText(key);
  const cost = vpcPeerCost(key, pcc.bandwidth);
  const modifyId = host.push({
    kind: 'modifyVpcPeerConnection',
    id: `modify-pcc:${keyText}`,
    accountId: peering.key.accountId,
    regionId: peering.key.regionId,
    product: 'vpcpeer',
    action: 'ModifyVpcPeerConnection',
    params: { InstanceId: live.instanceId, Bandwidth: pcc.bandwidth },
    dependsOn: after ? [after] : [],
    mutating: true,
    description: `Change the bandwidth of ${live.instanceId} from ${liveBandwidth} to ${pcc.bandwidth} Mbit/s`,
    ...(cost ? { cost } : {}),
    peering,
  });
  return host.push(
    peeringWait(
      peering.key,
      peering,
      'Activated',
      'wait-pcc-modified',
      [modifyId],
      `Wait until ${live.instanceId} is Activated with ${pcc.bandwidth} Mbit/s`,
    ),
  );
}

/** One connection to remove. */
export interface PeeringTeardownItem {
  readonly peering: VpcPeerTarget;
  /** What the step IDs are keyed on: the natural key, plus the live ID for a second connection of that key. */
  readonly idKey: string;
  /** Known live status; undefined = decide at run time (rollback). */
  readonly status: string | undefined;
}

/**
 * Delete → wait gone for each connection, after `afterRoutes` (the deletions of every route that
 * points at them: Delete without `Force` refuses while one exists, §1.6 — and vpclink never deletes
 * a route it was not asked to by passing `Force`). Deleted from the requester's account.
 */
export function pushPeeringTeardown(
  push: (step: PlanStep) => void,
  items: readonly PeeringTeardownItem[],
  afterRoutes: readonly string[],
): string[] {
  const waits: string[] = [];
  for (const item of items) {
    const { key } = item.peering;
    const name =
      typeof item.peering.instanceId === 'string'
        ? item.peering.instanceId
        : `the peering connection ${key.vpcId} ↔ ${key.acceptingVpcId} (looked up)`;
    const deleteId = `delete-pcc:${item.idKey}`;
    const going = item.status === 'Deleting';
    if (!going) {
      push({
        kind: 'deleteVpcPeerConnection',
        id: deleteId,
        accountId: key.accountId,
        regionId: key.regionId,
        product: 'vpcpeer',
        action: 'DeleteVpcPeerConnection',
        params: { InstanceId: item.peering.instanceId ?? '(looked up)' },
        dependsOn: afterRoutes,
        mutating: true,
        description: `Delete ${name} (${label(key)})`,
        peering: item.peering,
      });
    }
    const waitId = `wait-pcc-gone:${item.idKey}`;
    push({
      ...peeringWait(
        key,
        item.peering,
        'Deleted',
        'wait-pcc-gone',
        going ? afterRoutes : [deleteId],
        `Wait until ${name} is gone`,
      ),
      id: waitId,
    });
    waits.push(waitId);
  }
  return waits;
}

/** Live connections marked as made by vpclink for this document (owner.ts) — by their Description. */
export function markedVpcPeerConnections(current: Topology, marker: string): VpcPeerConnection[] {
  return (current.vpcPeerConnections ?? []).filter(
    (p) => !GONE.has(p.status ?? '') && hasMarker((p as { description?: unknown }).description, marker),
  );
}

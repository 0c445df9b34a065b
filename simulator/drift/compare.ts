/**
 * Drift (topology-format.md §4.3, `vpclink drift`): the document against the live state, resource
 * by resource — `changed` outside vpclink, `missing` live, or live but `unmanaged` (not in the
 * document). What the last apply recorded maps the document's router-interface IDs to the live
 * ones (a design names interfaces before they exist; apply records the IDs the cloud gave).
 *
 * Compared: the fields that decide traffic and that the document states. Names and descriptions
 * are not drift; an optional field the document leaves out (a design's `status`) is compared only
 * where the document's meaning is fixed (a consistent router-interface pair is expected `Active`,
 * topology-format.md §2).
 */
import type { Permission, RouterInterface, Topology } from '../document/schema';
import { effectiveRouterInterfaceStatus } from '../model/pairing';
import { buildTopologyIndex } from '../model/topologyIndex';
import { compareDataplane, livePeeringIds, show, type DataplaneDriftKind } from './dataplane';

export type DriftState = 'changed' | 'missing' | 'unmanaged';

export type DriftKind =
  'vpc' | 'vSwitch' | 'routeTable' | 'routerInterface' | 'securityGroup' | 'instance' | DataplaneDriftKind;

/** One drifted resource (`drift --json` `resources[]`). */
export interface DriftedResource {
  readonly resourceId: string;
  readonly kind: DriftKind;
  readonly state: DriftState;
  readonly detail: string;
}

const LABEL: Readonly<Record<Exclude<DriftKind, DataplaneDriftKind>, string>> = {
  vpc: 'VPC',
  vSwitch: 'vSwitch',
  routeTable: 'route table',
  routerInterface: 'router interface',
  securityGroup: 'security group',
  instance: 'instance',
};

export interface DriftOptions {
  /** Document router-interface ID → live ID, from the last apply's journal. */
  readonly routerInterfaceIds?: Readonly<Record<string, string>>;
  /** Document peering-connection ID → live ID, from the last apply's journal. */
  readonly vpcPeerConnectionIds?: Readonly<Record<string, string>>;
}

export function compareResources(design: Topology, live: Topology, options: DriftOptions = {}): DriftedResource[] {
  const out: DriftedResource[] = [];
  const riLive = (id: string) => options.routerInterfaceIds?.[id] ?? id;
  const peeringIds = livePeeringIds(design, live, options.vpcPeerConnectionIds);
  const hopLive = (type: string, id: string) =>
    type === 'RouterInterface' ? riLive(id) : type === 'VpcPeer' ? (peeringIds.get(id) ?? id) : id;
  const push = (kind: DriftKind, resourceId: string, state: DriftState, detail: string) =>
    out.push({ resourceId, kind, state, detail });
  const missing = (kind: Exclude<DriftKind, DataplaneDriftKind>, id: string) =>
    push(kind, id, 'missing', `${LABEL[kind]} ${id} is in the document but not live`);
  const unmanaged = (kind: Exclude<DriftKind, DataplaneDriftKind>, id: string) =>
    push(kind, id, 'unmanaged', `live ${LABEL[kind]} ${id} is not in the document`);

  // Fields that decide traffic, per kind (the document's value vs the live one).
  const compare = <T>(
    kind: Exclude<DriftKind, DataplaneDriftKind>,
    designItems: readonly T[],
    liveItems: readonly T[],
    idOf: (item: T) => string,
    fields: (item: T) => Record<string, unknown>,
    designId: (item: T) => string = idOf,
  ) => {
    const liveById = new Map(liveItems.map((item) => [idOf(item), item] as const));
    const seen = new Set<string>();
    for (const item of designItems) {
      const id = designId(item);
      seen.add(id);
      const now = liveById.get(id);
      if (now === undefined) {
        missing(kind, id);
        continue;
      }
      const want = fields(item);
      const have = fields(now);
      const changed = Object.keys(want).filter(
        (k) => want[k] !== undefined && JSON.stringify(want[k]) !== JSON.stringify(have[k]),
      );
      if (changed.length > 0)
        push(
          kind,
          id,
          'changed',
          changed.map((k) => `${k}: document ${show(want[k])}, live ${show(have[k])}`).join('; '),
        );
    }
    for (const item of liveItems) {
      const id = idOf(item);
      if (!seen.has(id)) unmanaged(kind, id);
    }
  };

  compare(
    'vpc',
    design.vpcs,
    live.vpcs,
    (v) => v.vpcId,
    (v) => ({
      accountId: v.accountId,
      regionId: v.regionId,
      cidrBlock: v.cidrBlock,
      secondaryCidrBlocks: v.secondaryCidrBlocks,
    }),
  );
  compare(
    'vSwitch',
    design.vSwitches,
    live.vSwitches,
    (s) => s.vSwitchId,
    (s) => ({
      vpcId: s.vpcId,
      zoneId: s.zoneId,
      cidrBlock: s.cidrBlock,
      routeTableId: s.routeTableId ?? null,
    }),
  );

  // Route tables: the entries are what matters (keyed by destination).
  const designIndex = buildTopologyIndex(design);
  const liveIndex = buildTopologyIndex(live);
  const liveTables = new Map(live.routeTables.map((t) => [t.routeTableId, t] as const));
  const seenTables = new Set<string>();
  for (const vpc of design.vpcs) {
    // Every VPC has a system table; a document may leave it implied (§2).
    const tables = [
      designIndex.systemRouteTableByVpc.get(vpc.vpcId)!,
      ...[...designIndex.routeTables.values()].filter((t) => t.vpcId === vpc.vpcId && t.routeTableType === 'Custom'),
    ];
    for (const table of tables) {
      const liveTable = table.implied
        ? liveIndex.systemRouteTableByVpc.get(vpc.vpcId)?.table
        : liveTables.get(table.routeTableId);
      if (liveTable === undefined) {
        if (!table.implied) missing('routeTable', table.routeTableId);
        continue;
      }
      seenTables.add(liveTable.routeTableId);
      const id = table.implied ? liveTable.routeTableId : table.routeTableId;
      const nextHop = (e: { nextHopType: string; nextHopId: string }, translate: boolean) =>
        `${e.nextHopType} ${translate ? hopLive(e.nextHopType, e.nextHopId) : e.nextHopId}`;
      const want = new Map(table.table.routeEntries.map((e) => [e.destinationCidrBlock, nextHop(e, true)] as const));
      const have = new Map(liveTable.routeEntries.map((e) => [e.destinationCidrBlock, nextHop(e, false)] as const));
      const details: string[] = [];
      for (const [destination, hop] of want) {
        const now = have.get(destination);
        if (now === undefined) details.push(`route ${destination} → ${hop} missing`);
        else if (now !== hop) details.push(`route ${destination}: document → ${hop}, live → ${now}`);
      }
      for (const [destination, hop] of have)
        if (!want.has(destination)) details.push(`route ${destination} → ${hop} added outside vpclink`);
      if (details.length > 0) push('routeTable', id, 'changed', details.join('; '));
    }
  }
  for (const table of live.routeTables) {
    if (seenTables.has(table.routeTableId)) continue;
    // A live system table of a VPC the document does not have comes with that VPC (reported there).
    if (table.routeTableType === 'System' && !design.vpcs.some((v) => v.vpcId === table.vpcId)) continue;
    unmanaged('routeTable', table.routeTableId);
  }

  // Router interfaces, under their live IDs; a consistent design pair is expected Active.
  const riFields = (ri: RouterInterface, expected: string | undefined, translate: boolean) => ({
    routerId: ri.routerId,
    role: ri.role,
    spec: ri.spec,
    oppositeRegionId: ri.oppositeRegionId,
    oppositeInterfaceId:
      ri.oppositeInterfaceId === undefined
        ? undefined
        : translate
          ? riLive(ri.oppositeInterfaceId)
          : ri.oppositeInterfaceId,
    oppositeRouterId: ri.oppositeRouterId,
    oppositeInterfaceOwnerId: ri.oppositeInterfaceOwnerId,
    status: expected,
  });
  const expectedStatus = new Map(
    design.routerInterfaces.map((ri) => [ri, ri.status ?? effectiveRouterInterfaceStatus(ri, designIndex)] as const),
  );
  const liveRis = new Map(live.routerInterfaces.map((ri) => [ri.routerInterfaceId, ri] as const));
  const seenRis = new Set<string>();
  for (const ri of design.routerInterfaces) {
    const id = riLive(ri.routerInterfaceId);
    seenRis.add(id);
    const now = liveRis.get(id);
    if (now === undefined) {
      missing('routerInterface', id);
      continue;
    }
    const want = riFields(ri, expectedStatus.get(ri), true);
    const have = riFields(now, now.status, false) as Record<string, unknown>;
    const changed = Object.entries(want).filter(([k, v]) => v !== undefined && v !== have[k]);
    if (changed.length > 0)
      push(
        'routerInterface',
        id,
        'changed',
        changed.map(([k, v]) => `${k}: document ${show(v)}, live ${show(have[k])}`).join('; '),
      );
  }
  for (const ri of live.routerInterfaces)
    if (!seenRis.has(ri.routerInterfaceId)) unmanaged('routerInterface', ri.routerInterfaceId);

  // Security groups: their policy, and their rules as a set.
  const liveGroups = new Map(live.securityGroups.map((g) => [g.securityGroupId, g] as const));
  for (const group of design.securityGroups) {
    const now = liveGroups.get(group.securityGroupId);
    if (now === undefined) {
      missing('securityGroup', group.securityGroupId);
      continue;
    }
    const details: string[] = [];
    if (group.securityGroupType !== now.securityGroupType)
      details.push(`type: document ${group.securityGroupType}, live ${now.securityGroupType}`);
    if (group.innerAccessPolicy !== now.innerAccessPolicy)
      details.push(`innerAccessPolicy: document ${show(group.innerAccessPolicy)}, live ${show(now.innerAccessPolicy)}`);
    const want = group.permissions.map(ruleKey);
    const have = now.permissions.map(ruleKey);
    const remaining = [...have];
    group.permissions.forEach((rule, i) => {
      const at = remaining.indexOf(want[i]!);
      if (at >= 0) remaining.splice(at, 1);
      else details.push(`rule #${i} (${ruleText(rule)}) missing`);
    });
    for (const key of remaining) {
      const rule = now.permissions[have.indexOf(key)]!;
      details.push(`rule ${ruleText(rule)} added outside vpclink`);
    }
    if (details.length > 0) push('securityGroup', group.securityGroupId, 'changed', details.join('; '));
  }
  for (const group of live.securityGroups)
    if (!design.securityGroups.some((g) => g.securityGroupId === group.securityGroupId))
      unmanaged('securityGroup', group.securityGroupId);

  compare(
    'instance',
    design.instances,
    live.instances,
    (i) => i.instanceId,
    (i) => ({
      vSwitchId: i.vSwitchId,
      privateIpAddress: i.privateIpAddress,
      securityGroupIds: [...i.securityGroupIds].sort(),
      status: i.status,
    }),
  );
  out.push(...compareDataplane(design, live, peeringIds));
  return out;
}

/** What decides a rule's traffic, as one comparable key. */
function ruleKey(rule: Permission): string {
  return JSON.stringify([
    rule.direction,
    rule.ipProtocol,
    rule.portRange,
    rule.policy,
    rule.priority,
    rule.sourceCidrIp ?? null,
    rule.sourceGroupId ?? null,
    rule.destCidrIp ?? null,
    rule.destGroupId ?? null,
    // Release-2 fields (aliyun-dataplane.md §2, §3): a prefix list or source port decides traffic too.
    rule.sourcePortRange ?? null,
    rule.sourcePrefixListId ?? null,
    rule.destPrefixListId ?? null,
    rule.ipv6SourceCidrIp ?? null,
    rule.ipv6DestCidrIp ?? null,
  ]);
}

function ruleText(rule: Permission): string {
  const peer =
    rule.direction === 'ingress'
      ? `from ${rule.sourceCidrIp ?? `group ${rule.sourceGroupId}`}`
      : `to ${rule.destCidrIp ?? `group ${rule.destGroupId}`}`;
  return `${rule.direction} ${rule.policy} ${rule.ipProtocol} ${rule.portRange} ${peer}, priority ${rule.priority}`;
}

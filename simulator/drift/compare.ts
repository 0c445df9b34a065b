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
import type { Permission, RouteTable, RouterInterface, Topology } from '../document/schema';
import { effectiveRouterInterfaceStatus } from '../model/pairing';
import { buildTopologyIndex, type TopologyIndex } from '../model/topologyIndex';
import { compareDataplane, fieldChanges, livePeeringIds, show, type DataplaneDriftKind } from './dataplane';

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

/** Every drifted resource, kind by kind in a fixed order (VPCs first, the release-2 resources last). */
export function compareResources(design: Topology, live: Topology, options: DriftOptions = {}): DriftedResource[] {
  const riLive = (id: string) => options.routerInterfaceIds?.[id] ?? id;
  const peeringIds = livePeeringIds(design, live, options.vpcPeerConnectionIds);
  // A route's next hop is written under the document's ID; the live table names the live one.
  const hopLive = (type: string, id: string) =>
    type === 'RouterInterface' ? riLive(id) : type === 'VpcPeer' ? (peeringIds.get(id) ?? id) : id;
  const designIndex = buildTopologyIndex(design);
  return [
    ...compareFields('vpc', design.vpcs, live.vpcs, {
      idOf: (v) => v.vpcId,
      fields: (v) => ({
        accountId: v.accountId,
        regionId: v.regionId,
        cidrBlock: v.cidrBlock,
        secondaryCidrBlocks: v.secondaryCidrBlocks,
      }),
    }),
    ...compareFields('vSwitch', design.vSwitches, live.vSwitches, {
      idOf: (s) => s.vSwitchId,
      fields: (s) => ({
        vpcId: s.vpcId,
        zoneId: s.zoneId,
        cidrBlock: s.cidrBlock,
        routeTableId: s.routeTableId ?? null,
      }),
    }),
    ...compareRouteTables(design, live, designIndex, hopLive),
    ...compareRouterInterfaces(design, live, designIndex, riLive),
    ...compareSecurityGroups(design, live),
    ...compareFields('instance', design.instances, live.instances, {
      idOf: (i) => i.instanceId,
      fields: (i) => ({
        vSwitchId: i.vSwitchId,
        privateIpAddress: i.privateIpAddress,
        securityGroupIds: [...i.securityGroupIds].sort(),
        status: i.status,
      }),
    }),
    ...compareDataplane(design, live, peeringIds),
  ];
}

type BaseKind = Exclude<DriftKind, DataplaneDriftKind>;

function missing(kind: BaseKind, id: string): DriftedResource {
  return { resourceId: id, kind, state: 'missing', detail: `${LABEL[kind]} ${id} is in the document but not live` };
}

function unmanaged(kind: BaseKind, id: string): DriftedResource {
  return { resourceId: id, kind, state: 'unmanaged', detail: `live ${LABEL[kind]} ${id} is not in the document` };
}

function changed(kind: BaseKind, id: string, details: readonly string[]): DriftedResource {
  return { resourceId: id, kind, state: 'changed', detail: details.join('; ') };
}

/** How compareFields reads one kind: the live ID, the document item's live ID, and the fields that decide traffic. */
interface FieldReader<T> {
  readonly idOf: (item: T) => string;
  /** The live ID a document item goes by (router interfaces: the ID apply recorded); `idOf` by default. */
  readonly designIdOf?: (item: T) => string;
  readonly fields: (item: T) => Record<string, unknown>;
  /** The live item's fields, when they are read differently from the document's; `fields` by default. */
  readonly liveFields?: (item: T) => Record<string, unknown>;
}

/**
 * Pairs document and live items by ID: each document item is missing or compared field by field
 * (in document order), then each live item no document item went by is unmanaged (in live order).
 */
function compareFields<T>(
  kind: BaseKind,
  designItems: readonly T[],
  liveItems: readonly T[],
  reader: FieldReader<T>,
): DriftedResource[] {
  const { idOf, designIdOf = idOf, fields, liveFields = fields } = reader;
  const out: DriftedResource[] = [];
  const liveById = new Map(liveItems.map((item) => [idOf(item), item] as const));
  const seen = new Set<string>();
  for (const item of designItems) {
    const id = designIdOf(item);
    seen.add(id);
    const now = liveById.get(id);
    if (now === undefined) {
      out.push(missing(kind, id));
      continue;
    }
    const details = fieldChanges(fields(item), liveFields(now));
    if (details.length > 0) out.push(changed(kind, id, details));
  }
  for (const item of liveItems) {
    const id = idOf(item);
    if (!seen.has(id)) out.push(unmanaged(kind, id));
  }
  return out;
}

/**
 * Route tables: the entries are what matters (keyed by destination). Every VPC has a system table
 * and a document may leave it implied (topology-format.md §2): an implied one is the live system
 * table of its VPC, reported under the live ID.
 */
function compareRouteTables(
  design: Topology,
  live: Topology,
  designIndex: TopologyIndex,
  hopLive: (type: string, id: string) => string,
): DriftedResource[] {
  const out: DriftedResource[] = [];
  const liveIndex = buildTopologyIndex(live);
  const liveTables = new Map(live.routeTables.map((t) => [t.routeTableId, t] as const));
  const seenTables = new Set<string>();
  for (const vpc of design.vpcs) {
    const tables = [
      designIndex.systemRouteTableByVpc.get(vpc.vpcId)!,
      ...[...designIndex.routeTables.values()].filter((t) => t.vpcId === vpc.vpcId && t.routeTableType === 'Custom'),
    ];
    for (const table of tables) {
      const liveTable = table.implied
        ? liveIndex.systemRouteTableByVpc.get(vpc.vpcId)?.table
        : liveTables.get(table.routeTableId);
      if (liveTable === undefined) {
        if (!table.implied) out.push(missing('routeTable', table.routeTableId));
        continue;
      }
      seenTables.add(liveTable.routeTableId);
      const id = table.implied ? liveTable.routeTableId : table.routeTableId;
      const details = routeChanges(table.table, liveTable, hopLive);
      if (details.length > 0) out.push(changed('routeTable', id, details));
    }
  }
  for (const table of live.routeTables) {
    if (seenTables.has(table.routeTableId)) continue;
    // A live system table of a VPC the document does not have comes with that VPC (reported there).
    if (table.routeTableType === 'System' && !design.vpcs.some((v) => v.vpcId === table.vpcId)) continue;
    out.push(unmanaged('routeTable', table.routeTableId));
  }
  return out;
}

/** The routes of a document table against its live table, by destination: missing, other next hop, added. */
function routeChanges(
  designTable: RouteTable,
  liveTable: RouteTable,
  hopLive: (type: string, id: string) => string,
): string[] {
  const nextHop = (e: { nextHopType: string; nextHopId: string }, translate: boolean) =>
    `${e.nextHopType} ${translate ? hopLive(e.nextHopType, e.nextHopId) : e.nextHopId}`;
  const want = new Map(designTable.routeEntries.map((e) => [e.destinationCidrBlock, nextHop(e, true)] as const));
  const have = new Map(liveTable.routeEntries.map((e) => [e.destinationCidrBlock, nextHop(e, false)] as const));
  const details: string[] = [];
  for (const [destination, hop] of want) {
    const now = have.get(destination);
    if (now === undefined) details.push(`route ${destination} → ${hop} missing`);
    else if (now !== hop) details.push(`route ${destination}: document → ${hop}, live → ${now}`);
  }
  for (const [destination, hop] of have)
    if (!want.has(destination)) details.push(`route ${destination} → ${hop} added outside vpclink`);
  return details;
}

/**
 * Router interfaces, under their live IDs (the document's opposite interface is translated too);
 * a consistent design pair is expected Active even where the document leaves the status out.
 */
function compareRouterInterfaces(
  design: Topology,
  live: Topology,
  designIndex: TopologyIndex,
  riLive: (id: string) => string,
): DriftedResource[] {
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
  return compareFields('routerInterface', design.routerInterfaces, live.routerInterfaces, {
    idOf: (ri) => ri.routerInterfaceId,
    designIdOf: (ri) => riLive(ri.routerInterfaceId),
    fields: (ri) => riFields(ri, ri.status ?? effectiveRouterInterfaceStatus(ri, designIndex), true),
    liveFields: (ri) => riFields(ri, ri.status, false),
  });
}

/** Security groups: their type and inner policy, and their rules as a multiset (order does not decide, priority does). */
function compareSecurityGroups(design: Topology, live: Topology): DriftedResource[] {
  const out: DriftedResource[] = [];
  const liveGroups = new Map(live.securityGroups.map((g) => [g.securityGroupId, g] as const));
  for (const group of design.securityGroups) {
    const now = liveGroups.get(group.securityGroupId);
    if (now === undefined) {
      out.push(missing('securityGroup', group.securityGroupId));
      continue;
    }
    const details: string[] = [];
    if (group.securityGroupType !== now.securityGroupType)
      details.push(`type: document ${group.securityGroupType}, live ${now.securityGroupType}`);
    if (group.innerAccessPolicy !== now.innerAccessPolicy)
      details.push(`innerAccessPolicy: document ${show(group.innerAccessPolicy)}, live ${show(now.innerAccessPolicy)}`);
    details.push(...ruleChanges(group.permissions, now.permissions));
    if (details.length > 0) out.push(changed('securityGroup', group.securityGroupId, details));
  }
  for (const group of live.securityGroups)
    if (!design.securityGroups.some((g) => g.securityGroupId === group.securityGroupId))
      out.push(unmanaged('securityGroup', group.securityGroupId));
  return out;
}

/** Each document rule the live group lacks (by its index), then each live rule left over (added outside vpclink). */
function ruleChanges(designRules: readonly Permission[], liveRules: readonly Permission[]): string[] {
  const details: string[] = [];
  const want = designRules.map(ruleKey);
  const have = liveRules.map(ruleKey);
  const remaining = [...have];
  designRules.forEach((rule, i) => {
    const at = remaining.indexOf(want[i]!);
    if (at >= 0) remaining.splice(at, 1);
    else details.push(`rule #${i} (${ruleText(rule)}) missing`);
  });
  for (const key of remaining) {
    const rule = liveRules[have.indexOf(key)]!;
    details.push(`rule ${ruleText(rule)} added outside vpclink`);
  }
  return details;
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

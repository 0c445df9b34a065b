/**
 * One (account, region) of an import: its Describe* calls (DescribeVpcs first, then the rest at
 * once), each answer mapped to document shapes (map.ts), with a warning for whatever is left out.
 * Warnings come in a fixed order (kind by kind), whatever order the answers arrive in.
 */
import { CloudError, collect, type CallOptions, type CloudClient } from '../client';
import {
  describePrefixLists,
  describeRouteTables,
  describeSecurityGroups,
  ENTRIES,
  isUnsupportedAction,
  type Item,
  type RawGroup,
  type RawTable,
  type RegionCalls,
} from './describe';
import {
  compareRouteEntries,
  list,
  mapInstance,
  mapNetworkAcl,
  mapNetworkInterface,
  mapPrefixList,
  mapRouteEntry,
  mapRouterInterface,
  mapSecurityGroup,
  mapVpc,
  mapVSwitch,
  text,
  type InstanceInput,
  type Mapped,
  type NetworkAclInput,
  type NetworkInterfaceInput,
  type PrefixListInput,
  type RouteEntryInput,
  type RouteTableInput,
  type RouterInterfaceInput,
  type SecurityGroupInput,
  type VpcInput,
  type VSwitchInput,
} from './map';
import { describePeerings, mapVpcPeerConnection, type VpcPeerInput } from './peering';

/** What one (account, region) holds, mapped. */
export interface RegionSlice {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcs: VpcInput[];
  readonly vSwitches: VSwitchInput[];
  readonly routeTables: RouteTableInput[];
  readonly routerInterfaces: RouterInterfaceInput[];
  readonly securityGroups: SecurityGroupInput[];
  readonly instances: InstanceInput[];
  readonly networkAcls: NetworkAclInput[];
  readonly networkInterfaces: NetworkInterfaceInput[];
  readonly prefixLists: PrefixListInput[];
  readonly vpcPeerConnections: VpcPeerInput[];
  readonly warnings: string[];
}

/** The region's answers after DescribeVpcs, raw. An optional call the endpoint does not offer is undefined. */
interface DescribedRegion {
  readonly vSwitches: readonly Item[];
  readonly routeTables: readonly RawTable[];
  readonly routerInterfaces: readonly Item[];
  readonly securityGroups: readonly RawGroup[];
  readonly instances: readonly Item[];
  readonly networkAcls: readonly Item[] | undefined;
  readonly networkInterfaces: readonly Item[] | undefined;
  readonly prefixLists: readonly Item[] | undefined;
  readonly vpcPeerConnections: readonly Item[] | undefined;
  /** The optional actions the endpoint answered InvalidAction to. */
  readonly notOffered: readonly string[];
}

/** The answers mapped, before they are narrowed to the region's VPCs. */
type MappedRegion = Omit<RegionSlice, 'accountId' | 'regionId' | 'vpcs' | 'warnings'>;

/** The optional calls, in the order their absence is warned about (a fixed order: deterministic warnings). */
const OPTIONAL_ACTIONS = [
  'DescribeNetworkAcls',
  'DescribeNetworkInterfaces',
  'ListPrefixLists',
  'ListVpcPeerConnections',
] as const;

/** Everything `accountId` holds in `regionId`, mapped; undefined when the region has no VPC. */
export async function describeRegion(
  client: CloudClient,
  accountId: string,
  regionId: string,
  options: CallOptions,
): Promise<RegionSlice | undefined> {
  const warnings: string[] = [];
  const calls: RegionCalls = { client, regionId, options };
  // DescribeVpcs first: a region without VPCs has nothing the document can show (§5.1).
  const vpcItems = await collect({
    ...calls,
    product: 'vpc',
    action: 'DescribeVpcs',
    style: { kind: 'pageNumber', pageSize: 50 },
    items: ['Vpcs', 'Vpc'],
  });
  const vpcs = mapEach(vpcItems, (item) => mapVpc(item, accountId, regionId), warnings);
  if (vpcs.length === 0) return undefined;
  const described = await describeVpcResources(calls, vpcs);
  const mapped = mapRegion(described, accountId, regionId, warnings);
  await resolveEcsPrefixLists(client, accountId, regionId, options, mapped, mapped.prefixLists, warnings);
  warnings.push(...unplacedEniWarnings(mapped, accountId, regionId));
  return { accountId, regionId, vpcs, ...withinVpcs(mapped, vpcs), warnings };
}

/**
 * Every call after DescribeVpcs, at once. The data-plane calls (aliyun-dataplane.md §1–§3) and
 * peerings are optional: an endpoint that does not offer one (an older emulator) is said in a
 * warning, since leaving ACLs out can make verdicts too permissive.
 */
async function describeVpcResources(calls: RegionCalls, vpcs: readonly VpcInput[]): Promise<DescribedRegion> {
  const { client, regionId, options } = calls;
  const vpcOfRouter = new Map(vpcs.map((v) => [v.vRouterId, v.vpcId]));
  const notOffered: string[] = [];
  const optional = async (action: string, run: () => Promise<Item[]>): Promise<Item[] | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (!isUnsupportedAction(error)) throw error;
      notOffered.push(action);
      return undefined;
    }
  };
  // Started in this order: the optional calls first (the limiter serves calls in the order asked).
  const answers = await allOf({
    networkAcls: optional('DescribeNetworkAcls', () =>
      collect({
        ...calls,
        product: 'vpc',
        action: 'DescribeNetworkAcls',
        style: { kind: 'pageNumber', pageSize: 50 },
        items: ['NetworkAcls', 'NetworkAcl'],
      }),
    ),
    networkInterfaces: optional('DescribeNetworkInterfaces', () =>
      collect({
        ...calls,
        product: 'ecs',
        action: 'DescribeNetworkInterfaces',
        style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
        items: ['NetworkInterfaceSets', 'NetworkInterfaceSet'],
      }),
    ),
    prefixLists: optional('ListPrefixLists', () => describePrefixLists(calls)),
    vpcPeerConnections: optional('ListVpcPeerConnections', () => describePeerings(client, regionId, options)),
    vSwitches: collect({
      ...calls,
      product: 'vpc',
      action: 'DescribeVSwitches',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['VSwitches', 'VSwitch'],
    }),
    routeTables: describeRouteTables(calls, vpcs, vpcOfRouter),
    routerInterfaces: collect({
      ...calls,
      product: 'vpc',
      action: 'DescribeRouterInterfaces',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['RouterInterfaceSet', 'RouterInterfaceType'],
    }),
    securityGroups: describeSecurityGroups(calls),
    instances: collect({
      ...calls,
      product: 'ecs',
      action: 'DescribeInstances',
      style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
      items: ['Instances', 'Instance'],
    }),
  });
  return { ...answers, notOffered };
}

/** Promise.all over an object's values: the object of their answers (the first failure rejects it). */
async function allOf<T extends Record<string, Promise<unknown>>>(
  pending: T,
): Promise<{ readonly [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(pending);
  const values = await Promise.all(Object.values(pending));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as { [K in keyof T]: Awaited<T[K]> };
}

/** Maps each item; what a mapping leaves out or notes becomes a warning (in item order). */
function mapEach<I, T>(items: readonly I[], map: (item: I) => Mapped<T> | undefined, warnings: string[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    const result = map(item);
    if (!result) continue;
    if (result.kind === 'skipped') warnings.push(result.warning);
    else {
      out.push(result.value);
      warnings.push(...result.warnings);
    }
  }
  return out;
}

/** The answers mapped, kind by kind (this order is the order of the warnings). */
function mapRegion(described: DescribedRegion, accountId: string, regionId: string, warnings: string[]): MappedRegion {
  const d = described;
  const customTable = customTableOfVSwitch(d.routeTables);
  const vSwitches = mapEach(
    d.vSwitches,
    (item) => mapVSwitch(item, customTable.get(text(item, 'VSwitchId'))),
    warnings,
  );
  const routeTables = mapRouteTables(d.routeTables, warnings);
  const routerInterfaces = mapEach(
    d.routerInterfaces,
    (item) => mapRouterInterface(item, accountId, regionId),
    warnings,
  );
  const securityGroups = mapEach(
    d.securityGroups,
    (group) => mapSecurityGroup(group.item, group.attribute, group.permissions, accountId),
    warnings,
  );
  for (const action of OPTIONAL_ACTIONS)
    if (d.notOffered.includes(action))
      warnings.push(`${regionId} (account ${accountId}): the endpoint does not offer ${action}; not imported`);
  const vpcPeerConnections = mapEach(d.vpcPeerConnections ?? [], (item) => mapVpcPeerConnection(item), warnings);
  // Without DescribeNetworkInterfaces an instance's ENIs are unknown: mapInstance says so.
  const instances = mapEach(d.instances, (item) => mapInstance(item, d.networkInterfaces !== undefined), warnings);
  const networkAcls = mapEach(d.networkAcls ?? [], (item) => mapNetworkAcl(item), warnings);
  const networkInterfaces = mapEach(d.networkInterfaces ?? [], (item) => mapNetworkInterface(item), warnings);
  const prefixLists = mapEach(
    d.prefixLists ?? [],
    (item) => mapPrefixList(item, item[ENTRIES] as Item[] | undefined, accountId, regionId),
    warnings,
  );
  // In the order computed (the order of the warnings).
  return {
    vSwitches,
    routeTables,
    routerInterfaces,
    securityGroups,
    vpcPeerConnections,
    instances,
    networkAcls,
    networkInterfaces,
    prefixLists,
  };
}

/** vSwitch → the custom route table it is bound to (a table the import could not read binds nothing). */
function customTableOfVSwitch(tables: readonly RawTable[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const table of tables) {
    if (table.routeTableType !== 'Custom' || table.warnings.length) continue;
    for (const vsw of table.vSwitchIds) out.set(vsw, table.routeTableId);
  }
  return out;
}

/** Route tables with their entries sorted and deduplicated; a table the import could not read is a warning. */
function mapRouteTables(tables: readonly RawTable[], warnings: string[]): RouteTableInput[] {
  const out: RouteTableInput[] = [];
  for (const table of tables) {
    if (table.warnings.length) {
      warnings.push(...table.warnings);
      continue;
    }
    const entries = mapEach(table.entries, (entry) => mapRouteEntry(entry, table.routeTableId), warnings);
    out.push({
      routeTableId: table.routeTableId,
      vpcId: table.vpcId,
      routeTableType: table.routeTableType,
      routeEntries: dedupeRoutes(entries.sort(compareRouteEntries)),
      ...(table.name ? { name: table.name } : {}),
      ...(table.status ? { status: table.status } : {}),
    });
  }
  return out;
}

/** An ENI in a vSwitch this account does not own (a shared VPC) cannot be placed: say so (withinVpcs drops it). */
function unplacedEniWarnings(mapped: MappedRegion, accountId: string, regionId: string): string[] {
  const vSwitchIds = new Set(mapped.vSwitches.map((v) => v.vSwitchId));
  return mapped.networkInterfaces
    .filter((eni) => !vSwitchIds.has(eni.vSwitchId))
    .map(
      (eni) =>
        `ENI ${eni.networkInterfaceId} (${eni.privateIpAddress}) is in vSwitch ${eni.vSwitchId}, which account ` +
        `${accountId} does not own in ${regionId} (a shared VPC?); left out`,
    );
}

/**
 * The resources of the region's own VPCs: the VPC API may list others' resources (a shared VPC),
 * which the document cannot place. ENIs are kept by their vSwitch.
 */
function withinVpcs(mapped: MappedRegion, vpcs: readonly VpcInput[]): MappedRegion {
  const vpcIds = new Set(vpcs.map((v) => v.vpcId));
  const vSwitchIds = new Set(mapped.vSwitches.map((v) => v.vSwitchId));
  return {
    ...mapped,
    vSwitches: mapped.vSwitches.filter((v) => vpcIds.has(v.vpcId)),
    routeTables: mapped.routeTables.filter((t) => vpcIds.has(t.vpcId)),
    securityGroups: mapped.securityGroups.filter((g) => vpcIds.has(g.vpcId)),
    networkAcls: mapped.networkAcls.filter((a) => vpcIds.has(a.vpcId)),
    networkInterfaces: mapped.networkInterfaces.filter((n) => vSwitchIds.has(n.vSwitchId)),
  };
}

/**
 * Prefix lists referenced by routes, rules or ACL entries that the VPC API did not list: the ECS
 * API has its own prefix lists with the same `pl-` IDs (aliyun-dataplane.md §2.3, UNCONFIRMED
 * whether the two are one namespace), so each is looked up there (DescribePrefixListAttributes).
 * One found nowhere (shared from another account?) is named in a warning.
 */
async function resolveEcsPrefixLists(
  client: CloudClient,
  accountId: string,
  regionId: string,
  options: CallOptions,
  users: {
    readonly routeTables: readonly RouteTableInput[];
    readonly securityGroups: readonly SecurityGroupInput[];
    readonly networkAcls: readonly NetworkAclInput[];
  },
  prefixLists: PrefixListInput[],
  warnings: string[],
): Promise<void> {
  const referenced = new Set<string>();
  const add = (value: string | undefined) => {
    if (value?.startsWith('pl-')) referenced.add(value);
  };
  for (const table of users.routeTables) for (const e of table.routeEntries ?? []) add(e.destinationCidrBlock);
  for (const group of users.securityGroups)
    for (const p of group.permissions ?? []) {
      add(p.sourcePrefixListId);
      add(p.destPrefixListId);
    }
  for (const acl of users.networkAcls) {
    for (const e of acl.ingressAclEntries ?? []) add(e.sourceCidrIp);
    for (const e of acl.egressAclEntries ?? []) add(e.destinationCidrIp);
  }
  for (const list of prefixLists) referenced.delete(list.prefixListId);
  for (const prefixListId of [...referenced].sort()) {
    let item: Item | undefined;
    try {
      item = await client.call(
        'ecs',
        regionId,
        'DescribePrefixListAttributes',
        { PrefixListId: prefixListId },
        options,
      );
    } catch (error) {
      if (!isUnsupportedAction(error) && !(error instanceof CloudError && /NotFound/i.test(error.code))) throw error;
    }
    if (!item || !text(item, 'PrefixListId')) {
      warnings.push(
        `prefix list ${prefixListId} is referenced in ${regionId} (account ${accountId}) but neither the VPC nor the ECS API of the account lists it ` +
          `(shared from another account?); its CIDR blocks are unknown`,
      );
      continue;
    }
    const entries = list(item, 'Entries', 'Entry').filter((e): e is Item => typeof e === 'object' && e !== null);
    const mapped = mapPrefixList({ ...item, RegionId: regionId }, entries, accountId, regionId);
    if (mapped.kind === 'ok') prefixLists.push(mapped.value);
    else warnings.push(mapped.warning);
  }
}

function dedupeRoutes(entries: RouteEntryInput[]): RouteEntryInput[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.destinationCidrBlock}\u0000${e.nextHopType}\u0000${e.nextHopId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

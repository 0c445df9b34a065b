/**
 * Lookup tables over a loaded document, shared by validation, reachability and planning.
 * Tolerant of broken documents: the first resource with an ID wins, dangling references resolve
 * to `undefined` (validation reports them; the tracer treats them as missing).
 */
import type {
  Instance,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  RouteTable,
  RouterInterface,
  SecurityGroup,
  Topology,
  VSwitch,
  Vpc,
} from '../document/schema';
import { type AddressHolder, buildDataplaneIndex, type DataplaneIndex, distinctIds, isPrefixListId } from './dataplane';

/**
 * A VPC's system route table. Documents may omit it (it is implied, topology-format.md §2); an
 * implied table gets the pseudo ID `<vpcId>:system` so traces and blockers can still name it.
 */
export interface ResolvedRouteTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly routeTableType: 'System' | 'Custom';
  readonly implied: boolean;
  /** Index into the document's `routeTables`, or -1 when implied. */
  readonly documentIndex: number;
  readonly table: RouteTable;
}

export function impliedSystemRouteTableId(vpcId: string): string {
  return `${vpcId}:system`;
}

export interface TopologyIndex extends DataplaneIndex {
  readonly document: Topology;
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly vpcByRouterId: ReadonlyMap<string, Vpc>;
  readonly vSwitches: ReadonlyMap<string, VSwitch>;
  readonly vSwitchesByVpc: ReadonlyMap<string, readonly VSwitch[]>;
  readonly routeTables: ReadonlyMap<string, ResolvedRouteTable>;
  readonly systemRouteTableByVpc: ReadonlyMap<string, ResolvedRouteTable>;
  readonly routerInterfaces: ReadonlyMap<string, RouterInterface>;
  readonly routerInterfacesByRouter: ReadonlyMap<string, readonly RouterInterface[]>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly instances: ReadonlyMap<string, Instance>;
  /** Instances that are members of each security group. */
  readonly instancesBySecurityGroup: ReadonlyMap<string, readonly Instance[]>;
}

function firstById<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const id = key(item);
    if (!map.has(id)) map.set(id, item);
  }
  return map;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * Builds the lookups. With `previous` (the index of an earlier version of the same document),
 * every lookup whose source arrays are the very same arrays is reused: an edit in the app makes a
 * new document that shares every untouched array (immutable updates), so adding a rule rebuilds
 * the security-group lookup only, not the other 20 (the incremental `update` of simulator/reach).
 */
export function buildTopologyIndex(document: Topology, previous?: TopologyIndex): TopologyIndex {
  const old = previous?.document;
  const same = <K extends keyof Topology>(...keys: K[]): boolean =>
    old !== undefined && keys.every((k) => old[k] === document[k]);
  const p = previous!;
  const sameVpcs = same('vpcs');
  const vpcs = sameVpcs ? p.vpcs : firstById(document.vpcs, (v) => v.vpcId);
  const vpcByRouterId = sameVpcs ? p.vpcByRouterId : firstById(document.vpcs, (v) => v.vRouterId);
  const tables = same('vpcs', 'routeTables')
    ? { routeTables: p.routeTables, systemRouteTableByVpc: p.systemRouteTableByVpc }
    : ((sameVpcs ? tablesEditedInPlace(old!.routeTables, document.routeTables, p) : undefined) ??
      resolveRouteTables(document, vpcs));
  const sameInstances = same('instances');
  const instances = sameInstances ? p.instances : firstById(document.instances, (i) => i.instanceId);
  const dataplane: DataplaneIndex = same(
    'instances',
    'networkAcls',
    'networkInterfaces',
    'prefixLists',
    'vpcPeerConnections',
  )
    ? p
    : buildDataplaneIndex(document, instances);
  const sameVSwitches = same('vSwitches');
  const sameRouterInterfaces = same('routerInterfaces');
  return {
    networkAcls: dataplane.networkAcls,
    networkAclByVSwitch: dataplane.networkAclByVSwitch,
    networkInterfaces: dataplane.networkInterfaces,
    networkInterfacesByInstance: dataplane.networkInterfacesByInstance,
    primaryNetworkInterfaceByInstance: dataplane.primaryNetworkInterfaceByInstance,
    prefixLists: dataplane.prefixLists,
    vpcPeerConnections: dataplane.vpcPeerConnections,
    holdersByAddress: dataplane.holdersByAddress,
    addressesByHolder: dataplane.addressesByHolder,
    addressesBySecurityGroup: dataplane.addressesBySecurityGroup,
    document,
    vpcs,
    vpcByRouterId,
    vSwitches: sameVSwitches ? p.vSwitches : firstById(document.vSwitches, (s) => s.vSwitchId),
    vSwitchesByVpc: sameVSwitches ? p.vSwitchesByVpc : groupBy(document.vSwitches, (s) => s.vpcId),
    ...tables,
    routerInterfaces: sameRouterInterfaces
      ? p.routerInterfaces
      : firstById(document.routerInterfaces, (r) => r.routerInterfaceId),
    routerInterfacesByRouter: sameRouterInterfaces
      ? p.routerInterfacesByRouter
      : groupBy(document.routerInterfaces, (r) => r.routerId),
    securityGroups: same('securityGroups')
      ? p.securityGroups
      : ((old !== undefined
          ? editedInPlace(old.securityGroups, document.securityGroups, groupIdOf, p.securityGroups)
          : undefined) ?? firstById(document.securityGroups, groupIdOf)),
    instances,
    instancesBySecurityGroup: sameInstances ? p.instancesBySecurityGroup : membersOfGroups(document.instances),
  };
}

const groupIdOf = (group: SecurityGroup): string => group.securityGroupId;

/**
 * `previous` (first by ID over `was`) for `is`, when an edit replaced items in place (same
 * length, the same ID at every position that changed): a copy with the replaced items, or
 * `previous` itself when only later items of an ID changed (the first one wins). Undefined when
 * items came, went or moved: then the caller builds the lookup again. An edit of one rule is one
 * replaced group, and costs a pass of identity comparisons instead of a map of every group.
 */
function editedInPlace<T>(
  was: readonly T[],
  is: readonly T[],
  key: (item: T) => string,
  previous: ReadonlyMap<string, T>,
): ReadonlyMap<string, T> | undefined {
  if (was.length !== is.length) return undefined;
  let copy: Map<string, T> | undefined;
  for (let i = 0; i < is.length; i++) {
    const before = was[i]!;
    const after = is[i]!;
    if (before === after) continue;
    const id = key(after);
    if (key(before) !== id) return undefined;
    // The first item of its ID (the same object may sit at an earlier place too).
    if (previous.get(id) === before && was.indexOf(before) === i) (copy ??= new Map(previous)).set(id, after);
  }
  return copy ?? previous;
}

/**
 * The positions of the route tables an edit replaced in place (same length; the same ID, VPC and
 * type at each changed position: only entries or other fields changed), or undefined when tables
 * came, went or moved, or one changed those (then every lookup over tables is built again).
 */
export function tablesReplacedInPlace(was: readonly RouteTable[], is: readonly RouteTable[]): number[] | undefined {
  if (was.length !== is.length) return undefined;
  const replaced: number[] = [];
  for (let i = 0; i < is.length; i++) {
    const before = was[i]!;
    const after = is[i]!;
    if (before === after) continue;
    if (
      before.routeTableId !== after.routeTableId ||
      before.vpcId !== after.vpcId ||
      before.routeTableType !== after.routeTableType
    )
      return undefined;
    replaced.push(i);
  }
  return replaced;
}

/**
 * resolveRouteTables for tables edited in place (tablesReplacedInPlace; same VPCs): the previous
 * resolution with the edited tables swapped, so each VPC keeps its system table. Undefined otherwise.
 */
function tablesEditedInPlace(
  was: readonly RouteTable[],
  is: readonly RouteTable[],
  previous: Pick<TopologyIndex, 'routeTables' | 'systemRouteTableByVpc'>,
): Pick<TopologyIndex, 'routeTables' | 'systemRouteTableByVpc'> | undefined {
  const replaced = tablesReplacedInPlace(was, is);
  if (replaced === undefined) return undefined;
  let routeTables: Map<string, ResolvedRouteTable> | undefined;
  let systemRouteTableByVpc: Map<string, ResolvedRouteTable> | undefined;
  for (const i of replaced) {
    const after = is[i]!;
    const resolved = previous.routeTables.get(after.routeTableId);
    // A later table of an ID is not the one it resolves to.
    if (resolved === undefined || resolved.documentIndex !== i) continue;
    const edited: ResolvedRouteTable = { ...resolved, table: after };
    (routeTables ??= new Map(previous.routeTables)).set(after.routeTableId, edited);
    if (previous.systemRouteTableByVpc.get(after.vpcId) === resolved)
      (systemRouteTableByVpc ??= new Map(previous.systemRouteTableByVpc)).set(after.vpcId, edited);
  }
  return {
    routeTables: routeTables ?? previous.routeTables,
    systemRouteTableByVpc: systemRouteTableByVpc ?? previous.systemRouteTableByVpc,
  };
}

/** The route tables by ID and each VPC's system table (an implied one when the document has none). */
export function resolveRouteTables(
  document: Topology,
  vpcs: ReadonlyMap<string, Vpc>,
): Pick<TopologyIndex, 'routeTables' | 'systemRouteTableByVpc'> {
  const routeTables = new Map<string, ResolvedRouteTable>();
  const systemRouteTableByVpc = new Map<string, ResolvedRouteTable>();
  document.routeTables.forEach((table, documentIndex) => {
    if (routeTables.has(table.routeTableId)) return;
    const resolved: ResolvedRouteTable = {
      routeTableId: table.routeTableId,
      vpcId: table.vpcId,
      routeTableType: table.routeTableType,
      implied: false,
      documentIndex,
      table,
    };
    routeTables.set(table.routeTableId, resolved);
    if (table.routeTableType === 'System' && !systemRouteTableByVpc.has(table.vpcId)) {
      systemRouteTableByVpc.set(table.vpcId, resolved);
    }
  });
  for (const vpc of vpcs.values()) {
    if (systemRouteTableByVpc.has(vpc.vpcId)) continue;
    const routeTableId = impliedSystemRouteTableId(vpc.vpcId);
    const implied: ResolvedRouteTable = {
      routeTableId,
      vpcId: vpc.vpcId,
      routeTableType: 'System',
      implied: true,
      documentIndex: -1,
      table: { routeTableId, vpcId: vpc.vpcId, routeTableType: 'System', routeEntries: [] },
    };
    systemRouteTableByVpc.set(vpc.vpcId, implied);
    routeTables.set(routeTableId, implied);
  }
  return { routeTables, systemRouteTableByVpc };
}

function membersOfGroups(instances: readonly Instance[]): Map<string, Instance[]> {
  const instancesBySecurityGroup = new Map<string, Instance[]>();
  for (const instance of instances) {
    for (const groupId of distinctIds(instance.securityGroupIds)) {
      const list = instancesBySecurityGroup.get(groupId);
      if (list) list.push(instance);
      else instancesBySecurityGroup.set(groupId, [instance]);
    }
  }
  return instancesBySecurityGroup;
}

/** The route table a vSwitch uses: its custom table when set and known, else its VPC's system table. */
export function routeTableOfVSwitch(index: TopologyIndex, vSwitch: VSwitch): ResolvedRouteTable | undefined {
  if (vSwitch.routeTableId !== undefined) {
    const custom = index.routeTables.get(vSwitch.routeTableId);
    if (custom && custom.vpcId === vSwitch.vpcId) return custom;
    return undefined;
  }
  return index.systemRouteTableByVpc.get(vSwitch.vpcId);
}

/** What holds a private IPv4 address of the document (instance or ENI), with its security groups. */
export function holderOfAddress(index: TopologyIndex, address: string): AddressHolder | undefined {
  return index.holdersByAddress.get(address);
}

/** The ENI with this ID. */
export function networkInterfaceById(index: TopologyIndex, networkInterfaceId: string): NetworkInterface | undefined {
  return index.networkInterfaces.get(networkInterfaceId);
}

/** The network ACL bound to a vSwitch, if any (at most one, aliyun-dataplane.md §1.5). */
export function networkAclOfVSwitch(index: TopologyIndex, vSwitchId: string): NetworkAcl | undefined {
  return index.networkAclByVSwitch.get(vSwitchId);
}

/** The prefix list with this ID. */
export function prefixListById(index: TopologyIndex, prefixListId: string): PrefixList | undefined {
  return index.prefixLists.get(prefixListId);
}

/**
 * The CIDR blocks a peer value stands for: the value itself for a CIDR, the entries of a known
 * prefix list for a `pl-…` ID, undefined for an unknown prefix list (the caller must not guess).
 */
export function expandPeer(index: TopologyIndex, value: string): readonly string[] | undefined {
  if (!isPrefixListId(value)) return [value];
  return index.prefixLists.get(value)?.entries.map((e) => e.cidr);
}

/**
 * The document compiled once for reachability: parsed addresses, route tables as prefix tables,
 * VPC-local delivery tables, security-group membership. Tolerant of broken documents: a value
 * that does not parse becomes `null` and the tracer reports it as a blocker; nothing throws.
 */
import type {
  Instance,
  NetworkInterface,
  RouteEntry,
  RouteTable,
  RouterInterface,
  SecurityGroup,
  Topology,
  VSwitch,
  Vpc,
  VpcPeerConnection,
} from '../document/schema';
import {
  buildTopologyIndex,
  routeTableOfVSwitch,
  tablesReplacedInPlace,
  type ResolvedRouteTable,
  type TopologyIndex,
} from '../model/topologyIndex';
import { type Cidr, formatCidr, parseCidrText, parseIpv4 } from '../net/ipv4';
import { PrefixTable } from '../net/lpm';
import { type CompiledAcl, compileAcls } from './steps/networkAcl';
import { blocksOf, compilePrefixLists } from './steps/prefixLists';
import type { RouteRef } from './types';

export interface VpcInfo {
  readonly id: string;
  readonly vpc: Vpc;
  /** Primary and secondary blocks that parse. */
  readonly cidrs: readonly Cidr[];
  /** Implied system routes: one per vSwitch CIDR of the VPC (first vSwitch wins a duplicate block). */
  readonly localRoutes: readonly CompiledRoute[];
  readonly local: PrefixTable<CompiledRoute>;
}

export interface VSwitchInfo {
  readonly id: string;
  readonly vSwitch: VSwitch;
  readonly cidr: Cidr | null;
  readonly vpc: VpcInfo | null;
}

export type CompiledRoute =
  | { readonly kind: 'local'; readonly cidr: Cidr; readonly ref: RouteRef; readonly vSwitch: VSwitchInfo }
  | {
      readonly kind: 'routerInterface';
      readonly cidr: Cidr;
      readonly ref: RouteRef;
      readonly routerInterfaceId: string;
    }
  | { readonly kind: 'vpcPeer'; readonly cidr: Cidr; readonly ref: RouteRef; readonly connectionId: string }
  // NextHopType `Attachment`: a VPC attachment of a CEN transit router (steps/transitRouter.ts).
  | { readonly kind: 'transitRouter'; readonly cidr: Cidr; readonly ref: RouteRef; readonly attachmentId: string }
  | { readonly kind: 'unsupported'; readonly cidr: Cidr; readonly ref: RouteRef };

export interface TableInfo {
  readonly id: string;
  readonly resolved: ResolvedRouteTable;
  readonly vpc: VpcInfo;
  /** Local routes then Available custom entries, one per destination (first wins), longest prefix first. */
  readonly routes: readonly CompiledRoute[];
  readonly lookup: PrefixTable<CompiledRoute>;
  /** Custom entries whose status is not Available: they carry no traffic (aliyun-api.md §4.1). */
  readonly notAvailable: PrefixTable<CompiledRoute>;
}

/**
 * An address holder: an instance (its primary ENI) or a secondary ENI. Security groups filter
 * per ENI (aliyun-dataplane.md §3.2), so each holder has its own groups; an instance's primary
 * ENI, when the document lists it, only adds secondary IPs (its groups are the instance's).
 */
export interface InstanceInfo {
  /** Position in `Compiled.nics`: instances first (document order), then secondary ENIs. */
  readonly idx: number;
  readonly kind: 'instance' | 'eni';
  /** The instance ID, or the ENI ID. */
  readonly id: string;
  /** The instance, or the instance the ENI is attached to (null for a detached ENI). */
  readonly instance: Instance;
  /** For an ENI: the document entry. */
  readonly eni: NetworkInterface | null;
  /** The attached instance's holder (itself for an instance; null for a detached ENI). */
  readonly owner: InstanceInfo | null;
  readonly name: string | undefined;
  /** Primary address. */
  readonly ip: number | null;
  /** Every address it holds, primary first. */
  readonly ips: readonly number[];
  readonly vSwitch: VSwitchInfo | null;
  /** Status absent or `Running` (any case). */
  readonly running: boolean;
  /** Distinct group IDs in the instance's order, known or not. */
  readonly groupIds: readonly string[];
  readonly missingGroupIds: readonly string[];
  /** Key of the pooled rule set: the known group IDs in order. */
  readonly poolKey: string;
}

export interface Compiled {
  readonly document: Topology;
  readonly index: TopologyIndex;
  /** The stages, kept so that `compile(next, this)` can reuse them. */
  readonly network: NetworkStage;
  readonly tableStage: TableStage;
  readonly instanceStage: InstanceStage;
  /** The table a vSwitch's outbound traffic uses; null when it names a table that does not resolve. */
  tableOf(vSwitch: VSwitchInfo): TableInfo | null;
  /** The VPC's system table (implied when the document has none). */
  systemTableOf(vpc: VpcInfo): TableInfo;
  readonly vpcs: ReadonlyMap<string, VpcInfo>;
  readonly vSwitches: ReadonlyMap<string, VSwitchInfo>;
  readonly tables: ReadonlyMap<string, TableInfo>;
  readonly instances: readonly InstanceInfo[];
  readonly instanceById: ReadonlyMap<string, InstanceInfo>;
  /** Instances then secondary ENIs (the instances are its first entries). */
  readonly nics: readonly InstanceInfo[];
  /** Instances and ENIs by ID (a primary ENI's ID names its instance). */
  readonly nicById: ReadonlyMap<string, InstanceInfo>;
  /** Holders of each address (more than one only with overlapping VPCs). */
  readonly holdersOfIp: ReadonlyMap<number, readonly InstanceInfo[]>;
  /** The network ACL filtering each vSwitch. */
  readonly aclOf: ReadonlyMap<string, CompiledAcl>;
  /** IPv4 blocks of each prefix list. */
  readonly prefixLists: ReadonlyMap<string, readonly Cidr[]>;
  readonly peerConnections: ReadonlyMap<string, { readonly connection: VpcPeerConnection; readonly docIndex: number }>;
  /** Members (nic idx) of each security group. */
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<number>>;
  /** Member addresses of each security group (for peers that are addresses, not instances). */
  readonly groupMemberIps: ReadonlyMap<string, ReadonlySet<number>>;
  /** Document index of each security group (first of an ID). */
  readonly groupDocIndex: ReadonlyMap<string, number>;
  /** Instances and ENIs by vSwitch, for "which holder has this address". */
  readonly instancesByVSwitch: ReadonlyMap<string, readonly InstanceInfo[]>;
  /** Router interfaces whose oppositeInterfaceId names each interface (reverse pointers). */
  readonly pointedAtBy: ReadonlyMap<string, readonly RouterInterface[]>;
}

function parseBlock(text: string): Cidr | null {
  const parsed = parseCidrText(text);
  return parsed.ok ? parsed.value.cidr : null;
}

const blockCache = new Map<string, Cidr | null>();
/**
 * A CIDR as the API reads it (a bare address is a /32, host bits are dropped), memoised: large
 * documents repeat the same few thousand blocks across tens of thousands of rules.
 */
export function parseLooseBlock(text: string): Cidr | null {
  let cached = blockCache.get(text);
  if (cached === undefined) {
    const parsed = parseCidrText(text, { allowBareAddress: true });
    cached = parsed.ok ? parsed.value.cidr : null;
    if (blockCache.size > 100_000) blockCache.clear();
    blockCache.set(text, cached);
  }
  return cached;
}

interface NetworkStage {
  readonly vpcs: ReadonlyMap<string, VpcInfo>;
  readonly vSwitches: ReadonlyMap<string, VSwitchInfo>;
}

/**
 * The compiled tables by ID, and by ID too the table of each vSwitch and VPC: an edit of a
 * table's entries replaces its entry in `tables` and leaves the other two as they are.
 */
interface TableStage {
  readonly tables: ReadonlyMap<string, TableInfo>;
  /** The table each vSwitch uses (null: it names one that does not resolve). */
  readonly byVSwitch: ReadonlyMap<string, string | null>;
  readonly systemByVpc: ReadonlyMap<string, string>;
}

interface InstanceStage {
  readonly instances: readonly InstanceInfo[];
  readonly instanceById: ReadonlyMap<string, InstanceInfo>;
  readonly nics: readonly InstanceInfo[];
  readonly nicById: ReadonlyMap<string, InstanceInfo>;
  readonly holdersOfIp: ReadonlyMap<number, readonly InstanceInfo[]>;
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<number>>;
  readonly groupMemberIps: ReadonlyMap<string, ReadonlySet<number>>;
  readonly instancesByVSwitch: ReadonlyMap<string, readonly InstanceInfo[]>;
}

const addressCache = new Map<string, number | null>();
function parseAddress(text: string): number | null {
  let cached = addressCache.get(text);
  if (cached === undefined) {
    const parsed = parseIpv4(text);
    cached = parsed.ok ? parsed.value : null;
    if (addressCache.size > 100_000) addressCache.clear();
    addressCache.set(text, cached);
  }
  return cached;
}

/**
 * Compiles a document. With `previous` (the compilation of an earlier version of the same
 * document), stages whose inputs are the very same arrays are reused: an edit in the app makes
 * a new document that shares every untouched array (immutable updates), so adding a rule
 * recompiles neither routing nor instances.
 */
export function compile(document: Topology, previous?: Compiled): Compiled {
  const index = buildTopologyIndex(document, previous?.index);
  const old = previous?.document;
  const sameNetwork = old !== undefined && old.vpcs === document.vpcs && old.vSwitches === document.vSwitches;
  const network = sameNetwork ? previous!.network : compileNetwork(index);
  const prefixLists =
    old !== undefined && old.prefixLists === document.prefixLists
      ? previous!.prefixLists
      : compilePrefixLists(document);
  const tableStage =
    old !== undefined &&
    sameNetwork &&
    old.routeTables === document.routeTables &&
    old.prefixLists === document.prefixLists
      ? previous!.tableStage
      : ((sameNetwork && old!.prefixLists === document.prefixLists
          ? recompileEditedTables(old!.routeTables, index, prefixLists, previous!.tableStage)
          : undefined) ??
        compileTables(
          index,
          network,
          prefixLists,
          sameNetwork && old!.prefixLists === document.prefixLists ? previous!.tableStage : undefined,
        ));
  const pointedAtBy =
    old !== undefined && old.routerInterfaces === document.routerInterfaces
      ? previous!.pointedAtBy
      : reversePointers(index);
  // Every position holding a group of the same ID (an edit of rules) keeps the set of IDs too.
  const groupsInPlace = old !== undefined && sameGroupPlaces(old.securityGroups, document.securityGroups);
  const sameGroupIds =
    previous !== undefined &&
    (previous.index.securityGroups === index.securityGroups ||
      groupsInPlace ||
      (previous.index.securityGroups.size === index.securityGroups.size &&
        [...index.securityGroups.keys()].every((id) => previous.index.securityGroups.has(id))));
  const instances: InstanceStage =
    sameNetwork &&
    old!.instances === document.instances &&
    old!.networkInterfaces === document.networkInterfaces &&
    sameGroupIds
      ? previous!.instanceStage
      : compileInstances(document, index, network);
  const aclOf =
    old !== undefined &&
    sameNetwork &&
    old.networkAcls === document.networkAcls &&
    old.prefixLists === document.prefixLists
      ? previous!.aclOf
      : compileAcls(document, (id) => index.vSwitches.get(id)?.vpcId, prefixLists);
  const peerConnections =
    old !== undefined && old.vpcPeerConnections === document.vpcPeerConnections
      ? previous!.peerConnections
      : peerConnectionsOf(document);
  const groupDocIndex = groupsInPlace ? previous!.groupDocIndex : groupDocIndexOf(document);
  return {
    document,
    index,
    network,
    tableStage,
    instanceStage: instances,
    ...network,
    tables: tableStage.tables,
    ...instances,
    groupDocIndex,
    pointedAtBy,
    prefixLists,
    aclOf,
    peerConnections,
    tableOf: (vSwitch) => {
      const id = tableStage.byVSwitch.get(vSwitch.id);
      return id == null ? null : tableStage.tables.get(id)!;
    },
    systemTableOf: (vpc) => tableStage.tables.get(tableStage.systemByVpc.get(vpc.id)!)!,
  };
}

function peerConnectionsOf(document: Topology): Compiled['peerConnections'] {
  const peerConnections = new Map<string, { connection: VpcPeerConnection; docIndex: number }>();
  (document.vpcPeerConnections ?? []).forEach((connection, docIndex) => {
    if (!peerConnections.has(connection.instanceId))
      peerConnections.set(connection.instanceId, { connection, docIndex });
  });
  return peerConnections;
}

/** Whether every position holds a group of the same ID (an edit of a group's rules keeps its place). */
function sameGroupPlaces(was: readonly SecurityGroup[], is: readonly SecurityGroup[]): boolean {
  if (was === is) return true;
  if (was.length !== is.length) return false;
  for (let i = 0; i < was.length; i++)
    if (was[i] !== is[i] && was[i]!.securityGroupId !== is[i]!.securityGroupId) return false;
  return true;
}

function groupDocIndexOf(document: Topology): ReadonlyMap<string, number> {
  const groupDocIndex = new Map<string, number>();
  document.securityGroups.forEach((g, i) => {
    if (!groupDocIndex.has(g.securityGroupId)) groupDocIndex.set(g.securityGroupId, i);
  });
  return groupDocIndex;
}

function compileNetwork(index: TopologyIndex): NetworkStage {
  const vpcs = new Map<string, VpcInfo>();
  const vSwitches = new Map<string, { -readonly [K in keyof VSwitchInfo]: VSwitchInfo[K] }>();
  for (const vSwitch of index.vSwitches.values()) {
    vSwitches.set(vSwitch.vSwitchId, {
      id: vSwitch.vSwitchId,
      vSwitch,
      cidr: parseBlock(vSwitch.cidrBlock),
      vpc: null,
    });
  }
  for (const vpc of index.vpcs.values()) {
    const cidrs = [vpc.cidrBlock, ...(vpc.secondaryCidrBlocks ?? [])]
      .map(parseBlock)
      .filter((c): c is Cidr => c !== null);
    const local = new PrefixTable<CompiledRoute>();
    const localRoutes: CompiledRoute[] = [];
    for (const sw of index.vSwitchesByVpc.get(vpc.vpcId) ?? []) {
      const info = vSwitches.get(sw.vSwitchId);
      if (!info || info.vSwitch !== sw || info.cidr === null) continue;
      if (local.get(info.cidr) !== undefined) continue;
      const route: CompiledRoute = {
        kind: 'local',
        cidr: info.cidr,
        vSwitch: info,
        // Each table gives the route its own routeTableId (compileTable); this one is never shown.
        ref: {
          routeTableId: '',
          destinationCidrBlock: formatCidr(info.cidr),
          nextHopType: 'Local',
          nextHopId: sw.vSwitchId,
          system: true,
          status: 'Available',
        },
      };
      local.set(info.cidr, route);
      localRoutes.push(route);
    }
    vpcs.set(vpc.vpcId, { id: vpc.vpcId, vpc, cidrs, localRoutes, local });
  }
  for (const info of vSwitches.values()) info.vpc = vpcs.get(info.vSwitch.vpcId) ?? null;
  return { vpcs, vSwitches };
}

/** Route tables; with `previous` (same network), a table whose entries are the same objects is reused. */
function compileTables(
  index: TopologyIndex,
  network: NetworkStage,
  prefixLists: ReadonlyMap<string, readonly Cidr[]>,
  previous?: TableStage,
): TableStage {
  const tables = new Map<string, TableInfo>();
  const systemByVpc = new Map<string, string>();
  const byVSwitch = new Map<string, string | null>();
  const tableFor = (resolved: ResolvedRouteTable, vpc: VpcInfo): TableInfo => {
    let table = tables.get(resolved.routeTableId);
    if (table) return table;
    const before = previous?.tables.get(resolved.routeTableId);
    const reusable =
      before !== undefined &&
      before.vpc === vpc &&
      before.resolved.documentIndex === resolved.documentIndex &&
      (before.resolved.table === resolved.table || (before.resolved.implied && resolved.implied));
    table = reusable ? before : compileTable(resolved, vpc, prefixLists);
    tables.set(resolved.routeTableId, table);
    return table;
  };
  for (const vpc of network.vpcs.values())
    systemByVpc.set(vpc.id, tableFor(index.systemRouteTableByVpc.get(vpc.id)!, vpc).id);
  for (const info of network.vSwitches.values()) {
    if (!info.vpc) continue;
    const resolved = routeTableOfVSwitch(index, info.vSwitch);
    byVSwitch.set(info.id, resolved ? tableFor(resolved, info.vpc).id : null);
  }
  return { tables, byVSwitch, systemByVpc };
}

/**
 * The previous version's table stage with only the edited tables compiled again, when the edit
 * changed tables in place (same position, ID, VPC and type: their entries): then every vSwitch
 * and VPC keeps its table (routeTableOfVSwitch reads only those), and an edit of one route costs
 * one table, not a walk over every VPC and vSwitch. Undefined when the edit did more (tables
 * came, went or moved): compileTables then does the whole stage. Same network and prefix lists.
 */
function recompileEditedTables(
  was: readonly RouteTable[],
  index: TopologyIndex,
  prefixLists: ReadonlyMap<string, readonly Cidr[]>,
  previous: TableStage,
): TableStage | undefined {
  const is = index.document.routeTables;
  const positions = tablesReplacedInPlace(was, is);
  if (positions === undefined) return undefined;
  const replaced: TableInfo[] = [];
  for (const i of positions) {
    const after = is[i]!;
    // A table no vSwitch or VPC used, or a later duplicate of an ID (the first one wins), is
    // still unused: its IDs, VPCs and types are as they were.
    const stale = previous.tables.get(after.routeTableId);
    if (stale === undefined || stale.resolved.table !== was[i]) continue;
    const resolved = index.routeTables.get(after.routeTableId)!;
    replaced.push(compileTable(resolved, stale.vpc, prefixLists));
  }
  if (replaced.length === 0) return previous;
  const tables = new Map(previous.tables);
  for (const table of replaced) tables.set(table.id, table);
  return { tables, byVSwitch: previous.byVSwitch, systemByVpc: previous.systemByVpc };
}

function reversePointers(index: TopologyIndex): ReadonlyMap<string, readonly RouterInterface[]> {
  const pointedAtBy = new Map<string, RouterInterface[]>();
  for (const ri of index.routerInterfaces.values()) {
    if (ri.oppositeInterfaceId === undefined) continue;
    const list = pointedAtBy.get(ri.oppositeInterfaceId);
    if (list) list.push(ri);
    else pointedAtBy.set(ri.oppositeInterfaceId, [ri]);
  }
  return pointedAtBy;
}

function compileInstances(document: Topology, index: TopologyIndex, network: NetworkStage): InstanceStage {
  const instances: InstanceInfo[] = [];
  const instanceById = new Map<string, InstanceInfo>();
  const nicById = new Map<string, InstanceInfo>();
  const groupMembers = new Map<string, Set<number>>();
  const groupMemberIps = new Map<string, Set<number>>();
  const instancesByVSwitch = new Map<string, InstanceInfo[]>();
  const holdersOfIp = new Map<number, InstanceInfo[]>();
  const enis = document.networkInterfaces ?? [];
  // A Primary ENI with an instanceId describes that instance's own ENI: its extra IPs are the
  // instance's (topology-format.md §4.1).
  const primaryEniOf = new Map<string, NetworkInterface>();
  for (const eni of enis) {
    if (eni.type === 'Primary' && eni.instanceId !== undefined && !primaryEniOf.has(eni.instanceId))
      primaryEniOf.set(eni.instanceId, eni);
  }
  const groupsOf = (ids: readonly string[]) => {
    const groupIds = ids.length === 1 ? ids : [...new Set(ids)];
    let missing: string[] | null = null;
    let poolKey = '';
    for (const g of groupIds) {
      if (index.securityGroups.has(g)) poolKey = poolKey === '' ? g : `${poolKey},${g}`;
      else (missing ??= []).push(g);
    }
    return { groupIds, missingGroupIds: missing ?? [], poolKey };
  };
  const addressesOf = (primary: number | null, eni: NetworkInterface | undefined): number[] => {
    const ips = primary === null ? [] : [primary];
    for (const set of eni?.privateIpSets ?? []) {
      const ip = parseAddress(set.privateIpAddress);
      if (ip !== null && !ips.includes(ip)) ips.push(ip);
    }
    if (eni && eni.privateIpAddress) {
      const ip = parseAddress(eni.privateIpAddress);
      if (ip !== null && !ips.includes(ip)) ips.push(ip);
    }
    return ips;
  };
  const register = (info: InstanceInfo, vSwitchId: string) => {
    for (const g of info.groupIds) {
      let members = groupMembers.get(g);
      if (!members) groupMembers.set(g, (members = new Set()));
      members.add(info.idx);
      for (const ip of info.ips) {
        let set = groupMemberIps.get(g);
        if (!set) groupMemberIps.set(g, (set = new Set()));
        set.add(ip);
      }
    }
    const list = instancesByVSwitch.get(vSwitchId);
    if (list) list.push(info);
    else instancesByVSwitch.set(vSwitchId, [info]);
    for (const ip of info.ips) {
      const holders = holdersOfIp.get(ip);
      if (holders) holders.push(info);
      else holdersOfIp.set(ip, [info]);
    }
  };
  for (const instance of document.instances) {
    if (instanceById.has(instance.instanceId)) continue;
    const ip = parseAddress(instance.privateIpAddress);
    const primaryEni = primaryEniOf.get(instance.instanceId);
    const info: InstanceInfo & { owner: InstanceInfo | null } = {
      idx: instances.length,
      kind: 'instance',
      id: instance.instanceId,
      instance,
      eni: null,
      owner: null,
      name: instance.name,
      ip,
      ips: addressesOf(ip, primaryEni),
      vSwitch: network.vSwitches.get(instance.vSwitchId) ?? null,
      running: instance.status === undefined || instance.status.toLowerCase() === 'running',
      ...groupsOf(instance.securityGroupIds),
    };
    info.owner = info;
    instances.push(info);
    instanceById.set(info.id, info);
    nicById.set(info.id, info);
    if (primaryEni && !nicById.has(primaryEni.networkInterfaceId)) nicById.set(primaryEni.networkInterfaceId, info);
    register(info, instance.vSwitchId);
  }
  const nics: InstanceInfo[] = [...instances];
  for (const eni of enis) {
    if (nicById.has(eni.networkInterfaceId)) continue;
    if (eni.type === 'Primary' && eni.instanceId !== undefined && instanceById.has(eni.instanceId)) continue;
    const owner = eni.instanceId !== undefined ? (instanceById.get(eni.instanceId) ?? null) : null;
    const ip = parseAddress(eni.privateIpAddress);
    const info: InstanceInfo = {
      idx: nics.length,
      kind: 'eni',
      id: eni.networkInterfaceId,
      // The attached instance (for its status); a detached ENI stands for itself.
      instance: owner?.instance ?? {
        instanceId: eni.networkInterfaceId,
        vSwitchId: eni.vSwitchId,
        privateIpAddress: eni.privateIpAddress,
        securityGroupIds: eni.securityGroupIds,
      },
      eni,
      owner,
      name: eni.name,
      ip,
      ips: addressesOf(ip, eni),
      vSwitch: network.vSwitches.get(eni.vSwitchId) ?? null,
      running: owner !== null && owner.running,
      ...groupsOf(eni.securityGroupIds),
    };
    nics.push(info);
    nicById.set(info.id, info);
    register(info, eni.vSwitchId);
  }
  return { instances, instanceById, nics, nicById, holdersOfIp, groupMembers, groupMemberIps, instancesByVSwitch };
}

/** The next hops a system entry of a custom table can be changed to (aliyun-dataplane.md §4.2). */
const MIDDLEBOX_NEXT_HOPS: ReadonlySet<string> = new Set([
  'Instance',
  'NetworkInterface',
  'GatewayLoadBalancerEndpoint',
]);

function compileTable(
  resolved: ResolvedRouteTable,
  vpc: VpcInfo,
  prefixLists: ReadonlyMap<string, readonly Cidr[]>,
): TableInfo {
  const lookup = new PrefixTable<CompiledRoute>();
  const notAvailable = new PrefixTable<CompiledRoute>();
  const routes: CompiledRoute[] = [];
  // The implied system routes of every vSwitch CIDR are in every table of the VPC, custom tables
  // included (topology-format.md §2). A custom entry with the same block as one of them cannot
  // be created (aliyun-api.md §4.2); if a document has one, the system route wins.
  for (const route of vpc.localRoutes) {
    const ref = { ...route.ref, routeTableId: resolved.routeTableId };
    const own: CompiledRoute = { ...route, ref };
    lookup.set(route.cidr, own);
    routes.push(own);
  }
  resolved.table.routeEntries.forEach((entry, i) => {
    // A prefix-list destination stands for one route per entry of the list (aliyun-dataplane.md
    // §2.2); an unparseable destination or unknown list carries nothing (validate reports it).
    for (const block of blocksOf(entry.destinationCidrBlock, prefixLists)) addEntry(entry, i, block);
  });
  function addEntry(entry: RouteEntry, i: number, block: Cidr): void {
    const ref: RouteRef = {
      routeTableId: resolved.routeTableId,
      destinationCidrBlock: entry.destinationCidrBlock,
      nextHopType: entry.nextHopType,
      nextHopId: entry.nextHopId,
      system: false,
      status: entry.status,
      ...(resolved.documentIndex >= 0 ? { path: `/routeTables/${resolved.documentIndex}/routeEntries/${i}` } : {}),
    };
    // RouterInterface, VpcPeer and Attachment are simulated end to end; every other next hop is not
    // (topology-format.md §4.2): the tracer says `undetermined` there.
    const route: CompiledRoute =
      entry.nextHopType === 'RouterInterface'
        ? { kind: 'routerInterface', cidr: block, ref, routerInterfaceId: entry.nextHopId }
        : entry.nextHopType === 'VpcPeer'
          ? { kind: 'vpcPeer', cidr: block, ref, connectionId: entry.nextHopId }
          : entry.nextHopType === 'Attachment'
            ? { kind: 'transitRouter', cidr: block, ref, attachmentId: entry.nextHopId }
            : { kind: 'unsupported', cidr: block, ref };
    // Only Available entries forward traffic (topology-format.md §2: the default is Available).
    const target = entry.status === 'Available' ? lookup : notAvailable;
    const existing = target.get(block);
    if (existing !== undefined) {
      // In a custom table the next hop of a system (vSwitch) entry can be changed to an ECS
      // instance, an ENI or a GWLB endpoint, which makes it a custom entry: the one way to put a
      // middlebox between vSwitches (aliyun-dataplane.md §0 #9, §4.2). It replaces the system route.
      const middlebox = MIDDLEBOX_NEXT_HOPS.has(entry.nextHopType);
      if (!(existing.kind === 'local' && resolved.routeTableType === 'Custom' && middlebox && target === lookup))
        return;
      target.set(block, route);
      routes[routes.indexOf(existing)] = route;
      return;
    }
    target.set(block, route);
    if (target === lookup) routes.push(route);
  }
  routes.sort((a, b) => b.cidr.prefix - a.cidr.prefix);
  return { id: resolved.routeTableId, resolved, vpc, routes, lookup, notAvailable };
}

/**
 * The document compiled once for reachability: parsed addresses, route tables as prefix tables,
 * VPC-local delivery tables, security-group membership. Tolerant of broken documents: a value
 * that does not parse becomes `null` and the tracer reports it as a blocker; nothing throws.
 */
import type { Instance, RouterInterface, Topology, VSwitch, Vpc } from '../document/schema';
import {
  buildTopologyIndex,
  routeTableOfVSwitch,
  type ResolvedRouteTable,
  type TopologyIndex,
} from '../model/topologyIndex';
import { type Cidr, formatCidr, parseCidrText, parseIpv4 } from '../net/ipv4';
import { PrefixTable } from '../net/lpm';
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

export interface InstanceInfo {
  /** Position in `Compiled.instances` (document order, first instance of an ID). */
  readonly idx: number;
  readonly id: string;
  readonly instance: Instance;
  readonly ip: number | null;
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
  /** Members (instance idx) of each security group. */
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<number>>;
  /** Member addresses of each security group (for peers that are addresses, not instances). */
  readonly groupMemberIps: ReadonlyMap<string, ReadonlySet<number>>;
  /** Document index of each security group (first of an ID). */
  readonly groupDocIndex: ReadonlyMap<string, number>;
  /** Instances by vSwitch, for "which instance holds this address". */
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

interface TableStage {
  readonly tables: ReadonlyMap<string, TableInfo>;
  readonly byVSwitch: ReadonlyMap<string, TableInfo | null>;
  readonly systemByVpc: ReadonlyMap<string, TableInfo>;
}

interface InstanceStage {
  readonly instances: readonly InstanceInfo[];
  readonly instanceById: ReadonlyMap<string, InstanceInfo>;
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
  const index = buildTopologyIndex(document);
  const old = previous?.document;
  const sameNetwork = old !== undefined && old.vpcs === document.vpcs && old.vSwitches === document.vSwitches;
  const network = sameNetwork ? previous!.network : compileNetwork(index);
  const tableStage =
    old !== undefined && sameNetwork && old.routeTables === document.routeTables
      ? previous!.tableStage
      : compileTables(index, network, sameNetwork ? previous!.tableStage : undefined);
  const pointedAtBy =
    old !== undefined && old.routerInterfaces === document.routerInterfaces
      ? previous!.pointedAtBy
      : reversePointers(index);
  const sameGroupIds =
    previous !== undefined &&
    previous.index.securityGroups.size === index.securityGroups.size &&
    [...index.securityGroups.keys()].every((id) => previous.index.securityGroups.has(id));
  const instances: InstanceStage =
    sameNetwork && old!.instances === document.instances && sameGroupIds
      ? previous!.instanceStage
      : compileInstances(document, index, network);
  const groupDocIndex = new Map<string, number>();
  document.securityGroups.forEach((g, i) => {
    if (!groupDocIndex.has(g.securityGroupId)) groupDocIndex.set(g.securityGroupId, i);
  });
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
    tableOf: (vSwitch) => tableStage.byVSwitch.get(vSwitch.id) ?? null,
    systemTableOf: (vpc) => tableStage.systemByVpc.get(vpc.id)!,
  };
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
function compileTables(index: TopologyIndex, network: NetworkStage, previous?: TableStage): TableStage {
  const tables = new Map<string, TableInfo>();
  const systemByVpc = new Map<string, TableInfo>();
  const byVSwitch = new Map<string, TableInfo | null>();
  const tableFor = (resolved: ResolvedRouteTable, vpc: VpcInfo): TableInfo => {
    let table = tables.get(resolved.routeTableId);
    if (table) return table;
    const before = previous?.tables.get(resolved.routeTableId);
    const reusable =
      before !== undefined &&
      before.vpc === vpc &&
      before.resolved.documentIndex === resolved.documentIndex &&
      (before.resolved.table === resolved.table || (before.resolved.implied && resolved.implied));
    table = reusable ? before : compileTable(resolved, vpc);
    tables.set(resolved.routeTableId, table);
    return table;
  };
  for (const vpc of network.vpcs.values())
    systemByVpc.set(vpc.id, tableFor(index.systemRouteTableByVpc.get(vpc.id)!, vpc));
  for (const info of network.vSwitches.values()) {
    if (!info.vpc) continue;
    const resolved = routeTableOfVSwitch(index, info.vSwitch);
    byVSwitch.set(info.id, resolved ? tableFor(resolved, info.vpc) : null);
  }
  return { tables, byVSwitch, systemByVpc };
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
  const groupMembers = new Map<string, Set<number>>();
  const groupMemberIps = new Map<string, Set<number>>();
  const instancesByVSwitch = new Map<string, InstanceInfo[]>();
  for (const instance of document.instances) {
    if (instanceById.has(instance.instanceId)) continue;
    const groupIds =
      instance.securityGroupIds.length === 1 ? instance.securityGroupIds : [...new Set(instance.securityGroupIds)];
    let missing: string[] | null = null;
    let poolKey = '';
    for (const g of groupIds) {
      if (index.securityGroups.has(g)) poolKey = poolKey === '' ? g : `${poolKey},${g}`;
      else (missing ??= []).push(g);
    }
    const info: InstanceInfo = {
      idx: instances.length,
      id: instance.instanceId,
      instance,
      ip: parseAddress(instance.privateIpAddress),
      vSwitch: network.vSwitches.get(instance.vSwitchId) ?? null,
      running: instance.status === undefined || instance.status.toLowerCase() === 'running',
      groupIds,
      missingGroupIds: missing ?? [],
      poolKey,
    };
    instances.push(info);
    instanceById.set(info.id, info);
    for (const g of groupIds) {
      let members = groupMembers.get(g);
      if (!members) groupMembers.set(g, (members = new Set()));
      members.add(info.idx);
      if (info.ip !== null) {
        let ips = groupMemberIps.get(g);
        if (!ips) groupMemberIps.set(g, (ips = new Set()));
        ips.add(info.ip);
      }
    }
    const list = instancesByVSwitch.get(instance.vSwitchId);
    if (list) list.push(info);
    else instancesByVSwitch.set(instance.vSwitchId, [info]);
  }
  return { instances, instanceById, groupMembers, groupMemberIps, instancesByVSwitch };
}

function compileTable(resolved: ResolvedRouteTable, vpc: VpcInfo): TableInfo {
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
    const block = parseLooseBlock(entry.destinationCidrBlock);
    if (block === null) return; // validate reports it; an unparseable route carries nothing
    const ref: RouteRef = {
      routeTableId: resolved.routeTableId,
      destinationCidrBlock: entry.destinationCidrBlock,
      nextHopType: entry.nextHopType,
      nextHopId: entry.nextHopId,
      system: false,
      status: entry.status,
      ...(resolved.documentIndex >= 0 ? { path: `/routeTables/${resolved.documentIndex}/routeEntries/${i}` } : {}),
    };
    const route: CompiledRoute =
      entry.nextHopType === 'RouterInterface'
        ? { kind: 'routerInterface', cidr: block, ref, routerInterfaceId: entry.nextHopId }
        : { kind: 'unsupported', cidr: block, ref };
    // Only Available entries forward traffic (topology-format.md §2: the default is Available).
    const target = entry.status === 'Available' ? lookup : notAvailable;
    if (target.get(block) !== undefined) return; // a duplicate destination: the first entry wins
    target.set(block, route);
    if (target === lookup) routes.push(route);
  });
  routes.sort((a, b) => b.cidr.prefix - a.cidr.prefix);
  return { id: resolved.routeTableId, resolved, vpc, routes, lookup, notAvailable };
}

/**
 * Route tables and entries: one system table per VPC, the CreateRouteEntry rules (unique
 * destination, not equal to or inside a local vSwitch block, not 100.64.0.0/10, next hop of the
 * same VPC — aliyun-api.md §4.2), the 200-entry quota (§6), and whether a route via a router
 * interface can carry traffic at all.
 */
import { NEXT_HOP_TYPES, type RouteEntry, type RouterInterface, type RouteTable, type Vpc } from '../document/schema';
import { type Cidr, cidrsEqual, cidrsOverlap, formatCidr, maskOf as maskOfPrefix } from '../net/ipv4';
import { effectivePeeringStatus, effectiveRouterInterfaceStatus, isPrefixListId } from '../model';
import { checkPrefixListReference, referenceWeight } from './checkPrefixLists';
import { checkAttachmentNextHop } from './checkCen';
import { isIpv6Cidr, looksLikeIpv6 } from './ipv6';
import { keepHiddenClassOf } from './hiddenClasses';
import { type LocatedCidr, scanCidrKey as scanCidrKeyOf, type ValidationContext } from './context';

// Module-local handles on the hot helpers: under a CommonJS transform (tsx, vitest) every use of
// an imported binding is a property read through an export getter, once per route entry.
const scanCidrKey = scanCidrKeyOf;
const effectiveStatus = effectiveRouterInterfaceStatus;
const maskOf = maskOfPrefix;

/** Quota: custom route entries per route table (aliyun-api.md §4.2, §6). */
export const MAX_ROUTE_ENTRIES_PER_TABLE = 200;

const CLOUD_SERVICES: Cidr = { base: 0x64400000, prefix: 10 };

/** Blocks by prefix length with a value each, to test "inside one of them" in ≤ 33 probes. */
class BlockSet<T> {
  private readonly byPrefix = new Map<number, Map<number, T>>();
  private readonly prefixes: number[] = [];
  add(base: number, prefix: number, value: T): void {
    let bucket = this.byPrefix.get(prefix);
    if (!bucket) {
      this.byPrefix.set(prefix, (bucket = new Map()));
      // Kept in ascending order by insertion (at most 33 lengths): no copy and sort per new length.
      const prefixes = this.prefixes;
      let at = prefixes.length;
      prefixes.push(prefix);
      while (at > 0 && prefixes[at - 1]! > prefix) {
        prefixes[at] = prefixes[at - 1]!;
        at--;
      }
      prefixes[at] = prefix;
    }
    if (!bucket.has(base)) bucket.set(base, value);
  }
  /** The prefix length of the shortest stored block that equals or contains base/prefix, else -1. */
  containerPrefix(base: number, prefix: number): number {
    const prefixes = this.prefixes;
    for (let i = 0; i < prefixes.length; i++) {
      const length = prefixes[i]!;
      if (length > prefix) break;
      if (this.byPrefix.get(length)!.has((base & maskOf(length)) >>> 0)) return length;
    }
    return -1;
  }
  /** The value of the stored block base/prefix (as found by containerPrefix). */
  valueAt(base: number, prefix: number): T {
    return this.byPrefix.get(prefix)!.get((base & maskOf(prefix)) >>> 0)!;
  }
}

keepHiddenClassOf(new BlockSet()); // hiddenClasses.ts

type LocatedVSwitchCidr = NonNullable<ReturnType<ValidationContext['vSwitchCidrs']['get']>>[number];

const NO_VPC = null;

/** What the check of every table reads, built once per run. */
interface RouteScope {
  /** The vSwitch blocks of each VPC: a destination may not equal or lie inside one. */
  localBlocks: ReadonlyMap<string, BlockSet<LocatedVSwitchCidr>>;
  /**
   * Destinations routed onward by each VPC: a route toward a peer for a block the peer does not
   * hold is fine when the peer routes it further (a transit hub), so only the others are flagged.
   */
  routedByVpc: ReadonlyMap<string, BlockSet<true>>;
  /**
   * Each entry's destination as scanCidrKey reads it (-1: not a canonical block), by table and
   * entry index: scanned once, while building routedByVpc, and read again by the entry's check.
   */
  readonly scannedKeys: Float64Array[];
  /** The effective status of each router interface, computed once. */
  readonly statusCache: Map<string, string>;
  /** The VPC behind each router interface's far end (null: none), looked up once per interface. */
  readonly remoteCache: Map<RouterInterface, Vpc | null>;
}

/** One route entry under check: where it is, and what its destination and next hop resolve to. */
interface EntryUnderCheck {
  readonly t: number;
  readonly e: number;
  readonly table: RouteTable;
  readonly entry: RouteEntry;
  readonly vpc: Vpc | undefined;
  /** The usable destination as numbers (the happy path allocates no Cidr); -1 when unusable. */
  readonly destBase: number;
  readonly destPrefix: number;
  /** The router interface the entry goes via, when it names one of the document. */
  readonly nextHop: RouterInterface | undefined;
  /** The VPC at that interface's far end. */
  readonly remote: Vpc | undefined;
}

export function checkRouteTables(ctx: ValidationContext): void {
  const scope = routeScope;
  scope.localBlocks = localBlocksByVpc(ctx);
  scope.routedByVpc = routedBlocksByVpc(ctx, scope.scannedKeys);
  try {
    for (let t = 0; t < ctx.document.routeTables.length; t++) checkRouteTable(ctx, scope, t);
  } finally {
    scope.localBlocks = scope.routedByVpc = NO_BLOCKS;
    scope.scannedKeys.length = 0;
    scope.statusCache.clear();
    scope.remoteCache.clear();
  }
}

const NO_BLOCKS: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * One scope for the process, filled for each run and emptied after it: a new one per run made
 * the second run deoptimize checkRouteEntry (`node --trace-deopt`: "code dependencies"), as in
 * checkSecurityGroups.ts (`groupsRun`).
 */
const routeScope: RouteScope = {
  localBlocks: NO_BLOCKS,
  routedByVpc: NO_BLOCKS,
  scannedKeys: [],
  statusCache: new Map(),
  remoteCache: new Map(),
};

function localBlocksByVpc(ctx: ValidationContext): Map<string, BlockSet<LocatedVSwitchCidr>> {
  const localBlocks = new Map<string, BlockSet<LocatedVSwitchCidr>>();
  for (const [vpcId, list] of ctx.vSwitchCidrs) {
    const set = new BlockSet<LocatedVSwitchCidr>();
    for (const s of list) set.add(s.cidr.base, s.cidr.prefix, s);
    localBlocks.set(vpcId, set);
  }
  return localBlocks;
}

function routedBlocksByVpc(ctx: ValidationContext, scannedKeys: Float64Array[]): Map<string, BlockSet<true>> {
  const routedByVpc = new Map<string, BlockSet<true>>();
  // A loop over a module-level function: this one runs once per validation (optimized late).
  const tables = ctx.document.routeTables;
  for (let t = 0; t < tables.length; t++) scannedKeys.push(addRoutedBlocks(ctx, routedByVpc, tables[t]!));
  return routedByVpc;
}

/** Adds a table's destinations to its VPC's routed blocks; returns each entry's scanCidrKey. */
function addRoutedBlocks(
  ctx: ValidationContext,
  routedByVpc: Map<string, BlockSet<true>>,
  table: RouteTable,
): Float64Array {
  let set = routedByVpc.get(table.vpcId);
  if (!set) routedByVpc.set(table.vpcId, (set = new BlockSet()));
  const entries = table.routeEntries;
  const keys = new Float64Array(entries.length);
  for (let e = 0; e < entries.length; e++) {
    const text = entries[e]!.destinationCidrBlock;
    const key = (keys[e] = scanCidrKey(text));
    if (key >= 0) set.add(Math.floor(key / 64), key % 64, true);
    else {
      const parsed = ctx.parseCidr(text, true);
      if (parsed.ok) set.add(parsed.value.cidr.base, parsed.value.cidr.prefix, true);
    }
  }
  return keys;
}

function checkRouteTable(ctx: ValidationContext, scope: RouteScope, t: number): void {
  const table = ctx.document.routeTables[t]!;
  const id = table.routeTableId;
  const vpc = ctx.index.vpcs.get(table.vpcId);
  if (!vpc) {
    ctx.reportMissingParent(`/routeTables/${t}/vpcId`, id, 'vpcId', table.vpcId);
  }
  checkSystemTableUnique(ctx, table, t);
  checkEntryQuota(ctx, table, t);
  // Destination key (base * 64 + prefix) → first entry index.
  const destinations = new Map<number, number>();
  // Prefix-list and IPv6 destinations by text → first entry index.
  const otherDestinations = new Map<string, number>();
  for (let e = 0; e < table.routeEntries.length; e++) {
    checkRouteEntry(ctx, scope, table, t, e, vpc, destinations, otherDestinations);
  }
}

function checkSystemTableUnique(ctx: ValidationContext, table: RouteTable, t: number): void {
  const system = ctx.index.systemRouteTableByVpc.get(table.vpcId);
  if (table.routeTableType !== 'System' || !system || system.documentIndex === t) return;
  const id = table.routeTableId;
  ctx.report(
    'ROUTE_TABLE_SYSTEM_DUPLICATE',
    `/routeTables/${t}/routeTableType`,
    `${id} is a second System route table of ${table.vpcId} (the first is ${system.routeTableId}); a VPC has exactly one`,
    {
      resourceId: id,
      suggestion: `change routeTableType of ${id} to Custom and attach vSwitches to it with routeTableId, or move its entries into ${system.routeTableId}`,
    },
  );
}

function checkEntryQuota(ctx: ValidationContext, table: RouteTable, t: number): void {
  // A prefix-list destination takes its maxEntries of the quota (aliyun-dataplane.md §2.2).
  let used = table.routeEntries.length;
  for (const entry of table.routeEntries) {
    if (isPrefixListId(entry.destinationCidrBlock)) used += referenceWeight(ctx, entry.destinationCidrBlock) - 1;
  }
  if (used > MAX_ROUTE_ENTRIES_PER_TABLE) reportEntryQuota(ctx, table, t, used);
}

// Reports of the per-table and per-entry checks, apart from them: V8 optimizes a function after a
// number of profiler ticks that grows with its bytecode size (about one more per 150 bytes), and
// these checks ran unoptimized through the first two validations of L with their reports inline
// (`node --trace-opt-verbose`).

function reportEntryQuota(ctx: ValidationContext, table: RouteTable, t: number, used: number): void {
  const id = table.routeTableId;
  ctx.report(
    'ROUTE_TABLE_QUOTA_EXCEEDED',
    `/routeTables/${t}/routeEntries/${Math.min(MAX_ROUTE_ENTRIES_PER_TABLE, table.routeEntries.length - 1)}`,
    `${id} has ${table.routeEntries.length} route entries${used > table.routeEntries.length ? ` taking ${used} slots (a prefix list counts as its maxEntries)` : ''}; ` +
      `a route table holds at most ${MAX_ROUTE_ENTRIES_PER_TABLE} custom entries`,
    {
      resourceId: id,
      suggestion: `aggregate destinations into larger blocks to get ${id} down to ${MAX_ROUTE_ENTRIES_PER_TABLE} entries`,
    },
  );
}

/** One entry: its destination first (form, uniqueness, reserved ranges, local blocks), then its next hop. */
function checkRouteEntry(
  ctx: ValidationContext,
  scope: RouteScope,
  table: RouteTable,
  t: number,
  e: number,
  vpc: Vpc | undefined,
  destinations: Map<number, number>,
  otherDestinations: Map<string, number>,
): void {
  const entry = table.routeEntries[e]!;
  const destKey = destinationKey(ctx, table, t, e, vpc, otherDestinations, scope.scannedKeys[t]![e]!);
  const nextHop = entry.nextHopType === 'RouterInterface' ? ctx.index.routerInterfaces.get(entry.nextHopId) : undefined;
  let remote: Vpc | undefined;
  if (nextHop) {
    let cached = scope.remoteCache.get(nextHop);
    if (cached === undefined) scope.remoteCache.set(nextHop, (cached = remoteVpcOf(ctx, nextHop) ?? NO_VPC));
    remote = cached ?? undefined;
  }
  const at: EntryUnderCheck = {
    t,
    e,
    table,
    entry,
    vpc,
    destBase: destKey >= 0 ? Math.floor(destKey / 64) : -1,
    destPrefix: destKey >= 0 ? destKey % 64 : -1,
    nextHop,
    remote,
  };
  if (destKey >= 0) {
    checkDestinationUnique(ctx, at, destKey, destinations);
    checkDestinationNotReserved(ctx, at);
    checkDestinationNotLocal(ctx, scope, at);
  }
  if (entry.nextHopType !== 'RouterInterface') {
    checkOtherNextHop(ctx, t, e, table.routeTableId, table.vpcId, entry, destinationOf(at));
    return;
  }
  checkRouterInterfaceHop(ctx, scope, at);
}

/**
 * The entry's IPv4 destination as a key (base * 64 + prefix), or -1 when it is not a usable IPv4
 * block: prefix lists and IPv6 blocks are checked here (they have no key), malformed blocks
 * reported. `scanned` is scanCidrKey of the destination (RouteScope.scannedKeys).
 */
function destinationKey(
  ctx: ValidationContext,
  table: RouteTable,
  t: number,
  e: number,
  vpc: Vpc | undefined,
  otherDestinations: Map<string, number>,
  scanned: number,
): number {
  if (scanned >= 0) return scanned;
  const text = table.routeEntries[e]!.destinationCidrBlock;
  if (isSpecialDestination(text)) {
    checkSpecialDestination(ctx, t, e, table.routeTableId, vpc, text, otherDestinations);
    return -1;
  }
  const checked = ctx.checkCidrField(
    text,
    `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`,
    table.routeTableId,
    `route entry ${e} destinationCidrBlock`,
    true,
  );
  return checked ? checked.base * 64 + checked.prefix : -1;
}

/** The entry's usable destination as a block (only for messages and the rarer checks). */
function destinationOf(at: EntryUnderCheck): Cidr | undefined {
  return at.destBase >= 0 ? { base: at.destBase, prefix: at.destPrefix } : undefined;
}

function checkDestinationUnique(
  ctx: ValidationContext,
  at: EntryUnderCheck,
  destKey: number,
  destinations: Map<number, number>,
): void {
  const { t, e, entry } = at;
  const id = at.table.routeTableId;
  // A dynamic (BGP, CEN, ECR) entry of an import may equal a custom one: the API keeps both
  // and the custom one wins (aliyun-dataplane.md §4.2); only custom entries must be unique.
  if (isDynamic(entry)) return;
  const first = destinations.get(destKey);
  if (first === undefined) {
    destinations.set(destKey, e);
    return;
  }
  const dest = formatCidr(destinationOf(at)!);
  ctx.report(
    'ROUTE_DESTINATION_DUPLICATE',
    `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`,
    `${id}: route entry ${e} repeats destination ${dest} of entry ${first}; destinations are unique in a table`,
    {
      resourceId: id,
      suggestion: `remove route entry ${e} (${dest} → ${entry.nextHopId}) from ${id}, or change its destination`,
    },
  );
}

/** 100.64.0.0/10 is the system route for cloud services (aliyun-api.md §4.2). */
function checkDestinationNotReserved(ctx: ValidationContext, at: EntryUnderCheck): void {
  const { t, e, destBase, destPrefix } = at;
  const id = at.table.routeTableId;
  if (destBase === CLOUD_SERVICES.base && destPrefix === CLOUD_SERVICES.prefix) {
    ctx.report(
      'ROUTE_DESTINATION_RESERVED',
      `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`,
      `${id}: route entry ${e} targets 100.64.0.0/10, the system route for cloud services`,
      {
        resourceId: id,
        suggestion: `remove route entry ${e} from ${id}`,
      },
    );
  } else if (destPrefix >= CLOUD_SERVICES.prefix && (destBase & CLOUD_SERVICES_MASK) >>> 0 === CLOUD_SERVICES.base) {
    // Older/EN docs refuse subnets of 100.64.0.0/10 too; a newer CN doc allows them (aliyun-api.md §4.2).
    const dest = formatCidr(destinationOf(at)!);
    ctx.report(
      'ROUTE_DESTINATION_IN_SERVICE_RANGE',
      `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`,
      `${id}: route entry ${e} targets ${dest}, inside 100.64.0.0/10 (cloud services)`,
      {
        resourceId: id,
        suggestion: `avoid 100.64.0.0/10 for ${dest}: older API versions refuse it and it can break cloud services`,
      },
    );
  }
}

/** A destination may not equal or lie inside a vSwitch block of the table's VPC (CreateRouteEntry). */
function checkDestinationNotLocal(ctx: ValidationContext, scope: RouteScope, at: EntryUnderCheck): void {
  const { table, entry, destBase, destPrefix } = at;
  const local = scope.localBlocks.get(table.vpcId);
  const localPrefix = local ? local.containerPrefix(destBase, destPrefix) : -1;
  // In a custom table the system entry of a vSwitch block may point at an ECS instance, an
  // ENI or a GWLB endpoint instead (aliyun-dataplane.md §0 #9): the one legal equal route.
  const systemOverride =
    localPrefix === destPrefix &&
    table.routeTableType === 'Custom' &&
    SYSTEM_ENTRY_OVERRIDE_HOPS.has(entry.nextHopType);
  if (localPrefix < 0 || systemOverride || isDynamic(entry)) return;
  reportInVSwitch(
    ctx,
    at.t,
    at.e,
    table.routeTableId,
    table.vpcId,
    entry.nextHopId,
    destBase,
    destPrefix,
    local!.valueAt(destBase, localPrefix),
    at.remote,
  );
}

/** A router-interface next hop: in the document, on this VPC's vRouter, Active, toward the destination. */
function checkRouterInterfaceHop(ctx: ValidationContext, scope: RouteScope, at: EntryUnderCheck): void {
  const { vpc, nextHop } = at;
  if (!nextHop) reportHopUnknown(ctx, at);
  else if (vpc && nextHop.routerId !== vpc.vRouterId) reportHopNotLocal(ctx, at, vpc, nextHop);
  else {
    checkHopActive(ctx, scope, at, nextHop);
    checkDestinationInPeer(ctx, scope, at, nextHop);
  }
}

function reportHopUnknown(ctx: ValidationContext, at: EntryUnderCheck): void {
  const { t, e, entry, vpc } = at;
  const id = at.table.routeTableId;
  ctx.report(
    'DANGLING_REFERENCE',
    `/routeTables/${t}/routeEntries/${e}/nextHopId`,
    `${id}: route entry ${e} next hop ${entry.nextHopId} is not a router interface in the document`,
    {
      resourceId: id,
      suggestion:
        suggestLocalInterface(ctx, vpc, destinationOf(at)) ??
        `add router interface ${entry.nextHopId} on ${vpc?.vRouterId ?? "this VPC's vRouter"}, or correct nextHopId`,
    },
  );
}

function reportHopNotLocal(ctx: ValidationContext, at: EntryUnderCheck, vpc: Vpc, nextHop: RouterInterface): void {
  const { t, e } = at;
  const id = at.table.routeTableId;
  const owner = ctx.vpcOfRouter(nextHop.routerId);
  ctx.report(
    'ROUTE_NEXT_HOP_NOT_LOCAL',
    `/routeTables/${t}/routeEntries/${e}/nextHopId`,
    `${id} (${vpc.vpcId}): route entry ${e} next hop ${nextHop.routerInterfaceId} is on router ${nextHop.routerId}${owner ? ` of ${owner.vpcId}` : ''}, not ` +
      `on ${vpc.vpcId}'s vRouter ${vpc.vRouterId}`,
    {
      resourceId: id,
      suggestion:
        suggestLocalInterface(ctx, vpc, destinationOf(at)) ??
        `create a router interface on ${vpc.vRouterId} paired with the peer, and point the route at it`,
    },
  );
}

function checkHopActive(
  ctx: ValidationContext,
  scope: RouteScope,
  at: EntryUnderCheck,
  nextHop: RouterInterface,
): void {
  let status = scope.statusCache.get(nextHop.routerInterfaceId);
  if (status === undefined) {
    scope.statusCache.set(nextHop.routerInterfaceId, (status = effectiveStatus(nextHop, ctx.index)));
  }
  if (status !== 'Active') reportHopNotActive(ctx, at, nextHop, status);
}

function reportHopNotActive(
  ctx: ValidationContext,
  at: EntryUnderCheck,
  nextHop: RouterInterface,
  status: string,
): void {
  const { t, e } = at;
  const id = at.table.routeTableId;
  const why =
    nextHop.status !== undefined ? `its live status is ${status}` : 'its pairing is not consistent, so it stays Idle';
  const dest = destinationOf(at);
  ctx.report(
    'ROUTE_NEXT_HOP_NOT_ACTIVE',
    `/routeTables/${t}/routeEntries/${e}/nextHopId`,
    `${id}: route entry ${e}${dest ? ` (${formatCidr(dest)})` : ''} goes via ${nextHop.routerInterfaceId}, which is ` +
      `not Active (${why}); the route carries no ` +
      `traffic`,
    {
      resourceId: id,
      suggestion:
        nextHop.status === 'Inactive'
          ? `activate ${nextHop.routerInterfaceId} (ActivateRouterInterface)`
          : nextHop.status !== undefined
            ? `wait for ${nextHop.routerInterfaceId} to become Active, or connect it (ConnectRouterInterface on the initiator)`
            : `fix the pairing of ${nextHop.routerInterfaceId} (see its RI_* findings)`,
    },
  );
}

/** The destination should be the peer's, unless the peer routes it onward (RouteScope.routedByVpc). */
function checkDestinationInPeer(
  ctx: ValidationContext,
  scope: RouteScope,
  at: EntryUnderCheck,
  nextHop: RouterInterface,
): void {
  const { destBase, destPrefix, remote } = at;
  if (destBase < 0 || !remote) return;
  const peerBlocks = ctx.vpcCidrs.get(remote.vpcId);
  if (peerBlocks === undefined || peerBlocks.length === 0 || anyOverlaps(peerBlocks, destBase, destPrefix)) return;
  const routed = scope.routedByVpc.get(remote.vpcId);
  if (routed && routed.containerPrefix(destBase, destPrefix) >= 0) return;
  reportDestinationNotInPeer(ctx, at, nextHop, remote, peerBlocks);
}

/**
 * Apart from checkDestinationInPeer, so that its optimized code does not hold the report: the
 * report's array of texts deoptimized it ("wrong map", `node --trace-deopt`) the first time it ran
 * in an optimized run.
 */
function reportDestinationNotInPeer(
  ctx: ValidationContext,
  at: EntryUnderCheck,
  nextHop: RouterInterface,
  remote: Vpc,
  peerBlocks: readonly LocatedCidr[],
): void {
  const { t, e } = at;
  const id = at.table.routeTableId;
  ctx.report(
    'ROUTE_DESTINATION_NOT_IN_PEER',
    `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`,
    `${id}: route entry ${e} sends ${formatCidr(destinationOf(at)!)} via ${nextHop.routerInterfaceId} to ${remote.vpcId}, whose ` +
      `CIDR block${peerBlocks.length > 1 ? 's are' : ' is'} ${peerBlocks.map((b) => b.text).join(', ')} and which has ` +
      `no route onward for it`,
    {
      resourceId: id,
      suggestion: `change destinationCidrBlock to ${peerBlocks[0]!.text} (${remote.vpcId}'s CIDR block) or one of its vSwitch blocks`,
    },
  );
}

const CLOUD_SERVICES_MASK = maskOf(CLOUD_SERVICES.prefix);

/** Whether any of `blocks` overlaps base/prefix (two blocks overlap when one contains the other). */
function anyOverlaps(blocks: readonly LocatedCidr[], base: number, prefix: number): boolean {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!.cidr;
    const shorter = b.prefix < prefix ? b.prefix : prefix;
    const mask = maskOf(shorter);
    if ((b.base & mask) >>> 0 === (base & mask) >>> 0) return true;
  }
  return false;
}

function reportInVSwitch(
  ctx: ValidationContext,
  t: number,
  e: number,
  id: string,
  vpcId: string,
  nextHopId: string,
  destBase: number,
  destPrefix: number,
  local: LocatedVSwitchCidr,
  remote: Vpc | undefined,
): void {
  const dest: Cidr = { base: destBase, prefix: destPrefix };
  const localCidr: Cidr = { base: (destBase & maskOf(local.cidr.prefix)) >>> 0, prefix: local.cidr.prefix };
  const peerBlocks = remote ? (ctx.vpcCidrs.get(remote.vpcId) ?? []) : [];
  ctx.report(
    'ROUTE_DESTINATION_IN_VSWITCH',
    `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`,
    `${id}: route entry ${e} destination ${formatCidr(dest)} ${cidrsEqual(localCidr, dest) ? 'equals' : 'lies inside'} local ` +
      `vSwitch ${local.vSwitchId}'s ${local.text} of ${vpcId}; CreateRouteEntry refuses it`,
    {
      resourceId: id,
      suggestion:
        remote && peerBlocks.length > 0 && !peerBlocks.some((b) => cidrsOverlap(b.cidr, localCidr))
          ? `change destinationCidrBlock to ${peerBlocks[0]!.text} (${remote.vpcId}'s CIDR block, behind ${nextHopId})`
          : `remove route entry ${e}; traffic to ${formatCidr(dest)} stays in ${vpcId} (if the peer uses the same addresses, re-address one side)`,
    },
  );
}

/** The VPC at the other end of a router interface. */
function remoteVpcOf(ctx: ValidationContext, ri: RouterInterface): Vpc | undefined {
  const opposite =
    ri.oppositeInterfaceId !== undefined ? ctx.index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
  return ctx.vpcOfRouter(opposite?.routerId ?? ri.oppositeRouterId);
}

/** "use ri-… instead": an interface on this VPC's vRouter whose peer VPC holds `dest`. */
function suggestLocalInterface(
  ctx: ValidationContext,
  vpc: Vpc | undefined,
  dest: Cidr | undefined,
): string | undefined {
  if (!vpc) return undefined;
  const local = ctx.index.routerInterfacesByRouter.get(vpc.vRouterId) ?? [];
  const match = local.find((ri) => {
    const remote = remoteVpcOf(ctx, ri);
    return remote && (!dest || (ctx.vpcCidrs.get(remote.vpcId) ?? []).some((b) => cidrsOverlap(b.cidr, dest)));
  });
  return match
    ? `change nextHopId to ${match.routerInterfaceId} (${vpc.vpcId}'s interface toward ${remoteVpcOf(ctx, match)!.vpcId})`
    : undefined;
}

/** Destinations that are not IPv4 blocks: a prefix-list ID or an IPv6 block (aliyun-dataplane.md §2.2, §4.1). */
function isSpecialDestination(text: string): boolean {
  return isPrefixListId(text) || looksLikeIpv6(text);
}

function checkSpecialDestination(
  ctx: ValidationContext,
  t: number,
  e: number,
  id: string,
  vpc: Vpc | undefined,
  text: string,
  seen: Map<string, number>,
): void {
  const path = `/routeTables/${t}/routeEntries/${e}/destinationCidrBlock`;
  if (isPrefixListId(text)) checkPrefixListReference(ctx, text, path, id, vpc?.regionId);
  else if (!isIpv6Cidr(text)) {
    ctx.report(
      'CIDR_MALFORMED',
      path,
      `${id}: route entry ${e} destinationCidrBlock ${JSON.stringify(text)} is not an IPv6 CIDR block`,
      {
        resourceId: id,
        suggestion: 'write an IPv6 destination as address/prefix, e.g. ::/0 or 2408:4000::/56',
      },
    );
    return;
  } else {
    ctx.report(
      'ROUTE_DESTINATION_IPV6',
      path,
      `${id}: route entry ${e} routes IPv6 ${text}; vpclink keeps it and simulates IPv4 only`,
      {
        resourceId: id,
      },
    );
  }
  const first = seen.get(text);
  if (first !== undefined) {
    ctx.report(
      'ROUTE_DESTINATION_DUPLICATE',
      path,
      `${id}: route entry ${e} repeats destination ${text} of entry ${first}; destinations are unique in a table`,
      { resourceId: id, suggestion: `remove route entry ${e} from ${id}, or change its destination` },
    );
  } else seen.set(text, e);
}

const KNOWN_NEXT_HOP_TYPES = new Set<string>(NEXT_HOP_TYPES);
const SYSTEM_ENTRY_OVERRIDE_HOPS = new Set<string>(['Instance', 'NetworkInterface', 'GatewayLoadBalancerEndpoint']);

/**
 * Next hops other than a router interface: a peering connection is simulated, so it is checked
 * like one (known, of this VPC, Activated, leading to the destination: a peering never carries
 * traffic onward, aliyun-links.md §1); an ECS instance or ENI must be of this VPC when the
 * document has it; the rest is kept and reported as not simulated.
 */
function checkOtherNextHop(
  ctx: ValidationContext,
  t: number,
  e: number,
  id: string,
  vpcId: string,
  entry: RouteEntry,
  dest: Cidr | undefined,
): void {
  const { index } = ctx;
  const at = `/routeTables/${t}/routeEntries/${e}`;
  const type = entry.nextHopType;
  const hop = entry.nextHopId;
  if (type === 'VpcPeer') {
    const pcc = index.vpcPeerConnections.get(hop);
    if (!pcc) return reportHopNotInDocument(ctx, at, id, e, hop, 'peering connection');
    if (pcc.vpcId !== vpcId && pcc.acceptingVpcId !== vpcId) {
      return reportHopOtherVpc(
        ctx,
        at,
        id,
        e,
        hop,
        vpcId,
        'peering connection',
        `${pcc.vpcId} and ${pcc.acceptingVpcId}`,
      );
    }
    const status = effectivePeeringStatus(pcc, index);
    if (status !== 'Activated') {
      ctx.report(
        'ROUTE_PEERING_NOT_ACTIVE',
        `${at}/nextHopId`,
        `${id}: route entry ${e} goes via ${hop}, which is ${status ?? 'not active (one of its VPCs is not in the document)'}; the route carries no traffic`,
        {
          resourceId: id,
          suggestion:
            status === 'Accepting'
              ? `accept ${hop} in the accepting account`
              : `fix ${hop} (see its PEERING_* findings)`,
        },
      );
    }
    const remoteId = pcc.vpcId === vpcId ? pcc.acceptingVpcId : pcc.vpcId;
    const peerBlocks = ctx.vpcCidrs.get(remoteId);
    if (dest && peerBlocks !== undefined && peerBlocks.length > 0 && !anyOverlaps(peerBlocks, dest.base, dest.prefix)) {
      ctx.report(
        'ROUTE_DESTINATION_NOT_IN_PEER',
        `${at}/destinationCidrBlock`,
        `${id}: route entry ${e} sends ${formatCidr(dest)} via ${hop} to ${remoteId}, whose CIDR block${peerBlocks.length > 1 ? 's are' : ' is'} ` +
          `${peerBlocks.map((b) => b.text).join(', ')}; a peering connection never carries traffic onward`,
        {
          resourceId: id,
          suggestion: `change destinationCidrBlock to ${peerBlocks[0]!.text} (${remoteId}'s CIDR block) or one of its vSwitch blocks`,
        },
      );
    }
    return;
  }
  if (
    type === 'Attachment' &&
    checkAttachmentNextHop(
      ctx,
      hop,
      vpcId,
      (what) => reportHopNotInDocument(ctx, at, id, e, hop, what),
      (what, theirs) => reportHopOtherVpc(ctx, at, id, e, hop, vpcId, what, theirs),
    )
  )
    return;
  if (type === 'Instance') {
    const instance = index.instances.get(hop);
    if (!instance) reportHopNotInDocument(ctx, at, id, e, hop, 'instance');
    else {
      const theirs = index.vSwitches.get(instance.vSwitchId)?.vpcId;
      if (theirs !== undefined && theirs !== vpcId) reportHopOtherVpc(ctx, at, id, e, hop, vpcId, 'instance', theirs);
    }
  } else if (type === 'NetworkInterface') {
    const eni = index.networkInterfaces.get(hop);
    if (!eni) reportHopNotInDocument(ctx, at, id, e, hop, 'ENI');
    else {
      const theirs = index.vSwitches.get(eni.vSwitchId)?.vpcId;
      if (theirs !== undefined && theirs !== vpcId) reportHopOtherVpc(ctx, at, id, e, hop, vpcId, 'ENI', theirs);
    }
  }
  if (!KNOWN_NEXT_HOP_TYPES.has(type)) {
    ctx.report(
      'ROUTE_NEXT_HOP_TYPE_UNKNOWN',
      `${at}/nextHopType`,
      `${id}: route entry ${e} has nextHopType ${JSON.stringify(type)}, which is not a value vpclink knows; it is kept and not simulated`,
      { resourceId: id, suggestion: `check the spelling: ${NEXT_HOP_TYPES.join(', ')}` },
    );
    return;
  }
  ctx.report(
    'ROUTE_NEXT_HOP_NOT_SIMULATED',
    `${at}/nextHopType`,
    `${id}: route entry ${e} has next hop ${type} ${hop}; vpclink keeps it, and a flow that takes it is undetermined`,
    { resourceId: id },
  );
}

/**
 * A next hop the document does not have. Module-level, not a closure made per entry: under the
 * CommonJS transform tsx runs (the CLI's and the bench's), every named closure is also given its
 * name by a call per creation (`__name`), which took more time than the check itself.
 */
function reportHopNotInDocument(
  ctx: ValidationContext,
  at: string,
  id: string,
  e: number,
  hop: string,
  what: string,
): void {
  ctx.report(
    'ROUTE_NEXT_HOP_NOT_IN_DOCUMENT',
    `${at}/nextHopId`,
    `${id}: route entry ${e} goes to ${what} ${hop}, which is not in the document`,
    { resourceId: id, suggestion: `add ${what} ${hop} to the document (import it too), or correct nextHopId` },
  );
}

/** A next hop of another VPC than the table's. */
function reportHopOtherVpc(
  ctx: ValidationContext,
  at: string,
  id: string,
  e: number,
  hop: string,
  vpcId: string,
  what: string,
  theirs: string,
): void {
  ctx.report(
    'ROUTE_NEXT_HOP_OTHER_VPC',
    `${at}/nextHopId`,
    `${id} (${vpcId}): route entry ${e} goes to ${what} ${hop} of ${theirs}; a next hop must belong to the table's VPC`,
    {
      resourceId: id,
      suggestion: `point the route at ${what === 'peering connection' ? 'a peering connection of' : `an ${what} in`} ${vpcId}`,
    },
  );
}

/** An imported dynamic entry (its `type` is BGP, CEN or ECR): learnt, not created with CreateRouteEntry. */
function isDynamic(entry: RouteEntry): boolean {
  const type = (entry as { readonly type?: unknown }).type;
  return type !== undefined && type !== 'Custom';
}

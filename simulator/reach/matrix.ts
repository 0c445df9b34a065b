/**
 * The verdict for every ordered pair of instances, without tracing 4 million flows.
 *
 * A pair (s, d) is reachable exactly when `check` finds no blocker, which factors into parts that
 * each depend on far fewer things than the pair:
 *   ok(s) ∧ ok(d)                     — placed, addressed, running, all groups known
 *   routes(table(s))[d]               — the request: s's route table delivers d's address to d
 *   routes(table(d))[s]               — the reply: d's route table delivers s's address to s
 *   egress(pool(s))[d]                — s's pooled security groups let the request out to d
 *   ingress(pool(d))[s]               — d's pooled security groups let it in from s
 *   acl(vSwitch(s))[d], acl(vSwitch(d))[s] — both network ACLs pass both legs (or one vSwitch)
 * Each part is a bitset over all peers, computed once per route table, security-group set or
 * ACL ("equivalence classes" of instances): with the instances sorted by address, every CIDR
 * covers a contiguous run of bits, so applying routes longest-prefix-first, or rules in
 * evaluation order, paints the still undecided bits of a run a word at a time
 * (matrix/positions.ts). Group references and InnerAccessPolicy paint the members. A part is
 * painted only on the words where some route table of its instances delivers (the assembly
 * reads nothing else), and an ICMP/TCP/UDP matrix compiles and paints only the rules of its
 * protocol, each group's up to its first rule that decides every peer (a block holding every
 * instance's address: matrix/groupParts.ts, securityGroups.ts groupRulesForFlow). The parts are then combined by word ANDs and one bit-matrix
 * transpose in place (matrix/assemble.ts). What does not depend on the flow (endpoints, route
 * parts, group members) is kept per index (`groundworkOf`); a sweep after `update` starts from
 * the previous sweep's parts and pools' rules (of every pool the edit did not touch). The result
 * agrees with `check` pair by pair (tested on the examples and on random documents,
 * test/simulator/reach/matrixDifferential.test.ts).
 */
import type { Compiled, InstanceInfo, TableInfo, VSwitchInfo, VpcInfo } from './compile';
import type { Pool } from './securityGroups';
import type { CompiledAcl } from './steps/networkAcl';
import type { CheckResult, MatrixResult, Protocol } from './types';
import { type AclBits, aclBitsOf } from './matrix/aclParts';
import { assemble, type Side, type SweptMatrix } from './matrix/assemble';
import { markedIndexes, wordsFor } from './matrix/bits';
import {
  type FlowPool,
  FlowRules,
  type GroupPositions,
  groupPositionsOf,
  type PoolBits,
  poolBitsOf,
} from './matrix/groupParts';
import { type Painter, painterFor, type Positions, positionsFor } from './matrix/positions';
import { type Endpoints, membersOf, type PeerCache, type RouteBits, routeBitsOf } from './matrix/routeParts';

export type { SweptMatrix } from './matrix/assemble';

/** The route kinds the sweep models; a kind added later (a new next hop) takes the per-pair path until it does. */
const SWEPT_ROUTE_KINDS: ReadonlySet<string> = new Set(['local', 'routerInterface', 'vpcPeer', 'unsupported']);

/**
 * Whether the fast sweep below is exact for this document: every route kind is one it models
 * (vSwitches, router interfaces, peering connections, next hops that are not simulated →
 * `undetermined`). Security-group rules of every release-2 field are swept (prefix lists paint
 * their blocks, source ports are packet classes, a rule limited to some of the ENI's own
 * addresses splits the pool per address); network ACLs are swept too.
 */
export function sweepIsExact(c: Compiled): boolean {
  for (const table of c.tables.values())
    for (const route of table.routes) if (!SWEPT_ROUTE_KINDS.has(route.kind)) return false;
  // Transit routers (routes into them, and the routes they may publish into a VPC) need the tracer.
  if ((c.document.transitRouterVpcAttachments?.length ?? 0) > 0) return false;
  return true;
}

/** The matrix as `check` of every ordered pair: exact for every feature, slower. */
export function matrixByChecks(
  c: Compiled,
  check: (s: InstanceInfo, d: InstanceInfo) => CheckResult,
  protocol: Protocol,
  port: number | null,
): MatrixResult {
  const instances = c.instances;
  const rows: Uint32Array[] = [];
  const undetermined: Array<[number, number]> = [];
  for (const s of instances) {
    const row = new Uint32Array(wordsFor(instances.length));
    for (const d of instances) {
      const verdict = s === d ? 'reachable' : check(s, d).verdict;
      if (verdict === 'reachable') row[d.idx >>> 5] |= 1 << (d.idx & 31);
      if (verdict === 'undetermined') undetermined.push([s.idx, d.idx]);
    }
    rows.push(row);
  }
  return matrixResult(c, protocol, port, { rows, undetermined });
}

/**
 * The §3.3 result over bitset rows (N²/8 bytes: 12.5 MB for 10,000 instances, where N² booleans
 * take most of a gigabyte). `reachable` is decoded on first read and kept; `rows` is not
 * enumerable, so the result still compares, clones and serialises as the contract's shape.
 */
export function matrixResult(c: Compiled, protocol: Protocol, port: number | null, swept: SweptMatrix): MatrixResult {
  const n = c.instances.length;
  const { rows } = swept;
  let decoded: boolean[][] | null = null;
  const result = { protocol, port, instances: c.instances.map((i) => i.id) } as Record<string, unknown>;
  Object.defineProperty(result, 'reachable', {
    enumerable: true,
    get: () => (decoded ??= rows.map((row) => decodeRow(row, n))),
  });
  result.undetermined = swept.undetermined;
  Object.defineProperty(result, 'rows', { enumerable: false, value: rows });
  return result as unknown as MatrixResult;
}

function decodeRow(row: Uint32Array, n: number): boolean[] {
  const out = new Array<boolean>(n);
  for (let d = 0; d < n; d++) out[d] = ((row[d >>> 5]! >>> (d & 31)) & 1) === 1;
  return out;
}

/** Row s of a matrix as booleans, decoded from its bitset alone (the whole `reachable` is never built). */
export function reachableRow(result: MatrixResult, s: number): readonly boolean[] {
  const rows = (result as { readonly rows?: readonly Uint32Array[] }).rows;
  return rows === undefined ? result.reachable[s]! : decodeRow(rows[s]!, result.instances.length);
}

/** The bitset rows of a matrix (bit d of row s: s reaches d), when it has them. */
export function bitRows(result: MatrixResult): readonly Uint32Array[] | undefined {
  return (result as { readonly rows?: readonly Uint32Array[] }).rows;
}

/** Whether s reaches d (both ways), read from the bitset when the result has one. */
export function isReachable(result: MatrixResult, s: number, d: number): boolean {
  const rows = (result as { readonly rows?: readonly Uint32Array[] }).rows;
  return rows === undefined ? result.reachable[s]![d] === true : ((rows[s]![d >>> 5]! >>> (d & 31)) & 1) === 1;
}

/**
 * What one sweep leaves for the next one on an edited document (`update`): the parts of each
 * route table, pooled group set and ACL, keyed by the very objects they were computed from.
 * Valid while the instances, the network, the router interfaces and the peering connections
 * are the same objects (else a sweep starts afresh); the assembly is always redone (word ANDs).
 */
export interface SweepCache {
  readonly compiled: Compiled;
  readonly protocol: Protocol;
  readonly port: number | null;
  readonly routeBits: ReadonlyMap<TableInfo, RouteBits>;
  /** By group set: its pool, or `pool.key@address` for a pool split per address (GroupSet.key). */
  readonly poolBits: ReadonlyMap<Pool | string, PoolBits>;
  readonly aclBits: ReadonlyMap<CompiledAcl, AclBits>;
  /** Each pool's rules for the flow (a pool `update` kept is the same object). */
  readonly flows: ReadonlyMap<Pool, FlowPool>;
}

function reusable(previous: SweepCache | undefined, c: Compiled, protocol: Protocol, port: number | null): boolean {
  if (previous === undefined || previous.protocol !== protocol || previous.port !== port) return false;
  const p = previous.compiled;
  return (
    p.instanceStage === c.instanceStage &&
    p.network === c.network &&
    p.index.routerInterfaces === c.index.routerInterfaces &&
    p.index.vpcByRouterId === c.index.vpcByRouterId &&
    p.peerConnections === c.peerConnections
  );
}

/**
 * The sweep. With `previous` (the cache of the same protocol and port on an earlier version of the
 * document), only the parts of route tables, pools and ACLs that are new objects are computed again.
 */
export function computeMatrix(
  c: Compiled,
  poolOf: (i: InstanceInfo) => Pool,
  protocol: Protocol,
  port: number | null,
  previous?: SweepCache,
): { readonly swept: SweptMatrix; readonly cache: SweepCache } {
  const positions = positionsFor(c.instances);
  const painter = painterFor(positions);
  const old = reusable(previous, c, protocol, port) ? previous! : undefined;
  const groundwork = groundworkOf(c, positions, painter);
  const flowRules = new FlowRules(c, protocol, port, old?.flows, positions);
  // Each step is its own function: V8 optimises (and, on a new shape, drops) each loop alone.
  const placed = placeInstances(c, poolOf, positions, painter, groundwork, flowRules, old);
  const { poolBits, aclBits } = paintParts(placed, protocol, port, positions, painter, groundwork.members, old);
  const sides = sidesOf(placed, aclBits, groundwork.endpoints);
  const swept = assemble(positions, sides, c.instances.length);
  const cache = {
    compiled: c,
    protocol,
    port,
    routeBits: placed.routeBits,
    poolBits,
    aclBits,
    flows: flowRules.byPool,
  };
  _liveSweep = { cache, flowRules };
  return { swept, cache };
}

/** Step 1's answer: each position's place and group set, and what each part is read on. */
interface Placed {
  readonly routeBits: Map<TableInfo, RouteBits>;
  readonly groupSets: readonly GroupSet[];
  /** The route tables each ACL's vSwitches use. */
  readonly aclTables: ReadonlyMap<CompiledAcl, RouteBits[]>;
  /** The keys of `aclTables` in order (a loop over them makes no entry arrays). */
  readonly acls: readonly CompiledAcl[];
  /** By position: its place (null: not ok, or ROUTE_TABLE_MISSING) and group set. */
  readonly placeAt: ReadonlyArray<Place | null>;
  readonly groupSetAt: readonly GroupSet[];
}

/**
 * 1. Each instance's place (its vSwitch's route table and ACL) and group set; which tables'
 *    deliveries each group set and ACL is read on.
 */
function placeInstances(
  c: Compiled,
  poolOf: (i: InstanceInfo) => Pool,
  positions: Positions,
  painter: Painter,
  { endpoints, routeParts, peers }: Groundwork,
  flowRules: FlowRules,
  old: SweepCache | undefined,
): Placed {
  const instances = c.instances;
  const routeBits = new Map<TableInfo, RouteBits>();
  const places = new Map<VSwitchInfo, Place>();
  // Group sets by pool (most), or by pool and address when a rule of the pool looks at it.
  const byPool = new Map<Pool, GroupSet>();
  const byAddress = new Map<string, GroupSet>();
  const groupSets: GroupSet[] = [];
  const aclTables = new Map<CompiledAcl, RouteBits[]>();
  const acls: CompiledAcl[] = [];
  const placeAt = new Array<Place | null>(positions.size).fill(null);
  const groupSetAt = new Array<GroupSet>(positions.size);
  for (let p = 0; p < positions.size; p++) {
    const i = instances[positions.idxAt[p]!]!;
    const vSwitch = i.vSwitch!;
    let place = isOk(endpoints, p) ? places.get(vSwitch) : null;
    if (place === undefined) {
      const table = c.tableOf(vSwitch);
      let route: RouteBits | null = null;
      if (table !== null) {
        route = routeParts.get(table) ?? old?.routeBits.get(table) ?? routeBitsOf(c, table, painter, endpoints, peers);
        routeParts.set(table, route);
        routeBits.set(table, route);
      }
      places.set(vSwitch, (place = { vSwitch, route, acl: c.aclOf.get(vSwitch.id), sides: [] }));
    }
    // Not ok, or ROUTE_TABLE_MISSING: nothing from or back through it works.
    if (place === null || place.route === null) continue;
    const pool = poolOf(i);
    let groups = byPool.get(pool);
    if (groups === undefined) {
      const flow = flowRules.of(pool);
      // A rule limited to some of the ENI's own addresses makes the verdict depend on the address
      // too: such a pool is one class per address (and never in `byPool`).
      if (flow.looksAtSelf) {
        const key = `${pool.key}@${i.ip!}`;
        groups = byAddress.get(key);
        if (groups === undefined) byAddress.set(key, (groups = newGroupSet(groupSets, key, pool, flow, i.ip!)));
      } else byPool.set(pool, (groups = newGroupSet(groupSets, pool, pool, flow, i.ip!)));
    }
    addTable(groups.tables, place.route);
    if (place.acl !== undefined) {
      let tables = aclTables.get(place.acl);
      if (tables === undefined) {
        aclTables.set(place.acl, (tables = []));
        acls.push(place.acl);
      }
      addTable(tables, place.route);
    }
    placeAt[p] = place;
    groupSetAt[p] = groups;
  }
  return { routeBits, groupSets, aclTables, acls, placeAt, groupSetAt };
}

/** 2. The parts of each group set and ACL, painted on the words their tables deliver to only. */
function paintParts(
  { groupSets, aclTables, acls }: Placed,
  protocol: Protocol,
  port: number | null,
  positions: Positions,
  painter: Painter,
  members: GroupPositions,
  old: SweepCache | undefined,
): { readonly poolBits: Map<Pool | string, PoolBits>; readonly aclBits: Map<CompiledAcl, AclBits> } {
  // Keyed by the pool object (an identity hash), not its key: a key of several groups is a string
  // joined per index, hashed afresh by every map it is put in.
  const poolBits = new Map<Pool | string, PoolBits>();
  for (let g = 0; g < groupSets.length; g++) {
    const groups = groupSets[g]!;
    const { key, pool, flow, ip, tables } = groups;
    const window = windowOf(tables, positions.words);
    const before = old?.poolBits.get(key);
    groups.bits =
      before !== undefined && before.pool === pool && covers(before.window, window)
        ? before
        : poolBitsOf(pool, flow, painter, members, ip, window);
    poolBits.set(key, groups.bits);
  }
  const aclBits = new Map<CompiledAcl, AclBits>();
  for (let a = 0; a < acls.length; a++) {
    const acl = acls[a]!;
    const tables = aclTables.get(acl)!;
    const window = windowOf(tables, positions.words);
    const before = old?.aclBits.get(acl);
    aclBits.set(
      acl,
      before !== undefined && covers(before.window, window) ? before : aclBitsOf(acl, protocol, port, painter, window),
    );
  }
  return { poolBits, aclBits };
}

/** 3. Each position's parts (shared by the instances of one vSwitch and group set). */
function sidesOf(
  { placeAt, groupSetAt }: Placed,
  aclBits: ReadonlyMap<CompiledAcl, AclBits>,
  endpoints: Endpoints,
): Array<Side | null> {
  const sides = new Array<Side | null>(placeAt.length).fill(null);
  for (let p = 0; p < placeAt.length; p++) {
    const place = placeAt[p]!;
    if (place === null) continue;
    const groups = groupSetAt[p]!.bits!;
    let side: Side | null = null;
    // A vSwitch holds one or a few group sets: a short list beats a map per vSwitch.
    for (let k = 0; k < place.sides.length; k++) if (place.sides[k]!.pool === groups) side = place.sides[k]!;
    if (side === null) {
      const acl = place.acl === undefined ? null : aclBits.get(place.acl)!;
      const ownVSwitch = acl === null ? null : membersOf(endpoints, place.vSwitch);
      side = { route: place.route!, pool: groups, acl, ownVSwitch };
      place.sides.push(side);
    }
    sides[p] = side;
  }
  return sides;
}

/**
 * The latest sweep's cache and rules, kept for as long as the module lives (or the next sweep).
 * Many objects a sweep reads (the compilation, its instances and tables, the pools, the flow's
 * rules) get their object shapes by adding fields, and V8 holds such shapes only weakly: when
 * the last index that used them died (each bench run, each document the app loads), the shapes
 * died with it, and with them the optimised code of everything that read them (--trace-deopt:
 * 'weak objects' on compilePool, PooledRules, FlowRules.of, endpointsOf on every fresh index),
 * so each new index's matrix ran unoptimised again. Keeping one sweep alive keeps one of each
 * shape: at most one index besides the ones in use (the app's current index is usually this one).
 * Measured on L (CPU time, alternating runs, load ~10): a fresh index's matrix after warm-up
 * 75/81/47 ms → 43/42/33 ms (medians of three processes).
 */
let _liveSweep: { readonly cache: SweepCache; readonly flowRules: FlowRules } | null = null;

/**
 * What a sweep reads that does not depend on the flow, kept per compilation: a matrix of another
 * protocol or port on the same index (diff and assert ask for several) starts from it.
 */
interface Groundwork {
  readonly endpoints: Endpoints;
  /** The route part of each table (a table's deliveries are the same for every flow). */
  readonly routeParts: Map<TableInfo, RouteBits>;
  readonly peers: PeerCache;
  readonly members: GroupPositions;
}

const groundworks = new WeakMap<Compiled, Groundwork>();
/**
 * The endpoints and group members by position depend on the instances and the network only:
 * kept with the instance stage, which `compile(next, previous)` keeps when an edit touches
 * neither (a rule or route edit), so the sweep after `update` does not read every instance again.
 */
const endpointsByStage = new WeakMap<
  Compiled['instanceStage'],
  { readonly network: Compiled['network']; readonly endpoints: Endpoints; readonly members: GroupPositions }
>();

function groundworkOf(c: Compiled, positions: Positions, painter: Painter): Groundwork {
  let groundwork = groundworks.get(c);
  if (groundwork === undefined) {
    let kept = endpointsByStage.get(c.instanceStage);
    if (kept === undefined || kept.network !== c.network) {
      kept = {
        network: c.network,
        endpoints: endpointsOf(c, positions, painter),
        members: groupPositionsOf(c.groupMembers, positions),
      };
      endpointsByStage.set(c.instanceStage, kept);
    }
    groundwork = {
      endpoints: kept.endpoints,
      routeParts: new Map(),
      peers: { viaInterface: new Map(), viaPeering: new Map() },
      members: kept.members,
    };
    groundworks.set(c, groundwork);
  }
  return groundwork;
}

/** What an instance's vSwitch decides: its route table (null: ROUTE_TABLE_MISSING) and ACL. */
interface Place {
  readonly vSwitch: VSwitchInfo;
  readonly route: RouteBits | null;
  readonly acl: CompiledAcl | undefined;
  /** The parts of its instances, one per group set. */
  readonly sides: Side[];
}

/** Instances whose groups decide alike: one pool (and address, when a rule looks at it). */
interface GroupSet {
  /** The pool, or `pool.key@address` when the pool is split per address. */
  readonly key: Pool | string;
  readonly pool: Pool;
  readonly flow: FlowPool;
  readonly ip: number;
  /** The route tables of its instances. */
  readonly tables: RouteBits[];
  /** Its parts, once painted. */
  bits: PoolBits | null;
}

function newGroupSet(all: GroupSet[], key: Pool | string, pool: Pool, flow: FlowPool, ip: number): GroupSet {
  const groups: GroupSet = { key, pool, flow, ip, tables: [], bits: null };
  all.push(groups);
  return groups;
}

function addTable(tables: RouteBits[], route: RouteBits): void {
  if (!tables.includes(route)) tables.push(route);
}

/** The words some of the tables deliver to, sorted. */
function windowOf(tables: readonly RouteBits[], words: number): Int32Array {
  if (tables.length === 1) return tables[0]!.support;
  const marks = new Uint8Array(words);
  for (const table of tables) for (const w of table.support) marks[w] = 1;
  return markedIndexes(marks);
}

/** Whether a sorted window holds every word of another. */
function covers(outer: Int32Array, inner: Int32Array): boolean {
  let i = 0;
  for (const w of inner) {
    while (i < outer.length && outer[i]! < w) i++;
    if (i === outer.length || outer[i] !== w) return false;
  }
  return true;
}

function isOk(endpoints: Endpoints, p: number): boolean {
  return ((endpoints.ok[p >>> 5]! >>> (p & 31)) & 1) === 1;
}

/**
 * Everything `check` reports about an endpoint itself, by position: ok (placed, addressed,
 * running, every group known); the ok members of each vSwitch; and, per VPC, the ok members
 * whose own VPC delivers their address into their vSwitch (a packet from a peer VPC is
 * delivered by the destination VPC's vSwitch blocks only).
 */
function endpointsOf(c: Compiled, positions: Positions, painter: Painter): Endpoints {
  const { size, words, idxAt } = positions;
  const ok = new Uint32Array(words);
  const bySwitch = new Map<VSwitchInfo, Uint32Array>();
  const byVpc = new Map<VpcInfo, Uint32Array>();
  const instances = c.instances;
  for (let p = 0; p < size; p++) {
    const i = instances[idxAt[p]!]!;
    const vSwitch = i.vSwitch;
    const vpc = vSwitch?.vpc;
    if (vSwitch === null || vpc === null || vpc === undefined || !i.running || i.missingGroupIds.length > 0) continue;
    ok[p >>> 5] = ok[p >>> 5]! | (1 << (p & 31));
    setMember(bySwitch, vSwitch, p, painter);
    const local = vpc.local.lookup(i.ip!)?.value;
    if (local !== undefined && local.kind === 'local' && local.vSwitch === vSwitch) setMember(byVpc, vpc, p, painter);
  }
  const none = new Uint32Array(words);
  return {
    ok,
    bySwitch,
    arrivingByVpc: byVpc,
    none,
  };
}

/** Sets position p in the key's bitset (made on first use). A module function: a closure made per call is optimised again on every index. */
function setMember<K>(map: Map<K, Uint32Array>, key: K, p: number, painter: Painter): void {
  let bits = map.get(key);
  // Carved from the painter's chunk (a typed array with a buffer of its own per vSwitch cost more).
  if (bits === undefined) map.set(key, (bits = painter.fresh()));
  bits[p >>> 5] = bits[p >>> 5]! | (1 << (p & 31));
}

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
 * Each part is computed once per route table or per security-group set ("equivalence classes"
 * of instances) for all peers at once: with the instances sorted by address, every CIDR covers a
 * contiguous run, so applying routes longest-prefix-first, or rules in evaluation order, is a
 * "paint the unpainted cells of a range" sweep (a union-find skips painted cells). Group
 * references and InnerAccessPolicy paint the members. The result agrees with `check` pair by
 * pair (tested on the examples and on random documents).
 */
import { effectiveRouterInterfaceStatus, isPairingConsistent } from '../model/pairing';
import { cidrLast } from '../net/ipv4';
import type { Compiled, InstanceInfo, TableInfo, VSwitchInfo, VpcInfo } from './compile';
import { packetsOf, type Pool, ruleCoversSelf, ruleMatchesPacket } from './securityGroups';
import { type CompiledAcl, decideAcl, portsOf } from './steps/networkAcl';
import type { CheckResult, MatrixResult, Protocol } from './types';

/** The route kinds the sweep models; a kind added later (a new next hop) takes the per-pair path until it does. */
const SWEPT_ROUTE_KINDS: ReadonlySet<string> = new Set(['local', 'routerInterface', 'vpcPeer', 'unsupported']);

/**
 * Whether the fast sweep below is exact for this document: every route kind is one it models
 * (vSwitches, router interfaces, peering connections, next hops that are not simulated →
 * `undetermined`). Security-group rules of every release-2 field are swept (prefix lists paint
 * their blocks, source ports are packet classes, a rule limited to some of the ENI's own
 * addresses splits the pool per address); network ACLs are applied after the sweep
 * (`filterByAcls`).
 */
export function sweepIsExact(c: Compiled): boolean {
  for (const table of c.tables.values())
    for (const route of table.routes) if (!SWEPT_ROUTE_KINDS.has(route.kind)) return false;
  // Transit routers (routes into them, and the routes they may publish into a VPC) need the tracer.
  if ((c.document.transitRouterVpcAttachments?.length ?? 0) > 0) return false;
  return true;
}

/**
 * Network ACLs only take reachability away, and their blockers are definite: a pair the sweep
 * finds reachable or undetermined stays so exactly when the four ACL hops of `check` pass (the
 * source vSwitch's egress and, for the reply, ingress; the destination vSwitch's ingress and,
 * for the reply, egress; none between two addresses of one vSwitch), else it is unreachable.
 * Decisions are cached per ACL, direction, leg and peer instance.
 */
export function filterByAcls(c: Compiled, sweep: SweptMatrix, protocol: Protocol, port: number | null): SweptMatrix {
  if (c.aclOf.size === 0) return sweep;
  const instances = c.instances;
  const n = instances.length;
  // Per ACL, four decisions (egress/ingress × request/reply) per peer instance: -1 not yet known.
  const cache = new Map<CompiledAcl, Int8Array>();
  const passes = (acl: CompiledAcl, slot: 0 | 1 | 2 | 3, peer: InstanceInfo): boolean => {
    let known = cache.get(acl);
    if (known === undefined) cache.set(acl, (known = new Int8Array(4 * n).fill(-1)));
    const at = slot * n + peer.idx;
    let allowed = known[at]!;
    if (allowed === -1) {
      const direction = slot === 0 || slot === 3 ? 'egress' : 'ingress';
      const leg = slot < 2 ? 'request' : 'reply';
      allowed = decideAcl(acl, direction, protocol, portsOf(protocol, port, leg, null), peer.ip!).allowed ? 1 : 0;
      known[at] = allowed;
    }
    return allowed === 1;
  };
  // Slots: 0 egress/request, 1 ingress/request, 2 ingress/reply, 3 egress/reply.
  const aclPasses = (s: number, d: number): boolean => {
    const src = instances[s]!;
    const dst = instances[d]!;
    if (src.vSwitch === dst.vSwitch) return true;
    const srcAcl = c.aclOf.get(src.vSwitch!.id);
    const dstAcl = c.aclOf.get(dst.vSwitch!.id);
    return (
      (srcAcl === undefined || (passes(srcAcl, 0, dst) && passes(srcAcl, 2, dst))) &&
      (dstAcl === undefined || (passes(dstAcl, 1, src) && passes(dstAcl, 3, src)))
    );
  };
  // Only the set cells can change: visit them bit by bit (the rows are the sweep's own).
  sweep.rows.forEach((row, s) => {
    for (let w = 0; w < row.length; w++) {
      for (let bits = row[w]!; bits !== 0; bits &= bits - 1) {
        const d = (w << 5) + 31 - Math.clz32(bits & -bits);
        if (d !== s && !aclPasses(s, d)) row[w] = row[w]! & ~(1 << (d & 31));
      }
    }
  });
  return { rows: sweep.rows, undetermined: sweep.undetermined.filter(([s, d]) => aclPasses(s, d)) };
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
    const row = new Uint32Array(rowWords(instances.length));
    for (const d of instances) {
      const verdict = s === d ? 'reachable' : check(s, d).verdict;
      if (verdict === 'reachable') row[d.idx >>> 5] |= 1 << (d.idx & 31);
      if (verdict === 'undetermined') undetermined.push([s.idx, d.idx]);
    }
    rows.push(row);
  }
  return matrixResult(c, protocol, port, { rows, undetermined });
}

/** Words of a bitset row of n cells. */
function rowWords(n: number): number {
  return (n + 31) >>> 5;
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
 * The instances with an address, sorted by address (ties by document order): "positions". All
 * per-peer arrays below are indexed by position, so a CIDR is a contiguous run of cells.
 */
class Painter {
  readonly ips: Float64Array;
  readonly idxAt: Int32Array;
  /** Position of each instance in the sorted order, -1 without an address. */
  readonly posOf: Int32Array;
  private readonly parent: Int32Array;
  private readonly identity: Int32Array;
  /** Route index per cell (route tables). */
  readonly value: Int32Array;
  /** 1 allowed / 0 denied per cell (security groups), padded to whole words. */
  readonly flag: Uint8Array;

  constructor(instances: readonly InstanceInfo[]) {
    const withIp = instances.filter((i) => i.ip !== null).sort((a, b) => a.ip! - b.ip! || a.idx - b.idx);
    this.ips = Float64Array.from(withIp, (i) => i.ip!);
    this.idxAt = Int32Array.from(withIp, (i) => i.idx);
    this.posOf = new Int32Array(instances.length).fill(-1);
    withIp.forEach((inst, pos) => (this.posOf[inst.idx] = pos));
    this.parent = new Int32Array(withIp.length + 1);
    this.identity = Int32Array.from(this.parent, (_, i) => i);
    this.value = new Int32Array(withIp.length);
    this.flag = new Uint8Array(cells(withIp.length));
  }

  get size(): number {
    return this.ips.length;
  }

  resetValue(fill: number): void {
    this.parent.set(this.identity);
    this.value.fill(fill);
  }

  resetFlag(fill: number): void {
    this.parent.set(this.identity);
    this.flag.fill(fill, 0, this.ips.length);
  }

  private find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[i] !== root) {
      const next = this.parent[i]!;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  /** First position whose address is >= ip. */
  private lowerBound(ip: number): number {
    let lo = 0;
    let hi = this.ips.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ips[mid]! < ip) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Paints every unpainted cell whose address lies in [first, last] into `target`. */
  paintRange(first: number, last: number, v: number, target: Int32Array | Uint8Array): void {
    const hi = this.lowerBound(last + 1);
    for (let i = this.find(this.lowerBound(first)); i < hi; i = this.find(i + 1)) {
      target[i] = v;
      this.parent[i] = i + 1;
    }
  }

  paintCell(pos: number, v: number, target: Int32Array | Uint8Array): void {
    if (pos < 0 || this.find(pos) !== pos) return;
    target[pos] = v;
    this.parent[pos] = pos + 1;
  }
}

const UNPAINTED = -1;
/** Route parts per position: bit 0 "no definite blocker", bit 1 "through a next hop vpclink does not simulate". */
const DELIVERS = 1;
const NOT_SIMULATED = 2;

/** Length of a per-position byte array: padded to whole 32-bit words. */
function cells(n: number): number {
  return (n + 3) & ~3;
}

/** The sweep's verdicts: one bitset row per source instance, and the undetermined pairs. */
export interface SweptMatrix {
  readonly rows: Uint32Array[];
  readonly undetermined: Array<[number, number]>;
}

/**
 * What one sweep leaves for the next one on an edited document (`update`): the per-table and
 * per-pool columns, keyed by the very objects they were computed from, and the verdict bits
 * before network ACLs. Valid while the instances, the network, the router interfaces and the
 * peering connections are the same objects (else a sweep starts afresh).
 */
export interface SweepCache {
  readonly compiled: Compiled;
  readonly protocol: Protocol;
  readonly port: number | null;
  readonly routeColumns: ReadonlyMap<TableInfo, Uint8Array>;
  readonly poolColumns: ReadonlyMap<
    string,
    { readonly pool: Pool; readonly egress: Uint8Array; readonly ingress: Uint8Array }
  >;
  /** Reachable and undetermined bits per source, before ACLs. */
  readonly rows: readonly Uint32Array[];
  readonly undeterminedRows: readonly Uint32Array[];
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
 * document), only what the edit can touch is computed again: the columns of route tables and
 * pools that are new objects, then the rows of sources that use one of them and, in every other
 * row, the cells of destinations that use one (a pair's verdict reads nothing else).
 */
export function computeMatrix(
  c: Compiled,
  poolOf: (i: InstanceInfo) => Pool,
  protocol: Protocol,
  port: number | null,
  previous?: SweepCache,
): { readonly swept: SweptMatrix; readonly cache: SweepCache } {
  const instances = c.instances;
  const n = instances.length;
  const painter = new Painter(instances);
  const size = painter.size;
  const { idxAt, posOf } = painter;
  const old = reusable(previous, c, protocol, port) ? previous! : undefined;

  // ok(x): everything `check` reports about an endpoint itself.
  const ok = new Uint8Array(n);
  for (const i of instances) {
    ok[i.idx] =
      i.vSwitch !== null && i.vSwitch.vpc !== null && i.ip !== null && i.running && i.missingGroupIds.length === 0
        ? 1
        : 0;
  }
  // The peer VPC delivers an arriving packet by its vSwitch blocks only: does d's own VPC deliver
  // d's address into d's vSwitch?
  const arrives = new Uint8Array(n);
  for (const i of instances) {
    if (!ok[i.idx]) continue;
    const local = i.vSwitch!.vpc!.local.lookup(i.ip!)?.value;
    arrives[i.idx] = local !== undefined && local.kind === 'local' && local.vSwitch === i.vSwitch ? 1 : 0;
  }
  // Instances whose table or pool column is new: their rows and columns are computed again.
  const dirty = new Uint8Array(n);

  // Route tables → per position: does the table deliver that instance's address to it?
  const tableIds = new Map<TableInfo, number>();
  const routeOk: Uint8Array[] = [];
  const fresh: boolean[] = [];
  const routeColumns = new Map<TableInfo, Uint8Array>();
  const tableOf = new Int32Array(n).fill(-1);
  const riCache = new Map<string, VpcInfo | null>();
  for (const i of instances) {
    if (!ok[i.idx]) continue;
    const table = c.tableOf(i.vSwitch!);
    if (table === null) {
      // ROUTE_TABLE_MISSING: nothing from or back through it works (and it may have worked before).
      dirty[i.idx] = 1;
      continue;
    }
    let t = tableIds.get(table);
    if (t === undefined) {
      t = routeOk.length;
      tableIds.set(table, t);
      const kept = old?.routeColumns.get(table);
      const column = kept ?? routesOf(c, table, painter, ok, arrives, riCache);
      routeOk.push(column);
      fresh.push(kept === undefined);
      routeColumns.set(table, column);
    }
    tableOf[i.idx] = t;
    if (fresh[t]) dirty[i.idx] = 1;
  }

  // Security-group sets → per position of the peer, per direction.
  const poolIds = new Map<string, number>();
  const egress: Uint8Array[] = [];
  const ingress: Uint8Array[] = [];
  const poolColumns = new Map<string, { pool: Pool; egress: Uint8Array; ingress: Uint8Array }>();
  const poolOfInstance = new Int32Array(n);
  for (const i of instances) {
    if (!ok[i.idx]) continue;
    const pool = poolOf(i);
    // A rule limited to some of the ENI's own addresses makes the verdict depend on the address
    // too: such a pool is one class per address.
    const key = looksAtSelf(pool) ? `${pool.key}@${i.ip!}` : pool.key;
    let k = poolIds.get(key);
    if (k === undefined) {
      k = egress.length;
      poolIds.set(key, k);
      const before = old?.poolColumns.get(key);
      const kept = before !== undefined && before.pool === pool ? before : undefined;
      const columns = kept ?? {
        pool,
        egress: securityGroupsOf(c, pool, 'egress', protocol, port, painter, i.ip!),
        ingress: securityGroupsOf(c, pool, 'ingress', protocol, port, painter, i.ip!),
      };
      egress.push(columns.egress);
      ingress.push(columns.ingress);
      poolColumns.set(key, columns);
    }
    poolOfInstance[i.idx] = k;
    if (poolColumns.get(key) !== old?.poolColumns.get(key)) dirty[i.idx] = 1;
  }
  // The destination side, by position. A destination without a route table (ROUTE_TABLE_MISSING)
  // gets the extra column `tables`, which is 0 for every source: no reply goes back through it.
  const tables = routeOk.length;
  const pools = ingress.length;
  const tableAt = new Int32Array(size);
  const poolAt = new Int32Array(size);
  const dirtyPositions: number[] = [];
  for (let p = 0; p < size; p++) {
    const t = tableOf[idxAt[p]!]!;
    tableAt[p] = t < 0 ? tables : t;
    poolAt[p] = poolOfInstance[idxAt[p]!]!;
    if (dirty[idxAt[p]!]) dirtyPositions.push(p);
  }
  // The reply and ingress parts of a source s are read per destination class (its table, its
  // pool) at s's position: laid out position-major, a source's columns are one contiguous run.
  const backAt = new Uint8Array(size * (tables + 1));
  routeOk.forEach((column, t) => {
    for (let p = 0; p < size; p++) backAt[p * (tables + 1) + t] = column[p]!;
  });
  const inwardAt = new Uint8Array(size * pools);
  ingress.forEach((column, k) => {
    for (let p = 0; p < size; p++) inwardAt[p * pools + k] = column[p]!;
  });

  const rows: Uint32Array[] = [];
  const undeterminedRows: Uint32Array[] = [];
  // Arrays are padded to whole 32-bit words: skip four destinations at a time where the
  // request cannot go (most cells).
  const words = cells(size) >>> 2;
  for (let s = 0; s < n; s++) {
    const ts = tableOf[s]!;
    const incremental = old !== undefined && !dirty[s];
    const row = incremental ? old.rows[s]!.slice() : new Uint32Array(rowWords(n));
    const unknown = incremental ? old.undeterminedRows[s]!.slice() : new Uint32Array(rowWords(n));
    rows.push(row);
    undeterminedRows.push(unknown);
    row[s >>> 5] |= 1 << (s & 31);
    if (!ok[s] || ts < 0) continue;
    const ps = posOf[s]!;
    const back = backAt.subarray(ps * (tables + 1), (ps + 1) * (tables + 1));
    const inward = inwardAt.subarray(ps * pools, (ps + 1) * pools);
    const forward = routeOk[ts]!;
    const out = egress[poolOfInstance[s]!]!;
    // One cell: routeOk is 0 at positions of instances that are not ok.
    const cell = (p: number): void => {
      const d = idxAt[p]!;
      if (d === s) return;
      const b = back[tableAt[p]!]!;
      const bit = 1 << (d & 31);
      row[d >>> 5] = row[d >>> 5]! & ~bit;
      unknown[d >>> 5] = unknown[d >>> 5]! & ~bit;
      if ((forward[p]! & out[p]! & b & inward[poolAt[p]!]! & DELIVERS) === 0) return;
      // No definite blocker anywhere; a next hop that is not simulated on either leg makes it undetermined.
      if (((forward[p]! | b) & NOT_SIMULATED) === 0) row[d >>> 5] |= bit;
      else unknown[d >>> 5] |= bit;
    };
    if (incremental) {
      for (const p of dirtyPositions) cell(p);
      continue;
    }
    const forward32 = new Uint32Array(forward.buffer, 0, words);
    const out32 = new Uint32Array(out.buffer, 0, words);
    for (let w = 0; w < words; w++) {
      if ((forward32[w]! & out32[w]!) === 0) continue;
      for (let p = w << 2, end = Math.min(p + 4, size); p < end; p++) cell(p);
    }
  }
  const cache: SweepCache = { compiled: c, protocol, port, routeColumns, poolColumns, rows, undeterminedRows };
  // The caller's copies: network ACLs take bits away from them, never from the cache.
  return {
    swept: { rows: rows.map((row) => row.slice()), undetermined: pairsOf(undeterminedRows) },
    cache,
  };
}

/** The set cells of bitset rows as [row, col] pairs, row by row. */
function pairsOf(bitRows: readonly Uint32Array[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  bitRows.forEach((row, s) => {
    for (let w = 0; w < row.length; w++)
      for (let bits = row[w]!; bits !== 0; bits &= bits - 1) pairs.push([s, (w << 5) + 31 - Math.clz32(bits & -bits)]);
  });
  return pairs;
}

/** For one route table, per position: does it deliver that instance's address to that instance? */
function routesOf(
  c: Compiled,
  table: TableInfo,
  painter: Painter,
  ok: Uint8Array,
  arrives: Uint8Array,
  riCache: Map<string, VpcInfo | null>,
): Uint8Array {
  const out = new Uint8Array(cells(painter.size));
  painter.resetValue(UNPAINTED);
  // Longest prefix first: the first route to paint a cell is its longest match.
  const routes = table.routes;
  const value = painter.value;
  routes.forEach((route, r) => painter.paintRange(route.cidr.base, cidrLast(route.cidr), r, value));
  // What each route can deliver to: a vSwitch (local), a peer VPC (usable interface), or nothing.
  const localTo: Array<VSwitchInfo | null> = [];
  const peerOf: Array<VpcInfo | null> = [];
  for (const route of routes) {
    localTo.push(route.kind === 'local' ? route.vSwitch : null);
    let peer: VpcInfo | null = null;
    if (route.kind === 'routerInterface' || route.kind === 'vpcPeer') {
      const hop = route.kind === 'routerInterface' ? route.routerInterfaceId : route.connectionId;
      const key = `${table.vpc.id}\u0000${route.kind}\u0000${hop}`;
      const cached = riCache.get(key);
      peer =
        cached !== undefined
          ? cached
          : route.kind === 'routerInterface'
            ? usablePeer(c, table.vpc, hop)
            : usablePeering(c, table.vpc, hop);
      riCache.set(key, peer);
    }
    peerOf.push(peer);
  }
  const unsimulated = routes.map((route) => route.kind === 'unsupported');
  const idxAt = painter.idxAt;
  const instances = c.instances;
  for (let pos = 0, size = value.length; pos < size; pos++) {
    const r = value[pos]!;
    if (r === UNPAINTED) continue;
    const idx = idxAt[pos]!;
    if (!ok[idx]) continue;
    const d = instances[idx]!;
    const local = localTo[r]!;
    if (local !== null) out[pos] = local === d.vSwitch ? DELIVERS : 0;
    else if (unsimulated[r]) out[pos] = DELIVERS | NOT_SIMULATED;
    else {
      const peer = peerOf[r]!;
      out[pos] = peer !== null && peer === d.vSwitch!.vpc && arrives[idx] === 1 ? 1 : 0;
    }
  }
  return out;
}

/** The peer VPC an interface leads to when nothing about the pair blocks traffic, else null. */
function usablePeer(c: Compiled, from: VpcInfo, routerInterfaceId: string): VpcInfo | null {
  const index = c.index;
  const ri = index.routerInterfaces.get(routerInterfaceId);
  if (ri === undefined || ri.routerId !== from.vpc.vRouterId) return null;
  // pairProblems(ri) is empty exactly when both ends are consistently paired (checked without
  // building its messages: model/pairing.ts isPairingConsistent).
  if (!isPairingConsistent(ri, index)) return null;
  const partner = index.routerInterfaces.get(ri.oppositeInterfaceId ?? '');
  if (partner === undefined || !isPairingConsistent(partner, index)) return null;
  if (
    effectiveRouterInterfaceStatus(ri, index) !== 'Active' ||
    effectiveRouterInterfaceStatus(partner, index) !== 'Active'
  )
    return null;
  const vpc = index.vpcByRouterId.get(partner.routerId);
  const peer = vpc ? c.vpcs.get(vpc.vpcId) : undefined;
  return peer === undefined || peer === from ? null : peer;
}

/**
 * The peer VPC a peering connection leads to when nothing about it blocks traffic, else null:
 * the connection is in the document, joins this VPC, its other VPC is known, and it is
 * Activated (a design's connection without a status is, topology-format.md §4.1).
 */
function usablePeering(c: Compiled, from: VpcInfo, connectionId: string): VpcInfo | null {
  const connection = c.peerConnections.get(connectionId)?.connection;
  if (connection === undefined) return null;
  const otherId =
    connection.vpcId === from.id
      ? connection.acceptingVpcId
      : connection.acceptingVpcId === from.id
        ? connection.vpcId
        : undefined;
  const peer = otherId === undefined ? undefined : c.vpcs.get(otherId);
  if (peer === undefined || peer === from) return null;
  return (connection.status ?? 'Activated') === 'Activated' ? peer : null;
}

/** Whether a pooled rule looks at the ENI's own address (ingress `destCidrIp`, egress `sourceCidrIp`). */
function looksAtSelf(pool: Pool): boolean {
  return pool.ingress.some((r) => r.local.kind !== 'any') || pool.egress.some((r) => r.local.kind !== 'any');
}

/** For one pooled group set and direction, per position of the peer: is the flow allowed? */
function securityGroupsOf(
  c: Compiled,
  pool: Pool,
  direction: 'ingress' | 'egress',
  protocol: Protocol,
  port: number | null,
  painter: Painter,
  selfIp: number,
): Uint8Array {
  const rules = direction === 'egress' ? pool.egress : pool.ingress;
  const fallback = direction === 'egress' && pool.allNormal ? 1 : 0;
  const flag = painter.flag;
  let allowed: Uint8Array | null = null;
  for (const packet of packetsOf(protocol, port, pool, direction)) {
    painter.resetFlag(fallback);
    // InnerAccessPolicy Accept of a shared basic group overrides every rule.
    for (const g of pool.innerAcceptGroupIds)
      for (const idx of c.groupMembers.get(g) ?? [])
        if (idx < painter.posOf.length) painter.paintCell(painter.posOf[idx]!, 1, flag);
    for (const rule of rules) {
      if (!ruleMatchesPacket(rule, packet) || !ruleCoversSelf(rule, selfIp)) continue;
      const v = rule.accept ? 1 : 0;
      const peer = rule.peer;
      if (peer.kind === 'cidr') painter.paintRange(peer.cidr.base, cidrLast(peer.cidr), v, flag);
      else if (peer.kind === 'prefixList')
        // Every block of the list at this rule's rank: the first rule to cover a peer decides it.
        for (const block of peer.blocks) painter.paintRange(block.base, cidrLast(block), v, flag);
      else if (peer.kind === 'group')
        for (const idx of c.groupMembers.get(peer.groupId) ?? [])
          // Members beyond the instances are secondary ENIs: no row or column of the matrix.
          if (idx < painter.posOf.length) painter.paintCell(painter.posOf[idx]!, v, flag);
    }
    if (allowed === null) allowed = flag.slice();
    else for (let p = 0; p < allowed.length; p++) allowed[p] = allowed[p]! & flag[p]!;
  }
  return allowed!;
}

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
import { effectiveRouterInterfaceStatus, pairProblems } from '../model/pairing';
import { cidrLast } from '../net/ipv4';
import type { Compiled, InstanceInfo, TableInfo, VSwitchInfo, VpcInfo } from './compile';
import { packetsOf, type Pool, ruleMatchesPacket } from './securityGroups';
import { type CompiledAcl, decideAcl, portsOf } from './steps/networkAcl';
import type { CheckResult, MatrixResult, Protocol } from './types';

/**
 * Whether the fast sweep below is exact for this document. It models the release-1 world:
 * security groups by peer address, routes to vSwitches and router interfaces. Network ACLs,
 * next hops that are not router interfaces (peering, or not simulated: `undetermined`) and the
 * rule fields that look at the ENI's own address or the source port need the tracer, pair by
 * pair (`matrixByChecks`).
 */
export function sweepIsExact(c: Compiled, options: { readonly ignoreAcls?: boolean } = {}): boolean {
  if (!options.ignoreAcls && c.aclOf.size > 0) return false;
  for (const table of c.tables.values())
    for (const route of table.routes) if (route.kind !== 'local' && route.kind !== 'routerInterface') return false;
  // Transit routers (routes into them, and the routes they may publish into a VPC) need the tracer.
  if ((c.document.transitRouterVpcAttachments?.length ?? 0) > 0) return false;
  for (const group of c.document.securityGroups)
    for (const p of group.permissions) {
      const local = p.direction === 'ingress' ? p.destCidrIp : p.sourceCidrIp;
      const localIpv6 = p.direction === 'ingress' ? p.ipv6DestCidrIp : p.ipv6SourceCidrIp;
      if (local !== undefined || localIpv6 !== undefined || p.sourcePortRange !== undefined) return false;
      if (p.sourcePrefixListId !== undefined || p.destPrefixListId !== undefined) return false;
    }
  return true;
}

/**
 * Network ACLs only take reachability away, and their blockers are definite: a pair the sweep
 * finds reachable stays so exactly when the four ACL hops of `check` pass (the source vSwitch's
 * egress and, for the reply, ingress; the destination vSwitch's ingress and, for the reply,
 * egress; none between two addresses of one vSwitch). Decisions are cached per ACL, direction,
 * leg and peer address.
 */
export function filterByAcls(c: Compiled, sweep: MatrixResult): MatrixResult {
  const { protocol, port } = sweep;
  const cache = new Map<string, boolean>();
  const passes = (acl: CompiledAcl, direction: 'ingress' | 'egress', leg: 'request' | 'reply', peerIp: number) => {
    const key = `${acl.id}\u0000${acl.docIndex}\u0000${direction}\u0000${leg}\u0000${peerIp}`;
    let allowed = cache.get(key);
    if (allowed === undefined) {
      allowed = decideAcl(acl, direction, protocol, portsOf(protocol, port, leg, null), peerIp).allowed;
      cache.set(key, allowed);
    }
    return allowed;
  };
  const instances = c.instances;
  const reachable = sweep.reachable.map((row, s) =>
    row.map((ok, d) => {
      if (!ok || s === d) return ok;
      const src = instances[s]!;
      const dst = instances[d]!;
      if (src.vSwitch === dst.vSwitch) return true;
      const srcAcl = c.aclOf.get(src.vSwitch!.id);
      const dstAcl = c.aclOf.get(dst.vSwitch!.id);
      return (
        (srcAcl === undefined ||
          (passes(srcAcl, 'egress', 'request', dst.ip!) && passes(srcAcl, 'ingress', 'reply', dst.ip!))) &&
        (dstAcl === undefined ||
          (passes(dstAcl, 'ingress', 'request', src.ip!) && passes(dstAcl, 'egress', 'reply', src.ip!)))
      );
    }),
  );
  return { ...sweep, reachable };
}

/** The matrix as `check` of every ordered pair: exact for every feature, slower. */
export function matrixByChecks(
  c: Compiled,
  check: (s: InstanceInfo, d: InstanceInfo) => CheckResult,
  protocol: Protocol,
  port: number | null,
): MatrixResult {
  const instances = c.instances;
  const reachable: boolean[][] = [];
  const undetermined: Array<[number, number]> = [];
  for (const s of instances) {
    const row: boolean[] = [];
    for (const d of instances) {
      if (s === d) {
        row.push(true);
        continue;
      }
      const verdict = check(s, d).verdict;
      row.push(verdict === 'reachable');
      if (verdict === 'undetermined') undetermined.push([s.idx, d.idx]);
    }
    reachable.push(row);
  }
  return { protocol, port, instances: instances.map((i) => i.id), reachable, undetermined };
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

/** Length of a per-position byte array: padded to whole 32-bit words. */
function cells(n: number): number {
  return (n + 3) & ~3;
}

export function computeMatrix(
  c: Compiled,
  poolOf: (i: InstanceInfo) => Pool,
  protocol: Protocol,
  port: number | null,
): MatrixResult {
  const instances = c.instances;
  const n = instances.length;
  const painter = new Painter(instances);
  const size = painter.size;
  const { idxAt, posOf } = painter;

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

  // Route tables → per position: does the table deliver that instance's address to it?
  const tableIds = new Map<TableInfo, number>();
  const routeOk: Uint8Array[] = [];
  const tableOf = new Int32Array(n).fill(-1);
  const riCache = new Map<string, VpcInfo | null>();
  for (const i of instances) {
    if (!ok[i.idx]) continue;
    const table = c.tableOf(i.vSwitch!);
    if (table === null) continue; // ROUTE_TABLE_MISSING: nothing from or back through it works
    let t = tableIds.get(table);
    if (t === undefined) {
      t = routeOk.length;
      tableIds.set(table, t);
      routeOk.push(routesOf(c, table, painter, ok, arrives, riCache));
    }
    tableOf[i.idx] = t;
  }

  // Security-group sets → per position of the peer, per direction.
  const poolIds = new Map<string, number>();
  const egress: Uint8Array[] = [];
  const ingress: Uint8Array[] = [];
  const poolOfInstance = new Int32Array(n);
  for (const i of instances) {
    if (!ok[i.idx]) continue;
    const pool = poolOf(i);
    let k = poolIds.get(pool.key);
    if (k === undefined) {
      k = egress.length;
      poolIds.set(pool.key, k);
      egress.push(securityGroupsOf(c, pool, 'egress', protocol, port, painter));
      ingress.push(securityGroupsOf(c, pool, 'ingress', protocol, port, painter));
    }
    poolOfInstance[i.idx] = k;
  }
  // The destination side, by position.
  const tableAt = new Int32Array(size);
  const poolAt = new Int32Array(size);
  for (let p = 0; p < size; p++) {
    tableAt[p] = tableOf[idxAt[p]!]!;
    poolAt[p] = poolOfInstance[idxAt[p]!]!;
  }

  // Per source s, the reply and ingress parts are looked up through small per-table and
  // per-pool columns (routeOk[t][pos(s)], ingress[k][pos(s)]).
  const tables = routeOk.length;
  const pools = ingress.length;
  const back = new Uint8Array(tables);
  const inward = new Uint8Array(pools);
  const reachable: boolean[][] = [];
  // Arrays are padded to whole 32-bit words: skip four destinations at a time where the
  // request cannot go (most cells).
  const words = cells(size) >>> 2;
  for (let s = 0; s < n; s++) {
    const row = new Array<boolean>(n).fill(false);
    const ts = tableOf[s]!;
    if (ok[s] && ts >= 0) {
      const ps = posOf[s]!;
      for (let t = 0; t < tables; t++) back[t] = routeOk[t]![ps]!;
      for (let k = 0; k < pools; k++) inward[k] = ingress[k]![ps]!;
      const forward = routeOk[ts]!;
      const out = egress[poolOfInstance[s]!]!;
      const forward32 = new Uint32Array(forward.buffer, 0, words);
      const out32 = new Uint32Array(out.buffer, 0, words);
      for (let w = 0; w < words; w++) {
        if ((forward32[w]! & out32[w]!) === 0) continue;
        for (let p = w << 2, end = Math.min(p + 4, size); p < end; p++) {
          // routeOk is 0 at positions of instances that are not ok; back[-1] (no table) is undefined, and undefined & 1 is 0.
          if ((forward[p]! & out[p]! & back[tableAt[p]!]! & inward[poolAt[p]!]!) === 1) row[idxAt[p]!] = true;
        }
      }
    }
    row[s] = true;
    reachable.push(row);
  }
  return { protocol, port, instances: instances.map((i) => i.id), reachable, undetermined: [] };
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
    if (route.kind === 'routerInterface') {
      const key = `${table.vpc.id}\u0000${route.routerInterfaceId}`;
      const cached = riCache.get(key);
      peer = cached !== undefined ? cached : usablePeer(c, table.vpc, route.routerInterfaceId);
      riCache.set(key, peer);
    }
    peerOf.push(peer);
  }
  const idxAt = painter.idxAt;
  const instances = c.instances;
  for (let pos = 0, size = value.length; pos < size; pos++) {
    const r = value[pos]!;
    if (r === UNPAINTED) continue;
    const idx = idxAt[pos]!;
    if (!ok[idx]) continue;
    const d = instances[idx]!;
    const local = localTo[r]!;
    if (local !== null) out[pos] = local === d.vSwitch ? 1 : 0;
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
  if (pairProblems(ri, index).length > 0) return null;
  const partner = index.routerInterfaces.get(ri.oppositeInterfaceId ?? '');
  if (partner === undefined) return null;
  if (
    effectiveRouterInterfaceStatus(ri, index) !== 'Active' ||
    effectiveRouterInterfaceStatus(partner, index) !== 'Active'
  )
    return null;
  const vpc = index.vpcByRouterId.get(partner.routerId);
  const peer = vpc ? c.vpcs.get(vpc.vpcId) : undefined;
  return peer === undefined || peer === from ? null : peer;
}

/** For one pooled group set and direction, per position of the peer: is the flow allowed? */
function securityGroupsOf(
  c: Compiled,
  pool: Pool,
  direction: 'ingress' | 'egress',
  protocol: Protocol,
  port: number | null,
  painter: Painter,
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
      if (!ruleMatchesPacket(rule, packet)) continue;
      const v = rule.accept ? 1 : 0;
      const peer = rule.peer;
      if (peer.kind === 'cidr') painter.paintRange(peer.cidr.base, cidrLast(peer.cidr), v, flag);
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

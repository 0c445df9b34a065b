/**
 * Deterministic generator of synthetic estates for the benchmarks (issue "Benchmarks").
 *
 *   npx tsx bench/generate.ts L [seed] > /tmp/L.vpclink.json
 *
 * The same size and seed always give the same document, byte for byte. Every document is a valid
 * `vpclink/topology` v1 document (loads with `loadDocumentValue` as `ok`) and looks like a real
 * estate an architect would import:
 *
 * - VPCs spread over accounts (16-digit UIDs) and regions; each region has one hub VPC. Every
 *   spoke is paired with its region's hub (hub-and-spoke), the hubs form a full mesh, and the
 *   rest of the router-interface pairs are random spoke↔spoke links (mesh).
 * - CIDR plan: region r owns `10.(16r).0.0/12`, every VPC a /20 inside it, every vSwitch a /24.
 *   So hubs can carry one summary route per remote region (transit routes) as real estates do.
 * - Routes: both ends of every pair route the peer's /20 through their router interface; then
 *   transit routes (spoke → remote region /12 via its hub, hub → remote /12 via the remote hub)
 *   and per-vSwitch /24 routes fill up to the size's route count.
 * - Security groups: three per VPC (web/app/db), a few enterprise groups and `Drop` inner
 *   policies; rules are mostly CIDR-based (peer VPC, own VPC, a vSwitch, a region, 10/8, a /32),
 *   some group-based, ~6% `Drop`, priorities spread over 1–100, ingress and egress, TCP/UDP/ICMP/ALL.
 * - Deliberate faults, like a real estate: a few broken pairs (acceptor never given the
 *   initiator's details, or an owner ID typo) and a few missing return routes.
 *
 * No clock, no Math.random: a seeded PRNG (mulberry32) drives every choice.
 */
import { pathToFileURL } from 'node:url';
import type {
  Account,
  Instance,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  VpcPeerConnection,
  Permission,
  RouteEntry,
  RouteTable,
  RouterInterface,
  SecurityGroup,
  Topology,
  VSwitch,
  Vpc,
} from '../simulator/document/schema';
import { serializeDocument } from '../simulator/document/serialize';
// mulberry32, shared with the apply engine's jitter: tiny, fast, identical on every platform.
import { seededRandom } from '../cloud/apply/policy';

export type BenchSize = 'S' | 'M' | 'L' | 'XL';
export const BENCH_SIZES: readonly BenchSize[] = ['S', 'M', 'L', 'XL'];

/** The shape of each size (counts are exact in the generated document). */
export interface SizeSpec {
  readonly vpcs: number;
  readonly accounts: number;
  readonly regions: number;
  readonly instances: number;
  /** Security-group permissions in total. */
  readonly rules: number;
  /** Router-interface pairs (each pair = two `routerInterfaces`). */
  readonly pairs: number;
  /** Route entries in total, over all route tables. */
  readonly routes: number;
  /** Broken pairs among `pairs` (never connect: Idle in a design). */
  readonly brokenPairs: number;
  /** Pairs whose acceptor side lacks the return route. */
  readonly missingRoutes: number;
  /** Release 2: VPC peering connections between spokes without a router-interface pair (routes both ways). */
  readonly peerings: number;
  /** Release 2: vSwitches bound to a network ACL. */
  readonly acls: number;
  /** Release 2: secondary ENIs (two addresses each); as many instances get a secondary IP on their primary ENI. */
  readonly enis: number;
}

export const SIZES: Readonly<Record<BenchSize, SizeSpec>> = {
  S: {
    vpcs: 4,
    accounts: 2,
    regions: 2,
    instances: 40,
    rules: 400,
    pairs: 4,
    routes: 12,
    brokenPairs: 1,
    missingRoutes: 1,
    peerings: 1,
    acls: 1,
    enis: 2,
  },
  M: {
    vpcs: 50,
    accounts: 5,
    regions: 4,
    instances: 500,
    rules: 5_000,
    pairs: 100,
    routes: 500,
    brokenPairs: 2,
    missingRoutes: 3,
    peerings: 10,
    acls: 15,
    enis: 25,
  },
  L: {
    vpcs: 200,
    accounts: 20,
    regions: 8,
    instances: 2_000,
    rules: 20_000,
    pairs: 400,
    routes: 2_000,
    brokenPairs: 6,
    missingRoutes: 10,
    peerings: 40,
    acls: 60,
    enis: 100,
  },
  XL: {
    vpcs: 1_000,
    accounts: 100,
    regions: 16,
    instances: 10_000,
    rules: 100_000,
    pairs: 2_000,
    routes: 10_000,
    brokenPairs: 25,
    missingRoutes: 50,
    peerings: 200,
    acls: 300,
    enis: 500,
  },
};

const REGIONS = [
  'cn-qingdao',
  'cn-beijing',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-shenzhen',
  'cn-zhangjiakou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-southeast-1',
  'ap-northeast-1',
  'eu-central-1',
  'us-west-1',
  'us-east-1',
  'cn-huhehaote',
  'cn-guangzhou',
  'ap-southeast-5',
] as const;
const INITIATOR_SPECS = [
  'Mini.2',
  'Mini.5',
  'Small.1',
  'Small.2',
  'Small.5',
  'Middle.1',
  'Middle.2',
  'Large.1',
] as const;
const TIERS = ['web', 'app', 'db'] as const;

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function ipText(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

interface VpcPlan {
  readonly vpc: Vpc;
  readonly index: number;
  readonly region: number;
  readonly base: number; // network address of the /20, as uint32
  readonly vSwitches: VSwitch[];
  readonly groups: SecurityGroup[];
  readonly systemTable: { routeTableId: string; entries: RouteEntry[] };
}

type NewId = (prefix: string, length?: number) => string;

/**
 * What every drawing step shares. All steps draw from the one generator, so their order in
 * generateTopology fixes the document: reordering two steps changes every ID after them.
 */
interface Draw {
  readonly spec: SizeSpec;
  readonly rng: Rng;
  readonly newId: NewId;
}

type Pair = [VpcPlan, VpcPlan];
/** For each VPC, the local RI towards each peer VPC index. */
type RiTowards = Map<VpcPlan, Map<number, string>>;
type GroupOfPlan = { readonly plan: VpcPlan; readonly group: SecurityGroup };

export function generateTopology(size: BenchSize, seed = 1): Topology {
  const spec = sizeSpec(size);
  const rng = new Rng(seed * 7919 + size.length * 104729 + size.charCodeAt(0));
  const draw: Draw = { spec, rng, newId: idMaker(rng) };

  const accounts = drawAccounts(draw);
  const plans = planVpcs(draw, accounts);
  const hubs = plans.filter((p) => p.index < spec.regions); // index r < regions ⇒ k = 0 in region r
  const pairs = choosePairs(draw, plans, hubs);
  const { routerInterfaces, riTowards } = pairInterfaces(draw, pairs);
  placeRoutes(draw, plans, hubs, pairs, riTowards);
  const allGroups = plans.flatMap((p) => p.groups.map((g) => ({ plan: p, group: g })));
  drawRules(draw, plans, riTowards, allGroups);
  const instances = placeInstances(draw, plans);

  const release2 = release2Resources(
    spec,
    plans,
    riTowards,
    instances,
    allGroups,
    new Rng(seed * 6151 + size.charCodeAt(0)),
    draw.newId,
  );

  const routeTables: RouteTable[] = plans.map((p) => ({
    routeTableId: p.systemTable.routeTableId,
    vpcId: p.vpc.vpcId,
    routeTableType: 'System',
    routeEntries: p.systemTable.entries,
  }));

  return {
    format: 'vpclink/topology',
    version: 1,
    name: `bench ${size} (seed ${seed})`,
    description:
      `Synthetic estate for benchmarks: ${spec.vpcs} VPCs in ${spec.accounts} accounts and ${spec.regions} regions, ${spec.instances} instances, ` +
      `${spec.rules} security-group rules, ${spec.pairs} router-interface pairs, ${spec.routes} route entries.`,
    accounts,
    vpcs: plans.map((p) => p.vpc),
    vSwitches: plans.flatMap((p) => p.vSwitches),
    routeTables,
    routerInterfaces,
    securityGroups: plans.flatMap((p) => p.groups),
    instances,
    ...release2,
  };
}

/** The size's spec; a size from outside TypeScript (the CLI's argument) may name none. */
function sizeSpec(size: BenchSize): SizeSpec {
  const spec = SIZES[size];
  if (!spec)
    throw new Error(
      `generateTopology: unknown size ${JSON.stringify(size)} (expected one of ${BENCH_SIZES.join(', ')})`,
    );
  if (spec.regions > REGIONS.length) throw new Error(`generateTopology: at most ${REGIONS.length} regions`);
  return spec;
}

/** Random IDs shaped like the cloud's (`vpc-` + 21 characters), never the same one twice. */
function idMaker(rng: Rng): NewId {
  const usedIds = new Set<string>();
  return (prefix, length = 21) => {
    for (;;) {
      let id = prefix + '-';
      for (let i = 0; i < length; i++) id += ID_ALPHABET[Math.floor(rng.float() * ID_ALPHABET.length)];
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
}

/** Accounts: 16-digit main-account UIDs. */
function drawAccounts({ spec, rng }: Draw): Account[] {
  const accounts: Account[] = [];
  const accountIds = new Set<string>();
  while (accounts.length < spec.accounts) {
    let uid = String(rng.int(1, 9));
    for (let i = 0; i < 15; i++) uid += String(rng.int(0, 9));
    if (accountIds.has(uid)) continue;
    accountIds.add(uid);
    accounts.push({ accountId: uid, name: `account-${String(accounts.length + 1).padStart(3, '0')}` });
  }
  return accounts;
}

/**
 * VPCs: round-robin over regions (so each region has VPCs), accounts drawn at random but every
 * account gets at least one VPC. Each has three vSwitches (one per zone), a group per tier and an
 * empty system route table.
 */
function planVpcs(draw: Draw, accounts: readonly Account[]): VpcPlan[] {
  const { spec, rng, newId } = draw;
  const plans: VpcPlan[] = [];
  const perRegionCount = new Array<number>(spec.regions).fill(0);
  for (let i = 0; i < spec.vpcs; i++) {
    const region = i % spec.regions;
    const k = perRegionCount[region]!++;
    if (k >= 256) throw new Error('generateTopology: more than 256 VPCs in one region do not fit the CIDR plan');
    const base = ((10 << 24) | ((region * 16 + (k >> 4)) << 16) | ((k & 15) << 12)) >>> 0;
    const account = i < spec.accounts ? accounts[i]! : rng.pick(accounts);
    const regionId = REGIONS[region]!;
    const vpcId = newId('vpc');
    const vpc: Vpc = {
      vpcId,
      name: `${k === 0 ? 'hub' : 'spoke'}-${regionId}-${String(k).padStart(3, '0')}`,
      accountId: account.accountId,
      regionId,
      cidrBlock: `${ipText(base)}/20`,
      vRouterId: newId('vrt'),
    };
    const zones = [`${regionId}-a`, `${regionId}-b`, `${regionId}-c`];
    const vSwitches: VSwitch[] = zones.map((zoneId, z) => ({
      vSwitchId: newId('vsw'),
      name: `${vpc.name}-${zoneId.slice(-1)}`,
      vpcId,
      zoneId,
      cidrBlock: `${ipText(base + z * 256)}/24`,
    }));
    plans.push({
      vpc,
      index: i,
      region,
      base,
      vSwitches,
      groups: tierGroups(draw, vpc),
      systemTable: { routeTableId: newId('vtb'), entries: [] },
    });
  }
  return plans;
}

/** One group per tier, a few of them enterprise groups; rules are drawn later (drawRules). */
function tierGroups({ rng, newId }: Draw, vpc: Vpc): SecurityGroup[] {
  return TIERS.map((tier) => {
    const enterprise = rng.chance(0.05);
    return {
      securityGroupId: newId('sg', 20),
      name: `${vpc.name}-${tier}`,
      vpcId: vpc.vpcId,
      securityGroupType: enterprise ? 'enterprise' : 'normal',
      ...(enterprise ? {} : { innerAccessPolicy: rng.chance(0.1) ? ('Drop' as const) : ('Accept' as const) }),
      permissions: [],
    };
  });
}

/** Router-interface pairs: hub-and-spoke, hub mesh, then random spoke mesh, up to the size's count. */
function choosePairs({ spec, rng }: Draw, plans: readonly VpcPlan[], hubs: readonly VpcPlan[]): Pair[] {
  const pairKeys = new Set<string>();
  const pairs: Pair[] = [];
  const addPair = (a: VpcPlan, b: VpcPlan): boolean => {
    if (a === b || pairs.length >= spec.pairs) return false;
    const key = a.index < b.index ? `${a.index}/${b.index}` : `${b.index}/${a.index}`;
    if (pairKeys.has(key)) return false;
    pairKeys.add(key);
    pairs.push([a, b]);
    return true;
  };
  for (const p of plans) if (p.index >= spec.regions) addPair(p, hubs[p.region]!);
  for (let i = 0; i < hubs.length; i++) for (let j = i + 1; j < hubs.length; j++) addPair(hubs[i]!, hubs[j]!);
  const spokes = plans.filter((p) => p.index >= spec.regions);
  for (let guard = 0; pairs.length < spec.pairs && guard < spec.pairs * 100; guard++) {
    const pool = spokes.length >= 2 ? spokes : plans;
    addPair(rng.pick(pool), rng.pick(pool));
  }
  if (pairs.length !== spec.pairs)
    throw new Error(`generateTopology: could only place ${pairs.length} of ${spec.pairs} pairs`);
  return pairs;
}

/** The two router interfaces of each pair (some pairs broken on purpose), and who reaches whom through which. */
function pairInterfaces(
  { spec, rng, newId }: Draw,
  pairs: readonly Pair[],
): { routerInterfaces: RouterInterface[]; riTowards: RiTowards } {
  const routerInterfaces: RouterInterface[] = [];
  const riTowards: RiTowards = new Map();
  const brokenIndexes = new Set(rng.shuffle(pairs.map((_, i) => i)).slice(0, spec.brokenPairs));
  pairs.forEach(([initiator, acceptor], pairIndex) => {
    const riI = newId('ri');
    const riA = newId('ri');
    const i = initiator.vpc;
    const a = acceptor.vpc;
    const broken = brokenIndexes.has(pairIndex);
    // Two kinds of broken pair seen in real estates: the acceptor was never given the initiator's
    // details (the seed tutorial's classic mistake), or a typo in the opposite owner UID.
    const brokenKind = broken ? (pairIndex % 2 === 0 ? 'acceptor-not-configured' : 'owner-typo') : 'none';
    routerInterfaces.push({
      routerInterfaceId: riI,
      name: `${i.name}-to-${a.name}`,
      accountId: i.accountId,
      regionId: i.regionId,
      routerType: 'VRouter',
      routerId: i.vRouterId,
      role: 'InitiatingSide',
      spec: rng.pick(INITIATOR_SPECS),
      oppositeRegionId: a.regionId,
      oppositeInterfaceId: riA,
      oppositeRouterId: a.vRouterId,
      oppositeRouterType: 'VRouter',
      oppositeInterfaceOwnerId:
        brokenKind === 'owner-typo'
          ? a.accountId.slice(0, -1) + String((Number(a.accountId.slice(-1)) + 1) % 10)
          : a.accountId,
    });
    routerInterfaces.push({
      routerInterfaceId: riA,
      name: `${a.name}-from-${i.name}`,
      accountId: a.accountId,
      regionId: a.regionId,
      routerType: 'VRouter',
      routerId: a.vRouterId,
      role: 'AcceptingSide',
      spec: 'Negative',
      oppositeRegionId: i.regionId,
      ...(brokenKind === 'acceptor-not-configured'
        ? {}
        : {
            oppositeInterfaceId: riI,
            oppositeRouterId: i.vRouterId,
            oppositeRouterType: 'VRouter' as const,
            oppositeInterfaceOwnerId: i.accountId,
          }),
    });
    if (!riTowards.has(initiator)) riTowards.set(initiator, new Map());
    if (!riTowards.has(acceptor)) riTowards.set(acceptor, new Map());
    riTowards.get(initiator)!.set(acceptor.index, riI);
    riTowards.get(acceptor)!.set(initiator.index, riA);
  });
  return { routerInterfaces, riTowards };
}

/** A route table entry a candidate route would add. */
interface Candidate {
  readonly table: VpcPlan;
  readonly entry: RouteEntry;
}

function routeEntry(destinationCidrBlock: string, riId: string, name: string): RouteEntry {
  return {
    destinationCidrBlock,
    nextHopType: 'RouterInterface',
    nextHopId: riId,
    status: 'Available',
    routeEntryName: name,
  };
}

/** A region's /12 in the CIDR plan (planVpcs puts region r's VPCs under 10.(r·16).0.0). */
function regionCidr(r: number): string {
  return `10.${r * 16}.0.0/12`;
}

/**
 * Routes. Direct routes first (both ends of each pair; some return routes missing on purpose),
 * then transit summaries and per-vSwitch routes, shuffled, until the size's route count.
 */
function placeRoutes(
  { spec, rng }: Draw,
  plans: readonly VpcPlan[],
  hubs: readonly VpcPlan[],
  pairs: readonly Pair[],
  riTowards: RiTowards,
): void {
  const missing = new Set(rng.shuffle(pairs.map((_, i) => i)).slice(0, spec.missingRoutes));
  const direct: Candidate[] = [];
  pairs.forEach(([x, y], pairIndex) => {
    direct.push({ table: x, entry: routeEntry(y.vpc.cidrBlock, riTowards.get(x)!.get(y.index)!, `to-${y.vpc.name}`) });
    if (!missing.has(pairIndex))
      direct.push({
        table: y,
        entry: routeEntry(x.vpc.cidrBlock, riTowards.get(y)!.get(x.index)!, `to-${x.vpc.name}`),
      });
  });
  const extra = rng.shuffle(extraRoutes(spec, plans, hubs, riTowards));
  const chosen = [...direct, ...extra].slice(0, spec.routes);
  if (chosen.length < spec.routes)
    throw new Error(`generateTopology: only ${chosen.length} candidate routes for ${spec.routes}`);
  for (const c of chosen) c.table.systemTable.entries.push(c.entry);
}

/** Transit summaries towards the other regions and routes to each peer's vSwitches. */
function extraRoutes(
  spec: SizeSpec,
  plans: readonly VpcPlan[],
  hubs: readonly VpcPlan[],
  riTowards: RiTowards,
): Candidate[] {
  const extra: Candidate[] = [];
  for (const p of plans) {
    const towards = riTowards.get(p);
    if (!towards) continue;
    const hub = hubs[p.region]!;
    for (let r = 0; r < spec.regions; r++) {
      if (r === p.region) continue;
      // Hubs reach remote regions through the remote hub; spokes through their own hub.
      const via = p === hub ? towards.get(hubs[r]!.index) : towards.get(hub.index);
      if (via) extra.push({ table: p, entry: routeEntry(regionCidr(r), via, `transit-${REGIONS[r]}`) });
    }
    for (const [peerIndex, ri] of towards) {
      for (const vsw of plans[peerIndex]!.vSwitches)
        extra.push({ table: p, entry: routeEntry(vsw.cidrBlock, ri, `to-${vsw.name}`) });
    }
  }
  return extra;
}

const TCP_PORTS = [
  '22/22',
  '80/80',
  '443/443',
  '3306/3306',
  '6379/6379',
  '8080/8090',
  '5432/5432',
  '9000/9100',
  '1/65535',
] as const;

/** Security-group rules, exactly spec.rules in total, spread evenly over the groups. */
function drawRules(
  draw: Draw,
  plans: readonly VpcPlan[],
  riTowards: RiTowards,
  allGroups: readonly GroupOfPlan[],
): void {
  const { spec } = draw;
  const perGroup = Math.floor(spec.rules / allGroups.length);
  let remainder = spec.rules - perGroup * allGroups.length;
  for (const { plan, group } of allGroups) {
    let count = perGroup;
    if (remainder > 0) {
      count++;
      remainder--;
    }
    (group as { permissions: Permission[] }).permissions = drawGroupRules(draw, plans, riTowards, plan, group, count);
  }
}

/** `count` distinct rules for one group. */
function drawGroupRules(
  draw: Draw,
  plans: readonly VpcPlan[],
  riTowards: RiTowards,
  plan: VpcPlan,
  group: SecurityGroup,
  count: number,
): Permission[] {
  const { rng } = draw;
  const permissions: Permission[] = [];
  // The API keeps one of two rules that differ only in priority or policy: keep them distinct.
  const seen = new Set<string>();
  const enterprise = group.securityGroupType === 'enterprise';
  // Group references: another tier of the same VPC of the same type (a group cannot reference
  // itself, and enterprise groups cannot reference groups at all).
  const referable = enterprise ? [] : plan.groups.filter((g) => g !== group && g.securityGroupType === 'normal');
  for (let n = 0, attempts = 0; n < count && attempts < count * 50; attempts++) {
    const roll = rng.float();
    const priority = rng.int(1, 100);
    const drop = rng.chance(0.06);
    const policy = drop ? ('Drop' as const) : ('Accept' as const);
    const rule =
      roll < 0.8 || referable.length === 0
        ? cidrRule(draw, plans, riTowards, plan, policy, priority)
        : groupRule(rng, referable, policy, priority);
    const key = `${rule.direction} ${rule.ipProtocol} ${rule.portRange} ${rule.sourceCidrIp ?? rule.sourceGroupId ?? rule.destCidrIp ?? rule.destGroupId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    permissions.push(rule);
    n++;
  }
  if (permissions.length !== count)
    throw new Error(`generateTopology: could not draw ${count} distinct rules for ${group.securityGroupId}`);
  return permissions;
}

/** A CIDR rule: mostly TCP, some ICMP, UDP and ALL; mostly ingress. */
function cidrRule(
  draw: Draw,
  plans: readonly VpcPlan[],
  riTowards: RiTowards,
  plan: VpcPlan,
  policy: 'Accept' | 'Drop',
  priority: number,
): Permission {
  const { rng } = draw;
  const r2 = rng.float();
  const [ipProtocol, portRange] =
    r2 < 0.55
      ? (['TCP', rng.pick(TCP_PORTS)] as const)
      : r2 < 0.75
        ? (['ICMP', '-1/-1'] as const)
        : r2 < 0.88
          ? (['UDP', rng.pick(['53/53', '123/123', '161/162', '1/65535'])] as const)
          : (['ALL', '-1/-1'] as const);
  const egress = rng.chance(0.18);
  return egress
    ? {
        direction: 'egress',
        ipProtocol,
        portRange,
        policy,
        priority,
        destCidrIp: peerCidr(draw, plans, riTowards, plan),
        nicType: 'intranet',
      }
    : {
        direction: 'ingress',
        ipProtocol,
        portRange,
        policy,
        priority,
        sourceCidrIp: peerCidr(draw, plans, riTowards, plan),
        nicType: 'intranet',
      };
}

/** The CIDR block a rule names: a peer VPC or vSwitch, the VPC itself, a region, 10/8, anywhere or one host. */
function peerCidr({ spec, rng }: Draw, plans: readonly VpcPlan[], riTowards: RiTowards, p: VpcPlan): string {
  const roll = rng.float();
  const peers = [...(riTowards.get(p)?.keys() ?? [])].map((i) => plans[i]!);
  if (roll < 0.4 && peers.length) return rng.pick(peers).vpc.cidrBlock;
  if (roll < 0.55) return p.vpc.cidrBlock;
  if (roll < 0.7 && peers.length) return rng.pick(rng.pick(peers).vSwitches).cidrBlock;
  if (roll < 0.8) return regionCidr(rng.int(0, spec.regions - 1));
  if (roll < 0.87) return '10.0.0.0/8';
  if (roll < 0.9) return '0.0.0.0/0';
  // A single host (a bastion, a monitoring box) somewhere in the estate.
  const other = rng.pick(plans);
  return `${ipText(other.base + rng.int(0, other.vSwitches.length - 1) * 256 + rng.int(10, 14))}/32`;
}

/** Group-based: another tier of the same VPC (app accepts web, db accepts app …). */
function groupRule(
  rng: Rng,
  referable: readonly SecurityGroup[],
  policy: 'Accept' | 'Drop',
  priority: number,
): Permission {
  const peer = rng.pick(referable);
  const [ipProtocol, portRange] = rng.chance(0.7)
    ? (['TCP', rng.pick(TCP_PORTS)] as const)
    : (['ICMP', '-1/-1'] as const);
  return rng.chance(0.85)
    ? {
        direction: 'ingress',
        ipProtocol,
        portRange,
        policy,
        priority,
        sourceGroupId: peer.securityGroupId,
        nicType: 'intranet',
      }
    : {
        direction: 'egress',
        ipProtocol,
        portRange,
        policy,
        priority,
        destGroupId: peer.securityGroupId,
        nicType: 'intranet',
      };
}

/** Instances: spread evenly over VPCs, round-robin over vSwitches, one or two groups each. */
function placeInstances({ spec, rng, newId }: Draw, plans: readonly VpcPlan[]): Instance[] {
  const instances: Instance[] = [];
  const perVpc = Math.floor(spec.instances / spec.vpcs);
  let instanceRemainder = spec.instances - perVpc * spec.vpcs;
  for (const p of plans) {
    let count = perVpc;
    if (instanceRemainder > 0) {
      count++;
      instanceRemainder--;
    }
    for (let n = 0; n < count; n++) {
      const vsw = p.vSwitches[n % p.vSwitches.length]!;
      const host = 10 + Math.floor(n / p.vSwitches.length);
      if (host > 250) throw new Error('generateTopology: too many instances for one vSwitch');
      const base = p.base + (n % p.vSwitches.length) * 256;
      const tier = n % TIERS.length;
      const groups = [p.groups[tier]!.securityGroupId];
      // A second group of the same type only: an instance cannot mix basic and enterprise groups.
      const second = p.groups[(tier + 1) % TIERS.length]!;
      if (rng.chance(0.3) && second.securityGroupType === p.groups[tier]!.securityGroupType)
        groups.push(second.securityGroupId);
      instances.push({
        instanceId: newId('i', 20),
        name: `${p.vpc.name}-${TIERS[tier]}-${String(n).padStart(2, '0')}`,
        vSwitchId: vsw.vSwitchId,
        privateIpAddress: ipText(base + host),
        securityGroupIds: groups,
        status: 'Running',
      });
    }
  }
  return instances;
}

/**
 * The release-2 resources of a realistic estate, drawn with their own generator so the
 * router-interface estate stays the same: peering connections between VPCs that have no
 * router-interface pair (with a route each way), network ACLs on some vSwitches (most accept the
 * estate and drop one host; some admit only HTTPS and the replies), secondary IPs and secondary
 * ENIs, and one prefix list per account and region that a few ingress rules reference.
 */
function release2Resources(
  spec: SizeSpec,
  plans: readonly VpcPlan[],
  riTowards: ReadonlyMap<VpcPlan, ReadonlyMap<number, string>>,
  instances: readonly Instance[],
  allGroups: ReadonlyArray<{ readonly plan: VpcPlan; readonly group: SecurityGroup }>,
  rng: Rng,
  newId: (prefix: string, length?: number) => string,
): Pick<Topology, 'vpcPeerConnections' | 'networkAcls' | 'networkInterfaces' | 'prefixLists'> {
  // Peering: VPCs not already joined by a router-interface pair.
  const vpcPeerConnections: VpcPeerConnection[] = [];
  const spokes = plans;
  const joined = new Set<string>();
  for (let guard = 0; vpcPeerConnections.length < spec.peerings && guard < spec.peerings * 100; guard++) {
    const a = rng.pick(spokes);
    const b = rng.pick(spokes);
    const key = a.index < b.index ? `${a.index}/${b.index}` : `${b.index}/${a.index}`;
    if (a === b || joined.has(key) || riTowards.get(a)?.has(b.index)) continue;
    joined.add(key);
    const connection: VpcPeerConnection = {
      instanceId: newId('pcc'),
      name: `${a.vpc.name}-peer-${b.vpc.name}`,
      vpcId: a.vpc.vpcId,
      acceptingVpcId: b.vpc.vpcId,
    };
    vpcPeerConnections.push(connection);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const)
      from.systemTable.entries.push({
        destinationCidrBlock: to.vpc.cidrBlock,
        nextHopType: 'VpcPeer',
        nextHopId: connection.instanceId,
        status: 'Available',
        routeEntryName: `peer-${to.vpc.name}`,
      });
  }

  // Network ACLs: one per chosen vSwitch, in its VPC.
  const networkAcls: NetworkAcl[] = [];
  const vSwitches = rng.shuffle(plans.flatMap((p) => p.vSwitches.map((sw) => ({ plan: p, sw }))));
  for (const { plan, sw } of vSwitches.slice(0, spec.acls)) {
    const strict = rng.chance(0.25);
    const host = plan.base + rng.int(0, plan.vSwitches.length - 1) * 256 + rng.int(10, 14);
    networkAcls.push({
      networkAclId: newId('nacl'),
      networkAclName: `${sw.name}-acl`,
      vpcId: plan.vpc.vpcId,
      resources: [{ resourceId: sw.vSwitchId, resourceType: 'VSwitch' }],
      ingressAclEntries: strict
        ? [
            { policy: 'accept', protocol: 'tcp', port: '443/443', sourceCidrIp: '10.0.0.0/8' },
            { policy: 'accept', protocol: 'tcp', port: '32768/60999', sourceCidrIp: '10.0.0.0/8' },
          ]
        : [
            { policy: 'drop', protocol: 'all', port: '-1/-1', sourceCidrIp: `${ipText(host)}/32` },
            { policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: '10.0.0.0/8' },
          ],
      egressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '10.0.0.0/8' }],
    });
  }

  // ENIs: secondary IPs on some instances' primary ENIs, and secondary ENIs on others.
  const networkInterfaces: NetworkInterface[] = [];
  const vSwitchOf = new Map(plans.flatMap((p) => p.vSwitches.map((sw) => [sw.vSwitchId, sw] as const)));
  const hostOf = (ip: string) => Number(ip.split('.')[3]);
  const chosen = rng.shuffle([...instances]).slice(0, 2 * spec.enis);
  chosen.forEach((instance, k) => {
    const sw = vSwitchOf.get(instance.vSwitchId)!;
    const prefix = instance.privateIpAddress.split('.').slice(0, 3).join('.');
    if (k < spec.enis) {
      networkInterfaces.push({
        networkInterfaceId: newId('eni'),
        type: 'Primary',
        instanceId: instance.instanceId,
        vSwitchId: sw.vSwitchId,
        privateIpAddress: instance.privateIpAddress,
        privateIpSets: [
          { privateIpAddress: instance.privateIpAddress, primary: true },
          { privateIpAddress: `${prefix}.${hostOf(instance.privateIpAddress) + 100}` },
        ],
        securityGroupIds: instance.securityGroupIds,
      });
    } else {
      const address = `${prefix}.${hostOf(instance.privateIpAddress) + 60}`;
      networkInterfaces.push({
        networkInterfaceId: newId('eni'),
        name: `${instance.name}-eth1`,
        type: 'Secondary',
        instanceId: instance.instanceId,
        vSwitchId: sw.vSwitchId,
        privateIpAddress: address,
        privateIpSets: [
          { privateIpAddress: address, primary: true },
          { privateIpAddress: `${prefix}.${hostOf(instance.privateIpAddress) + 160}` },
        ],
        securityGroupIds: instance.securityGroupIds,
      });
    }
  });

  // Prefix lists: one per account and region in use ("corporate ranges": the region and one
  // host); about one group in six admits one protocol from it instead of a CIDR.
  const prefixLists = new Map<string, PrefixList>();
  for (const { plan, group } of allGroups) {
    if (!rng.chance(0.16)) continue;
    const key = `${plan.vpc.accountId}/${plan.vpc.regionId}`;
    let list = prefixLists.get(key);
    if (list === undefined) {
      list = {
        prefixListId: newId('pl'),
        prefixListName: `corp-${plan.vpc.regionId}`,
        accountId: plan.vpc.accountId,
        regionId: plan.vpc.regionId,
        entries: [
          { cidr: `10.${plan.region * 16}.0.0/12` },
          { cidr: `${ipText(plan.base + rng.int(10, 14))}/32`, description: 'bastion' },
        ],
        maxEntries: 10,
      };
      prefixLists.set(key, list);
    }
    const at = group.permissions.findIndex((p) => p.direction === 'ingress' && p.sourceCidrIp !== undefined);
    if (at < 0) continue;
    const { sourceCidrIp: _replaced, ...rule } = group.permissions[at]!;
    (group.permissions as Permission[])[at] = { ...rule, sourcePrefixListId: list.prefixListId };
  }
  return { vpcPeerConnections, networkAcls, networkInterfaces, prefixLists: [...prefixLists.values()] };
}

/**
 * `pairs` independent VPC pairs to connect at once (the apply bench): each pair is an initiator
 * VPC of account A in cn-qingdao and an acceptor VPC of account B in cn-beijing, one vSwitch, one
 * instance and one security group each, a consistent router-interface pair, a route each way and an
 * ICMP rule each way — the cross-account tutorial, `pairs` times.
 */
export function generatePairsTopology(pairs: number, seed = 1): Topology {
  if (!Number.isInteger(pairs) || pairs < 1 || pairs > 100)
    throw new Error(`generatePairsTopology: pairs must be 1–100, got ${pairs}`);
  const rng = new Rng(seed * 15485863 + pairs);
  const used = new Set<string>();
  const newId = (prefix: string): string => {
    for (;;) {
      let id = prefix + '-';
      for (let i = 0; i < 21; i++) id += ID_ALPHABET[Math.floor(rng.float() * ID_ALPHABET.length)];
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const accountA = '1231579085529123';
  const accountB = '1564982317654321';
  const doc = {
    format: 'vpclink/topology' as const,
    version: 1 as const,
    name: `bench: ${pairs} VPC pairs at once`,
    accounts: [
      { accountId: accountA, name: 'Account A (initiators)' },
      { accountId: accountB, name: 'Account B (acceptors)' },
    ],
    vpcs: [] as Vpc[],
    vSwitches: [] as VSwitch[],
    routeTables: [] as RouteTable[],
    routerInterfaces: [] as RouterInterface[],
    securityGroups: [] as SecurityGroup[],
    instances: [] as Instance[],
  };
  for (let k = 0; k < pairs; k++) {
    const side = (accountId: string, regionId: string, second: number) => {
      const vpcId = newId('vpc');
      const base = ((10 << 24) | (second << 16)) >>> 0;
      return {
        vpcId,
        accountId,
        regionId,
        cidr: `${ipText(base)}/16`,
        base,
        vRouterId: newId('vrt'),
        vSwitchId: newId('vsw'),
        routeTableId: newId('vtb'),
        sg: newId('sg'),
        ri: newId('ri'),
        instanceId: newId('i'),
      };
    };
    const a = side(accountA, 'cn-qingdao', k);
    const b = side(accountB, 'cn-beijing', 100 + k);
    for (const [me, peer, role] of [
      [a, b, 'InitiatingSide'],
      [b, a, 'AcceptingSide'],
    ] as const) {
      doc.vpcs.push({
        vpcId: me.vpcId,
        name: `pair-${k}-${role === 'InitiatingSide' ? 'a' : 'b'}`,
        accountId: me.accountId,
        regionId: me.regionId,
        cidrBlock: me.cidr,
        vRouterId: me.vRouterId,
      });
      doc.vSwitches.push({
        vSwitchId: me.vSwitchId,
        vpcId: me.vpcId,
        zoneId: `${me.regionId}-b`,
        cidrBlock: `${ipText(me.base + 256)}/24`,
      });
      doc.routeTables.push({
        routeTableId: me.routeTableId,
        vpcId: me.vpcId,
        routeTableType: 'System',
        routeEntries: [
          { destinationCidrBlock: peer.cidr, nextHopType: 'RouterInterface', nextHopId: me.ri, status: 'Available' },
        ],
      });
      doc.routerInterfaces.push({
        routerInterfaceId: me.ri,
        accountId: me.accountId,
        regionId: me.regionId,
        routerType: 'VRouter',
        routerId: me.vRouterId,
        role,
        spec: role === 'InitiatingSide' ? 'Mini.2' : 'Negative',
        oppositeRegionId: peer.regionId,
        oppositeInterfaceId: peer.ri,
        oppositeRouterId: peer.vRouterId,
        oppositeRouterType: 'VRouter',
        oppositeInterfaceOwnerId: peer.accountId,
      });
      doc.securityGroups.push({
        securityGroupId: me.sg,
        vpcId: me.vpcId,
        securityGroupType: 'normal',
        innerAccessPolicy: 'Accept',
        permissions: [
          {
            direction: 'ingress',
            ipProtocol: 'ICMP',
            portRange: '-1/-1',
            policy: 'Accept',
            priority: 1,
            sourceCidrIp: peer.cidr,
          },
        ],
      });
      doc.instances.push({
        instanceId: me.instanceId,
        vSwitchId: me.vSwitchId,
        privateIpAddress: ipText(me.base + 256 + 100),
        securityGroupIds: [me.sg],
        status: 'Running',
      });
    }
  }
  return doc;
}

/** The document as a user would have it on disk (two-space JSON, as `serializeDocument` writes). */
export function generateDocumentText(size: BenchSize, seed = 1): string {
  return serializeDocument(generateTopology(size, seed));
}

function main(argv: readonly string[]): number {
  const [sizeArg, seedArg, ...rest] = argv;
  const usage = 'usage: tsx bench/generate.ts S|M|L|XL [SEED] > FILE.vpclink.json';
  if (rest.length > 0 || sizeArg === undefined || !(BENCH_SIZES as readonly string[]).includes(sizeArg)) {
    process.stderr.write(
      `${sizeArg === undefined ? 'size: required' : `size: expected one of ${BENCH_SIZES.join(', ')}, got ${JSON.stringify(sizeArg)}`}\n${usage}\n`,
    );
    return 2;
  }
  const seed = seedArg === undefined ? 1 : Number(seedArg);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    process.stderr.write(`seed: expected a non-negative integer, got ${JSON.stringify(seedArg)}\n${usage}\n`);
    return 2;
  }
  process.stdout.write(generateDocumentText(sizeArg as BenchSize, seed));
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}

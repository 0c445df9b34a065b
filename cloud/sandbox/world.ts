/**
 * The sandbox's cloud: every account's resources as plain records (so the whole state is one JSON
 * value that can be saved and loaded), asynchronous transitions on a clock, and the conversions
 * from a seed topology document and to an exported one.
 */
import { createHash } from 'node:crypto';
import type { Permission, RouterInterfaceStatus, Topology } from '../../simulator/document';
import type { LifecycleRouterInterface, NormalRule, TransitionPhase } from '../../simulator/lifecycle';
import { canonicalRouteDestination } from '../../simulator/lifecycle';
import { buildTopologyIndex, effectiveRouterInterfaceStatus } from '../../simulator/model';
import { newResourceId, Rng } from './rng';
import type { RuleExtras } from './ruleFields';
import { type DataplaneState, exportDataplane, seedDataplane } from './vpc/dataplaneState';
import { exportPeers, seedPeers, type PeerTaskStatus, type VpcPeerRec } from './vpcpeer/state';
import { type CenState, exportCen, seedCen } from './cen/state';

export interface AccessKeyRec {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Set for a RAM user's key; absent for the account's own (root) key. */
  readonly ramUserName?: string;
}

export interface AccountRec {
  accountId: string;
  name?: string;
  accessKeys: AccessKeyRec[];
  /** RAM role names other sandbox accounts may AssumeRole into. */
  roles: string[];
}

export interface VpcRec {
  vpcId: string;
  accountId: string;
  regionId: string;
  cidrBlock: string;
  secondaryCidrBlocks: string[];
  vRouterId: string;
  name: string;
  description: string;
  creationTime: string;
}

export interface VSwitchRec {
  vSwitchId: string;
  vpcId: string;
  zoneId: string;
  cidrBlock: string;
  name: string;
  /** Custom route table; absent = the VPC's system table. */
  routeTableId?: string;
  creationTime: string;
}

export interface RouteTableRec {
  routeTableId: string;
  vpcId: string;
  routeTableType: 'System' | 'Custom';
  name: string;
  creationTime: string;
}

export type RouteEntryStatus = 'Pending' | 'Available' | 'Modifying' | 'Deleting';

export interface RouteEntryRec {
  routeEntryId: string;
  routeTableId: string;
  destinationCidrBlock: string;
  nextHopType: string;
  nextHopId: string;
  status: RouteEntryStatus;
  routeEntryName: string;
  description: string;
  creationTime: string;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface RouterInterfaceRec extends Mutable<LifecycleRouterInterface> {
  name: string;
  description: string;
  creationTime: string;
  connectedTime: string;
  healthCheckSourceIp: string;
  healthCheckTargetIp: string;
}

export interface SecurityGroupRec {
  securityGroupId: string;
  vpcId: string;
  securityGroupType: 'normal' | 'enterprise';
  innerAccessPolicy: 'Accept' | 'Drop';
  name: string;
  description: string;
  creationTime: string;
}

/** A stored rule: the lifecycle's fields plus the API's other ones (ruleFields.ts). */
export interface RuleRec extends NormalRule, RuleExtras {
  securityGroupRuleId: string;
  securityGroupId: string;
  createTime: string;
}

export interface InstanceRec {
  instanceId: string;
  vSwitchId: string;
  privateIpAddress: string;
  securityGroupIds: string[];
  name: string;
  status: string;
  creationTime: string;
}

export type TaskRec =
  | {
      id: number;
      dueAt: number;
      kind: 'routerInterface';
      routerInterfaceId: string;
      status: RouterInterfaceStatus | 'Deleted';
      phase: TransitionPhase;
    }
  | { id: number; dueAt: number; kind: 'routeEntry'; routeEntryId: string; status: 'Available' | 'Deleted' }
  | { id: number; dueAt: number; kind: 'vpcPeer'; instanceId: string; status: PeerTaskStatus };

export interface StsSessionRec {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** The account whose role was assumed: calls act as this account. */
  accountId: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  /** Epoch ms on the sandbox clock. */
  expiration: number;
}

export interface IdempotencyRec {
  accountId: string;
  clientToken: string;
  action: string;
  fingerprint: string;
  response: Record<string, unknown>;
}

/** Everything the sandbox holds, as one JSON-serialisable value (the --state file). */
export interface WorldState {
  format: 'vpclink/sandbox-state';
  version: 1;
  /** Sandbox clock (epoch ms) when the state was written. */
  now: number;
  rng: [number, number, number, number];
  accounts: AccountRec[];
  vpcs: VpcRec[];
  vSwitches: VSwitchRec[];
  routeTables: RouteTableRec[];
  routeEntries: RouteEntryRec[];
  routerInterfaces: RouterInterfaceRec[];
  securityGroups: SecurityGroupRec[];
  rules: RuleRec[];
  instances: InstanceRec[];
  tasks: TaskRec[];
  nextTaskId: number;
  sessions: StsSessionRec[];
  idempotency: IdempotencyRec[];
  /** Network ACLs, prefix lists, ENIs (vpc/dataplaneState.ts); absent in older state files. */
  dataplane?: DataplaneState;
  /** VPC peering connections (vpcpeer/state.ts); absent in older state files. */
  vpcPeerConnections?: VpcPeerRec[];
  /** CEN transit routers (cen/state.ts); absent without CEN and in older state files. */
  cen?: CenState;
}

/** The role every seeded account carries; any other sandbox account may assume it. */
export const SANDBOX_ROLE = 'vpclink-admin';

/** ISO 8601 UTC without milliseconds, as the API writes times (aliyun-api.md §3.8). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A sandbox AccessKey pair, derived from the account ID so tests and scripts see stable keys.
 * Never starts with `LTAI` (the prefix of real keys) so nobody mistakes one for a real key.
 */
export function sandboxAccessKey(accountId: string, n = 1): AccessKeyRec {
  const digest = (what: string) => createHash('sha256').update(`vpclink-sandbox:${accountId}:${n}:${what}`).digest();
  const id = 'SANDBOX' + digest('id').toString('hex').slice(0, 17).toUpperCase();
  const secret = digest('secret').toString('base64').replace(/[+/=]/g, '').slice(0, 30);
  return { accessKeyId: id, accessKeySecret: secret };
}

/** The RAM user every sandbox account carries, so the cross-account STS flow can be rehearsed (aliyun-links.md §5.3). */
const SANDBOX_RAM_USER = 'vpclink-operator';

/**
 * The RAM user's key of an account: AssumeRole refuses the root key (aliyun-links.md §5.3), so a
 * rehearsal of `RamRoleArn` profiles needs this one. Derived like the root key, as key 2.
 */
function sandboxRamUserKey(accountId: string): AccessKeyRec {
  return { ...sandboxAccessKey(accountId, 2), ramUserName: SANDBOX_RAM_USER };
}

/** Two made-up 16-digit UIDs for a sandbox started without a seed document. */
export const DEFAULT_ACCOUNT_IDS = ['1000000000000001', '1000000000000002'] as const;

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

export function emptyState(now: number, rngSeed: number): WorldState {
  return {
    format: 'vpclink/sandbox-state',
    version: 1,
    now,
    rng: new Rng(rngSeed).state(),
    accounts: [],
    vpcs: [],
    vSwitches: [],
    routeTables: [],
    routeEntries: [],
    routerInterfaces: [],
    securityGroups: [],
    rules: [],
    instances: [],
    tasks: [],
    nextTaskId: 1,
    sessions: [],
    idempotency: [],
  };
}

function newAccount(accountId: string, name?: string): AccountRec {
  return {
    accountId,
    ...(name ? { name } : {}),
    accessKeys: [sandboxAccessKey(accountId), sandboxRamUserKey(accountId)],
    roles: [SANDBOX_ROLE],
  };
}

/**
 * Builds the initial state from a seed document. `base` = the world before the plan (no router
 * interfaces, no routes through them, no security-group rules: that is what apply creates);
 * `full` = everything in the document, router interfaces with their given status (or Active for a
 * consistent pair, else Idle), for rehearsing teardown or import.
 */
export function seedState(seed: Topology | undefined, mode: 'base' | 'full', now: number, rngSeed: number): WorldState {
  const state = emptyState(now, rngSeed);
  const rng = new Rng(rngSeed);
  if (!seed) {
    state.accounts = DEFAULT_ACCOUNT_IDS.map((id, i) =>
      newAccount(id, `Sandbox account ${String.fromCharCode(65 + i)}`),
    );
    state.rng = rng.state();
    return state;
  }
  const s: Seeding = { state, seed, mode, rng, created: isoTime(now), seen: new Set(), vpcById: new Map() };
  // The order matters: later resources check their references against the earlier ones, and the
  // IDs drawn from `rng` (implied tables, routes, rules, data plane) must come in the same order
  // for a seed to give the same world every time.
  seedAccounts(s);
  seedVpcs(s);
  seedRouteTables(s);
  addImpliedSystemTables(s);
  seedVSwitches(s);
  seedSecurityGroups(s);
  seedInstances(s);
  if (mode === 'full') {
    seedPeers(state, seed, s.created);
    seedRouterInterfaces(s);
  }
  seedRouteEntries(s);
  if (mode === 'full') seedRules(s);
  seedDataplane(state, seed, rng, s.created, mode);
  seedCen(state, seed);
  state.rng = rng.state();
  return state;
}

/** A seeding in progress: the world filled so far, and what the checks of references need. */
interface Seeding {
  readonly state: WorldState;
  readonly seed: Topology;
  readonly mode: 'base' | 'full';
  readonly rng: Rng;
  /** Every seeded resource's creation time. */
  readonly created: string;
  /** IDs seen so far, across kinds: a seed must not reuse one. */
  readonly seen: Set<string>;
  readonly vpcById: Map<string, VpcRec>;
}

type SeedRouterInterface = Topology['routerInterfaces'][number];
type SeedRouteEntry = Topology['routeTables'][number]['routeEntries'][number];

function unique(s: Seeding, id: string, what: string): void {
  if (s.seen.has(id)) throw new SeedError(`seed: ${what} ID "${id}" appears more than once`);
  s.seen.add(id);
}

function vpcOf(s: Seeding, vpcId: string, what: string): VpcRec {
  const vpc = s.vpcById.get(vpcId);
  if (!vpc) throw new SeedError(`seed: ${what} refers to VPC "${vpcId}", which is not in the document`);
  return vpc;
}

function seedAccounts({ state, seed }: Seeding): void {
  for (const account of seed.accounts) {
    if (state.accounts.some((a) => a.accountId === account.accountId))
      throw new SeedError(`seed: account "${account.accountId}" appears more than once`);
    state.accounts.push(newAccount(account.accountId, account.name));
  }
}

/** A VPC of an account the document does not list brings that account along. */
function seedVpcs(s: Seeding): void {
  const { state, seed, created } = s;
  for (const vpc of seed.vpcs) {
    unique(s, vpc.vpcId, 'VPC');
    if (!state.accounts.some((a) => a.accountId === vpc.accountId)) state.accounts.push(newAccount(vpc.accountId));
    const rec: VpcRec = {
      vpcId: vpc.vpcId,
      accountId: vpc.accountId,
      regionId: vpc.regionId,
      cidrBlock: vpc.cidrBlock,
      secondaryCidrBlocks: [...(vpc.secondaryCidrBlocks ?? [])],
      vRouterId: vpc.vRouterId,
      name: vpc.name ?? '',
      description: '',
      creationTime: created,
    };
    state.vpcs.push(rec);
    s.vpcById.set(vpc.vpcId, rec);
  }
}

function seedRouteTables(s: Seeding): void {
  const { state, seed, created } = s;
  for (const table of seed.routeTables) {
    unique(s, table.routeTableId, 'route table');
    vpcOf(s, table.vpcId, `route table ${table.routeTableId}`);
    if (
      table.routeTableType === 'System' &&
      state.routeTables.some((t) => t.vpcId === table.vpcId && t.routeTableType === 'System')
    ) {
      throw new SeedError(`seed: VPC ${table.vpcId} has more than one System route table`);
    }
    state.routeTables.push({
      routeTableId: table.routeTableId,
      vpcId: table.vpcId,
      routeTableType: table.routeTableType,
      name: '',
      creationTime: created,
    });
  }
}

/** Implied system tables (topology-format.md §2) get a real-looking ID. */
function addImpliedSystemTables({ state, rng, created }: Seeding): void {
  for (const vpc of state.vpcs) {
    if (!state.routeTables.some((t) => t.vpcId === vpc.vpcId && t.routeTableType === 'System')) {
      state.routeTables.push({
        routeTableId: newResourceId(rng, 'vtb', vpc.regionId),
        vpcId: vpc.vpcId,
        routeTableType: 'System',
        name: '',
        creationTime: created,
      });
    }
  }
}

function seedVSwitches(s: Seeding): void {
  const { state, seed, created } = s;
  for (const vsw of seed.vSwitches) {
    unique(s, vsw.vSwitchId, 'vSwitch');
    vpcOf(s, vsw.vpcId, `vSwitch ${vsw.vSwitchId}`);
    if (
      vsw.routeTableId !== undefined &&
      !state.routeTables.some((t) => t.routeTableId === vsw.routeTableId && t.vpcId === vsw.vpcId)
    ) {
      throw new SeedError(
        `seed: vSwitch ${vsw.vSwitchId} uses route table "${vsw.routeTableId}", which is not a table of ${vsw.vpcId}`,
      );
    }
    state.vSwitches.push({
      vSwitchId: vsw.vSwitchId,
      vpcId: vsw.vpcId,
      zoneId: vsw.zoneId,
      cidrBlock: vsw.cidrBlock,
      name: vsw.name ?? '',
      ...(vsw.routeTableId ? { routeTableId: vsw.routeTableId } : {}),
      creationTime: created,
    });
  }
}

function seedSecurityGroups(s: Seeding): void {
  const { state, seed, created } = s;
  for (const group of seed.securityGroups) {
    unique(s, group.securityGroupId, 'security group');
    vpcOf(s, group.vpcId, `security group ${group.securityGroupId}`);
    state.securityGroups.push({
      securityGroupId: group.securityGroupId,
      vpcId: group.vpcId,
      securityGroupType: group.securityGroupType,
      innerAccessPolicy: group.securityGroupType === 'enterprise' ? 'Drop' : (group.innerAccessPolicy ?? 'Accept'),
      name: group.name ?? '',
      description: '',
      creationTime: created,
    });
  }
}

function seedInstances(s: Seeding): void {
  const { state, seed, created } = s;
  for (const instance of seed.instances) {
    unique(s, instance.instanceId, 'instance');
    if (!state.vSwitches.some((v) => v.vSwitchId === instance.vSwitchId))
      throw new SeedError(
        `seed: instance ${instance.instanceId} refers to vSwitch "${instance.vSwitchId}", which is not in the document`,
      );
    for (const g of instance.securityGroupIds) {
      if (!state.securityGroups.some((sg) => sg.securityGroupId === g))
        throw new SeedError(
          `seed: instance ${instance.instanceId} refers to security group "${g}", which is not in the document`,
        );
    }
    state.instances.push({
      instanceId: instance.instanceId,
      vSwitchId: instance.vSwitchId,
      privateIpAddress: instance.privateIpAddress,
      securityGroupIds: [...instance.securityGroupIds],
      name: instance.name ?? '',
      status: instance.status ?? 'Running',
      creationTime: created,
    });
  }
}

/** Router interfaces (full mode only); one seeded as being deleted is already gone. */
function seedRouterInterfaces(s: Seeding): void {
  const { state, seed } = s;
  const index = buildTopologyIndex(seed);
  for (const ri of seed.routerInterfaces) {
    unique(s, ri.routerInterfaceId, 'router interface');
    if (!state.vpcs.some((v) => v.vRouterId === ri.routerId))
      throw new SeedError(
        `seed: router interface ${ri.routerInterfaceId} is on router "${ri.routerId}", which is no VPC's vRouter`,
      );
    const status = settledRouterInterfaceStatus(effectiveRouterInterfaceStatus(ri, index));
    if (!status) continue;
    state.routerInterfaces.push(routerInterfaceRec(ri, status, s.created));
  }
}

/** A seeded transient status would never finish; it starts in the state it was heading to. */
function settledRouterInterfaceStatus(given: RouterInterfaceStatus): RouterInterfaceStatus | undefined {
  return given === 'Connecting' || given === 'AcceptingConnecting' || given === 'Activating' || given === 'Modifying'
    ? 'Active'
    : given === 'Deactivating'
      ? 'Inactive'
      : given === 'Deleting'
        ? undefined
        : given;
}

function routerInterfaceRec(
  ri: SeedRouterInterface,
  status: RouterInterfaceStatus,
  created: string,
): RouterInterfaceRec {
  return {
    routerInterfaceId: ri.routerInterfaceId,
    accountId: ri.accountId,
    regionId: ri.regionId,
    routerType: 'VRouter',
    routerId: ri.routerId,
    role: ri.role,
    spec: ri.spec,
    status,
    oppositeRegionId: ri.oppositeRegionId,
    ...(ri.oppositeInterfaceId ? { oppositeInterfaceId: ri.oppositeInterfaceId } : {}),
    ...(ri.oppositeRouterId ? { oppositeRouterId: ri.oppositeRouterId } : {}),
    ...(ri.oppositeRouterType ? { oppositeRouterType: ri.oppositeRouterType } : {}),
    ...(ri.oppositeInterfaceOwnerId ? { oppositeInterfaceOwnerId: ri.oppositeInterfaceOwnerId } : {}),
    name: ri.name ?? '',
    description: '',
    creationTime: created,
    connectedTime: status === 'Active' || status === 'Inactive' ? created : '',
    healthCheckSourceIp: '',
    healthCheckTargetIp: '',
  };
}

/** Routes whose next hop was seeded; a System table's routes go to the VPC's (maybe implied) System table. */
function seedRouteEntries(s: Seeding): void {
  const { state, seed, rng, created } = s;
  const systemTableId = (vpcId: string) =>
    state.routeTables.find((t) => t.vpcId === vpcId && t.routeTableType === 'System')!.routeTableId;
  for (const table of seed.routeTables) {
    for (const entry of table.routeEntries) {
      if (!isNextHopSeeded(s, entry)) continue;
      state.routeEntries.push({
        routeEntryId: newResourceId(rng, 'rte', s.vpcById.get(table.vpcId)!.regionId),
        routeTableId: table.routeTableType === 'System' ? systemTableId(table.vpcId) : table.routeTableId,
        destinationCidrBlock: canonicalRouteDestination(entry.destinationCidrBlock),
        nextHopType: entry.nextHopType,
        nextHopId: entry.nextHopId,
        status: settledRouteStatus(entry.status),
        routeEntryName: entry.routeEntryName ?? '',
        description: '',
        creationTime: created,
      });
    }
  }
}

/** Base mode seeds no links, so routes through them are left out; so are routes to a link not seeded. */
function isNextHopSeeded({ state, mode }: Seeding, entry: SeedRouteEntry): boolean {
  if ((entry.nextHopType === 'RouterInterface' || entry.nextHopType === 'VpcPeer') && mode === 'base') return false;
  if (
    entry.nextHopType === 'RouterInterface' &&
    !state.routerInterfaces.some((r) => r.routerInterfaceId === entry.nextHopId)
  )
    return false;
  if (
    entry.nextHopType === 'VpcPeer' &&
    !(state.vpcPeerConnections ?? []).some((p) => p.instanceId === entry.nextHopId)
  )
    return false;
  return true;
}

/** Seeded routes are settled: a transient status would never finish. */
function settledRouteStatus(status: SeedRouteEntry['status']) {
  return status === 'Deleting' ? 'Available' : status === 'Pending' || status === 'Modifying' ? 'Available' : status;
}

/** Security group rules (full mode only), each with a drawn rule ID in its VPC's region. */
function seedRules({ state, seed, rng, created, vpcById }: Seeding): void {
  for (const group of seed.securityGroups) {
    const region = vpcById.get(group.vpcId)!.regionId;
    for (const p of group.permissions)
      state.rules.push(ruleFromPermission(p, group.securityGroupId, newResourceId(rng, 'sgr', region), created));
  }
}

function ruleFromPermission(
  p: Permission,
  securityGroupId: string,
  securityGroupRuleId: string,
  createTime: string,
): RuleRec {
  return {
    securityGroupRuleId,
    securityGroupId,
    createTime,
    direction: p.direction,
    ipProtocol: p.ipProtocol,
    portRange: p.portRange,
    policy: p.policy,
    priority: p.priority,
    nicType: 'intranet',
    ...(p.sourceCidrIp ? { sourceCidrIp: p.sourceCidrIp } : {}),
    ...(p.sourceGroupId ? { sourceGroupId: p.sourceGroupId } : {}),
    ...(p.sourceGroupOwnerAccount ? { sourceGroupOwnerAccount: p.sourceGroupOwnerAccount } : {}),
    ...(p.destCidrIp ? { destCidrIp: p.destCidrIp } : {}),
    ...(p.destGroupId ? { destGroupId: p.destGroupId } : {}),
    ...(p.destGroupOwnerAccount ? { destGroupOwnerAccount: p.destGroupOwnerAccount } : {}),
    ...(p.description ? { description: p.description } : {}),
    // The API's other rule fields, under the document's names (topology-format.md §4.2).
    ...ruleExtras(p),
  };
}

const RULE_EXTRA_KEYS = [
  'sourcePortRange',
  'ipv6SourceCidrIp',
  'ipv6DestCidrIp',
  'sourcePrefixListId',
  'destPrefixListId',
] as const;

/** The extra rule fields that are set, for a stored rule or a document permission (same names). */
function ruleExtras(rule: RuleExtras): RuleExtras {
  const out: Record<string, string> = {};
  for (const key of RULE_EXTRA_KEYS) if (rule[key]) out[key] = rule[key]!;
  return out;
}

/**
 * The state as a topology document with live statuses: what `vpclink import` would write for the
 * sandbox's accounts. Router interfaces being deleted are left out once gone; entries carry their
 * status so the simulator treats a Pending route as not yet usable.
 */
export function exportTopology(state: WorldState, name = 'Sandbox state'): Topology {
  return {
    format: 'vpclink/topology',
    version: 1,
    name,
    accounts: state.accounts.map((a) => ({ accountId: a.accountId, ...(a.name ? { name: a.name } : {}) })),
    vpcs: state.vpcs.map((v) => ({
      vpcId: v.vpcId,
      accountId: v.accountId,
      regionId: v.regionId,
      cidrBlock: v.cidrBlock,
      vRouterId: v.vRouterId,
      ...(v.name ? { name: v.name } : {}),
      ...(v.secondaryCidrBlocks.length ? { secondaryCidrBlocks: [...v.secondaryCidrBlocks] } : {}),
    })),
    vSwitches: state.vSwitches.map((s) => ({
      vSwitchId: s.vSwitchId,
      vpcId: s.vpcId,
      zoneId: s.zoneId,
      cidrBlock: s.cidrBlock,
      ...(s.name ? { name: s.name } : {}),
      ...(s.routeTableId ? { routeTableId: s.routeTableId } : {}),
    })),
    routeTables: state.routeTables.map((t) => ({
      routeTableId: t.routeTableId,
      vpcId: t.vpcId,
      routeTableType: t.routeTableType,
      routeEntries: state.routeEntries
        .filter((e) => e.routeTableId === t.routeTableId)
        .map((e) => ({
          destinationCidrBlock: e.destinationCidrBlock,
          nextHopType: e.nextHopType as Topology['routeTables'][number]['routeEntries'][number]['nextHopType'],
          nextHopId: e.nextHopId,
          status: e.status,
          ...(e.routeEntryName ? { routeEntryName: e.routeEntryName } : {}),
        })),
    })),
    routerInterfaces: state.routerInterfaces.map((r) => ({
      routerInterfaceId: r.routerInterfaceId,
      accountId: r.accountId,
      regionId: r.regionId,
      routerType: 'VRouter' as const,
      routerId: r.routerId,
      role: r.role,
      spec: r.spec as Topology['routerInterfaces'][number]['spec'],
      oppositeRegionId: r.oppositeRegionId,
      ...(r.oppositeInterfaceId ? { oppositeInterfaceId: r.oppositeInterfaceId } : {}),
      ...(r.oppositeRouterId ? { oppositeRouterId: r.oppositeRouterId } : {}),
      ...(r.oppositeRouterType ? { oppositeRouterType: r.oppositeRouterType } : {}),
      ...(r.oppositeInterfaceOwnerId ? { oppositeInterfaceOwnerId: r.oppositeInterfaceOwnerId } : {}),
      status: r.status,
      ...(r.name ? { name: r.name } : {}),
    })),
    securityGroups: state.securityGroups.map((g) => ({
      securityGroupId: g.securityGroupId,
      vpcId: g.vpcId,
      securityGroupType: g.securityGroupType,
      ...(g.securityGroupType === 'normal' ? { innerAccessPolicy: g.innerAccessPolicy } : {}),
      ...(g.name ? { name: g.name } : {}),
      permissions: state.rules
        .filter((r) => r.securityGroupId === g.securityGroupId)
        .map((r) => ({
          direction: r.direction,
          ipProtocol: r.ipProtocol,
          portRange: r.portRange,
          policy: r.policy,
          priority: r.priority,
          ...(r.sourceCidrIp ? { sourceCidrIp: r.sourceCidrIp } : {}),
          ...(r.sourceGroupId ? { sourceGroupId: r.sourceGroupId } : {}),
          ...(r.sourceGroupOwnerAccount ? { sourceGroupOwnerAccount: r.sourceGroupOwnerAccount } : {}),
          ...(r.destCidrIp ? { destCidrIp: r.destCidrIp } : {}),
          ...(r.destGroupId ? { destGroupId: r.destGroupId } : {}),
          ...(r.destGroupOwnerAccount ? { destGroupOwnerAccount: r.destGroupOwnerAccount } : {}),
          ...(r.description ? { description: r.description } : {}),
          nicType: 'intranet' as const,
          ...ruleExtras(r),
        })),
    })),
    instances: state.instances.map((i) => ({
      instanceId: i.instanceId,
      vSwitchId: i.vSwitchId,
      privateIpAddress: i.privateIpAddress,
      securityGroupIds: [...i.securityGroupIds],
      ...(i.name ? { name: i.name } : {}),
      status: i.status,
    })),
    ...exportDataplane(state),
    ...exportPeers(state),
    ...exportCen(state),
  };
}

/**
 * Pure document edits: each takes the current document (an immutable value) and returns a new one.
 * The store wraps them in undoable actions; tests call them directly. No DOM, no React.
 */
import {
  RESOURCE_ARRAYS,
  type Instance,
  type Permission,
  type ResourceArray,
  type RouteEntry,
  type RouteTable,
  type RouterInterface,
  type SecurityGroup,
  type Topology,
  type VSwitch,
  type Vpc,
} from '../../simulator/document/schema';
import { cidrsOverlap, formatCidr, formatIpv4, parseCidr, type Cidr } from '../../simulator/net/ipv4';
import { impliedSystemRouteTableId } from '../../simulator/model/topologyIndex';
import { newId } from './ids';

/** A resource of any array, tagged with the array it lives in. */
export type ResourceRef = { readonly array: ResourceArray; readonly id: string; readonly index: number };

export function emptyDocument(): Topology {
  return {
    format: 'vpclink/topology',
    version: 1,
    name: 'Untitled',
    accounts: [],
    vpcs: [],
    vSwitches: [],
    routeTables: [],
    routerInterfaces: [],
    securityGroups: [],
    instances: [],
  };
}

/** Finds any resource by ID (IDs are unique across the document). */
export function findResource(doc: Topology, id: string): ResourceRef | undefined {
  for (const array of Object.keys(RESOURCE_ARRAYS) as ResourceArray[]) {
    const key = RESOURCE_ARRAYS[array];
    const index = (doc[array] as readonly Record<string, unknown>[]).findIndex((r) => r[key] === id);
    if (index >= 0) return { array, id, index };
  }
  return undefined;
}

/** Replaces fields of one resource (undefined values remove the field). */
export function updateResource(doc: Topology, id: string, patch: Readonly<Record<string, unknown>>): Topology {
  const ref = findResource(doc, id);
  if (!ref) return doc;
  const list = doc[ref.array] as readonly Record<string, unknown>[];
  const next = { ...list[ref.index] };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return { ...doc, [ref.array]: list.map((r, i) => (i === ref.index ? next : r)) };
}

function replaceIn<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((item, i) => (i === index ? value : item));
}

// ───────────────────────────── addresses ─────────────────────────────

function cidrsOf(texts: readonly string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const t of texts) {
    const p = parseCidr(t);
    if (p.ok) out.push(p.value);
  }
  return out;
}

/** The first 10.N.0.0/16 (then 172.16+N.0.0/16) that overlaps no VPC of the document. */
export function nextFreeVpcCidr(doc: Topology): string {
  const used = cidrsOf(doc.vpcs.flatMap((v) => [v.cidrBlock, ...(v.secondaryCidrBlocks ?? [])]));
  const candidates: Cidr[] = [];
  for (let n = 0; n < 256; n++) candidates.push({ base: ((10 << 24) | (n << 16)) >>> 0, prefix: 16 });
  for (let n = 16; n < 32; n++) candidates.push({ base: ((172 << 24) | (n << 16)) >>> 0, prefix: 16 });
  const free = candidates.find((c) => !used.some((u) => cidrsOverlap(u, c)));
  return formatCidr(free ?? candidates[0]);
}

/** The first /24 inside the VPC's CIDR that no vSwitch of that VPC uses. */
export function nextFreeVSwitchCidr(doc: Topology, vpcId: string): string {
  const vpc = doc.vpcs.find((v) => v.vpcId === vpcId);
  const parsed = vpc ? parseCidr(vpc.cidrBlock) : undefined;
  if (!parsed || !parsed.ok) return '';
  const vpcCidr = parsed.value;
  const used = cidrsOf(doc.vSwitches.filter((s) => s.vpcId === vpcId).map((s) => s.cidrBlock));
  const prefix = Math.max(24, vpcCidr.prefix);
  const count = 2 ** (prefix - vpcCidr.prefix);
  for (let n = 1; n < count; n++) {
    const candidate = { base: (vpcCidr.base + n * 2 ** (32 - prefix)) >>> 0, prefix };
    if (!used.some((u) => cidrsOverlap(u, candidate))) return formatCidr(candidate);
  }
  return formatCidr({ base: vpcCidr.base, prefix });
}

/** The first host address of the vSwitch (from .100 up, like the console tutorials) that is free. */
export function nextFreeIp(doc: Topology, vSwitchId: string): string {
  const vsw = doc.vSwitches.find((s) => s.vSwitchId === vSwitchId);
  const parsed = vsw ? parseCidr(vsw.cidrBlock) : undefined;
  if (!parsed || !parsed.ok) return '';
  const size = 2 ** (32 - parsed.value.prefix);
  const used = new Set(doc.instances.map((i) => i.privateIpAddress));
  // Alibaba Cloud reserves the first and the last three addresses of a vSwitch (aliyun-api.md, vSwitch CIDR notes).
  const start = size > 200 ? 100 : 1;
  for (let n = start; n < size - 3; n++) {
    const ip = formatIpv4((parsed.value.base + n) >>> 0);
    if (!used.has(ip)) return ip;
  }
  for (let n = 1; n < start; n++) {
    const ip = formatIpv4((parsed.value.base + n) >>> 0);
    if (!used.has(ip)) return ip;
  }
  return formatIpv4((parsed.value.base + 1) >>> 0);
}

// ───────────────────────────── creation ─────────────────────────────

export function addAccount(doc: Topology, accountId = newId('acct', doc)): { doc: Topology; id: string } {
  const n = doc.accounts.length + 1;
  return { doc: { ...doc, accounts: [...doc.accounts, { accountId, name: `Account ${n}` }] }, id: accountId };
}

export function addVpc(
  doc: Topology,
  accountId: string | undefined,
  regionId = 'cn-hangzhou',
): { doc: Topology; id: string } {
  let d = doc;
  let account = accountId ?? d.accounts[0]?.accountId;
  if (account === undefined) {
    const added = addAccount(d);
    d = added.doc;
    account = added.id;
  }
  const vpcId = newId('vpc', d);
  const vpc: Vpc = {
    vpcId,
    name: `VPC${d.vpcs.length + 1}`,
    accountId: account,
    regionId,
    cidrBlock: nextFreeVpcCidr(d),
    vRouterId: newId('vrt', d),
  };
  return { doc: { ...d, vpcs: [...d.vpcs, vpc] }, id: vpcId };
}

export function addVSwitch(doc: Topology, vpcId: string): { doc: Topology; id: string } {
  const vpc = doc.vpcs.find((v) => v.vpcId === vpcId);
  if (!vpc) return { doc, id: '' };
  const vSwitchId = newId('vsw', doc);
  const vsw: VSwitch = {
    vSwitchId,
    name: `vsw-${doc.vSwitches.filter((s) => s.vpcId === vpcId).length + 1}`,
    vpcId,
    zoneId: `${vpc.regionId}-a`,
    cidrBlock: nextFreeVSwitchCidr(doc, vpcId),
  };
  return { doc: { ...doc, vSwitches: [...doc.vSwitches, vsw] }, id: vSwitchId };
}

export function addSecurityGroup(doc: Topology, vpcId: string): { doc: Topology; id: string } {
  const securityGroupId = newId('sg', doc);
  const sg: SecurityGroup = {
    securityGroupId,
    name: `sg-${doc.securityGroups.filter((g) => g.vpcId === vpcId).length + 1}`,
    vpcId,
    securityGroupType: 'normal',
    innerAccessPolicy: 'Accept',
    permissions: [],
  };
  return { doc: { ...doc, securityGroups: [...doc.securityGroups, sg] }, id: securityGroupId };
}

export function addInstance(doc: Topology, vSwitchId: string): { doc: Topology; id: string } {
  const vsw = doc.vSwitches.find((s) => s.vSwitchId === vSwitchId);
  if (!vsw) return { doc, id: '' };
  let d = doc;
  let sg = d.securityGroups.find((g) => g.vpcId === vsw.vpcId)?.securityGroupId;
  if (!sg) {
    const added = addSecurityGroup(d, vsw.vpcId);
    d = added.doc;
    sg = added.id;
  }
  const instanceId = newId('i', d);
  const instance: Instance = {
    instanceId,
    name: `ecs-${d.instances.length + 1}`,
    vSwitchId,
    privateIpAddress: nextFreeIp(d, vSwitchId),
    securityGroupIds: [sg],
  };
  return { doc: { ...d, instances: [...d.instances, instance] }, id: instanceId };
}

/**
 * The route table a VPC's routes go to: its explicit system table, created when only implied
 * (topology-format.md §2: every VPC has exactly one system table).
 */
export function ensureSystemRouteTable(doc: Topology, vpcId: string): { doc: Topology; routeTableId: string } {
  const existing = doc.routeTables.find((t) => t.vpcId === vpcId && t.routeTableType === 'System');
  if (existing) return { doc, routeTableId: existing.routeTableId };
  const table: RouteTable = { routeTableId: newId('vtb', doc), vpcId, routeTableType: 'System', routeEntries: [] };
  return { doc: { ...doc, routeTables: [...doc.routeTables, table] }, routeTableId: table.routeTableId };
}

export function addRouteEntry(doc: Topology, routeTableIdOrImplied: string, entry: RouteEntry): Topology {
  let d = doc;
  let tableId = routeTableIdOrImplied;
  const impliedVpc = d.vpcs.find((v) => impliedSystemRouteTableId(v.vpcId) === tableId);
  if (impliedVpc) {
    const ensured = ensureSystemRouteTable(d, impliedVpc.vpcId);
    d = ensured.doc;
    tableId = ensured.routeTableId;
  }
  return {
    ...d,
    routeTables: d.routeTables.map((t) =>
      t.routeTableId === tableId ? { ...t, routeEntries: [...t.routeEntries, entry] } : t,
    ),
  };
}

export function updateRouteEntry(
  doc: Topology,
  routeTableId: string,
  index: number,
  patch: Partial<RouteEntry>,
): Topology {
  return {
    ...doc,
    routeTables: doc.routeTables.map((t) =>
      t.routeTableId === routeTableId
        ? { ...t, routeEntries: replaceIn(t.routeEntries, index, { ...t.routeEntries[index], ...patch }) }
        : t,
    ),
  };
}

export function removeRouteEntry(doc: Topology, routeTableId: string, index: number): Topology {
  return {
    ...doc,
    routeTables: doc.routeTables.map((t) =>
      t.routeTableId === routeTableId ? { ...t, routeEntries: t.routeEntries.filter((_, i) => i !== index) } : t,
    ),
  };
}

export function addPermission(doc: Topology, securityGroupId: string, permission: Permission): Topology {
  return {
    ...doc,
    securityGroups: doc.securityGroups.map((g) =>
      g.securityGroupId === securityGroupId ? { ...g, permissions: [...g.permissions, permission] } : g,
    ),
  };
}

export function updatePermission(
  doc: Topology,
  securityGroupId: string,
  index: number,
  patch: Readonly<Record<string, unknown>>,
): Topology {
  return {
    ...doc,
    securityGroups: doc.securityGroups.map((g) => {
      if (g.securityGroupId !== securityGroupId) return g;
      const next: Record<string, unknown> = { ...g.permissions[index] };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      return { ...g, permissions: replaceIn(g.permissions, index, next as Permission) };
    }),
  };
}

export function removePermission(doc: Topology, securityGroupId: string, index: number): Topology {
  return {
    ...doc,
    securityGroups: doc.securityGroups.map((g) =>
      g.securityGroupId === securityGroupId ? { ...g, permissions: g.permissions.filter((_, i) => i !== index) } : g,
    ),
  };
}

// ───────────────────────────── accounts ─────────────────────────────

/** Why `accountId` cannot become `next` (empty, or another account's ID), or null. */
export function accountIdError(doc: Topology, accountId: string, next: string): string | null {
  if (next.trim() === '') return 'required: the main-account UID (16 digits), or any name in a sketch';
  if (next !== next.trim()) return 'no spaces before or after the ID';
  if (next !== accountId && doc.accounts.some((a) => a.accountId === next))
    return `${next} is already another account of this document`;
  return null;
}

/**
 * Gives an account a new ID (a sketch's name becoming the real UID) and follows every reference:
 * the VPCs and router interfaces it owns, the opposite owner of interfaces pointing at it
 * (OppositeInterfaceOwnerId, aliyun-api.md §3.4), cross-account security-group peers, and the
 * stored positions of its group nodes.
 */
export function renameAccount(doc: Topology, from: string, to: string): Topology {
  if (from === to || accountIdError(doc, from, to) !== null) return doc;
  const swap = (id: string | undefined) => (id === from ? to : id);
  const positions = doc.layout?.positions;
  const regionPrefix = `region:${from}:`;
  const movedPositions = positions
    ? Object.fromEntries(
        Object.entries(positions).map(([key, value]) => [
          key === from ? to : key.startsWith(regionPrefix) ? `region:${to}:${key.slice(regionPrefix.length)}` : key,
          value,
        ]),
      )
    : undefined;
  return {
    ...doc,
    accounts: doc.accounts.map((a) => (a.accountId === from ? { ...a, accountId: to } : a)),
    vpcs: doc.vpcs.map((v) => (v.accountId === from ? { ...v, accountId: to } : v)),
    routerInterfaces: doc.routerInterfaces.map((r) =>
      r.accountId === from || r.oppositeInterfaceOwnerId === from
        ? {
            ...r,
            accountId: swap(r.accountId)!,
            ...(r.oppositeInterfaceOwnerId !== undefined
              ? { oppositeInterfaceOwnerId: swap(r.oppositeInterfaceOwnerId) }
              : {}),
          }
        : r,
    ),
    securityGroups: doc.securityGroups.map((g) =>
      g.permissions.some((p) => p.sourceGroupOwnerAccount === from || p.destGroupOwnerAccount === from)
        ? {
            ...g,
            permissions: g.permissions.map((p) => ({
              ...p,
              ...(p.sourceGroupOwnerAccount !== undefined
                ? { sourceGroupOwnerAccount: swap(p.sourceGroupOwnerAccount) }
                : {}),
              ...(p.destGroupOwnerAccount !== undefined
                ? { destGroupOwnerAccount: swap(p.destGroupOwnerAccount) }
                : {}),
            })),
          }
        : g,
    ),
    ...(doc.layout && movedPositions ? { layout: { ...doc.layout, positions: movedPositions } } : {}),
  };
}

/** Lists an account that VPCs or interfaces name but `accounts` does not (ACCOUNT_NOT_DECLARED). */
export function declareAccount(doc: Topology, accountId: string): Topology {
  if (doc.accounts.some((a) => a.accountId === accountId)) return doc;
  return { ...doc, accounts: [...doc.accounts, { accountId }] };
}

// ───────────────────────────── connecting two VPCs ─────────────────────────────

/**
 * Connecting VPC `fromVpcId` to `toVpcId`: an initiator on the first VPC's vRouter and an acceptor
 * on the second's, each carrying the other's ID, router, region and owner — exactly the fields
 * ConnectRouterInterface checks (aliyun-api.md §3.4), so pairProblems() finds nothing.
 */
export function connectVpcs(
  doc: Topology,
  fromVpcId: string,
  toVpcId: string,
  spec: RouterInterface['spec'] = 'Mini.2',
): { doc: Topology; initiatorId: string; acceptorId: string } | undefined {
  const a = doc.vpcs.find((v) => v.vpcId === fromVpcId);
  const b = doc.vpcs.find((v) => v.vpcId === toVpcId);
  if (!a || !b || a.vpcId === b.vpcId || a.vRouterId === b.vRouterId) return undefined;
  const initiatorId = newId('ri', doc);
  const acceptorId = newId('ri', doc, new Set([initiatorId]));
  const initiator: RouterInterface = {
    routerInterfaceId: initiatorId,
    name: `${a.name ?? a.vpcId}-to-${b.name ?? b.vpcId}`,
    accountId: a.accountId,
    regionId: a.regionId,
    routerType: 'VRouter',
    routerId: a.vRouterId,
    role: 'InitiatingSide',
    spec,
    oppositeRegionId: b.regionId,
    oppositeInterfaceId: acceptorId,
    oppositeRouterId: b.vRouterId,
    oppositeRouterType: 'VRouter',
    oppositeInterfaceOwnerId: b.accountId,
  };
  const acceptor: RouterInterface = {
    routerInterfaceId: acceptorId,
    name: `${b.name ?? b.vpcId}-from-${a.name ?? a.vpcId}`,
    accountId: b.accountId,
    regionId: b.regionId,
    routerType: 'VRouter',
    routerId: b.vRouterId,
    role: 'AcceptingSide',
    spec: 'Negative',
    oppositeRegionId: a.regionId,
    oppositeInterfaceId: initiatorId,
    oppositeRouterId: a.vRouterId,
    oppositeRouterType: 'VRouter',
    oppositeInterfaceOwnerId: a.accountId,
  };
  return { doc: { ...doc, routerInterfaces: [...doc.routerInterfaces, initiator, acceptor] }, initiatorId, acceptorId };
}

/** Sets `riId`'s opposite fields from its peer (and the peer's back to it): the "make consistent" fix. */
export function alignOppositeFields(doc: Topology, riId: string, peerId?: string): Topology {
  const ri = doc.routerInterfaces.find((r) => r.routerInterfaceId === riId);
  const peerIdResolved =
    peerId ??
    ri?.oppositeInterfaceId ??
    doc.routerInterfaces.find((r) => r.oppositeInterfaceId === riId)?.routerInterfaceId;
  const peer = doc.routerInterfaces.find((r) => r.routerInterfaceId === peerIdResolved);
  if (!ri || !peer || ri === peer) return doc;
  const pointAt = (self: RouterInterface, other: RouterInterface): RouterInterface => ({
    ...self,
    oppositeInterfaceId: other.routerInterfaceId,
    oppositeRouterId: other.routerId,
    oppositeRegionId: other.regionId,
    oppositeInterfaceOwnerId: other.accountId,
    oppositeRouterType: 'VRouter',
  });
  let nextRi = pointAt(ri, peer);
  let nextPeer = pointAt(peer, ri);
  if (nextRi.role === nextPeer.role) {
    // One end must accept; keep the side that has a real spec as the initiator.
    if (nextRi.spec === 'Negative') nextRi = { ...nextRi, role: 'AcceptingSide' };
    else nextPeer = { ...nextPeer, role: 'AcceptingSide', spec: 'Negative' };
    if (nextRi.role === nextPeer.role)
      nextPeer = { ...nextPeer, role: nextRi.role === 'InitiatingSide' ? 'AcceptingSide' : 'InitiatingSide' };
  }
  return {
    ...doc,
    routerInterfaces: doc.routerInterfaces.map((r) =>
      r.routerInterfaceId === ri.routerInterfaceId
        ? nextRi
        : r.routerInterfaceId === peer.routerInterfaceId
          ? nextPeer
          : r,
    ),
  };
}

/** The VPC whose vRouter holds the router interface. */
export function vpcOfRouterInterface(doc: Topology, ri: RouterInterface): Vpc | undefined {
  return doc.vpcs.find((v) => v.vRouterId === ri.routerId);
}

/**
 * Applies `edit` once from each end of the pair `riId` (the interface and its opposite), with the
 * VPC on that end and the VPC across; ends whose VPC is unknown are skipped.
 */
function forEachSideOfPair(
  doc: Topology,
  riId: string,
  edit: (doc: Topology, local: RouterInterface, localVpc: Vpc, remoteVpc: Vpc) => Topology,
): Topology {
  const ri = doc.routerInterfaces.find((r) => r.routerInterfaceId === riId);
  const peer = ri && doc.routerInterfaces.find((r) => r.routerInterfaceId === ri.oppositeInterfaceId);
  if (!ri || !peer) return doc;
  let d = doc;
  for (const [local, remote] of [
    [ri, peer],
    [peer, ri],
  ] as const) {
    const localVpc = vpcOfRouterInterface(d, local);
    const remoteVpc = vpcOfRouterInterface(d, remote);
    if (localVpc && remoteVpc) d = edit(d, local, localVpc, remoteVpc);
  }
  return d;
}

/**
 * The routes a ping over the pair needs: in each VPC's system table, the other VPC's CIDR via the
 * local interface (routing is not stateful: the reply needs its own route, topology-format.md §3.2).
 */
export function addRoutesForPair(doc: Topology, riId: string): Topology {
  return forEachSideOfPair(doc, riId, (d, local, localVpc, remoteVpc) => {
    const ensured = ensureSystemRouteTable(d, localVpc.vpcId);
    const table = ensured.doc.routeTables.find((t) => t.routeTableId === ensured.routeTableId)!;
    if (table.routeEntries.some((e) => e.destinationCidrBlock === remoteVpc.cidrBlock)) return ensured.doc;
    return addRouteEntry(ensured.doc, table.routeTableId, {
      destinationCidrBlock: remoteVpc.cidrBlock,
      nextHopType: 'RouterInterface',
      nextHopId: local.routerInterfaceId,
      status: 'Available',
      routeEntryName: `to-${remoteVpc.name ?? remoteVpc.vpcId}`,
    });
  });
}

/** Ingress rules in every security group of each VPC admitting `protocol` from the other VPC's CIDR. */
export function allowBetweenPair(
  doc: Topology,
  riId: string,
  protocol: Permission['ipProtocol'] = 'ICMP',
  portRange = '-1/-1',
): Topology {
  return forEachSideOfPair(doc, riId, (start, _local, localVpc, remoteVpc) => {
    let d = start;
    for (const sg of d.securityGroups.filter((g) => g.vpcId === localVpc.vpcId)) {
      const exists = sg.permissions.some(
        (p) =>
          p.direction === 'ingress' &&
          p.sourceCidrIp === remoteVpc.cidrBlock &&
          (p.ipProtocol === protocol || p.ipProtocol === 'ALL'),
      );
      if (exists) continue;
      d = addPermission(d, sg.securityGroupId, {
        direction: 'ingress',
        ipProtocol: protocol,
        portRange,
        sourceCidrIp: remoteVpc.cidrBlock,
        policy: 'Accept',
        priority: 1,
        description: `from ${remoteVpc.name ?? remoteVpc.vpcId}`,
      });
    }
    return d;
  });
}

// ───────────────────────────── layout ─────────────────────────────

export function setPositions(doc: Topology, positions: Readonly<Record<string, { x: number; y: number }>>): Topology {
  const layout = doc.layout ?? {};
  return { ...doc, layout: { ...layout, positions: { ...(layout.positions ?? {}), ...positions } } };
}

export function clearPositions(doc: Topology): Topology {
  if (!doc.layout?.positions) return doc;
  const { positions: _dropped, ...rest } = doc.layout;
  return { ...doc, layout: rest };
}

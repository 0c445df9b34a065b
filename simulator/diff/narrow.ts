/**
 * Which pairs an edit can change, so that `diff` computes the verdicts of those pairs only.
 *
 * The argument (it must hold for every pair left out): a pair's "reachable" reads its two
 * instances (placement, address, status, groups) and the network around them — the route table
 * of each end's vSwitch and its entries, the router interfaces and peering connections those
 * entries name, the vSwitches of the VPC a packet arrives in, the security groups of each end
 * (rules, InnerAccessPolicy, prefix lists; a group reference asks whether the OTHER end is a
 * member), and the network ACLs of both ends' vSwitches (simulator/reach/matrix.ts factors the
 * verdict exactly so). Traffic arriving over a router interface or a peering connection is not
 * forwarded again (no transit: steps/routing.ts), so no third VPC's table is read. Hence an edit
 * that changes only
 *   - rules or InnerAccessPolicy of security groups  → their members (none when only rules of
 *     other protocols than the flow's changed: `sameForProtocol`),
 *   - entries of route tables                         → the instances of their VPCs (and of vSwitches naming them),
 *   - network ACLs (entries, bound vSwitches)         → the instances of those vSwitches,
 *   - instances (same ID at the same place)           → those instances,
 *   - ENIs (same ID at the same place)                → the instances they belong to or share an address with,
 * can change only the pairs with a changed instance at one end; every other pair's evaluation is
 * step for step the same. Anything else (VPCs, vSwitches, router interfaces, peering connections,
 * prefix lists, transit routers, accounts, instances added, removed or reordered, a group or
 * table that changed its ID, VPC or type, a changed instance named as a next hop) changes "the
 * network" and `diff` sweeps every pair. So does a document the sweep does not model exactly
 * (transit-router attachments: the tracer decides there).
 *
 * A pair with a changed end can only change if it is reachable before or after, which needs each
 * end's route table to deliver the other: the other end is in the same VPC or in one its router
 * interfaces or peering connections lead to. So the pairs to evaluate are those among the changed
 * instances and the instances of their VPCs and linked VPCs (`around`), a few hundred of an
 * estate's thousands.
 */
import type { Topology } from '../document/schema';
import { transitRouterUse } from '../model/cenIndex';
import { parseIpv4 } from '../net/ipv4';
import { deepEqual, type DocumentChanges } from './changes';

export type Narrowing =
  | { readonly kind: 'everything'; readonly reason: string }
  | {
      readonly kind: 'around';
      /** Instances whose pairs may change: each pair that changes has one of them at an end. */
      readonly changed: ReadonlySet<string>;
      /** The changed instances and every instance that can reach or be reached by one (in either document). */
      readonly around: ReadonlySet<string>;
    };

/** Top-level keys no verdict reads. */
export const NOT_READ: ReadonlySet<string> = new Set(['format', 'version', 'name', 'description', 'intents', 'layout']);

/** The rule protocols one flow protocol never matches: any other value (ALL, one not known here) may match. */
const OTHER_PROTOCOLS: Readonly<Record<string, ReadonlySet<unknown>>> = {
  icmp: new Set(['TCP', 'UDP', 'GRE']),
  tcp: new Set(['UDP', 'ICMP', 'GRE']),
  udp: new Set(['TCP', 'ICMP', 'GRE']),
  all: new Set(),
};

/**
 * Whether a security group edited in place (same ID, VPC, type and owner) still decides every
 * packet of `protocol` as before: same InnerAccessPolicy, and the same rules, in the same order,
 * once the rules of other protocols are left out. A rule matches a packet of its own protocol or
 * ALL only (simulator/reach/securityGroups.ts `compileGroup`: the matrix and the trace compile
 * nothing else for a flow; a rule's place decides only among rules of equal priority, whose order
 * the rules kept keep), so such an edit changes no verdict, and no step of a trace that passed.
 * Without a protocol (unknown): false.
 */
export function sameForProtocol(
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  protocol: string | undefined,
): boolean {
  const others = protocol === undefined ? undefined : OTHER_PROTOCOLS[protocol];
  if (others === undefined || !deepEqual(old.innerAccessPolicy, now.innerAccessPolicy)) return false;
  const matching = (rules: unknown) =>
    Array.isArray(rules)
      ? rules.filter((rule: { readonly ipProtocol?: unknown } | null) => !others.has(rule?.ipProtocol))
      : rules;
  return deepEqual(matching(old.permissions), matching(now.permissions));
}

/**
 * Which instances `after` can differ from `before` for, given their comparison (`compareDocuments`);
 * `everything` when the edit touched what many pairs share, or when unsure. With the flow's
 * `protocol`, a security group whose edit touched only rules of other protocols is no change.
 */
export function narrowingOf(before: Topology, changes: DocumentChanges, protocol?: string): Narrowing {
  const after = changes.shared;
  const unmodelled = transitRoutersOrDuplicates(before, changes);
  if (unmodelled !== null) return everything(unmodelled);
  const changed = new Set<string>();
  /** VPCs whose instances all count as changed (their route tables changed). */
  const changedVpcs = new Set<string>();
  /** Their IDs too: a vSwitch that names a table reads it, whatever VPC it is in. */
  const changedTables = new Set<string>();
  const changedVSwitches = new Set<string>();
  const changedGroups = new Set<string>();
  const changedAddresses = new Set<number>();
  /** Instances and ENIs that changed, by ID: a route naming one as its next hop may change too. */
  const changedHolders = new Set<string>();
  for (const [key, change] of changes.changed) {
    if (NOT_READ.has(key)) continue;
    if (change.kind !== 'elements') return everything(`${key} added, removed or resized`);
    const was = (before as unknown as Record<string, readonly Record<string, unknown>[]>)[key]!;
    const is = (after as unknown as Record<string, readonly Record<string, unknown>[]>)[key]!;
    for (const i of change.positions) {
      const old = was[i]!;
      const now = is[i]!;
      switch (key) {
        case 'securityGroups':
          if (!sameApartFrom(old, now, ['permissions', 'innerAccessPolicy', 'name']))
            return everything('a security group changed its ID, VPC, type or owner');
          if (!sameForProtocol(old, now, protocol)) changedGroups.add(String(now.securityGroupId));
          break;
        case 'routeTables':
          if (!sameApartFrom(old, now, ['routeEntries']))
            return everything('a route table changed its ID, VPC or type');
          changedVpcs.add(String(now.vpcId));
          changedTables.add(String(now.routeTableId));
          break;
        case 'networkAcls':
          if (
            !sameApartFrom(old, now, [
              'networkAclName',
              'description',
              'resources',
              'ingressAclEntries',
              'egressAclEntries',
              'status',
            ])
          )
            return everything('a network ACL changed its ID or VPC');
          for (const acl of [old, now])
            for (const r of (acl.resources as readonly { resourceId: string }[] | undefined) ?? [])
              changedVSwitches.add(r.resourceId);
          break;
        case 'instances':
          if (old.instanceId !== now.instanceId) return everything('instances added, removed or reordered');
          changed.add(String(now.instanceId));
          changedHolders.add(String(now.instanceId));
          break;
        case 'networkInterfaces':
          if (old.networkInterfaceId !== now.networkInterfaceId) return everything('ENIs added, removed or reordered');
          for (const eni of [old, now]) {
            if (typeof eni.instanceId === 'string') changed.add(eni.instanceId);
            for (const address of addressesOf(eni)) changedAddresses.add(address);
          }
          break;
        default:
          return everything(`${key} changed`);
      }
    }
  }
  // An instance or ENI named as a next hop: its change could change a route (conservative).
  if (changedHolders.size > 0)
    for (const document of [before, after])
      for (const table of document.routeTables)
        for (const entry of table.routeEntries)
          if (changedHolders.has(entry.nextHopId)) return everything(`${entry.nextHopId}, a next hop, changed`);

  const vpcOfVSwitch = new Map(before.vSwitches.map((s) => [s.vSwitchId, s.vpcId]));
  const tableOfVSwitch = new Map(before.vSwitches.map((s) => [s.vSwitchId, s.routeTableId]));
  for (const instances of bothOnce(before.instances, after.instances))
    for (const instance of instances) {
      if (changed.has(instance.instanceId)) continue;
      if (
        changedVSwitches.has(instance.vSwitchId) ||
        inChangedGroup(instance.securityGroupIds, changedGroups) ||
        changedVpcs.has(vpcOfVSwitch.get(instance.vSwitchId) ?? '') ||
        changedTables.has(tableOfVSwitch.get(instance.vSwitchId) ?? '') ||
        (changedAddresses.size > 0 && holdsOneOf(instance.privateIpAddress, changedAddresses))
      )
        changed.add(instance.instanceId);
    }
  return { kind: 'around', changed, around: around(before, after, changed) };
}

const unmodelledOf = new WeakMap<DocumentChanges, string | null>();

/**
 * What neither this narrowing nor the lost pairs' shortcut (unchanged.ts) reasons about, in either
 * document: transit routers (traced, not swept; their routes are decided from more than one
 * table), or a duplicated instance ID (a pair is named by IDs). Null when neither; worked out
 * once per comparison for both.
 */
export function transitRoutersOrDuplicates(before: Topology, changes: DocumentChanges): string | null {
  let found = unmodelledOf.get(changes);
  if (found === undefined) unmodelledOf.set(changes, (found = unmodelled(before, changes.shared)));
  return found;
}

function unmodelled(before: Topology, after: Topology): string | null {
  // Each table is read once: the tables AFTER shares with BEFORE keep their answer (cenIndex.ts).
  const transit = transitRouterUse(before) ?? transitRouterUse(after);
  if (transit !== null) return transit;
  for (const instances of bothOnce(before.instances, after.instances))
    if (new Set(instances.map((i) => i.instanceId)).size !== instances.length) return 'duplicated instance IDs';
  return null;
}

function inChangedGroup(groupIds: readonly string[], changedGroups: ReadonlySet<string>): boolean {
  for (const id of groupIds) if (changedGroups.has(id)) return true;
  return false;
}

/** The two values, or the one when both are the same (an untouched array is shared). */
function bothOnce<T>(before: T, after: T): T[] {
  return before === after ? [before] : [before, after];
}

function holdsOneOf(address: string, addresses: ReadonlySet<number>): boolean {
  const parsed = parseIpv4(address);
  return parsed.ok && addresses.has(parsed.value);
}

function everything(reason: string): Narrowing {
  return { kind: 'everything', reason };
}

/** Whether two elements are equal once the named fields are left out. */
export function sameApartFrom(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  fields: readonly string[],
): boolean {
  const strip = (x: Record<string, unknown>) => {
    const copy = { ...x };
    for (const f of fields) delete copy[f];
    return copy;
  };
  return deepEqual(strip(a), strip(b));
}

function addressesOf(eni: Record<string, unknown>): number[] {
  const texts = [
    eni.privateIpAddress,
    ...((eni.privateIpSets as { privateIpAddress?: unknown }[] | undefined) ?? []).map((s) => s.privateIpAddress),
  ];
  const out: number[] = [];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const parsed = parseIpv4(text);
    if (parsed.ok) out.push(parsed.value);
  }
  return out;
}

/**
 * The changed instances and every instance of a VPC one of them is in, or is linked to by a
 * router interface or a peering connection (whatever its state), in either document. The
 * network (VPCs, vSwitches, links) is the same in both documents when this is asked.
 */
function around(before: Topology, after: Topology, changed: ReadonlySet<string>): Set<string> {
  const vpcsByRouter = new Map<string, string[]>();
  for (const v of before.vpcs) {
    const list = vpcsByRouter.get(v.vRouterId);
    if (list === undefined) vpcsByRouter.set(v.vRouterId, [v.vpcId]);
    else list.push(v.vpcId);
  }
  const vSwitches = new Map(before.vSwitches.map((s) => [s.vSwitchId, s]));
  const tableVpc = new Map<string, string>();
  for (const document of [before, after]) for (const t of document.routeTables) tableVpc.set(t.routeTableId, t.vpcId);
  // The VPCs an instance's packets can start from: its vSwitch's, and its route table's.
  const vpcsOf = (vSwitchId: string): string[] => {
    const vSwitch = vSwitches.get(vSwitchId);
    if (vSwitch === undefined) return [];
    const table = vSwitch.routeTableId === undefined ? undefined : tableVpc.get(vSwitch.routeTableId);
    return table === undefined ? [vSwitch.vpcId] : [vSwitch.vpcId, table];
  };
  const changedVpcs = new Set<string>();
  for (const instances of bothOnce(before.instances, after.instances))
    for (const instance of instances)
      if (changed.has(instance.instanceId)) for (const vpc of vpcsOf(instance.vSwitchId)) changedVpcs.add(vpc);
  // Those VPCs and every VPC a router interface (with its partner) or a peering connection joins them to.
  const reached = new Set(changedVpcs);
  const joined = (ids: readonly string[]) => {
    if (ids.some((id) => changedVpcs.has(id))) for (const id of ids) reached.add(id);
  };
  const interfaces = new Map(before.routerInterfaces.map((r) => [r.routerInterfaceId, r]));
  for (const ri of before.routerInterfaces) {
    const partner = ri.oppositeInterfaceId === undefined ? undefined : interfaces.get(ri.oppositeInterfaceId);
    const ids: string[] = [];
    for (const router of [ri.routerId, ri.oppositeRouterId, partner?.routerId])
      if (router !== undefined) for (const vpc of vpcsByRouter.get(router) ?? []) ids.push(vpc);
    joined(ids);
  }
  for (const pcc of before.vpcPeerConnections ?? []) joined([pcc.vpcId, pcc.acceptingVpcId]);
  const out = new Set(changed);
  const inReach = new Map<string, boolean>();
  for (const instances of bothOnce(before.instances, after.instances))
    for (const instance of instances) {
      let near = inReach.get(instance.vSwitchId);
      if (near === undefined)
        inReach.set(instance.vSwitchId, (near = vpcsOf(instance.vSwitchId).some((vpc) => reached.has(vpc))));
      if (near) out.add(instance.instanceId);
    }
  return out;
}

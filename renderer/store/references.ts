/**
 * What refers to what in a document: used to delete safely (cascade to contained resources, warn
 * about references that would dangle, repair them) and to copy/paste a resource with its contents.
 */
import {
  OPTIONAL_RESOURCE_ARRAYS,
  RESOURCE_ARRAYS,
  type OptionalResourceArray,
  type ResourceArray,
  type Topology,
} from '../../simulator/document/schema';
import { cidrsOverlap, formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../simulator/net/ipv4';
import { findResource, nextFreeIp, nextFreeVpcCidr } from './edits';
import { newId } from './ids';

/** A reference from a resource's field to another resource that is being deleted. */
export interface DanglingReference {
  /** The resource that holds the reference (it stays). */
  readonly resourceId: string;
  /** Field (or `routeEntries[n].nextHopId` style path) holding the reference. */
  readonly field: string;
  /** The resource it points at (it goes). */
  readonly targetId: string;
  /** What deleting does about it, e.g. "route 172.16.0.0/16 is removed". */
  readonly repair: string;
}

export interface DeletePlan {
  /** The IDs asked for. */
  readonly requested: readonly string[];
  /** Everything removed: requested + contained resources (a VPC's vSwitches, instances …). */
  readonly removed: readonly string[];
  readonly dangling: readonly DanglingReference[];
}

/** Resources directly contained by `id` (deleting `id` deletes them too). */
function containedBy(doc: Topology, id: string): string[] {
  const out: string[] = [];
  const account = doc.accounts.find((a) => a.accountId === id);
  if (account) {
    out.push(...doc.vpcs.filter((v) => v.accountId === id).map((v) => v.vpcId));
    out.push(...doc.routerInterfaces.filter((r) => r.accountId === id).map((r) => r.routerInterfaceId));
  }
  const vpc = doc.vpcs.find((v) => v.vpcId === id);
  if (vpc) {
    out.push(...doc.vSwitches.filter((s) => s.vpcId === id).map((s) => s.vSwitchId));
    out.push(...doc.routeTables.filter((t) => t.vpcId === id).map((t) => t.routeTableId));
    out.push(...doc.securityGroups.filter((g) => g.vpcId === id).map((g) => g.securityGroupId));
    out.push(...doc.routerInterfaces.filter((r) => r.routerId === vpc.vRouterId).map((r) => r.routerInterfaceId));
  }
  if (doc.vSwitches.some((s) => s.vSwitchId === id)) {
    out.push(...doc.instances.filter((i) => i.vSwitchId === id).map((i) => i.instanceId));
  }
  return out;
}

/** `ids` plus everything they contain, transitively, in document order of discovery. */
export function withContents(doc: Topology, ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...ids];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id) || !findResource(doc, id)) continue;
    seen.add(id);
    queue.push(...containedBy(doc, id));
  }
  return [...seen];
}

export function planDelete(doc: Topology, ids: readonly string[]): DeletePlan {
  const removedList = withContents(doc, ids);
  // A peering connection goes when asked for, or with either of its VPCs (it joins both).
  for (const p of doc.vpcPeerConnections ?? [])
    if (
      !removedList.includes(p.instanceId) &&
      (ids.includes(p.instanceId) || removedList.includes(p.vpcId) || removedList.includes(p.acceptingVpcId))
    )
      removedList.push(p.instanceId);
  const removed = new Set(removedList);
  const dangling: DanglingReference[] = [];
  for (const table of doc.routeTables) {
    if (removed.has(table.routeTableId)) continue;
    table.routeEntries.forEach((entry, n) => {
      if (removed.has(entry.nextHopId)) {
        dangling.push({
          resourceId: table.routeTableId,
          field: `routeEntries[${n}].nextHopId`,
          targetId: entry.nextHopId,
          repair: `route ${entry.destinationCidrBlock} is removed`,
        });
      }
    });
  }
  for (const ri of doc.routerInterfaces) {
    if (removed.has(ri.routerInterfaceId)) continue;
    if (ri.oppositeInterfaceId !== undefined && removed.has(ri.oppositeInterfaceId)) {
      dangling.push({
        resourceId: ri.routerInterfaceId,
        field: 'oppositeInterfaceId',
        targetId: ri.oppositeInterfaceId,
        repair: 'its opposite interface is cleared (it stays Idle)',
      });
    }
  }
  for (const sg of doc.securityGroups) {
    if (removed.has(sg.securityGroupId)) continue;
    sg.permissions.forEach((p, n) => {
      const peer = p.sourceGroupId ?? p.destGroupId;
      if (peer !== undefined && removed.has(peer)) {
        dangling.push({
          resourceId: sg.securityGroupId,
          field: `permissions[${n}].${p.sourceGroupId !== undefined ? 'sourceGroupId' : 'destGroupId'}`,
          targetId: peer,
          repair: 'the rule is removed',
        });
      }
    });
  }
  for (const instance of doc.instances) {
    if (removed.has(instance.instanceId)) continue;
    for (const sg of instance.securityGroupIds) {
      if (removed.has(sg))
        dangling.push({
          resourceId: instance.instanceId,
          field: 'securityGroupIds',
          targetId: sg,
          repair: 'the instance leaves the group',
        });
    }
  }
  for (const vsw of doc.vSwitches) {
    if (removed.has(vsw.vSwitchId)) continue;
    if (vsw.routeTableId !== undefined && removed.has(vsw.routeTableId)) {
      dangling.push({
        resourceId: vsw.vSwitchId,
        field: 'routeTableId',
        targetId: vsw.routeTableId,
        repair: 'the vSwitch falls back to the system route table',
      });
    }
  }
  return { requested: [...ids], removed: removedList, dangling };
}

/** Removes everything in the plan and repairs the references that would dangle. */
export function applyDelete(doc: Topology, plan: DeletePlan): Topology {
  const removed = new Set(plan.removed);
  const keep = <T>(array: readonly T[], key: (t: T) => string) => array.filter((r) => !removed.has(key(r)));
  const layoutPositions = doc.layout?.positions;
  return {
    ...doc,
    accounts: keep(doc.accounts, (a) => a.accountId),
    vpcs: keep(doc.vpcs, (v) => v.vpcId),
    vSwitches: keep(doc.vSwitches, (s) => s.vSwitchId).map((s) =>
      s.routeTableId !== undefined && removed.has(s.routeTableId) ? withoutField(s, 'routeTableId') : s,
    ),
    routeTables: keep(doc.routeTables, (t) => t.routeTableId).map((t) =>
      t.routeEntries.some((e) => removed.has(e.nextHopId))
        ? { ...t, routeEntries: t.routeEntries.filter((e) => !removed.has(e.nextHopId)) }
        : t,
    ),
    ...(doc.vpcPeerConnections ? { vpcPeerConnections: keep(doc.vpcPeerConnections, (p) => p.instanceId) } : {}),
    routerInterfaces: keep(doc.routerInterfaces, (r) => r.routerInterfaceId).map((r) =>
      r.oppositeInterfaceId !== undefined && removed.has(r.oppositeInterfaceId)
        ? withoutField(r, 'oppositeInterfaceId')
        : r,
    ),
    securityGroups: keep(doc.securityGroups, (g) => g.securityGroupId).map((g) => {
      const permissions = g.permissions.filter(
        (p) => !removed.has(p.sourceGroupId ?? '') && !removed.has(p.destGroupId ?? ''),
      );
      return permissions.length === g.permissions.length ? g : { ...g, permissions };
    }),
    instances: keep(doc.instances, (i) => i.instanceId).map((i) => {
      const groups = i.securityGroupIds.filter((g) => !removed.has(g));
      // securityGroupIds needs one item (topology-format.md §2): keep the dangling one rather than
      // write an invalid document; validation then reports it.
      return groups.length === i.securityGroupIds.length || groups.length === 0
        ? i
        : { ...i, securityGroupIds: groups };
    }),
    // The optional data-plane arrays: a selected ACL, ENI, prefix list or peering is deleted like any resource.
    ...Object.fromEntries(
      (Object.entries(OPTIONAL_RESOURCE_ARRAYS) as [OptionalResourceArray, string][])
        .filter(([array]) => doc[array] !== undefined)
        .map(([array, key]) => [
          array,
          (doc[array] as readonly Record<string, unknown>[]).filter((r) => !removed.has(String(r[key]))),
        ]),
    ),
    ...(layoutPositions
      ? {
          layout: {
            ...doc.layout,
            positions: Object.fromEntries(Object.entries(layoutPositions).filter(([id]) => !removed.has(id))),
          },
        }
      : {}),
  };
}

function withoutField<T extends object, K extends keyof T>(value: T, key: K): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

// ───────────────────────────── copy / paste ─────────────────────────────

/** What is on the clipboard: the copied resources with their contents, as document arrays. */
export interface ClipboardPayload {
  readonly kind: 'vpclink/clipboard';
  readonly resources: Partial<Record<ResourceArray, readonly Record<string, unknown>[]>>;
}

export function copyResources(doc: Topology, ids: readonly string[]): ClipboardPayload | undefined {
  const all = new Set(withContents(doc, ids));
  // Accounts are identities, not copyable designs: copying one copies what it holds.
  for (const a of doc.accounts) all.delete(a.accountId);
  if (all.size === 0) return undefined;
  const resources: Partial<Record<ResourceArray, Record<string, unknown>[]>> = {};
  for (const array of Object.keys(RESOURCE_ARRAYS) as ResourceArray[]) {
    const key = RESOURCE_ARRAYS[array];
    const picked = (doc[array] as readonly Record<string, unknown>[]).filter((r) => all.has(String(r[key])));
    if (picked.length) resources[array] = picked;
  }
  return { kind: 'vpclink/clipboard', resources };
}

/**
 * Pastes with fresh IDs. References inside the payload follow the copies; references outside it
 * stay (a pasted instance lands in the same vSwitch, with a free IP). A pasted VPC whose CIDR
 * collides moves to a free block, its vSwitches and instances shifted along.
 */
export function pasteResources(doc: Topology, payload: ClipboardPayload): { doc: Topology; ids: string[] } {
  const idMap = new Map<string, string>();
  const taken = new Set<string>();
  const fresh = (prefix: string) => {
    const id = newId(prefix, doc, taken);
    taken.add(id);
    return id;
  };
  for (const array of Object.keys(RESOURCE_ARRAYS) as ResourceArray[]) {
    const key = RESOURCE_ARRAYS[array];
    for (const r of payload.resources[array] ?? []) {
      const old = String(r[key]);
      idMap.set(old, fresh(old.split('-')[0] || 'id'));
      if (array === 'vpcs') {
        const vrt = String(r.vRouterId);
        if (!idMap.has(vrt)) idMap.set(vrt, fresh('vrt'));
      }
    }
  }
  const remap = (value: unknown): unknown => {
    if (typeof value === 'string') return idMap.get(value) ?? value;
    if (Array.isArray(value)) return value.map(remap);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'name' ? v : remap(v)]));
    return value;
  };
  const copied = Object.fromEntries(
    Object.entries(payload.resources).map(([array, list]) => [
      array,
      (list ?? []).map((r) => {
        const next = remap(r) as Record<string, unknown>;
        if (typeof next.name === 'string') next.name = `${next.name} copy`;
        return next;
      }),
    ]),
  ) as Partial<Record<ResourceArray, Record<string, unknown>[]>>;

  let d: Topology = doc;
  // Move colliding VPCs (and their contents) to free blocks.
  for (const vpc of copied.vpcs ?? []) {
    const old = parseCidr(String(vpc.cidrBlock));
    if (!old.ok) continue;
    const collides = d.vpcs.some((v) => {
      const p = parseCidr(v.cidrBlock);
      return p.ok && cidrsOverlap(p.value, old.value);
    });
    if (!collides) {
      d = { ...d, vpcs: [...d.vpcs, vpc as never] };
      continue;
    }
    const target = parseCidr(nextFreeVpcCidr(d));
    if (!target.ok || target.value.prefix > old.value.prefix) {
      d = { ...d, vpcs: [...d.vpcs, vpc as never] };
      continue;
    }
    const shift = (target.value.base - old.value.base) >>> 0;
    const move = (text: string) => {
      const p = parseCidr(text);
      return p.ok ? formatCidr({ base: (p.value.base + shift) >>> 0, prefix: p.value.prefix }) : text;
    };
    const moveIp = (text: string) => {
      const p = parseIpv4(text);
      return p.ok ? formatIpv4((p.value + shift) >>> 0) : text;
    };
    vpc.cidrBlock = formatCidr({ base: target.value.base, prefix: old.value.prefix });
    const vswIds = new Set<string>();
    for (const s of copied.vSwitches ?? []) {
      if (s.vpcId !== vpc.vpcId) continue;
      s.cidrBlock = move(String(s.cidrBlock));
      vswIds.add(String(s.vSwitchId));
    }
    for (const i of copied.instances ?? [])
      if (vswIds.has(String(i.vSwitchId))) i.privateIpAddress = moveIp(String(i.privateIpAddress));
    d = { ...d, vpcs: [...d.vpcs, vpc as never] };
  }
  for (const array of ['vSwitches', 'routeTables', 'securityGroups', 'routerInterfaces'] as const) {
    const list = copied[array];
    if (list?.length) d = { ...d, [array]: [...(d[array] as readonly unknown[]), ...list] };
  }
  for (const instance of copied.instances ?? []) {
    // An instance pasted into an existing vSwitch needs an address of its own.
    const clash = d.instances.some((i) => i.privateIpAddress === instance.privateIpAddress);
    const next = clash ? { ...instance, privateIpAddress: nextFreeIp(d, String(instance.vSwitchId)) } : instance;
    d = { ...d, instances: [...d.instances, next as never] };
  }
  const ids = [...idMap.entries()]
    .filter(([old]) => !old.startsWith('vrt-') || !(payload.resources.vpcs ?? []).some((v) => v.vRouterId === old))
    .map(([, id]) => id);
  return { doc: d, ids };
}

/**
 * Which resources the current ping check passes, per direction, for highlighting on the graph; and
 * where each blocker goes on the picture. A blocker names a rule's security group or a route table,
 * which are not nodes: it is anchored to the node a user sees it on (the instance whose group
 * decided, the VPC that owns the table or the interface).
 */
import type { TopologyIndex } from '../../simulator/model/topologyIndex';
import type { BlockerView, CheckOutcome, HopView, TraceView } from '../sim/types';

export type PathRole = 'forward' | 'return' | 'both' | 'blocked' | null;

export interface PathSets {
  readonly forward: ReadonlySet<string>;
  readonly return: ReadonlySet<string>;
  readonly blocked: ReadonlySet<string>;
}

const EMPTY: PathSets = { forward: new Set(), return: new Set(), blocked: new Set() };
const cache = new WeakMap<object, PathSets>();

export function pathSets(check: CheckOutcome | null): PathSets {
  if (!check || check.kind !== 'result') return EMPTY;
  let sets = cache.get(check);
  if (!sets) {
    // Hypothetical hops (after a drop) are not part of the path the packet takes.
    const ids = (hops: readonly { resourceId?: string; hypothetical?: unknown }[]) =>
      new Set(hops.filter((h) => h.resourceId && h.hypothetical !== true).map((h) => h.resourceId!));
    sets = {
      forward: ids(check.forward.hops),
      return: ids(check.return.hops),
      blocked: new Set(check.blockers.map((b) => b.resourceId).filter((id): id is string => typeof id === 'string')),
    };
    cache.set(check, sets);
  }
  return sets;
}

export function pathRole(check: CheckOutcome | null, ids: readonly string[], index?: TopologyIndex): PathRole {
  const sets = pathSets(check);
  if (ids.some((id) => sets.blocked.has(id))) return 'blocked';
  if (index && ids.some((id) => blockerAnchors(check, index).has(id))) return 'blocked';
  const f = ids.some((id) => sets.forward.has(id));
  const r = ids.some((id) => sets.return.has(id));
  return f && r ? 'both' : f ? 'forward' : r ? 'return' : null;
}

/** A blocker placed on the graph: the node it shows next to, and the hop that dropped the packet. */
export interface BlockerAnchor {
  readonly nodeId: string;
  readonly blocker: BlockerView;
  readonly hop: HopView | undefined;
}

const NO_ANCHORS: ReadonlyMap<string, readonly BlockerAnchor[]> = new Map();
const anchorCache = new WeakMap<object, ReadonlyMap<string, readonly BlockerAnchor[]>>();

function anchorNode(blocker: BlockerView, trace: TraceView, hop: HopView | undefined, index: TopologyIndex) {
  const id = blocker.resourceId;
  if (index.vpcs.has(id) || index.vSwitches.has(id) || index.instances.has(id)) return id;
  if (hop?.resourceType === 'securityGroup') {
    // Egress is decided at the sender (first hop), ingress at the receiver (the instance hop after it).
    const instances = trace.hops.filter((h) => h.resourceType === 'instance');
    const at = hop.direction === 'egress' ? instances[0] : instances[instances.length - 1];
    if (at && index.instances.has(at.resourceId)) return at.resourceId;
  }
  // A network ACL is drawn as a badge on the vSwitch it filters at this hop.
  if (hop?.resourceType === 'networkAcl' && index.vSwitches.has(hop.vSwitchId)) return hop.vSwitchId;
  const table = index.routeTables.get(id);
  if (table) return table.vpcId;
  const ri = index.routerInterfaces.get(id);
  if (ri) return index.vpcByRouterId.get(ri.routerId)?.vpcId;
  const group = index.securityGroups.get(id);
  if (group) return group.vpcId;
  return undefined;
}

/** Blockers per graph node, both directions (cached per check). */
export function blockerAnchors(
  check: CheckOutcome | null,
  index: TopologyIndex,
): ReadonlyMap<string, readonly BlockerAnchor[]> {
  if (!check || check.kind !== 'result' || check.blockers.length === 0) return NO_ANCHORS;
  let anchors = anchorCache.get(check);
  if (!anchors) {
    const map = new Map<string, BlockerAnchor[]>();
    for (const blocker of check.blockers) {
      const trace = blocker.direction === 'forward' ? check.forward : check.return;
      const hop = trace.hops.find((h) => h.causesDrop && h.resourceId === blocker.resourceId);
      const nodeId = anchorNode(blocker, trace, hop, index);
      if (!nodeId) continue;
      const list = map.get(nodeId);
      if (list) list.push({ nodeId, blocker, hop });
      else map.set(nodeId, [{ nodeId, blocker, hop }]);
    }
    anchors = map;
    anchorCache.set(check, anchors);
  }
  return anchors;
}

const NO_PATHS: ReadonlySet<string> = new Set();
const blockedPathCache = new WeakMap<object, ReadonlySet<string>>();

/** JSON Pointers of the rules, ACL entries and routes that dropped the packet (either direction), for the inspector's tables. */
export function blockedPaths(check: CheckOutcome | null): ReadonlySet<string> {
  if (!check || check.kind !== 'result') return NO_PATHS;
  let paths = blockedPathCache.get(check);
  if (!paths) {
    const set = new Set<string>();
    for (const hop of [...check.forward.hops, ...check.return.hops]) {
      if (!hop.causesDrop) continue;
      if (hop.resourceType === 'securityGroup' && hop.rule) set.add(hop.rule.path);
      if (hop.resourceType === 'routeTable' && hop.route?.path) set.add(hop.route.path);
      if (hop.resourceType === 'networkAcl' && hop.entry?.path) set.add(hop.entry.path);
    }
    paths = set;
    blockedPathCache.set(check, paths);
  }
  return paths;
}

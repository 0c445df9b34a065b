/**
 * One-click fixes: the Fix button applies a blocker's `fix` — the RFC 6902 JSON Patch the
 * simulator computed (topology-format.md §4.3) — as-is, so the app and `vpclink check --json`
 * always agree on what the fix is. This module only names the patch for the button and the undo
 * history; the document store's `change` keeps undo working (the patch result is a new document
 * that shares every untouched object).
 */
import type { Topology } from '../../simulator/document/schema';
import { applyJsonPatch, type JsonPatch, type JsonPatchOperation } from '../../simulator/reach';
import type { BlockerView, FlowQuery } from '../sim/types';

export interface Fix {
  /** Button text / undo label, e.g. "Add route 192.168.0.0/16 → ri-…". */
  readonly label: string;
  readonly apply: (doc: Topology) => Topology;
}

type Json = Record<string, unknown>;

function at(doc: unknown, path: string): unknown {
  let node = doc;
  for (const token of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** The resource object a pointer such as `/securityGroups/3/permissions/-` lies in. */
function owner(doc: Topology, op: JsonPatchOperation): Json | undefined {
  const [array, index] = op.path.split('/').slice(1);
  return at(doc, `/${array}/${index}`) as Json | undefined;
}

function nameOf(resource: Json | undefined, idField: string): string {
  if (!resource) return '?';
  return String(resource.name ?? resource.networkAclName ?? resource[idField] ?? '?');
}

/** A next hop by its name when it has one. */
function hopName(doc: Topology, id: string): string {
  return (
    doc.routerInterfaces.find((r) => r.routerInterfaceId === id)?.name ??
    (doc.vpcPeerConnections ?? []).find((p) => p.instanceId === id)?.name ??
    id
  );
}

/** A short label for the patch, from its first meaningful operation. */
export function labelForPatch(doc: Topology, patch: JsonPatch): string {
  const op = patch[0]!;
  const array = op.path.split('/')[1];
  const value = 'value' in op && typeof op.value === 'object' && op.value !== null ? (op.value as Json) : undefined;
  switch (array) {
    case 'securityGroups': {
      const group = nameOf(owner(doc, op), 'securityGroupId');
      if (op.op === 'add' && value && typeof value === 'object') {
        const peer = value.direction === 'ingress' ? `from ${value.sourceCidrIp}` : `to ${value.destCidrIp}`;
        const port = value.portRange !== '-1/-1' ? ` ${String(value.portRange)}` : '';
        const removed = patch.filter((o) => o.op === 'remove').length;
        return `Allow ${String(value.ipProtocol)}${port} ${peer} in ${group}${removed ? ` (remove ${removed} Drop rule${removed > 1 ? 's' : ''})` : ''}`;
      }
      return `Edit rules of ${group}`;
    }
    case 'networkAcls': {
      const acl = nameOf(owner(doc, op), 'networkAclId');
      const entry = (Array.isArray(value) ? value[0] : value) as Json | undefined;
      if (entry) {
        const peer = entry.sourceCidrIp ? `from ${entry.sourceCidrIp}` : `to ${entry.destinationCidrIp}`;
        const port = entry.port !== '-1/-1' ? ` ${String(entry.port)}` : '';
        return `Accept ${String(entry.protocol)}${port} ${peer} in ACL ${acl}`;
      }
      return `Edit ACL ${acl}`;
    }
    case 'routeTables': {
      const entry = (value && 'routeEntries' in value ? (value.routeEntries as Json[])[0] : value) as Json | undefined;
      if (op.op === 'add' && entry?.destinationCidrBlock)
        return `Add route ${String(entry.destinationCidrBlock)} → ${hopName(doc, String(entry.nextHopId))}`;
      if (op.path.endsWith('/status')) return 'Mark the route Available';
      const next = patch.find((o) => o.path.endsWith('/nextHopId'));
      return next && 'value' in next ? `Route via ${hopName(doc, String(next.value))}` : 'Fix the route';
    }
    case 'routerInterfaces': {
      const ri = nameOf(owner(doc, op), 'routerInterfaceId');
      const target = patch.find((o) => o.path.endsWith('/oppositeInterfaceId'));
      if (target && 'value' in target) {
        const peer = doc.routerInterfaces.find((r) => r.routerInterfaceId === target.value);
        return `Pair ${ri} with ${peer?.name ?? String(target.value)}`;
      }
      if (op.op === 'remove' && op.path.endsWith('/status')) return `Connect ${ri} when applying`;
      return `Fix ${ri}`;
    }
    case 'vpcPeerConnections': {
      if (op.op === 'add') {
        const connection = (Array.isArray(value) ? value[0] : value) as Json;
        return `Peer ${String(connection.vpcId)} with ${String(connection.acceptingVpcId)} and route through it`;
      }
      return `Activate ${nameOf(owner(doc, op), 'instanceId')} when applying`;
    }
    case 'instances':
      if (op.path.endsWith('/status')) return `Start ${nameOf(owner(doc, op), 'instanceId')}`;
      return `Remove unknown groups from ${nameOf(owner(doc, op), 'instanceId')}`;
    case 'networkInterfaces':
      return `Remove unknown groups from ${nameOf(owner(doc, op), 'networkInterfaceId')}`;
    case 'vSwitches':
      return `Use the system route table for ${nameOf(owner(doc, op), 'vSwitchId')}`;
    // CEN transit routers (simulator/reach/steps/transitRouter.ts).
    case 'transitRouterRouteTables':
    case 'transitRouterRouteTableAssociations':
    case 'transitRouterRouteTablePropagations':
    case 'transitRouterVpcAttachments':
    case 'transitRouterPeerAttachments':
      return transitRouterFixLabel(doc, array, op, value);
    default:
      return 'Apply the fix';
  }
}

function transitRouterFixLabel(doc: Topology, array: string, op: JsonPatchOperation, value: Json | undefined): string {
  const link = (Array.isArray(value) ? value[0] : value) as Json | undefined;
  const table = nameOf(owner(doc, op), 'transitRouterRouteTableId');
  if (array === 'transitRouterRouteTables') {
    if (op.op === 'remove') return `Remove the BlackHole route from ${table}`;
    if (link)
      return `Route ${String(link.transitRouterRouteEntryDestinationCidrBlock)} to ${String(link.transitRouterRouteEntryNextHopId)} in ${table}`;
    return `Route to the destination's attachment in ${table}`;
  }
  if (array === 'transitRouterRouteTableAssociations')
    return link
      ? `Associate ${String(link.transitRouterAttachmentId)} with ${String(link.transitRouterRouteTableId)}`
      : 'Make the association Active when applying';
  if (array === 'transitRouterRouteTablePropagations')
    return link
      ? `Learn ${String(link.transitRouterAttachmentId)}'s routes in ${String(link.transitRouterRouteTableId)}`
      : 'Make the propagation Active when applying';
  return `Attach ${nameOf(owner(doc, op), 'transitRouterAttachmentId')} when applying`;
}

/**
 * The fix of a blocker, or undefined when it carries none (the blocker then only selects its
 * resource) or its patch no longer applies to `doc` (the check ran on an older version).
 */
export function fixForBlocker(doc: Topology, blocker: BlockerView, _flow?: FlowQuery): Fix | undefined {
  const patch = blocker.fix;
  if (!patch || patch.length === 0) return undefined;
  try {
    applyJsonPatch(doc, patch);
  } catch {
    return undefined;
  }
  return {
    label: labelForPatch(doc, patch),
    // The same patch as `check --json` gives; a document edited since then is left as it is.
    apply: (d) => {
      try {
        return applyJsonPatch(d, patch);
      } catch {
        return d;
      }
    },
  };
}

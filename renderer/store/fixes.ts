/**
 * One-click fixes for the blockers of a ping check: the concrete document edit behind each
 * blocker's suggestion. Pure: (document, blocker, flow) → labelled edit, or undefined when there
 * is no safe automatic fix (the blocker then only selects its resource).
 */
import type { Permission, Topology } from '../../simulator/document/schema';
import { buildTopologyIndex, pairProblems, type TopologyIndex } from '../../simulator/model';
import { cidrContainsIp, parseCidr, parseIpv4 } from '../../simulator/net/ipv4';
import type { BlockerView, FlowQuery } from '../sim/types';
import { addPermission, addRouteEntry, alignOppositeFields, updateResource, updateRouteEntry } from './edits';

export interface Fix {
  /** Button text / undo label, e.g. "Add route 192.168.0.0/16 → ri-…". */
  readonly label: string;
  readonly apply: (doc: Topology) => Topology;
}

interface Endpoint {
  readonly ip: string;
  readonly vpcId?: string;
  readonly instanceId?: string;
}

function endpoint(index: TopologyIndex, idOrIp: string): Endpoint | undefined {
  const instance = index.instances.get(idOrIp);
  if (instance) {
    const vsw = index.vSwitches.get(instance.vSwitchId);
    return { ip: instance.privateIpAddress, vpcId: vsw?.vpcId, instanceId: instance.instanceId };
  }
  return parseIpv4(idOrIp).ok ? { ip: idOrIp } : undefined;
}

function vpcContainingIp(index: TopologyIndex, ip: string): string | undefined {
  const parsed = parseIpv4(ip);
  if (!parsed.ok) return undefined;
  for (const vpc of index.vpcs.values()) {
    for (const block of [vpc.cidrBlock, ...(vpc.secondaryCidrBlocks ?? [])]) {
      const c = parseCidr(block);
      if (c.ok && cidrContainsIp(c.value, parsed.value)) return vpc.vpcId;
    }
  }
  return undefined;
}

/** The VPC a blocker's resource belongs to (route table, VPC, vSwitch, instance, security group, RI). */
function vpcOfResource(index: TopologyIndex, id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (index.vpcs.has(id)) return id;
  const table = index.routeTables.get(id);
  if (table) return table.vpcId;
  const vsw = index.vSwitches.get(id);
  if (vsw) return vsw.vpcId;
  const instance = index.instances.get(id);
  if (instance) return index.vSwitches.get(instance.vSwitchId)?.vpcId;
  const sg = index.securityGroups.get(id);
  if (sg) return sg.vpcId;
  const ri = index.routerInterfaces.get(id);
  if (ri) return index.vpcByRouterId.get(ri.routerId)?.vpcId;
  return undefined;
}

function protocolFields(flow: FlowQuery): Pick<Permission, 'ipProtocol' | 'portRange'> {
  switch (flow.protocol) {
    case 'icmp':
      return { ipProtocol: 'ICMP', portRange: '-1/-1' };
    case 'all':
      return { ipProtocol: 'ALL', portRange: '-1/-1' };
    case 'tcp':
    case 'udp': {
      const port = flow.port ?? 1;
      return {
        ipProtocol: flow.protocol === 'tcp' ? 'TCP' : 'UDP',
        portRange: flow.port === null ? '1/65535' : `${port}/${port}`,
      };
    }
  }
}

/** The peer a rule should admit: the peer VPC's CIDR across VPCs (as the tutorials do), else the address /32. */
function peerCidr(index: TopologyIndex, local: Endpoint, peer: Endpoint): string {
  const peerVpc = peer.vpcId ?? vpcContainingIp(index, peer.ip);
  if (peerVpc && peerVpc !== local.vpcId) return index.vpcs.get(peerVpc)!.cidrBlock;
  return `${peer.ip}/32`;
}

export function fixForBlocker(doc: Topology, blocker: BlockerView, flow: FlowQuery): Fix | undefined {
  const index = buildTopologyIndex(doc);
  const src = endpoint(index, flow.from);
  const dst = endpoint(index, flow.to);
  if (!src || !dst) return undefined;
  // On the return path the roles swap: the reply goes from the destination back to the source.
  const [sender, receiver] = blocker.direction === 'forward' ? [src, dst] : [dst, src];

  switch (blocker.code) {
    case 'NO_ROUTE':
    case 'ROUTE_TO_WRONG_VPC':
    case 'ROUTE_NEXT_HOP_INVALID':
    case 'ROUTE_NOT_AVAILABLE': {
      const vpcId = vpcOfResource(index, blocker.resourceId) ?? sender.vpcId;
      const vpc = vpcId ? index.vpcs.get(vpcId) : undefined;
      if (!vpc) return undefined;
      const targetVpcId = receiver.vpcId ?? vpcContainingIp(index, receiver.ip);
      const targetVpc = targetVpcId ? index.vpcs.get(targetVpcId) : undefined;
      if (!targetVpc) return undefined;
      // A router interface of this VPC whose opposite sits on the target VPC's router.
      const ri = (index.routerInterfacesByRouter.get(vpc.vRouterId) ?? []).find((r) => {
        const opposite = r.oppositeInterfaceId ? index.routerInterfaces.get(r.oppositeInterfaceId) : undefined;
        return (opposite?.routerId ?? r.oppositeRouterId) === targetVpc.vRouterId;
      });
      if (!ri) return undefined;
      const table = index.routeTables.get(blocker.resourceId ?? '') ?? index.systemRouteTableByVpc.get(vpc.vpcId);
      if (!table) return undefined;
      const destination = targetVpc.cidrBlock;
      const existing = table.table.routeEntries.findIndex((e) => e.destinationCidrBlock === destination);
      if (existing >= 0 && !table.implied) {
        return {
          label: `Route ${destination} via ${ri.name ?? ri.routerInterfaceId}`,
          apply: (d) =>
            updateRouteEntry(d, table.routeTableId, existing, {
              nextHopType: 'RouterInterface',
              nextHopId: ri.routerInterfaceId,
              status: 'Available',
            }),
        };
      }
      return {
        label: `Add route ${destination} → ${ri.name ?? ri.routerInterfaceId}`,
        apply: (d) =>
          addRouteEntry(d, table.routeTableId, {
            destinationCidrBlock: destination,
            nextHopType: 'RouterInterface',
            nextHopId: ri.routerInterfaceId,
            status: 'Available',
            routeEntryName: `to-${targetVpc.name ?? targetVpc.vpcId}`,
          }),
      };
    }
    case 'SG_INGRESS_DENIED':
    case 'SG_EGRESS_DENIED': {
      const ingress = blocker.code === 'SG_INGRESS_DENIED';
      // Ingress is checked at the receiver, egress at the sender.
      const owner = ingress ? receiver : sender;
      const other = ingress ? sender : receiver;
      const instance = owner.instanceId ? index.instances.get(owner.instanceId) : undefined;
      const sgId =
        blocker.resourceId && index.securityGroups.has(blocker.resourceId)
          ? blocker.resourceId
          : instance?.securityGroupIds[0];
      if (!sgId || !index.securityGroups.has(sgId)) return undefined;
      const peer = peerCidr(index, owner, other);
      const fields = protocolFields(flow);
      const permission: Permission = ingress
        ? {
            direction: 'ingress',
            ...fields,
            sourceCidrIp: peer,
            policy: 'Accept',
            priority: 1,
            description: 'added by vpclink fix',
          }
        : {
            direction: 'egress',
            ...fields,
            destCidrIp: peer,
            policy: 'Accept',
            priority: 1,
            description: 'added by vpclink fix',
          };
      const sgName = index.securityGroups.get(sgId)?.name ?? sgId;
      return {
        label: `Allow ${fields.ipProtocol}${fields.portRange !== '-1/-1' ? ' ' + fields.portRange : ''} ${ingress ? 'from' : 'to'} ${peer} in ${sgName}`,
        apply: (d) => addPermission(d, sgId, permission),
      };
    }
    case 'ROUTER_INTERFACE_MISMATCH':
    case 'ROUTER_INTERFACE_NOT_ACTIVE': {
      const ri = blocker.resourceId ? index.routerInterfaces.get(blocker.resourceId) : undefined;
      if (!ri) return undefined;
      const problems = pairProblems(ri, index);
      const peer =
        (ri.oppositeInterfaceId && index.routerInterfaces.get(ri.oppositeInterfaceId)) ||
        [...index.routerInterfaces.values()].find((r) => r.oppositeInterfaceId === ri.routerInterfaceId) ||
        [...index.routerInterfaces.values()].find(
          (r) => r.routerId === ri.oppositeRouterId && r.routerInterfaceId !== ri.routerInterfaceId,
        );
      if (problems.length > 0 && peer) {
        return {
          label: `Pair ${ri.name ?? ri.routerInterfaceId} with ${peer.name ?? peer.routerInterfaceId}`,
          apply: (d) => {
            const aligned = alignOppositeFields(d, ri.routerInterfaceId, peer.routerInterfaceId);
            return clearStaleStatus(clearStaleStatus(aligned, ri.routerInterfaceId), peer.routerInterfaceId);
          },
        };
      }
      if (ri.status !== undefined && ri.status !== 'Active') {
        // A live status from an import: the plan (re)connects a consistent pair.
        return {
          label: `Connect ${ri.name ?? ri.routerInterfaceId} when applying`,
          apply: (d) => clearStaleStatus(d, ri.routerInterfaceId),
        };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function clearStaleStatus(doc: Topology, riId: string): Topology {
  const ri = doc.routerInterfaces.find((r) => r.routerInterfaceId === riId);
  return ri?.status !== undefined && ri.status !== 'Active' ? updateResource(doc, riId, { status: undefined }) : doc;
}

/**
 * Route tables and entries: one system table per VPC, the CreateRouteEntry rules (unique
 * destination, not equal to or inside a local vSwitch block, not 100.64.0.0/10, next hop of the
 * same VPC — aliyun-api.md §4.2), the 200-entry quota (§6), and whether a route via a router
 * interface can carry traffic at all.
 */
import type { RouterInterface, Vpc } from '../document/schema';
import { effectiveRouterInterfaceStatus } from '../model/pairing';
import { type Cidr, cidrContainsCidr, cidrsEqual, cidrsOverlap, formatCidr, maskOf } from '../net/ipv4';
import type { ValidationContext } from './context';

/** Quota: custom route entries per route table (aliyun-api.md §4.2, §6). */
export const MAX_ROUTE_ENTRIES_PER_TABLE = 200;

const CLOUD_SERVICES: Cidr = { base: 0x64400000, prefix: 10 };

/** vSwitch blocks of one VPC by prefix length, to test "inside a local vSwitch" in ≤ 14 probes. */
class BlockSet {
  private readonly byPrefix = new Map<number, Map<number, string>>();
  private prefixes: number[] = [];
  add(cidr: Cidr, label: string): void {
    let bucket = this.byPrefix.get(cidr.prefix);
    if (!bucket) {
      this.byPrefix.set(cidr.prefix, (bucket = new Map()));
      this.prefixes = [...this.byPrefix.keys()].sort((a, b) => a - b);
    }
    if (!bucket.has(cidr.base)) bucket.set(cidr.base, label);
  }
  /** A stored block that equals or contains `cidr`. */
  container(cidr: Cidr): { readonly cidr: Cidr; readonly label: string } | undefined {
    for (const prefix of this.prefixes) {
      if (prefix > cidr.prefix) break;
      const base = (cidr.base & maskOf(prefix)) >>> 0;
      const label = this.byPrefix.get(prefix)!.get(base);
      if (label !== undefined) return { cidr: { base, prefix }, label };
    }
    return undefined;
  }
}

export function checkRouteTables(ctx: ValidationContext): void {
  const { document, index } = ctx;
  const localBlocks = new Map<string, BlockSet>();
  for (const [vpcId, list] of ctx.vSwitchCidrs) {
    const set = new BlockSet();
    for (const s of list) set.add(s.cidr, `${s.vSwitchId}'s ${s.text}`);
    localBlocks.set(vpcId, set);
  }
  // Destinations routed onward by each VPC: a route toward a peer for a block the peer does not
  // hold is fine when the peer routes it further (a transit hub), so only flag the others.
  const routedByVpc = new Map<string, BlockSet>();
  for (const table of document.routeTables) {
    let set = routedByVpc.get(table.vpcId);
    if (!set) routedByVpc.set(table.vpcId, (set = new BlockSet()));
    for (const entry of table.routeEntries) {
      const parsed = ctx.parseCidr(entry.destinationCidrBlock, true);
      if (parsed.ok) set.add(parsed.value.cidr, table.routeTableId);
    }
  }
  const statusCache = new Map<string, string>();
  const statusOf = (ri: RouterInterface) => {
    let status = statusCache.get(ri.routerInterfaceId);
    if (status === undefined) statusCache.set(ri.routerInterfaceId, (status = effectiveRouterInterfaceStatus(ri, index)));
    return status;
  };

  document.routeTables.forEach((table, t) => {
    const at = `/routeTables/${t}`;
    const id = table.routeTableId;
    const vpc = index.vpcs.get(table.vpcId);
    if (!vpc) {
      ctx.report('DANGLING_REFERENCE', `${at}/vpcId`, `${id}: vpcId ${table.vpcId} is not a VPC in the document`, {
        resourceId: id,
        suggestion: `set vpcId to one of the document's VPCs, or add ${table.vpcId}`,
      });
    }
    const system = index.systemRouteTableByVpc.get(table.vpcId);
    if (table.routeTableType === 'System' && system && system.documentIndex !== t) {
      ctx.report('ROUTE_TABLE_SYSTEM_DUPLICATE', `${at}/routeTableType`, `${id} is a second System route table of ${table.vpcId} (the first is ${system.routeTableId}); a VPC has exactly one`, {
        resourceId: id,
        suggestion: `change routeTableType of ${id} to Custom and attach vSwitches to it with routeTableId, or move its entries into ${system.routeTableId}`,
      });
    }
    if (table.routeEntries.length > MAX_ROUTE_ENTRIES_PER_TABLE) {
      ctx.report('ROUTE_TABLE_QUOTA_EXCEEDED', `${at}/routeEntries/${MAX_ROUTE_ENTRIES_PER_TABLE}`, `${id} has ${table.routeEntries.length} route entries; a route table holds at most ${MAX_ROUTE_ENTRIES_PER_TABLE} custom entries`, {
        resourceId: id,
        suggestion: `aggregate destinations into larger blocks to get ${id} down to ${MAX_ROUTE_ENTRIES_PER_TABLE} entries`,
      });
    }

    const destinations = new Map<string, number>();
    table.routeEntries.forEach((entry, e) => {
      const ep = `${at}/routeEntries/${e}`;
      const dest = ctx.checkCidrField(entry.destinationCidrBlock, `${ep}/destinationCidrBlock`, id, () => `route entry ${e} destinationCidrBlock`, true);
      const nextHop = entry.nextHopType === 'RouterInterface' ? index.routerInterfaces.get(entry.nextHopId) : undefined;
      const remote = nextHop ? remoteVpcOf(ctx, nextHop) : undefined;
      if (dest) {
        const key = `${dest.base}/${dest.prefix}`;
        const first = destinations.get(key);
        if (first !== undefined) {
          ctx.report('ROUTE_DESTINATION_DUPLICATE', `${ep}/destinationCidrBlock`, `${id}: route entry ${e} repeats destination ${formatCidr(dest)} of entry ${first}; destinations are unique in a table`, {
            resourceId: id,
            suggestion: `remove route entry ${e} (${formatCidr(dest)} → ${entry.nextHopId}) from ${id}, or change its destination`,
          });
        } else destinations.set(key, e);

        if (cidrsEqual(dest, CLOUD_SERVICES)) {
          ctx.report('ROUTE_DESTINATION_RESERVED', `${ep}/destinationCidrBlock`, `${id}: route entry ${e} targets 100.64.0.0/10, the system route for cloud services`, {
            resourceId: id,
            suggestion: `remove route entry ${e} from ${id}`,
          });
        } else if (cidrContainsCidr(CLOUD_SERVICES, dest)) {
          // Older/EN docs refuse subnets of 100.64.0.0/10 too; a newer CN doc allows them (aliyun-api.md §4.2).
          ctx.report('ROUTE_DESTINATION_IN_SERVICE_RANGE', `${ep}/destinationCidrBlock`, `${id}: route entry ${e} targets ${formatCidr(dest)}, inside 100.64.0.0/10 (cloud services)`, {
            resourceId: id,
            suggestion: `avoid 100.64.0.0/10 for ${formatCidr(dest)}: older API versions refuse it and it can break cloud services`,
          });
        }

        const local = localBlocks.get(table.vpcId)?.container(dest);
        if (local) {
          const peerBlocks = remote ? (ctx.vpcCidrs.get(remote.vpcId) ?? []) : [];
          ctx.report('ROUTE_DESTINATION_IN_VSWITCH', `${ep}/destinationCidrBlock`, `${id}: route entry ${e} destination ${formatCidr(dest)} ${cidrsEqual(local.cidr, dest) ? 'equals' : 'lies inside'} local vSwitch ${local.label} of ${table.vpcId}; CreateRouteEntry refuses it`, {
            resourceId: id,
            suggestion: remote && peerBlocks.length > 0 && !peerBlocks.some((b) => cidrsOverlap(b.cidr, local.cidr))
              ? `change destinationCidrBlock to ${peerBlocks[0]!.text} (${remote.vpcId}'s CIDR block, behind ${entry.nextHopId})`
              : `remove route entry ${e}; traffic to ${formatCidr(dest)} stays in ${table.vpcId} (if the peer uses the same addresses, re-address one side)`,
          });
        }
      }

      if (entry.nextHopType !== 'RouterInterface') {
        ctx.report('ROUTE_NEXT_HOP_NOT_SIMULATED', `${ep}/nextHopType`, `${id}: route entry ${e} has next hop ${entry.nextHopType} ${entry.nextHopId}; vpclink keeps it but does not simulate traffic through it`, {
          resourceId: id,
        });
        return;
      }
      if (!nextHop) {
        ctx.report('DANGLING_REFERENCE', `${ep}/nextHopId`, `${id}: route entry ${e} next hop ${entry.nextHopId} is not a router interface in the document`, {
          resourceId: id,
          suggestion: suggestLocalInterface(ctx, vpc, dest) ?? `add router interface ${entry.nextHopId} on ${vpc?.vRouterId ?? 'this VPC\'s vRouter'}, or correct nextHopId`,
        });
        return;
      }
      if (vpc && nextHop.routerId !== vpc.vRouterId) {
        const owner = ctx.vpcOfRouter(nextHop.routerId);
        ctx.report('ROUTE_NEXT_HOP_NOT_LOCAL', `${ep}/nextHopId`, `${id} (${vpc.vpcId}): route entry ${e} next hop ${nextHop.routerInterfaceId} is on router ${nextHop.routerId}${owner ? ` of ${owner.vpcId}` : ''}, not on ${vpc.vpcId}'s vRouter ${vpc.vRouterId}`, {
          resourceId: id,
          suggestion: suggestLocalInterface(ctx, vpc, dest) ?? `create a router interface on ${vpc.vRouterId} paired with the peer, and point the route at it`,
        });
        return;
      }
      const status = statusOf(nextHop);
      if (status !== 'Active') {
        const why = nextHop.status !== undefined ? `its live status is ${status}` : 'its pairing is not consistent, so it stays Idle';
        ctx.report('ROUTE_NEXT_HOP_NOT_ACTIVE', `${ep}/nextHopId`, `${id}: route entry ${e}${dest ? ` (${formatCidr(dest)})` : ''} goes via ${nextHop.routerInterfaceId}, which is not Active (${why}); the route carries no traffic`, {
          resourceId: id,
          suggestion: nextHop.status === 'Inactive'
            ? `activate ${nextHop.routerInterfaceId} (ActivateRouterInterface)`
            : nextHop.status !== undefined
              ? `wait for ${nextHop.routerInterfaceId} to become Active, or connect it (ConnectRouterInterface on the initiator)`
              : `fix the pairing of ${nextHop.routerInterfaceId} (see its RI_* findings)`,
        });
      }
      if (dest && remote) {
        const peerBlocks = ctx.vpcCidrs.get(remote.vpcId) ?? [];
        if (peerBlocks.length > 0 && !peerBlocks.some((b) => cidrsOverlap(b.cidr, dest)) && !routedByVpc.get(remote.vpcId)?.container(dest)) {
          ctx.report('ROUTE_DESTINATION_NOT_IN_PEER', `${ep}/destinationCidrBlock`, `${id}: route entry ${e} sends ${formatCidr(dest)} via ${nextHop.routerInterfaceId} to ${remote.vpcId}, whose CIDR block${peerBlocks.length > 1 ? 's are' : ' is'} ${peerBlocks.map((b) => b.text).join(', ')} and which has no route onward for it`, {
            resourceId: id,
            suggestion: `change destinationCidrBlock to ${peerBlocks[0]!.text} (${remote.vpcId}'s CIDR block) or one of its vSwitch blocks`,
          });
        }
      }
    });
  });
}

/** The VPC at the other end of a router interface. */
function remoteVpcOf(ctx: ValidationContext, ri: RouterInterface): Vpc | undefined {
  const opposite = ri.oppositeInterfaceId !== undefined ? ctx.index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
  return ctx.vpcOfRouter(opposite?.routerId ?? ri.oppositeRouterId);
}

/** "use ri-… instead": an interface on this VPC's vRouter whose peer VPC holds `dest`. */
function suggestLocalInterface(ctx: ValidationContext, vpc: Vpc | undefined, dest: Cidr | undefined): string | undefined {
  if (!vpc) return undefined;
  const local = ctx.index.routerInterfacesByRouter.get(vpc.vRouterId) ?? [];
  const match = local.find((ri) => {
    const remote = remoteVpcOf(ctx, ri);
    return remote && (!dest || (ctx.vpcCidrs.get(remote.vpcId) ?? []).some((b) => cidrsOverlap(b.cidr, dest)));
  });
  return match ? `change nextHopId to ${match.routerInterfaceId} (${vpc.vpcId}'s interface toward ${remoteVpcOf(ctx, match)!.vpcId})` : undefined;
}

/**
 * The lookups validation reads: the part of the topology index (simulator/model/topologyIndex.ts)
 * the checks use, with the same first-wins rule, and the member count of each security group
 * instead of its member list.
 *
 * The full index also files every private address under its holder and groups (the dataplane
 * tables the tracer needs): on the 2,000-instance estate that is about a megabyte of objects, maps
 * and arrays per run, and a tenth of the validation time, which no check reads.
 */
import type {
  Instance,
  NetworkInterface,
  PrefixList,
  RouterInterface,
  SecurityGroup,
  Topology,
  VSwitch,
  Vpc,
  VpcPeerConnection,
} from '../document/schema';
import { distinctIds } from '../model/dataplane';
import { groupBy, resolveRouteTables, type TopologyIndex } from '../model/topologyIndex';

export type ValidationLookups = Pick<
  TopologyIndex,
  | 'vpcs'
  | 'vpcByRouterId'
  | 'vSwitches'
  | 'routeTables'
  | 'systemRouteTableByVpc'
  | 'routerInterfaces'
  | 'routerInterfacesByRouter'
  | 'securityGroups'
  | 'instances'
  | 'networkInterfaces'
  | 'prefixLists'
  | 'vpcPeerConnections'
> & {
  /** Instances that list each security group (once each, however often they list it). */
  readonly memberCountBySecurityGroup: ReadonlyMap<string, number>;
};

// Module-level key functions: one closure each for the process (hiddenClasses.ts).
const vpcIdOf = (vpc: Vpc): string => vpc.vpcId;
const vRouterIdOf = (vpc: Vpc): string => vpc.vRouterId;
const vSwitchIdOf = (vSwitch: VSwitch): string => vSwitch.vSwitchId;
const routerInterfaceIdOf = (ri: RouterInterface): string => ri.routerInterfaceId;
const routerIdOf = (ri: RouterInterface): string => ri.routerId;
const securityGroupIdOf = (group: SecurityGroup): string => group.securityGroupId;
const instanceIdOf = (instance: Instance): string => instance.instanceId;
const networkInterfaceIdOf = (eni: NetworkInterface): string => eni.networkInterfaceId;
const prefixListIdOf = (list: PrefixList): string => list.prefixListId;
const peeringIdOf = (connection: VpcPeerConnection): string => connection.instanceId;

/** The same lookups as buildTopologyIndex for the same document (test/simulator/validate/lookups.test.ts). */
export function buildValidationLookups(document: Topology): ValidationLookups {
  const vpcs = firstById(document.vpcs, vpcIdOf);
  return {
    vpcs,
    vpcByRouterId: firstById(document.vpcs, vRouterIdOf),
    vSwitches: firstById(document.vSwitches, vSwitchIdOf),
    ...resolveRouteTables(document, vpcs),
    routerInterfaces: firstById(document.routerInterfaces, routerInterfaceIdOf),
    routerInterfacesByRouter: groupBy(document.routerInterfaces, routerIdOf),
    securityGroups: firstById(document.securityGroups, securityGroupIdOf),
    instances: firstById(document.instances, instanceIdOf),
    networkInterfaces: firstById(document.networkInterfaces ?? [], networkInterfaceIdOf),
    prefixLists: firstById(document.prefixLists ?? [], prefixListIdOf),
    vpcPeerConnections: firstById(document.vpcPeerConnections ?? [], peeringIdOf),
    memberCountBySecurityGroup: memberCounts(document.instances),
  };
}

function firstById<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const id = key(item);
    if (!map.has(id)) map.set(id, item);
  }
  return map;
}

function memberCounts(instances: readonly Instance[]): Map<string, number> {
  const counts = new Map<string, number>();
  // A loop over a module-level function: this one runs once per validation (optimized late).
  for (let i = 0; i < instances.length; i++) countMember(counts, instances[i]!);
  return counts;
}

function countMember(counts: Map<string, number>, instance: Instance): void {
  const ids = distinctIds(instance.securityGroupIds);
  for (let j = 0; j < ids.length; j++) counts.set(ids[j]!, (counts.get(ids[j]!) ?? 0) + 1);
}

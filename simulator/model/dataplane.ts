/**
 * Lookups over the release-2 arrays (topology-format.md §4): who holds an address and which
 * security groups filter it, the ACL of a vSwitch, prefix lists, ENIs and peering connections.
 * Tolerant like the rest of the index: the first claimant wins, validation reports the others.
 */
import type {
  Instance,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  Topology,
  VpcPeerConnection,
} from '../document/schema';

/**
 * One private IPv4 address of the document and what holds it. Security groups are per ENI
 * (aliyun-dataplane.md §3.2): an address on a secondary ENI is filtered by that ENI's groups, an
 * address on an instance's primary ENI (its primary IP or a secondary IP of its `Primary` ENI) by
 * the instance's groups (topology-format.md §4.3).
 */
export interface AddressHolder {
  readonly address: string;
  /** `instance`: the instance's primary ENI holds it; `networkInterface`: a secondary (or unattached) ENI does. */
  readonly kind: 'instance' | 'networkInterface';
  /** The instance ID for `instance`, the ENI ID for `networkInterface`. */
  readonly holderId: string;
  /** The instance the address belongs to, when known (attached ENIs too). */
  readonly instanceId?: string;
  /** The ENI that holds the address, when the document describes it. */
  readonly networkInterfaceId?: string;
  /** The vSwitch the address is in: its ACL filters the address's traffic (§3.2). */
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  /** Whether this is the holder's primary address. */
  readonly primary: boolean;
}

export interface DataplaneIndex {
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  /** The ACL bound to each vSwitch (the first binding in document order; validation reports others). */
  readonly networkAclByVSwitch: ReadonlyMap<string, NetworkAcl>;
  readonly networkInterfaces: ReadonlyMap<string, NetworkInterface>;
  /** ENIs attached to each instance, in document order. */
  readonly networkInterfacesByInstance: ReadonlyMap<string, readonly NetworkInterface[]>;
  /** The `Primary` ENI that describes each instance's own interface, when the document has one. */
  readonly primaryNetworkInterfaceByInstance: ReadonlyMap<string, NetworkInterface>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly vpcPeerConnections: ReadonlyMap<string, VpcPeerConnection>;
  /** Every private IPv4 address an instance or ENI holds (first claimant wins). */
  readonly holdersByAddress: ReadonlyMap<string, AddressHolder>;
  /** Every address held by each instance or ENI ID, primary first. */
  readonly addressesByHolder: ReadonlyMap<string, readonly AddressHolder[]>;
  /** Every address filtered by each security group (for rules that reference the group). */
  readonly addressesBySecurityGroup: ReadonlyMap<string, readonly AddressHolder[]>;
}

function firstById<T>(items: readonly T[] | undefined, key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) {
    const id = key(item);
    if (!map.has(id)) map.set(id, item);
  }
  return map;
}

/** A Primary ENI describes its instance's own interface only when it names an instance. */
export function isPrimaryOfInstance(eni: NetworkInterface): eni is NetworkInterface & { instanceId: string } {
  return eni.type === 'Primary' && eni.instanceId !== undefined;
}

/** Every private IP of an ENI, primary first, each once. */
export function addressesOfNetworkInterface(eni: NetworkInterface): string[] {
  const out = [eni.privateIpAddress];
  for (const set of eni.privateIpSets ?? []) if (!out.includes(set.privateIpAddress)) out.push(set.privateIpAddress);
  return out;
}

export function buildDataplaneIndex(document: Topology, instances: ReadonlyMap<string, Instance>): DataplaneIndex {
  const networkAcls = firstById(document.networkAcls, (a) => a.networkAclId);
  const networkAclByVSwitch = new Map<string, NetworkAcl>();
  for (const acl of networkAcls.values()) {
    for (const resource of acl.resources ?? []) {
      if (!networkAclByVSwitch.has(resource.resourceId)) networkAclByVSwitch.set(resource.resourceId, acl);
    }
  }

  const networkInterfaces = firstById(document.networkInterfaces, (n) => n.networkInterfaceId);
  const networkInterfacesByInstance = new Map<string, NetworkInterface[]>();
  const primaryNetworkInterfaceByInstance = new Map<string, NetworkInterface>();
  for (const eni of networkInterfaces.values()) {
    if (eni.instanceId === undefined) continue;
    const list = networkInterfacesByInstance.get(eni.instanceId);
    if (list) list.push(eni);
    else networkInterfacesByInstance.set(eni.instanceId, [eni]);
    if (isPrimaryOfInstance(eni) && !primaryNetworkInterfaceByInstance.has(eni.instanceId)) {
      primaryNetworkInterfaceByInstance.set(eni.instanceId, eni);
    }
  }

  const tables: AddressTables = {
    holdersByAddress: new Map(),
    addressesByHolder: new Map(),
    addressesBySecurityGroup: new Map(),
  };
  // Loops over a module-level function, not closures made per build: a full collection frees a
  // closure's optimized code with it (simulator/validate/hiddenClasses.ts).
  for (const instance of instances.values()) {
    const primaryEni = primaryNetworkInterfaceByInstance.get(instance.instanceId);
    claimAddress(tables, instanceAddress(instance, primaryEni, instance.privateIpAddress, true));
    // The primary ENI's secondary IPs belong to the instance and share its groups (§4.1).
    if (primaryEni) {
      for (const address of addressesOfNetworkInterface(primaryEni)) {
        if (address !== instance.privateIpAddress) {
          claimAddress(tables, instanceAddress(instance, primaryEni, address, false));
        }
      }
    }
  }
  for (const eni of networkInterfaces.values()) {
    if (isPrimaryOfInstance(eni) && instances.has(eni.instanceId)) continue;
    const addresses = addressesOfNetworkInterface(eni);
    for (let i = 0; i < addresses.length; i++)
      claimAddress(tables, networkInterfaceAddress(eni, addresses[i]!, i === 0));
  }
  const { holdersByAddress, addressesByHolder, addressesBySecurityGroup } = tables;

  return {
    networkAcls,
    networkAclByVSwitch,
    networkInterfaces,
    networkInterfacesByInstance,
    primaryNetworkInterfaceByInstance,
    prefixLists: firstById(document.prefixLists, (p) => p.prefixListId),
    vpcPeerConnections: firstById(document.vpcPeerConnections, (p) => p.instanceId),
    holdersByAddress,
    addressesByHolder,
    addressesBySecurityGroup,
  };
}

interface AddressTables {
  readonly holdersByAddress: Map<string, AddressHolder>;
  readonly addressesByHolder: Map<string, AddressHolder[]>;
  readonly addressesBySecurityGroup: Map<string, AddressHolder[]>;
}

/** Files an address under its holder and groups; the first holder of an address keeps it. */
function claimAddress(tables: AddressTables, holder: AddressHolder): void {
  if (!tables.holdersByAddress.has(holder.address)) tables.holdersByAddress.set(holder.address, holder);
  const own = tables.addressesByHolder.get(holder.holderId);
  if (own) {
    for (const h of own) if (h.address === holder.address) return;
    own.push(holder);
  } else tables.addressesByHolder.set(holder.holderId, [holder]);
  for (const groupId of distinctIds(holder.securityGroupIds)) {
    const list = tables.addressesBySecurityGroup.get(groupId);
    if (list) list.push(holder);
    else tables.addressesBySecurityGroup.set(groupId, [holder]);
  }
}

/** Lists up to this long are checked for repeats by scanning (no Set for each). */
const DISTINCT_SCAN_LIMIT = 16;

/**
 * The IDs without repeats, first occurrences in order (the order a Set of them iterates in):
 * the list itself when it has none, the common case, so nothing is allocated for it.
 */
export function distinctIds(ids: readonly string[]): readonly string[] {
  if (ids.length > DISTINCT_SCAN_LIMIT) return [...new Set(ids)];
  for (let k = 1; k < ids.length; k++) if (ids.lastIndexOf(ids[k]!, k - 1) >= 0) return [...new Set(ids)];
  return ids;
}

/**
 * An address on an instance's primary ENI. Two plain literals rather than spreads of a shared
 * base: object spread costs microseconds per holder on the 2,000 instances of a large estate.
 */
function instanceAddress(
  instance: Instance,
  primaryEni: NetworkInterface | undefined,
  address: string,
  primary: boolean,
): AddressHolder {
  const { instanceId, vSwitchId, securityGroupIds } = instance;
  return primaryEni
    ? {
        kind: 'instance',
        holderId: instanceId,
        instanceId,
        networkInterfaceId: primaryEni.networkInterfaceId,
        vSwitchId,
        securityGroupIds,
        address,
        primary,
      }
    : { kind: 'instance', holderId: instanceId, instanceId, vSwitchId, securityGroupIds, address, primary };
}

/**
 * An address of an ENI that is not an instance's primary ENI. Two plain literals rather than a
 * conditional spread: a spread makes its object's hidden class at run time, which dies with the
 * index at a full collection and sends claimAddress back to the interpreter (--trace-deopt
 * "wrong map" on every rebuild); a literal's is kept with the code that creates it.
 */
function networkInterfaceAddress(eni: NetworkInterface, address: string, primary: boolean): AddressHolder {
  const { networkInterfaceId, instanceId, vSwitchId, securityGroupIds } = eni;
  return instanceId !== undefined
    ? {
        address,
        kind: 'networkInterface',
        holderId: networkInterfaceId,
        instanceId,
        networkInterfaceId,
        vSwitchId,
        securityGroupIds,
        primary,
      }
    : {
        address,
        kind: 'networkInterface',
        holderId: networkInterfaceId,
        networkInterfaceId,
        vSwitchId,
        securityGroupIds,
        primary,
      };
}

/** Whether a value names a prefix list rather than a CIDR block (`pl-…`, aliyun-dataplane.md §2). */
export function isPrefixListId(value: string): boolean {
  return value.startsWith('pl-');
}

/** Status words of the VpcPeer API (aliyun-links.md §1.4). */
export const PEERING_STATUSES = [
  'Creating',
  'Accepting',
  'Updating',
  'Activated',
  'Rejected',
  'Expired',
  'Deleting',
  'Deleted',
] as const;

/**
 * The status a connection has for the simulator: its live status when given, else (a design)
 * `Activated` when both VPCs exist (topology-format.md §4.1), otherwise undefined (not active).
 */
export function effectivePeeringStatus(
  connection: VpcPeerConnection,
  index: { readonly vpcs: ReadonlyMap<string, unknown> },
): string | undefined {
  if (connection.status !== undefined) return connection.status;
  return index.vpcs.has(connection.vpcId) && index.vpcs.has(connection.acceptingVpcId) ? 'Activated' : undefined;
}

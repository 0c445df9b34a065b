/**
 * ENIs and their private IPs (aliyun-dataplane.md §3, topology-format.md §4.1): an attached ENI
 * sits in its instance's VPC and zone (another vSwitch is fine, §3.2); every IP comes from the
 * ENI's own vSwitch and is held once; a Primary ENI IS its instance's interface, so it carries the
 * instance's primary IP, vSwitch and groups; groups of the ENI's VPC, of one type (§3.2).
 */
import type { Instance, NetworkInterface, VSwitch } from '../document/schema';
import { type Cidr, cidrContainsIp, formatCidr, formatIpv4 } from '../net/ipv4';
import { isPrimaryOfInstance } from '../model/dataplane';
import { IDLE_CONTEXT, freeAddress, isReservedAddress, scanIp, type ValidationContext } from './context';
import { keepHiddenClassOf } from './hiddenClasses';

/** Default security groups per ENI (aliyun-dataplane.md §3.2: 5 in the 2021 docs, more by ticket). */
export const MAX_SECURITY_GROUPS_PER_ENI = 5;

interface Claim {
  readonly owner: string;
  readonly vpcId: string;
}

export function checkNetworkInterfaces(ctx: ValidationContext): void {
  const enis = ctx.document.networkInterfaces ?? [];
  if (enis.length === 0) return;
  const addresses = new AddressBook(ctx);
  const primaries = new Map<string, string>();
  for (let n = 0; n < enis.length; n++) {
    const eni = enis[n]!;
    const { index } = ctx;
    const vsw = index.vSwitches.get(eni.vSwitchId);
    const instance = eni.instanceId !== undefined ? index.instances.get(eni.instanceId) : undefined;
    checkEniPlacement(ctx, eni, n, vsw, instance);
    if (isPrimaryOfInstance(eni) && instance) {
      checkPrimaryUnique(ctx, eni, n, instance.instanceId, primaries);
      checkPrimaryConsistency(ctx, eni, n, instance);
    }
    checkPrimaryMarks(ctx, eni, n);
    checkEniAddresses(ctx, addresses, eni, n, vsw, instance);
    checkEniGroups(ctx, eni, n, vsw?.vpcId);
  }
}

/**
 * Every address held so far, by value (instances first, then ENIs in document order), to find
 * ENI addresses that collide; and free addresses to suggest instead.
 */
class AddressBook {
  readonly claims = new Map<number, Claim>();
  constructor(private readonly ctx: ValidationContext) {
    // A loop over a module-level function: a constructor run once per validation is optimized late.
    const instances = ctx.document.instances;
    for (let i = 0; i < instances.length; i++) claimInstance(ctx, this.claims, instances[i]!);
  }

  suggest(vSwitchId: string): string {
    const block = this.ctx.vSwitchBlock(vSwitchId);
    const free = block ? freeAddress(block, new Set(this.claims.keys())) : undefined;
    return free !== undefined
      ? `use ${formatIpv4(free)} (free in ${vSwitchId}'s ${formatCidr(block!)})`
      : `use a free address of ${vSwitchId}`;
  }
}

keepHiddenClassOf(new AddressBook(IDLE_CONTEXT)); // hiddenClasses.ts

/** An instance's address, claimed by the first instance that holds it. */
function claimInstance(ctx: ValidationContext, claims: Map<number, Claim>, instance: Instance): void {
  const ip = scanIp(instance.privateIpAddress);
  const vpcId = ctx.index.vSwitches.get(instance.vSwitchId)?.vpcId;
  if (ip >= 0 && vpcId !== undefined && !claims.has(ip)) claims.set(ip, { owner: instance.instanceId, vpcId });
}

/** The ENI's vSwitch and instance exist, and an attached ENI sits in its instance's VPC and zone. */
function checkEniPlacement(
  ctx: ValidationContext,
  eni: NetworkInterface,
  n: number,
  vsw: VSwitch | undefined,
  instance: Instance | undefined,
): void {
  const id = eni.networkInterfaceId;
  const at = `/networkInterfaces/${n}`;
  if (!vsw) ctx.reportMissingParent(`${at}/vSwitchId`, id, 'vSwitchId', eni.vSwitchId);
  if (eni.instanceId !== undefined && !instance) {
    ctx.report(
      'DANGLING_REFERENCE',
      `${at}/instanceId`,
      `${id}: instanceId ${eni.instanceId} is not an instance in the document`,
      {
        resourceId: id,
        suggestion: `add instance ${eni.instanceId}, or remove instanceId if the ENI is not attached`,
      },
    );
  }
  const instanceVsw = instance ? ctx.index.vSwitches.get(instance.vSwitchId) : undefined;
  if (!vsw || !instanceVsw) return;
  if (vsw.vpcId !== instanceVsw.vpcId) {
    ctx.report(
      'ENI_VPC_MISMATCH',
      `${at}/vSwitchId`,
      `${id} is in ${vsw.vSwitchId} of ${vsw.vpcId}, but its instance ${instance!.instanceId} is in ${instanceVsw.vpcId}; an ENI must be in its instance's VPC`,
      {
        resourceId: id,
        suggestion: `move ${id} to a vSwitch of ${instanceVsw.vpcId} in zone ${instanceVsw.zoneId}`,
      },
    );
  } else if (vsw.zoneId !== instanceVsw.zoneId) {
    ctx.report(
      'ENI_ZONE_MISMATCH',
      `${at}/vSwitchId`,
      `${id} is in ${vsw.vSwitchId} (${vsw.zoneId}), but its instance ${instance!.instanceId} is in ${instanceVsw.zoneId}; an ENI must be in its instance's zone`,
      {
        resourceId: id,
        suggestion: `use a vSwitch of ${instanceVsw.vpcId} in ${instanceVsw.zoneId} (e.g. ${instanceVsw.vSwitchId})`,
      },
    );
  }
}

/** One Primary ENI per instance. */
function checkPrimaryUnique(
  ctx: ValidationContext,
  eni: NetworkInterface,
  n: number,
  instanceId: string,
  primaries: Map<string, string>,
): void {
  const id = eni.networkInterfaceId;
  const first = primaries.get(instanceId);
  if (first === undefined) {
    primaries.set(instanceId, id);
    return;
  }
  ctx.report(
    'ENI_PRIMARY_DUPLICATE',
    `/networkInterfaces/${n}/type`,
    `${id} is a second Primary ENI of ${instanceId} (the first is ${first})`,
    {
      resourceId: id,
      suggestion: `set type of ${id} to Secondary`,
    },
  );
}

/** Only the ENI's primary IP may be marked `primary` in privateIpSets, and only once. */
function checkPrimaryMarks(ctx: ValidationContext, eni: NetworkInterface, n: number): void {
  const id = eni.networkInterfaceId;
  const markedPrimary = (eni.privateIpSets ?? []).filter((s) => s.primary === true);
  (eni.privateIpSets ?? []).forEach((set, s) => {
    if (set.primary === true && (set.privateIpAddress !== eni.privateIpAddress || markedPrimary.length > 1)) {
      ctx.report(
        'ENI_PRIMARY_IP_MISMATCH',
        `/networkInterfaces/${n}/privateIpSets/${s}/primary`,
        `${id}: privateIpSets[${s}] marks ${set.privateIpAddress} as primary, but the ENI's ` +
          `primary IP is ${eni.privateIpAddress}${markedPrimary.length > 1 ? ` (and ${markedPrimary.length} addresses are marked primary)` : ''}`,
        { resourceId: id, suggestion: `mark only ${eni.privateIpAddress} with primary: true` },
      );
    }
  });
}

/** Addresses: the primary, then privateIpSets (the primary may be repeated there, flagged primary). */
function checkEniAddresses(
  ctx: ValidationContext,
  book: AddressBook,
  eni: NetworkInterface,
  n: number,
  vsw: VSwitch | undefined,
  instance: Instance | undefined,
): void {
  const at = `/networkInterfaces/${n}`;
  const addresses: Array<{ text: string; path: string }> = [
    { text: eni.privateIpAddress, path: `${at}/privateIpAddress` },
  ];
  (eni.privateIpSets ?? []).forEach((set, s) => {
    if (set.privateIpAddress === eni.privateIpAddress && s === indexOfFirst(eni, eni.privateIpAddress)) return;
    addresses.push({ text: set.privateIpAddress, path: `${at}/privateIpSets/${s}/privateIpAddress` });
  });
  // A Primary ENI's primary IP is its instance's: the instance already claims it.
  const sharesInstanceIp = isPrimaryOfInstance(eni) && instance?.privateIpAddress === eni.privateIpAddress;
  const block = vsw ? ctx.vSwitchBlock(vsw.vSwitchId) : undefined;
  const own = new Set<string>();
  addresses.forEach(({ text, path }, k) => {
    const ip = eniAddress(ctx, book, eni, text, path, vsw);
    if (ip < 0) return;
    if (own.has(text)) {
      ctx.report('ENI_IP_DUPLICATE', path, `${eni.networkInterfaceId}: ${text} is listed twice`, {
        resourceId: eni.networkInterfaceId,
        suggestion: `remove the repeated ${text} from ${eni.networkInterfaceId}'s privateIpSets`,
      });
      return;
    }
    own.add(text);
    const address: EniAddress = { id: eni.networkInterfaceId, text, path, ip };
    if (vsw && block) checkAddressInVSwitch(ctx, book, address, vsw, block);
    if (k === 0 && sharesInstanceIp) return;
    claimAddress(ctx, book, address, vsw);
  });
}

/** The address as a number, or -1 when it is not an IPv4 address (reported). */
function eniAddress(
  ctx: ValidationContext,
  book: AddressBook,
  eni: NetworkInterface,
  text: string,
  path: string,
  vsw: VSwitch | undefined,
): number {
  const ip = scanIp(text);
  if (ip >= 0) return ip;
  const parsed = ctx.parseIp(text);
  if (parsed.ok) return parsed.value;
  ctx.report(
    'IP_MALFORMED',
    path,
    `${eni.networkInterfaceId}: ${JSON.stringify(text)} is not an IPv4 address (${parsed.error})`,
    {
      resourceId: eni.networkInterfaceId,
      suggestion: vsw ? book.suggest(vsw.vSwitchId) : 'write four decimal octets, e.g. 192.168.1.10',
    },
  );
  return -1;
}

/** One IPv4 address of an ENI: the ENI, the address as written and as a number, where it is. */
interface EniAddress {
  readonly id: string;
  readonly text: string;
  readonly path: string;
  readonly ip: number;
}

/** Every IP of an ENI comes from the ENI's vSwitch, and not from its reserved addresses. */
function checkAddressInVSwitch(
  ctx: ValidationContext,
  book: AddressBook,
  { id, text, path, ip }: EniAddress,
  vsw: VSwitch,
  block: Cidr,
): void {
  if (!cidrContainsIp(block, ip)) {
    ctx.report(
      'ENI_IP_OUTSIDE_VSWITCH',
      path,
      `${id}: ${text} is outside its vSwitch ${vsw.vSwitchId} (${vsw.cidrBlock}); every IP of an ENI comes from the ENI's vSwitch`,
      { resourceId: id, suggestion: book.suggest(vsw.vSwitchId) },
    );
  } else if (isReservedAddress(block, ip)) {
    ctx.report(
      'ENI_IP_RESERVED',
      path,
      `${id}: ${text} is a reserved address of ${vsw.vSwitchId} (${vsw.cidrBlock} reserves its first and last three addresses)`,
      { resourceId: id, suggestion: book.suggest(vsw.vSwitchId) },
    );
  }
}

/** An address is held once in a VPC; across VPCs it makes check by address ambiguous. */
function claimAddress(
  ctx: ValidationContext,
  book: AddressBook,
  { id, text, path, ip }: EniAddress,
  vsw: VSwitch | undefined,
): void {
  const vpcId = vsw?.vpcId;
  if (vpcId === undefined) return;
  const claim = book.claims.get(ip);
  if (!claim) {
    book.claims.set(ip, { owner: id, vpcId });
  } else if (claim.vpcId === vpcId) {
    ctx.report('ENI_IP_DUPLICATE', path, `${id}: ${text} is already held by ${claim.owner} in ${vpcId}`, {
      resourceId: id,
      suggestion: vsw ? book.suggest(vsw.vSwitchId) : `use another address`,
    });
  } else {
    ctx.report(
      'ADDRESS_NOT_UNIQUE',
      path,
      `${id}: ${text} is also held by ${claim.owner} in ${claim.vpcId}; check by address means ${claim.owner}`,
      { resourceId: id, suggestion: `name ${id} by its ID in check (--from/--to ${id}), or re-address one side` },
    );
  }
}

function indexOfFirst(eni: NetworkInterface, address: string): number {
  return (eni.privateIpSets ?? []).findIndex((s) => s.privateIpAddress === address);
}

function checkPrimaryConsistency(
  ctx: ValidationContext,
  eni: NetworkInterface,
  n: number,
  instance: { instanceId: string; privateIpAddress: string; vSwitchId: string; securityGroupIds: readonly string[] },
): void {
  const { instanceId } = instance;
  if (eni.privateIpAddress !== instance.privateIpAddress)
    reportPrimaryDiffers(ctx, eni, n, instanceId, 'privateIpAddress', eni.privateIpAddress, instance.privateIpAddress);
  if (eni.vSwitchId !== instance.vSwitchId) {
    reportPrimaryDiffers(ctx, eni, n, instanceId, 'vSwitchId', eni.vSwitchId, instance.vSwitchId);
  }
  const mine = [...new Set(eni.securityGroupIds)].sort();
  const theirs = [...new Set(instance.securityGroupIds)].sort();
  if (mine.join(',') !== theirs.join(','))
    reportPrimaryDiffers(
      ctx,
      eni,
      n,
      instanceId,
      'securityGroupIds',
      JSON.stringify(eni.securityGroupIds),
      JSON.stringify(instance.securityGroupIds),
    );
}

/**
 * A field of a Primary ENI that is not its instance's. Module-level, not a closure made per ENI:
 * under the CommonJS transform tsx runs, every named closure is also given its name by a call per
 * creation (`__name`).
 */
function reportPrimaryDiffers(
  ctx: ValidationContext,
  eni: NetworkInterface,
  n: number,
  instanceId: string,
  field: string,
  mine: string,
  theirs: string,
): void {
  const id = eni.networkInterfaceId;
  ctx.report(
    'ENI_PRIMARY_INCONSISTENT',
    `/networkInterfaces/${n}/${field}`,
    `${id} is ${instanceId}'s Primary ENI, but its ${field} ${mine} differs from the instance's ${theirs}`,
    { resourceId: id, suggestion: `set ${field} of ${id} to ${theirs} (the instance's)` },
  );
}

function checkEniGroups(ctx: ValidationContext, eni: NetworkInterface, n: number, vpcId: string | undefined): void {
  const id = eni.networkInterfaceId;
  const at = `/networkInterfaces/${n}/securityGroupIds`;
  const types = new Set<string>();
  eni.securityGroupIds.forEach((groupId, k) => {
    const group = ctx.index.securityGroups.get(groupId);
    if (!group) {
      ctx.report('DANGLING_REFERENCE', `${at}/${k}`, `${id}: security group ${groupId} is not in the document`, {
        resourceId: id,
        suggestion: `add ${groupId} to securityGroups, or remove it from ${id}`,
      });
      return;
    }
    types.add(group.securityGroupType);
    if (vpcId !== undefined && group.vpcId !== vpcId) {
      ctx.report(
        'ENI_SECURITY_GROUP_OTHER_VPC',
        `${at}/${k}`,
        `${id} (in ${vpcId}) is in ${groupId} of ${group.vpcId}; an ENI can only join groups of its own VPC`,
        { resourceId: id, suggestion: `replace ${groupId} with a security group of ${vpcId}` },
      );
    }
  });
  if (types.size > 1) {
    ctx.report('ENI_SECURITY_GROUP_TYPE_MIX', at, `${id} mixes basic and enterprise security groups`, {
      resourceId: id,
      suggestion: `keep only basic or only enterprise groups on ${id}`,
    });
  }
  if (new Set(eni.securityGroupIds).size > MAX_SECURITY_GROUPS_PER_ENI) {
    ctx.report(
      'ENI_SECURITY_GROUP_QUOTA',
      at,
      `${id} is in ${new Set(eni.securityGroupIds).size} security groups; the default quota per ENI is ${MAX_SECURITY_GROUPS_PER_ENI}`,
      { resourceId: id, suggestion: `merge groups, or raise the quota before apply` },
    );
  }
}

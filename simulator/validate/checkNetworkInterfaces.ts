/**
 * ENIs and their private IPs (aliyun-dataplane.md §3, topology-format.md §4.1): an attached ENI
 * sits in its instance's VPC and zone (another vSwitch is fine, §3.2); every IP comes from the
 * ENI's own vSwitch and is held once; a Primary ENI IS its instance's interface, so it carries the
 * instance's primary IP, vSwitch and groups; groups of the ENI's VPC, of one type (§3.2).
 */
import type { NetworkInterface } from '../document/schema';
import { type Cidr, cidrContainsIp, formatCidr, formatIpv4 } from '../net/ipv4';
import { isPrimaryOfInstance } from '../model/dataplane';
import { freeAddress, isReservedAddress, scanIp, type ValidationContext } from './context';

/** Default security groups per ENI (aliyun-dataplane.md §3.2: 5 in the 2021 docs, more by ticket). */
export const MAX_SECURITY_GROUPS_PER_ENI = 5;

interface Claim {
  readonly owner: string;
  readonly vpcId: string;
}

export function checkNetworkInterfaces(ctx: ValidationContext): void {
  const { document, index } = ctx;
  const enis = document.networkInterfaces ?? [];
  if (enis.length === 0) return;

  // Every address instances hold, by value, to find ENI addresses that collide with them.
  const claims = new Map<number, Claim>();
  for (const instance of document.instances) {
    const ip = scanIp(instance.privateIpAddress);
    const vpcId = index.vSwitches.get(instance.vSwitchId)?.vpcId;
    if (ip >= 0 && vpcId !== undefined && !claims.has(ip)) claims.set(ip, { owner: instance.instanceId, vpcId });
  }
  const blockOf = (vSwitchId: string): Cidr | undefined => {
    const vsw = index.vSwitches.get(vSwitchId);
    if (!vsw) return undefined;
    const parsed = ctx.parseCidr(vsw.cidrBlock);
    return parsed.ok && parsed.value.canonical ? parsed.value.cidr : undefined;
  };
  const suggest = (vSwitchId: string): string => {
    const block = blockOf(vSwitchId);
    const free = block ? freeAddress(block, new Set(claims.keys())) : undefined;
    return free !== undefined
      ? `use ${formatIpv4(free)} (free in ${vSwitchId}'s ${formatCidr(block!)})`
      : `use a free address of ${vSwitchId}`;
  };
  const primaries = new Map<string, string>();

  enis.forEach((eni, n) => {
    const id = eni.networkInterfaceId;
    const at = `/networkInterfaces/${n}`;
    const vsw = index.vSwitches.get(eni.vSwitchId);
    if (!vsw) {
      ctx.reportMissingParent(`${at}/vSwitchId`, id, 'vSwitchId', eni.vSwitchId);
    }
    const instance = eni.instanceId !== undefined ? index.instances.get(eni.instanceId) : undefined;
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
    const instanceVsw = instance ? index.vSwitches.get(instance.vSwitchId) : undefined;
    if (vsw && instanceVsw) {
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

    if (isPrimaryOfInstance(eni) && instance) {
      const first = primaries.get(instance.instanceId);
      if (first !== undefined) {
        ctx.report(
          'ENI_PRIMARY_DUPLICATE',
          `${at}/type`,
          `${id} is a second Primary ENI of ${instance.instanceId} (the first is ${first})`,
          {
            resourceId: id,
            suggestion: `set type of ${id} to Secondary`,
          },
        );
      } else primaries.set(instance.instanceId, id);
      checkPrimaryConsistency(ctx, eni, n, instance);
    }

    // Addresses: the primary, then privateIpSets (the primary may be repeated there, flagged primary).
    const own = new Set<string>();
    const markedPrimary = (eni.privateIpSets ?? []).filter((s) => s.primary === true);
    (eni.privateIpSets ?? []).forEach((set, s) => {
      if (set.primary === true && (set.privateIpAddress !== eni.privateIpAddress || markedPrimary.length > 1)) {
        ctx.report(
          'ENI_PRIMARY_IP_MISMATCH',
          `${at}/privateIpSets/${s}/primary`,
          `${id}: privateIpSets[${s}] marks ${set.privateIpAddress} as primary, but the ENI's ` +
            `primary IP is ${eni.privateIpAddress}${markedPrimary.length > 1 ? ` (and ${markedPrimary.length} addresses are marked primary)` : ''}`,
          { resourceId: id, suggestion: `mark only ${eni.privateIpAddress} with primary: true` },
        );
      }
    });
    const addresses: Array<{ text: string; path: string }> = [
      { text: eni.privateIpAddress, path: `${at}/privateIpAddress` },
    ];
    (eni.privateIpSets ?? []).forEach((set, s) => {
      if (set.privateIpAddress === eni.privateIpAddress && s === indexOfFirst(eni, eni.privateIpAddress)) return;
      addresses.push({ text: set.privateIpAddress, path: `${at}/privateIpSets/${s}/privateIpAddress` });
    });
    // A Primary ENI's primary IP is its instance's: the instance already claims it.
    const sharesInstanceIp = isPrimaryOfInstance(eni) && instance?.privateIpAddress === eni.privateIpAddress;
    const block = vsw ? blockOf(vsw.vSwitchId) : undefined;
    addresses.forEach(({ text, path }, k) => {
      let ip = scanIp(text);
      if (ip < 0) {
        const parsed = ctx.parseIp(text);
        if (!parsed.ok) {
          ctx.report('IP_MALFORMED', path, `${id}: ${JSON.stringify(text)} is not an IPv4 address (${parsed.error})`, {
            resourceId: id,
            suggestion: vsw ? suggest(vsw.vSwitchId) : 'write four decimal octets, e.g. 192.168.1.10',
          });
          return;
        }
        ip = parsed.value;
      }
      if (own.has(text)) {
        ctx.report('ENI_IP_DUPLICATE', path, `${id}: ${text} is listed twice`, {
          resourceId: id,
          suggestion: `remove the repeated ${text} from ${id}'s privateIpSets`,
        });
        return;
      }
      own.add(text);
      if (vsw && block && !cidrContainsIp(block, ip)) {
        ctx.report(
          'ENI_IP_OUTSIDE_VSWITCH',
          path,
          `${id}: ${text} is outside its vSwitch ${vsw.vSwitchId} (${vsw.cidrBlock}); every IP of an ENI comes from the ENI's vSwitch`,
          { resourceId: id, suggestion: suggest(vsw.vSwitchId) },
        );
      } else if (vsw && block && isReservedAddress(block, ip)) {
        ctx.report(
          'ENI_IP_RESERVED',
          path,
          `${id}: ${text} is a reserved address of ${vsw.vSwitchId} (${vsw.cidrBlock} reserves its first and last three addresses)`,
          { resourceId: id, suggestion: suggest(vsw.vSwitchId) },
        );
      }
      if (k === 0 && sharesInstanceIp) return;
      const vpcId = vsw?.vpcId;
      const claim = claims.get(ip);
      if (claim && vpcId !== undefined) {
        if (claim.vpcId === vpcId) {
          ctx.report('ENI_IP_DUPLICATE', path, `${id}: ${text} is already held by ${claim.owner} in ${vpcId}`, {
            resourceId: id,
            suggestion: vsw ? suggest(vsw.vSwitchId) : `use another address`,
          });
        } else {
          ctx.report(
            'ADDRESS_NOT_UNIQUE',
            path,
            `${id}: ${text} is also held by ${claim.owner} in ${claim.vpcId}; check by address means ${claim.owner}`,
            { resourceId: id, suggestion: `name ${id} by its ID in check (--from/--to ${id}), or re-address one side` },
          );
        }
      } else if (vpcId !== undefined) claims.set(ip, { owner: id, vpcId });
    });

    checkEniGroups(ctx, eni, n, vsw?.vpcId);
  });
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
  const id = eni.networkInterfaceId;
  const at = `/networkInterfaces/${n}`;
  const differs = (field: string, mine: string, theirs: string) =>
    ctx.report(
      'ENI_PRIMARY_INCONSISTENT',
      `${at}/${field}`,
      `${id} is ${instance.instanceId}'s Primary ENI, but its ${field} ${mine} differs from the instance's ${theirs}`,
      { resourceId: id, suggestion: `set ${field} of ${id} to ${theirs} (the instance's)` },
    );
  if (eni.privateIpAddress !== instance.privateIpAddress)
    differs('privateIpAddress', eni.privateIpAddress, instance.privateIpAddress);
  if (eni.vSwitchId !== instance.vSwitchId) differs('vSwitchId', eni.vSwitchId, instance.vSwitchId);
  const mine = [...new Set(eni.securityGroupIds)].sort();
  const theirs = [...new Set(instance.securityGroupIds)].sort();
  if (mine.join(',') !== theirs.join(','))
    differs('securityGroupIds', JSON.stringify(eni.securityGroupIds), JSON.stringify(instance.securityGroupIds));
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

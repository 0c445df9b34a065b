/**
 * Network ACLs (aliyun-dataplane.md §1): bound only to vSwitches of their own VPC, at most one
 * per vSwitch (§1.5), entries as UpdateNetworkAclEntries accepts them (§1.1, §1.3: ports by
 * protocol, a CIDR block or a prefix list, one address family), and the default quotas (§1.5).
 */
import type { AclEntry, NetworkAcl } from '../document/schema';
import { isPrefixListId } from '../model/dataplane';
import { checkPrefixListReference, referenceWeight } from './checkPrefixLists';
import type { ValidationContext } from './context';
import { isIpv6Cidr, looksLikeIpv6 } from './ipv6';

/** Default quotas (aliyun-dataplane.md §1.5): custom entries per direction, ACLs per VPC. */
export const MAX_NACL_ENTRIES_PER_DIRECTION = 20;
export const MAX_NACLS_PER_VPC = 20;

const PORTS = /^(-?[0-9]{1,5})\/(-?[0-9]{1,5})$/;

export function checkNetworkAcls(ctx: ValidationContext): void {
  const { document, index } = ctx;
  const boundBy = new Map<string, string>();
  const perVpc = new Map<string, number>();
  (document.networkAcls ?? []).forEach((acl, a) => {
    const id = acl.networkAclId;
    const at = `/networkAcls/${a}`;
    const vpc = index.vpcs.get(acl.vpcId);
    if (!vpc) {
      ctx.reportMissingParent(`${at}/vpcId`, id, 'vpcId', acl.vpcId);
    }
    const count = (perVpc.get(acl.vpcId) ?? 0) + 1;
    perVpc.set(acl.vpcId, count);
    if (count === MAX_NACLS_PER_VPC + 1) {
      ctx.report(
        'NACL_QUOTA_EXCEEDED',
        at,
        `${id} is the ${count}th network ACL of ${acl.vpcId}; the default quota is ${MAX_NACLS_PER_VPC}`,
        {
          resourceId: id,
          suggestion: `share an existing ACL between vSwitches that need the same entries, or raise nacl_quota_vpc_create_count`,
        },
      );
    }
    (acl.resources ?? []).forEach((resource, r) => {
      const path = `${at}/resources/${r}/resourceId`;
      const vSwitch = index.vSwitches.get(resource.resourceId);
      if (!vSwitch) {
        ctx.report('DANGLING_REFERENCE', path, `${id}: vSwitch ${resource.resourceId} is not in the document`, {
          resourceId: id,
          suggestion: `remove resource ${r} from ${id}, or add vSwitch ${resource.resourceId}`,
        });
      } else if (vSwitch.vpcId !== acl.vpcId) {
        ctx.report(
          'NACL_VSWITCH_OTHER_VPC',
          path,
          `${id} (${acl.vpcId}) is bound to ${vSwitch.vSwitchId} of ${vSwitch.vpcId}; an ACL binds only vSwitches of its own VPC`,
          {
            resourceId: id,
            suggestion: `remove ${vSwitch.vSwitchId} from ${id}'s resources and bind it to an ACL of ${vSwitch.vpcId}`,
          },
        );
      }
      const first = boundBy.get(resource.resourceId);
      if (first !== undefined) {
        ctx.report(
          'NACL_VSWITCH_MULTIPLE',
          path,
          `${resource.resourceId} is already bound to ${first}${first === id ? ' (listed twice)' : ''}; a vSwitch has at most one network ACL`,
          {
            resourceId: id,
            suggestion: `remove resource ${r} (${resource.resourceId}) from ${id}`,
          },
        );
      } else boundBy.set(resource.resourceId, id);
    });
    checkEntries(ctx, acl, a, 'ingress', vpc?.regionId);
    checkEntries(ctx, acl, a, 'egress', vpc?.regionId);
  });
}

function checkEntries(
  ctx: ValidationContext,
  acl: NetworkAcl,
  a: number,
  direction: 'ingress' | 'egress',
  regionId: string | undefined,
): void {
  const id = acl.networkAclId;
  const field = direction === 'ingress' ? 'ingressAclEntries' : 'egressAclEntries';
  const peerField = direction === 'ingress' ? 'sourceCidrIp' : 'destinationCidrIp';
  const entries: readonly AclEntry[] = acl[field] ?? [];
  if ((acl.resources ?? []).length > 0 && entries.length === 0) {
    ctx.report(
      'NACL_NO_ENTRIES',
      `/networkAcls/${a}`,
      `${id} has no ${direction} entries: it drops all ${direction === 'ingress' ? 'inbound' : 'outbound'} ` +
        `traffic of ${(acl.resources ?? []).map((r) => r.resourceId).join(', ')} except the cloud services`,
      {
        resourceId: id,
        suggestion:
          `add ${field} for the traffic these vSwitches need (e.g. { "policy": "accept", "protocol": "all", "${peerField}": "0.0.0.0/0", ` +
          `"port": "-1/-1" }), remembering replies: ACLs are stateless`,
      },
    );
  }
  let used = 0;
  let reported = false;
  entries.forEach((entry, e) => {
    const at = `/networkAcls/${a}/${field}/${e}`;
    const what = `${id} ${direction} entry ${e}`;
    checkPort(ctx, entry, `${at}/port`, what, id);
    const peer = (entry as Record<string, unknown>)[peerField] as string;
    let family: 'IPv4' | 'IPv6' | undefined;
    if (isPrefixListId(peer)) {
      const list = checkPrefixListReference(ctx, peer, `${at}/${peerField}`, id, regionId);
      family = list ? (list.addressFamily ?? 'IPv4') : undefined;
    } else if (looksLikeIpv6(peer)) {
      if (!isIpv6Cidr(peer)) {
        ctx.report(
          'CIDR_MALFORMED',
          `${at}/${peerField}`,
          `${what}: ${peerField} ${JSON.stringify(peer)} is not an IPv6 CIDR block`,
          {
            resourceId: id,
            suggestion: `write ${peerField} as address/prefix, e.g. ::/0`,
          },
        );
      } else family = 'IPv6';
    } else if (ctx.checkCidrField(peer, `${at}/${peerField}`, id, `${direction} entry ${e} ${peerField}`))
      family = 'IPv4';
    const stated = entry.ipVersion;
    const wantsV6 = entry.protocol === 'icmpv6';
    const clash =
      (stated !== undefined && family !== undefined && stated !== family) ||
      (wantsV6 && (family === 'IPv4' || stated === 'IPv4'));
    if (clash) {
      ctx.report(
        'NACL_ENTRY_IP_VERSION_MISMATCH',
        `${at}/${stated !== undefined ? 'ipVersion' : 'protocol'}`,
        `${what}: ${[stated && `ipVersion ${stated}`, family && `${peerField} ${peer} (${family})`, wantsV6 && 'protocol icmpv6 (IPv6 only)'].filter(Boolean).join(', ')} disagree`,
        {
          resourceId: id,
          suggestion: wantsV6
            ? `use protocol icmp for IPv4, or an IPv6 ${peerField} with ipVersion IPv6`
            : `set ipVersion to ${family}`,
        },
      );
    }
    // Service and system entries come with the ACL and do not count (UNCONFIRMED, §1.5).
    if (entry.entryType === 'service' || entry.entryType === 'system') return;
    used += referenceWeight(ctx, peer);
    if (!reported && used > MAX_NACL_ENTRIES_PER_DIRECTION) {
      reported = true;
      ctx.report(
        'NACL_ENTRY_QUOTA_EXCEEDED',
        at,
        `${id} uses ${used} ${direction} entry slots by entry ${e} (a prefix list counts as its maxEntries); the default quota is ${MAX_NACL_ENTRIES_PER_DIRECTION}`,
        {
          resourceId: id,
          suggestion: `merge ${direction} entries of ${id} into larger blocks or a smaller prefix list, or raise vpc_quota_nacl_${direction}_entry before apply`,
        },
      );
    }
  });
}

function checkPort(ctx: ValidationContext, entry: AclEntry, path: string, what: string, id: string): void {
  const withPorts = entry.protocol === 'tcp' || entry.protocol === 'udp';
  const match = PORTS.exec(entry.port);
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  const fine = withPorts ? start >= 1 && end <= 65535 && start <= end : start === -1 && end === -1;
  if (fine) return;
  ctx.report(
    'NACL_ENTRY_PORT_INVALID',
    path,
    `${what}: port ${JSON.stringify(entry.port)} is invalid for protocol ${entry.protocol}${withPorts ? ' (start/end within 1–65535)' : ' (only -1/-1)'}`,
    {
      resourceId: id,
      suggestion: withPorts
        ? start === -1
          ? 'change port to 1/65535 for all ports, or the port you need (e.g. 443/443)'
          : start > end && end >= 1 && start <= 65535
            ? `change port to ${end}/${start}`
            : 'change port to start/end within 1–65535, e.g. 443/443'
        : 'change port to -1/-1',
    },
  );
}

/**
 * The API calls that make the live network ACLs match a document (aliyun-dataplane.md §1): create
 * the ACLs the cloud lacks, replace the custom entries of each direction that differs (a full
 * replace per direction, §0 #6: a new ACL's default allow-all goes too), unbind then bind vSwitches
 * (one ACL per vSwitch, §1.5). Pure and deterministic, in dependency order.
 *
 * Not yet wired into planChanges/apply (the plan is being reworked in parallel): a building block
 * with its own tests. ACLs the document does not name are left alone (vpclink removes only what
 * it created).
 */
import type { AclEntry, EgressAclEntry, IngressAclEntry, NetworkAcl, Topology } from '../document/schema';
import { stepRef, type Params, type ValueRef } from './types';

export interface AclCall {
  /** Unique in the list; a created ACL's ID is `{ $ref: "<id>.NetworkAclId" }`. */
  readonly id: string;
  readonly action: 'CreateNetworkAcl' | 'UpdateNetworkAclEntries' | 'AssociateNetworkAcl' | 'UnassociateNetworkAcl';
  readonly accountId: string;
  readonly regionId: string;
  readonly params: Params;
  readonly dependsOn: readonly string[];
}

/** The custom entries of one direction, as UpdateNetworkAclEntries takes them (`IngressAclEntries.N.*`). */
function entryParams(prefix: 'IngressAclEntries' | 'EgressAclEntries', entries: readonly AclEntry[]): Params {
  const out: Record<string, string> = {};
  entries.forEach((entry, i) => {
    const at = `${prefix}.${i + 1}`;
    out[`${at}.Policy`] = entry.policy;
    out[`${at}.Protocol`] = entry.protocol;
    out[`${at}.Port`] = entry.port;
    if (prefix === 'IngressAclEntries') out[`${at}.SourceCidrIp`] = (entry as IngressAclEntry).sourceCidrIp;
    else out[`${at}.DestinationCidrIp`] = (entry as EgressAclEntry).destinationCidrIp;
    if (entry.networkAclEntryName) out[`${at}.NetworkAclEntryName`] = entry.networkAclEntryName;
    if (entry.description) out[`${at}.Description`] = entry.description;
    if (entry.ipVersion) out[`${at}.IpVersion`] = entry.ipVersion;
    out[`${at}.EntryType`] = 'custom';
  });
  return out;
}

/** Custom entries only: service and system entries come with every ACL and cannot be written. */
function custom(entries: readonly AclEntry[] | undefined): AclEntry[] {
  return (entries ?? []).filter((e) => e.entryType === undefined || e.entryType === 'custom');
}

/** What decides a match, in order (names, IDs and descriptions do not). */
function sameEntries(a: readonly AclEntry[], b: readonly AclEntry[]): boolean {
  const key = (e: AclEntry) =>
    [
      e.policy,
      e.protocol,
      e.port,
      'sourceCidrIp' in e ? e.sourceCidrIp : e.destinationCidrIp,
      e.ipVersion ?? 'IPv4',
    ].join('|');
  return a.length === b.length && a.every((e, i) => key(e) === key(b[i]!));
}

export function planNetworkAclCalls(desired: Topology, current: Topology): AclCall[] {
  const vpcs = new Map(desired.vpcs.map((v) => [v.vpcId, v]));
  const live = new Map((current.networkAcls ?? []).map((a) => [a.networkAclId, a]));
  const liveBinding = new Map<string, string>();
  for (const acl of current.networkAcls ?? [])
    for (const r of acl.resources ?? []) liveBinding.set(r.resourceId, acl.networkAclId);
  const calls: AclCall[] = [];
  const unbinds: AclCall[] = [];
  const binds: AclCall[] = [];
  const released = new Map<string, { networkAclId: string; vSwitchId: string; accountId: string; regionId: string }>();

  for (const acl of desired.networkAcls ?? []) {
    const vpc = vpcs.get(acl.vpcId);
    if (!vpc) continue; // validate reports it (DANGLING_REFERENCE)
    const where = { accountId: vpc.accountId, regionId: vpc.regionId };
    const existing: NetworkAcl | undefined = live.get(acl.networkAclId);
    let ref: ValueRef = acl.networkAclId;
    let createdBy: string | undefined;
    if (!existing) {
      createdBy = `create-nacl:${acl.networkAclId}`;
      calls.push({
        id: createdBy,
        action: 'CreateNetworkAcl',
        ...where,
        params: {
          VpcId: acl.vpcId,
          ...(acl.networkAclName ? { NetworkAclName: acl.networkAclName } : {}),
          ...(acl.description ? { Description: acl.description } : {}),
        },
        dependsOn: [],
      });
      ref = stepRef(createdBy, 'NetworkAclId');
    }
    const ingress = custom(acl.ingressAclEntries);
    const egress = custom(acl.egressAclEntries);
    const updateIngress = !existing || !sameEntries(ingress, custom(existing.ingressAclEntries));
    const updateEgress = !existing || !sameEntries(egress, custom(existing.egressAclEntries));
    if (updateIngress || updateEgress) {
      calls.push({
        id: `update-nacl-entries:${acl.networkAclId}`,
        action: 'UpdateNetworkAclEntries',
        ...where,
        params: {
          NetworkAclId: ref,
          ...(updateIngress ? { UpdateIngressAclEntries: true, ...entryParams('IngressAclEntries', ingress) } : {}),
          ...(updateEgress ? { UpdateEgressAclEntries: true, ...entryParams('EgressAclEntries', egress) } : {}),
        },
        dependsOn: createdBy ? [createdBy] : [],
      });
    }
    const wanted = (acl.resources ?? []).map((r) => r.resourceId);
    const add = wanted.filter((vsw) => liveBinding.get(vsw) !== acl.networkAclId).sort();
    if (add.length) {
      // A vSwitch bound to another ACL is released first (one ACL per vSwitch, §1.5).
      const releases = add
        .filter((vsw) => liveBinding.has(vsw))
        .map((vsw) => {
          const id = `unassociate-nacl:${liveBinding.get(vsw)}:${vsw}`;
          released.set(id, { networkAclId: liveBinding.get(vsw)!, vSwitchId: vsw, ...where });
          return id;
        });
      binds.push({
        id: `associate-nacl:${acl.networkAclId}`,
        action: 'AssociateNetworkAcl',
        ...where,
        params: {
          NetworkAclId: ref,
          ...Object.fromEntries(
            add.flatMap((vsw, i) => [
              [`Resource.${i + 1}.ResourceId`, vsw],
              [`Resource.${i + 1}.ResourceType`, 'VSwitch'],
            ]),
          ),
        },
        dependsOn: [...(createdBy ? [createdBy] : []), ...releases],
      });
    }
    if (existing) {
      for (const r of existing.resources ?? []) {
        if (!wanted.includes(r.resourceId)) {
          unbinds.push({
            id: `unassociate-nacl:${acl.networkAclId}:${r.resourceId}`,
            action: 'UnassociateNetworkAcl',
            ...where,
            params: {
              NetworkAclId: acl.networkAclId,
              'Resource.1.ResourceId': r.resourceId,
              'Resource.1.ResourceType': 'VSwitch',
            },
            dependsOn: [],
          });
        }
      }
    }
  }
  // A vSwitch taken from an ACL the document does not name is released from it as well.
  for (const [id, r] of released) {
    if (unbinds.some((u) => u.id === id)) continue;
    unbinds.push({
      id,
      action: 'UnassociateNetworkAcl',
      accountId: r.accountId,
      regionId: r.regionId,
      params: {
        NetworkAclId: r.networkAclId,
        'Resource.1.ResourceId': r.vSwitchId,
        'Resource.1.ResourceType': 'VSwitch',
      },
      dependsOn: [],
    });
  }
  // Unbinding before binding: a vSwitch moving between ACLs is free when the bind runs.
  return [...calls, ...unbinds, ...binds];
}

/**
 * The quick way to sketch what a ping needs (issue 14: a seed tutorial in at most 8 clicks): one
 * click adds a VPC with a vSwitch, a security group and an ECS instance; typing the VPC's region and
 * the vSwitch's block in the VPC's inspector keeps the rest consistent — zones follow the region,
 * instance addresses follow their vSwitch's block. Pure edits, tested in test/renderer/quickAdd.test.ts.
 */
import type { Topology } from '../../simulator/document/schema';
import { cidrContainsIp, parseCidr, parseIpv4 } from '../../simulator/net/ipv4';
import { addAccount, addInstance, addVSwitch, addVpc, nextFreeIp } from './edits';

/** A VPC with one vSwitch, one security group and one ECS instance in it. */
export function addVpcWithInstance(
  doc: Topology,
  accountId: string | undefined,
  regionId: string | undefined,
): { doc: Topology; id: string } {
  const vpc = addVpc(doc, accountId, regionId);
  const vsw = addVSwitch(vpc.doc, vpc.id);
  return { doc: addInstance(vsw.doc, vsw.id).doc, id: vpc.id };
}

/**
 * A VPC with an instance in an account of its own, added with it: the second half of a
 * cross-account sketch is one click (its UID is typed in the VPC's inspector), not "Account" then
 * "VPC with an instance".
 */
export function addVpcInNewAccount(doc: Topology, regionId: string | undefined): { doc: Topology; id: string } {
  const account = addAccount(doc);
  return addVpcWithInstance(account.doc, account.id, regionId);
}

/**
 * Moves a VPC to another region; its vSwitches' zones that named the old region (`cn-beijing-h`)
 * keep their letter in the new one (`cn-hangzhou-h`): a zone belongs to its VPC's region
 * (VSWITCH_ZONE_NOT_IN_REGION).
 */
export function moveVpcToRegion(doc: Topology, vpcId: string, regionId: string): Topology {
  const vpc = doc.vpcs.find((v) => v.vpcId === vpcId);
  if (!vpc || vpc.regionId === regionId) return doc;
  const old = `${vpc.regionId}-`;
  return {
    ...doc,
    vpcs: doc.vpcs.map((v) => (v === vpc ? { ...v, regionId } : v)),
    vSwitches: doc.vSwitches.map((s) =>
      s.vpcId === vpcId && s.zoneId.startsWith(old) ? { ...s, zoneId: `${regionId}-${s.zoneId.slice(old.length)}` } : s,
    ),
  };
}

/**
 * Sets a vSwitch's CIDR block; once the text is a valid block, instances of the vSwitch whose
 * address lies outside it get the block's next free address (an instance's primary IP is inside
 * its vSwitch, INSTANCE_IP_OUTSIDE_VSWITCH). Text that is not a block yet changes only the field.
 */
export function setVSwitchCidr(doc: Topology, vSwitchId: string, cidrBlock: string): Topology {
  if (!doc.vSwitches.some((s) => s.vSwitchId === vSwitchId)) return doc;
  let d: Topology = {
    ...doc,
    vSwitches: doc.vSwitches.map((s) => (s.vSwitchId === vSwitchId ? { ...s, cidrBlock } : s)),
  };
  const block = parseCidr(cidrBlock);
  if (!block.ok) return d;
  for (const instance of d.instances) {
    if (instance.vSwitchId !== vSwitchId) continue;
    const ip = parseIpv4(instance.privateIpAddress);
    if (ip.ok && cidrContainsIp(block.value, ip.value)) continue;
    const next = nextFreeIp(d, vSwitchId);
    d = {
      ...d,
      instances: d.instances.map((i) => (i.instanceId === instance.instanceId ? { ...i, privateIpAddress: next } : i)),
    };
  }
  return d;
}

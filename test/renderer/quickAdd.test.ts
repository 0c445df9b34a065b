// The quick sketch (issue 14): a VPC with an instance in one click; region and vSwitch block typed
// in the VPC's inspector keep zones and instance addresses consistent, so validation stays clean.
import { describe, expect, it } from 'vitest';
import { validateTopology } from '../../simulator/validate';
import { emptyDocument } from '../../renderer/store/edits';
import { addVpcInNewAccount, addVpcWithInstance, moveVpcToRegion, setVSwitchCidr } from '../../renderer/store/quickAdd';

const errorsAndWarnings = (doc: Parameters<typeof validateTopology>[0]) =>
  validateTopology(doc)
    .filter((f) => f.severity !== 'info')
    .map((f) => f.code);

describe('a VPC with an instance, sketched in one click', () => {
  it('adds a VPC, a vSwitch inside it, a security group and an instance with an address in the vSwitch', () => {
    const { doc, id } = addVpcWithInstance(emptyDocument(), undefined, 'cn-beijing');
    expect(doc.vpcs.map((v) => v.vpcId)).toEqual([id]);
    expect(doc.vSwitches).toEqual([expect.objectContaining({ vpcId: id, zoneId: 'cn-beijing-a' })]);
    expect(doc.securityGroups).toEqual([expect.objectContaining({ vpcId: id, permissions: [] })]);
    expect(doc.instances).toEqual([
      expect.objectContaining({
        vSwitchId: doc.vSwitches[0].vSwitchId,
        securityGroupIds: [doc.securityGroups[0].securityGroupId],
      }),
    ]);
    expect(errorsAndWarnings(doc).filter((c) => !c.startsWith('ACCOUNT_'))).toEqual([]);
  });

  it('zones follow the VPC to another region; a zone of another region is left as it is', () => {
    const { doc, id } = addVpcWithInstance(emptyDocument(), undefined, 'cn-beijing');
    const moved = moveVpcToRegion(doc, id, 'cn-hangzhou');
    expect(moved.vpcs[0].regionId).toBe('cn-hangzhou');
    expect(moved.vSwitches[0].zoneId).toBe('cn-hangzhou-a');
    expect(moveVpcToRegion(moved, id, 'cn-hangzhou')).toBe(moved);
  });

  it('instances follow their vSwitch into its new block once the text is a block', () => {
    let { doc } = addVpcWithInstance(emptyDocument(), undefined, 'cn-beijing');
    const vsw = doc.vSwitches[0].vSwitchId;
    doc = { ...doc, vpcs: doc.vpcs.map((v) => ({ ...v, cidrBlock: '192.168.0.0/16' })) };
    const typing = setVSwitchCidr(doc, vsw, '192.168.');
    expect(typing.vSwitches[0].cidrBlock).toBe('192.168.');
    expect(typing.instances[0].privateIpAddress).toBe(doc.instances[0].privateIpAddress);
    const done = setVSwitchCidr(typing, vsw, '192.168.100.0/24');
    expect(done.instances[0].privateIpAddress).toBe('192.168.100.100');
    expect(errorsAndWarnings(done).filter((c) => !c.startsWith('ACCOUNT_'))).toEqual([]);
    // An address already inside the new block stays.
    expect(setVSwitchCidr(done, vsw, '192.168.100.0/25').instances[0].privateIpAddress).toBe('192.168.100.100');
  });
});

describe('a VPC in a new account, the second half of a cross-account sketch in one click', () => {
  it('adds an account of its own with a VPC, a vSwitch, a group and an instance in it', () => {
    const first = addVpcWithInstance(emptyDocument(), undefined, 'cn-qingdao');
    const { doc, id } = addVpcInNewAccount(first.doc, 'cn-beijing');
    expect(doc.accounts).toHaveLength(2);
    const vpc = doc.vpcs.find((v) => v.vpcId === id)!;
    expect(vpc.accountId).toBe(doc.accounts[1].accountId);
    expect(vpc.accountId).not.toBe(first.doc.vpcs[0].accountId);
    expect(vpc.regionId).toBe('cn-beijing');
    expect(doc.vSwitches.filter((s) => s.vpcId === id)).toHaveLength(1);
    expect(doc.instances).toHaveLength(2);
    expect(errorsAndWarnings(doc).filter((c) => !c.startsWith('ACCOUNT_'))).toEqual([]);
  });

  it('on an empty document, the first VPC brings its account: one account, one VPC', () => {
    const { doc } = addVpcWithInstance(emptyDocument(), undefined, undefined);
    expect(doc.accounts).toHaveLength(1);
    expect(doc.vpcs.map((v) => v.accountId)).toEqual([doc.accounts[0].accountId]);
  });
});

// The drop-cause catalogue (simulator/reach/codes.ts): every code happens in a whole document,
// carries a fix when the catalogue promises one, and its fix removes it without creating an
// error finding (topology-format.md §4.3).
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/document';
import { REACH_BLOCKER_CODES, type FlowSpec, type ReachBlockerCode } from '../../../simulator/reach';
import { applyFix, doc, oneVpcRaw, peeredRaw, run } from './dataplaneDocs';
import { CEN_CATALOGUE_CASES } from '../cen/cenCases';
import { example, X } from './helpers';

type Flow = Partial<FlowSpec> & { from: string; to: string };
const AZ: Flow = { from: 'i-a', to: 'i-z' };
const AB: Flow = { from: 'i-a', to: 'i-b' };

const CASES: Record<ReachBlockerCode, { doc: () => Topology; flow: Flow }> = {
  SG_EGRESS_DENIED: {
    doc: () => doc(oneVpcRaw, (raw) => (raw.securityGroups[0].securityGroupType = 'enterprise')),
    flow: AB,
  },
  SG_INGRESS_DENIED: { doc: () => doc(oneVpcRaw, (raw) => (raw.securityGroups[1].permissions = [])), flow: AB },
  NACL_EGRESS_DENIED: {
    doc: () =>
      doc(
        oneVpcRaw,
        (raw) =>
          (raw.networkAcls = [
            { networkAclId: 'nacl-1', vpcId: 'vpc-1', resources: [{ resourceId: 'vsw-1', resourceType: 'VSwitch' }] },
          ]),
      ),
    flow: AB,
  },
  NACL_INGRESS_DENIED: {
    doc: () =>
      doc(
        oneVpcRaw,
        (raw) =>
          (raw.networkAcls = [
            { networkAclId: 'nacl-1', vpcId: 'vpc-1', resources: [{ resourceId: 'vsw-2', resourceType: 'VSwitch' }] },
          ]),
      ),
    flow: AB,
  },
  NO_ROUTE: { doc: () => doc(peeredRaw, (raw) => (raw.routeTables[0].routeEntries = [])), flow: AZ },
  ROUTE_NOT_AVAILABLE: {
    doc: () => doc(peeredRaw, (raw) => (raw.routeTables[0].routeEntries[0].status = 'Pending')),
    flow: AZ,
  },
  NEXT_HOP_NOT_SIMULATED: {
    doc: () =>
      doc(peeredRaw, (raw) =>
        Object.assign(raw.routeTables[0].routeEntries[0], { nextHopType: 'Instance', nextHopId: 'i-c' }),
      ),
    flow: AZ,
  },
  ROUTE_NEXT_HOP_INVALID: {
    doc: () => doc(peeredRaw, (raw) => (raw.routeTables[0].routeEntries[0].nextHopId = 'pcc-gone')),
    flow: AZ,
  },
  ROUTE_TO_WRONG_VPC: {
    doc: () =>
      doc(peeredRaw, (raw) => {
        raw.vpcs.push({
          vpcId: 'vpc-3',
          accountId: '1000000000000002',
          regionId: 'cn-beijing',
          cidrBlock: '172.20.0.0/16',
          vRouterId: 'vrt-3',
        });
        raw.vSwitches.push({ vSwitchId: 'vsw-3', vpcId: 'vpc-3', zoneId: 'cn-beijing-a', cidrBlock: '172.20.1.0/24' });
        raw.securityGroups.push({ securityGroupId: 'sg-3', vpcId: 'vpc-3' });
        raw.instances.push({
          instanceId: 'i-3',
          vSwitchId: 'vsw-3',
          privateIpAddress: '172.20.1.10',
          securityGroupIds: ['sg-3'],
        });
        raw.routeTables[0].routeEntries[0].destinationCidrBlock = '172.16.0.0/12';
      }),
    flow: { from: 'i-a', to: 'i-3' },
  },
  DELIVERED_ELSEWHERE: {
    doc: () =>
      doc(peeredRaw, (raw) => {
        raw.vpcs[0].secondaryCidrBlocks = ['172.16.0.0/16'];
        raw.vSwitches.push({ vSwitchId: 'vsw-x', vpcId: 'vpc-1', zoneId: 'cn-beijing-a', cidrBlock: '172.16.1.0/24' });
      }),
    flow: AZ,
  },
  ROUTE_TABLE_MISSING: { doc: () => doc(oneVpcRaw, (raw) => (raw.vSwitches[0].routeTableId = 'vtb-gone')), flow: AB },
  ROUTER_INTERFACE_NOT_ACTIVE: { doc: () => example('broken-acceptor-not-configured'), flow: { from: X.a, to: X.b } },
  ROUTER_INTERFACE_MISMATCH: { doc: () => example('broken-acceptor-not-configured'), flow: { from: X.a, to: X.b } },
  PEERING_NOT_ACTIVE: { doc: () => doc(peeredRaw, (raw) => (raw.vpcPeerConnections[0].status = 'Rejected')), flow: AZ },
  PEER_VPC_UNKNOWN: {
    doc: () => doc(peeredRaw, (raw) => (raw.vpcPeerConnections[0].acceptingVpcId = 'vpc-gone')),
    flow: AZ,
  },
  DESTINATION_UNKNOWN: { doc: () => doc(oneVpcRaw), flow: { from: 'i-a', to: '10.0.2.99' } },
  INSTANCE_NOT_RUNNING: { doc: () => doc(oneVpcRaw, (raw) => (raw.instances[1].status = 'Stopped')), flow: AB },
  NETWORK_INTERFACE_NOT_ATTACHED: {
    doc: () =>
      doc(
        oneVpcRaw,
        (raw) =>
          (raw.networkInterfaces = [
            {
              networkInterfaceId: 'eni-1',
              vSwitchId: 'vsw-2',
              privateIpAddress: '10.0.2.30',
              securityGroupIds: ['sg-b'],
            },
          ]),
      ),
    flow: { from: 'i-a', to: 'eni-1' },
  },
  INSTANCE_NOT_PLACED: { doc: () => doc(oneVpcRaw, (raw) => (raw.instances[1].vSwitchId = 'vsw-gone')), flow: AB },
  INSTANCE_ADDRESS_INVALID: {
    doc: () => doc(oneVpcRaw, (raw) => (raw.instances[1].privateIpAddress = '10.0.2')),
    flow: AB,
  },
  SECURITY_GROUP_UNKNOWN: {
    doc: () => doc(oneVpcRaw, (raw) => raw.instances[1].securityGroupIds.push('sg-gone')),
    flow: AB,
  },
  ...CEN_CATALOGUE_CASES,
};

describe('the drop-cause catalogue', () => {
  it('has a case for every code, and every entry names its resource, fix, outcome and analogues', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(REACH_BLOCKER_CODES).sort());
    for (const [code, cause] of Object.entries(REACH_BLOCKER_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(cause.summary.length, code).toBeGreaterThan(20);
      expect(cause.resource.length, code).toBeGreaterThan(5);
      expect(cause.fix.length, code).toBeGreaterThan(10);
      expect(cause.analogues.length, code).toBeGreaterThan(5);
    }
    for (const required of [
      'SG_EGRESS_DENIED',
      'SG_INGRESS_DENIED',
      'NO_ROUTE',
      'ROUTER_INTERFACE_NOT_ACTIVE',
      'ROUTER_INTERFACE_MISMATCH',
      'DESTINATION_UNKNOWN',
      'NACL_INGRESS_DENIED',
      'NACL_EGRESS_DENIED',
      'PEERING_NOT_ACTIVE',
      'NEXT_HOP_NOT_SIMULATED',
    ])
      expect(REACH_BLOCKER_CODES).toHaveProperty(required);
  });

  it.each(Object.keys(CASES) as ReachBlockerCode[])('%s happens, with the promised fix', (code) => {
    const { doc: make, flow } = CASES[code];
    const d = make();
    const r = run(d, flow);
    const cause = REACH_BLOCKER_CODES[code];
    expect(r.verdict).toBe(cause.outcome);
    const b = r.blockers.find((x) => x.code === code);
    expect(b, JSON.stringify(r.blockers.map((x) => x.code))).toBeDefined();
    if (cause.patch === 'always') expect(b!.fix, code).toBeDefined();
    if (cause.patch === 'never') expect(b!.fix, code).toBeUndefined();
    if (b!.fix) {
      const { stillThere, newErrors } = applyFix(d, flow, b!);
      expect(stillThere, code).toBe(false);
      expect(newErrors, code).toEqual([]);
    }
  });
});

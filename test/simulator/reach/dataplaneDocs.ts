/**
 * Whole documents for the release-2 scenarios (topology-format.md §4): one VPC with two
 * vSwitches, or two VPCs joined by a VPC peering connection, plus whatever a test adds.
 */
import type { Topology } from '../../../simulator/document';
import { applyJsonPatch, type Blocker, type CheckResult, type FlowSpec } from '../../../simulator/reach';
import { createReachability, isFlowInputError } from '../../../simulator/reach';
import { validateTopology } from '../../../simulator/validate';
import { load, type Raw } from './helpers';

/** Allows everything in from 10/8 (so only the feature under test decides). */
export const OPEN_GROUP = (id: string, vpcId = 'vpc-1'): Raw => ({
  securityGroupId: id,
  vpcId,
  permissions: [
    { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' },
    { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '172.16.0.0/12' },
  ],
});

/**
 * vpc-1 10.0.0.0/16: vsw-1 10.0.1.0/24 (i-a .10, i-c .11), vsw-2 10.0.2.0/24 (i-b .10); sg-a on
 * i-a and i-c, sg-b on i-b, both open to 10/8. `edit` changes the raw JSON before loading.
 */
export function oneVpcRaw(): Raw {
  return {
    format: 'vpclink/topology',
    version: 1,
    accounts: [{ accountId: '1000000000000001' }],
    vpcs: [
      {
        vpcId: 'vpc-1',
        accountId: '1000000000000001',
        regionId: 'cn-beijing',
        cidrBlock: '10.0.0.0/16',
        vRouterId: 'vrt-1',
      },
    ],
    vSwitches: [
      { vSwitchId: 'vsw-1', vpcId: 'vpc-1', zoneId: 'cn-beijing-a', cidrBlock: '10.0.1.0/24' },
      { vSwitchId: 'vsw-2', vpcId: 'vpc-1', zoneId: 'cn-beijing-a', cidrBlock: '10.0.2.0/24' },
    ],
    securityGroups: [OPEN_GROUP('sg-a'), OPEN_GROUP('sg-b')],
    instances: [
      { instanceId: 'i-a', vSwitchId: 'vsw-1', privateIpAddress: '10.0.1.10', securityGroupIds: ['sg-a'] },
      { instanceId: 'i-b', vSwitchId: 'vsw-2', privateIpAddress: '10.0.2.10', securityGroupIds: ['sg-b'] },
      { instanceId: 'i-c', vSwitchId: 'vsw-1', privateIpAddress: '10.0.1.11', securityGroupIds: ['sg-a'] },
    ],
  };
}

/**
 * oneVpcRaw plus vpc-2 172.16.0.0/16 (vsw-9 172.16.1.0/24, i-z .10 in sg-z) joined to vpc-1
 * by peering connection pcc-1 with routes on both sides (VpcPeer next hops).
 */
export function peeredRaw(): Raw {
  const raw = oneVpcRaw();
  raw.accounts.push({ accountId: '1000000000000002' });
  raw.vpcs.push({
    vpcId: 'vpc-2',
    accountId: '1000000000000002',
    regionId: 'cn-beijing',
    cidrBlock: '172.16.0.0/16',
    vRouterId: 'vrt-2',
  });
  raw.vSwitches.push({ vSwitchId: 'vsw-9', vpcId: 'vpc-2', zoneId: 'cn-beijing-a', cidrBlock: '172.16.1.0/24' });
  raw.securityGroups.push(OPEN_GROUP('sg-z', 'vpc-2'));
  raw.instances.push({
    instanceId: 'i-z',
    vSwitchId: 'vsw-9',
    privateIpAddress: '172.16.1.10',
    securityGroupIds: ['sg-z'],
  });
  raw.vpcPeerConnections = [{ instanceId: 'pcc-1', vpcId: 'vpc-1', acceptingVpcId: 'vpc-2' }];
  raw.routeTables = [
    {
      routeTableId: 'vtb-1',
      vpcId: 'vpc-1',
      routeTableType: 'System',
      routeEntries: [{ destinationCidrBlock: '172.16.0.0/16', nextHopType: 'VpcPeer', nextHopId: 'pcc-1' }],
    },
    {
      routeTableId: 'vtb-2',
      vpcId: 'vpc-2',
      routeTableType: 'System',
      routeEntries: [{ destinationCidrBlock: '10.0.0.0/16', nextHopType: 'VpcPeer', nextHopId: 'pcc-1' }],
    },
  ];
  return raw;
}

export function doc(base: () => Raw, edit: (raw: Raw) => void = () => {}): Topology {
  const raw = base();
  edit(raw);
  return load(raw);
}

export function run(d: Topology, flow: Partial<FlowSpec> & { from: string; to: string }): CheckResult {
  const r = createReachability(d).check({ protocol: 'icmp', port: null, ...flow });
  if (isFlowInputError(r)) throw new Error(`input error: ${r.field}: ${r.message}`);
  return r;
}

export function blockerCodes(r: CheckResult): string[] {
  return r.blockers.map((b) => `${b.direction}:${b.code}:${b.resourceId}`);
}

/** Error findings of a document, as `code path` strings. */
export function errorFindings(d: Topology): Set<string> {
  return new Set(
    validateTopology(d)
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.code} ${f.path}`),
  );
}

/**
 * Applies a blocker's fix and reports what the contract promises (topology-format.md §4.3): the
 * blocker is gone and no new error finding appeared.
 */
export function applyFix(d: Topology, flow: Partial<FlowSpec> & { from: string; to: string }, b: Blocker) {
  const fixed = applyJsonPatch(d, b.fix!);
  const after = run(fixed, flow);
  const before = errorFindings(d);
  return {
    fixed,
    after,
    stillThere: after.blockers.some(
      (x) => x.code === b.code && x.resourceId === b.resourceId && x.direction === b.direction,
    ),
    newErrors: [...errorFindings(fixed)].filter((e) => !before.has(e)),
  };
}

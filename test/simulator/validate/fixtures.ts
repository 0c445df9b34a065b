/** A small, fully valid two-account document and helpers to validate mutations of it. */
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { type Finding, validateTopology } from '../../../simulator/validate';

export const A = '1231579085529123';
export const B = '1564982317654321';

/** Raw JSON (as written in a file) — mutations apply to this, then it is loaded like a file. */
export function baseDocument(): Record<string, any> {
  return {
    format: 'vpclink/topology',
    version: 1,
    accounts: [
      { accountId: A, name: 'A' },
      { accountId: B, name: 'B' },
    ],
    vpcs: [
      { vpcId: 'vpc-a', accountId: A, regionId: 'cn-qingdao', cidrBlock: '192.168.0.0/16', vRouterId: 'vrt-a' },
      { vpcId: 'vpc-b', accountId: B, regionId: 'cn-beijing', cidrBlock: '172.16.0.0/16', vRouterId: 'vrt-b' },
    ],
    vSwitches: [
      { vSwitchId: 'vsw-a', vpcId: 'vpc-a', zoneId: 'cn-qingdao-b', cidrBlock: '192.168.1.0/24' },
      { vSwitchId: 'vsw-b', vpcId: 'vpc-b', zoneId: 'cn-beijing-h', cidrBlock: '172.16.1.0/24' },
      {
        vSwitchId: 'vsw-a2',
        vpcId: 'vpc-a',
        zoneId: 'cn-qingdao-c',
        cidrBlock: '192.168.2.0/24',
        routeTableId: 'vtb-a-custom',
      },
    ],
    routeTables: [
      {
        routeTableId: 'vtb-a',
        vpcId: 'vpc-a',
        routeTableType: 'System',
        routeEntries: [{ destinationCidrBlock: '172.16.0.0/16', nextHopType: 'RouterInterface', nextHopId: 'ri-a' }],
      },
      {
        routeTableId: 'vtb-b',
        vpcId: 'vpc-b',
        routeTableType: 'System',
        routeEntries: [{ destinationCidrBlock: '192.168.0.0/16', nextHopType: 'RouterInterface', nextHopId: 'ri-b' }],
      },
      {
        routeTableId: 'vtb-a-custom',
        vpcId: 'vpc-a',
        routeTableType: 'Custom',
        routeEntries: [{ destinationCidrBlock: '172.16.1.0/24', nextHopType: 'RouterInterface', nextHopId: 'ri-a' }],
      },
    ],
    routerInterfaces: [
      {
        routerInterfaceId: 'ri-a',
        accountId: A,
        regionId: 'cn-qingdao',
        routerType: 'VRouter',
        routerId: 'vrt-a',
        role: 'InitiatingSide',
        spec: 'Mini.2',
        oppositeRegionId: 'cn-beijing',
        oppositeInterfaceId: 'ri-b',
        oppositeRouterId: 'vrt-b',
        oppositeRouterType: 'VRouter',
        oppositeInterfaceOwnerId: B,
      },
      {
        routerInterfaceId: 'ri-b',
        accountId: B,
        regionId: 'cn-beijing',
        routerType: 'VRouter',
        routerId: 'vrt-b',
        role: 'AcceptingSide',
        spec: 'Negative',
        oppositeRegionId: 'cn-qingdao',
        oppositeInterfaceId: 'ri-a',
        oppositeRouterId: 'vrt-a',
        oppositeRouterType: 'VRouter',
        oppositeInterfaceOwnerId: A,
      },
    ],
    securityGroups: [
      {
        securityGroupId: 'sg-a',
        vpcId: 'vpc-a',
        permissions: [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceCidrIp: '172.16.0.0/16' }],
      },
      {
        securityGroupId: 'sg-b',
        vpcId: 'vpc-b',
        permissions: [
          { direction: 'ingress', ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '192.168.1.0/24', priority: 10 },
          {
            direction: 'egress',
            ipProtocol: 'ALL',
            portRange: '-1/-1',
            destCidrIp: '0.0.0.0/0',
            policy: 'Drop',
            priority: 100,
          },
        ],
      },
      {
        securityGroupId: 'sg-a2',
        vpcId: 'vpc-a',
        permissions: [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '443/443', sourceGroupId: 'sg-a' }],
      },
    ],
    instances: [
      { instanceId: 'i-a', vSwitchId: 'vsw-a', privateIpAddress: '192.168.1.10', securityGroupIds: ['sg-a', 'sg-a2'] },
      { instanceId: 'i-b', vSwitchId: 'vsw-b', privateIpAddress: '172.16.1.10', securityGroupIds: ['sg-b'] },
    ],
  };
}

export function load(raw: unknown): Topology {
  const result = loadDocumentValue(raw);
  if (result.kind !== 'ok') throw new Error(`fixture does not load: ${JSON.stringify(result)}`);
  return result.document;
}

export function findingsAfter(mutate: (doc: Record<string, any>) => void): Finding[] {
  const doc = baseDocument();
  mutate(doc);
  return validateTopology(load(doc));
}

export function addVpcGroup(doc: Record<string, any>, id: string, permissions: unknown[] = []): void {
  doc.securityGroups.push({ securityGroupId: id, vpcId: 'vpc-a', permissions });
}

/** One row of a table of cases: a mutation of the base document → the finding it must produce. */
export interface Row {
  readonly name: string;
  readonly mutate: (doc: Record<string, any>) => void;
  readonly code: string;
  readonly path: string;
  readonly resourceId?: string;
  readonly message?: RegExp;
  readonly suggestion?: RegExp;
}

/**
 * A deterministic "L"-sized document for performance sanity checks of reachability: 200 VPCs in
 * 20 accounts and 8 regions, 2,000 instances, ~20,000 security-group rules, 400 router-interface
 * pairs (hub-and-spoke plus a mesh among hubs and neighbours), ~2,000 route entries.
 */
import type { TopologyInput } from '../../../simulator/document';
import { seededRandom } from '../../../bench/lib/measure';

export function largeTopology(seed = 1, scale = 1): TopologyInput {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const regions = [
    'cn-beijing',
    'cn-qingdao',
    'cn-hangzhou',
    'cn-shanghai',
    'cn-shenzhen',
    'cn-zhangjiakou',
    'cn-chengdu',
    'cn-hongkong',
  ];
  const vpcCount = Math.round(200 * scale);
  const accounts = Array.from({ length: 20 }, (_, a) => ({ accountId: String(1000000000000000 + a * 7919) }));
  const vpcs = [] as NonNullable<TopologyInput['vpcs']>;
  const vSwitches = [] as NonNullable<TopologyInput['vSwitches']>;
  const securityGroups = [] as NonNullable<TopologyInput['securityGroups']>;
  const instances = [] as NonNullable<TopologyInput['instances']>;
  const routerInterfaces = [] as NonNullable<TopologyInput['routerInterfaces']>;
  const routes = new Map<
    number,
    Array<{ destinationCidrBlock: string; nextHopType: 'RouterInterface'; nextHopId: string; status?: 'Pending' }>
  >();
  const block = (k: number) => `${10 + (k >> 8)}.${k & 255}`; // 10.k.0.0/16 blocks
  for (let k = 0; k < vpcCount; k++) {
    const accountId = accounts[k % accounts.length]!.accountId;
    vpcs.push({
      vpcId: `vpc-${k}`,
      accountId,
      regionId: regions[k % regions.length]!,
      cidrBlock: `${block(k)}.0.0/16`,
      vRouterId: `vrt-${k}`,
      name: `vpc ${k}`,
    });
    routes.set(k, []);
    for (let j = 0; j < 5; j++)
      vSwitches.push({
        vSwitchId: `vsw-${k}-${j}`,
        vpcId: `vpc-${k}`,
        zoneId: `${regions[k % regions.length]}-a`,
        cidrBlock: `${block(k)}.${j}.0/24`,
      });
    for (let g = 0; g < 2; g++) {
      const permissions = [] as NonNullable<NonNullable<TopologyInput['securityGroups']>[number]['permissions']>;
      for (let r = 0; r < 50; r++) {
        const direction = rand() < 0.8 ? 'ingress' : 'egress';
        const proto = pick(['TCP', 'TCP', 'UDP', 'ICMP', 'ALL'] as const);
        const lo = 1 + Math.floor(rand() * 60000);
        const portRange = proto === 'TCP' || proto === 'UDP' ? `${lo}/${lo + Math.floor(rand() * 100)}` : '-1/-1';
        const peerVpc = Math.floor(rand() * vpcCount);
        const cidr = rand() < 0.5 ? `${block(peerVpc)}.0.0/16` : `${block(peerVpc)}.${Math.floor(rand() * 5)}.0/24`;
        const useGroup = rand() < 0.05;
        const peerKey =
          direction === 'ingress'
            ? useGroup
              ? 'sourceGroupId'
              : 'sourceCidrIp'
            : useGroup
              ? 'destGroupId'
              : 'destCidrIp';
        permissions.push({
          direction,
          ipProtocol: proto,
          portRange,
          policy: rand() < 0.1 ? 'Drop' : 'Accept',
          priority: 1 + Math.floor(rand() * 100),
          [peerKey]: useGroup ? `sg-${k}-${1 - g}` : cidr,
        });
      }
      securityGroups.push({
        securityGroupId: `sg-${k}-${g}`,
        vpcId: `vpc-${k}`,
        securityGroupType: 'normal',
        permissions,
        innerAccessPolicy: g === 0 ? 'Accept' : 'Drop',
      });
    }
    for (let i = 0; i < 10; i++) {
      const j = i % 5;
      instances.push({
        instanceId: `i-${k}-${i}`,
        vSwitchId: `vsw-${k}-${j}`,
        privateIpAddress: `${block(k)}.${j}.${10 + i}`,
        securityGroupIds: rand() < 0.3 ? [`sg-${k}-0`, `sg-${k}-1`] : [`sg-${k}-${i % 2}`],
        status: 'Running',
      });
    }
  }
  // 400 pairs: every non-hub VPC to its hub (hub-and-spoke), then a mesh of neighbours.
  const hubs = Math.max(1, Math.round(vpcCount / 20));
  const pairs: Array<[number, number]> = [];
  const seen = new Set<string>();
  const addPair = (a: number, b: number) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  for (let k = hubs; k < vpcCount; k++) addPair(k, k % hubs);
  for (let a = 0; a < hubs; a++) for (let b = a + 1; b < hubs; b++) addPair(a, b);
  for (let k = hubs; pairs.length < 2 * vpcCount && k < vpcCount * 4; k++)
    addPair(k % vpcCount, (k * 7 + 3) % vpcCount);
  pairs.forEach(([a, b], p) => {
    const va = vpcs[a]!;
    const vb = vpcs[b]!;
    const ia = `ri-${p}-a`;
    const ib = `ri-${p}-b`;
    const inactive = p % 37 === 5;
    routerInterfaces.push({
      routerInterfaceId: ia,
      accountId: va.accountId,
      regionId: va.regionId,
      routerType: 'VRouter',
      routerId: va.vRouterId,
      role: 'InitiatingSide',
      spec: 'Mini.2',
      oppositeRegionId: vb.regionId,
      oppositeInterfaceId: ib,
      oppositeRouterId: vb.vRouterId,
      oppositeRouterType: 'VRouter',
      oppositeInterfaceOwnerId: vb.accountId,
      ...(inactive ? { status: 'Inactive' as const } : {}),
    });
    routerInterfaces.push({
      routerInterfaceId: ib,
      accountId: vb.accountId,
      regionId: vb.regionId,
      routerType: 'VRouter',
      routerId: vb.vRouterId,
      role: 'AcceptingSide',
      spec: 'Negative',
      oppositeRegionId: va.regionId,
      oppositeInterfaceId: p % 53 === 7 ? undefined : ia,
      oppositeRouterId: va.vRouterId,
      oppositeRouterType: 'VRouter',
      oppositeInterfaceOwnerId: va.accountId,
    });
    routes.get(a)!.push({ destinationCidrBlock: `${block(b)}.0.0/16`, nextHopType: 'RouterInterface', nextHopId: ia });
    routes.get(b)!.push({ destinationCidrBlock: `${block(a)}.0.0/16`, nextHopType: 'RouterInterface', nextHopId: ib });
    // More specific routes toward some vSwitches, and a few not yet Available.
    if (p % 2 === 0)
      routes.get(a)!.push({
        destinationCidrBlock: `${block(b)}.1.0/24`,
        nextHopType: 'RouterInterface',
        nextHopId: ia,
        ...(p % 10 === 0 ? { status: 'Pending' as const } : {}),
      });
    if (p % 3 === 0)
      routes
        .get(b)!
        .push({ destinationCidrBlock: `${block(a)}.2.0/24`, nextHopType: 'RouterInterface', nextHopId: ib });
    if (p % 4 === 1)
      routes
        .get(a)!
        .push({ destinationCidrBlock: `${block(b)}.3.0/24`, nextHopType: 'RouterInterface', nextHopId: ia });
    if (p % 4 === 3)
      routes
        .get(b)!
        .push({ destinationCidrBlock: `${block(a)}.4.0/24`, nextHopType: 'RouterInterface', nextHopId: ib });
  });
  // Fill up to ~2,000 entries with hub summary routes (a /12 via the hub) on spokes.
  for (let k = hubs; k < vpcCount; k++) {
    const hubRi = pairs.findIndex(([a, b]) => a === k && b === k % hubs);
    for (let extra = 0; extra < 3; extra++)
      routes.get(k)!.push({
        destinationCidrBlock: `${11 + extra}.0.0.0/8`,
        nextHopType: 'RouterInterface',
        nextHopId: `ri-${hubRi}-a`,
      });
  }
  const routeTables = vpcs.map((v, k) => ({
    routeTableId: `vtb-${k}`,
    vpcId: v.vpcId,
    routeTableType: 'System' as const,
    routeEntries: routes.get(k)!,
  }));
  return {
    format: 'vpclink/topology',
    version: 1,
    accounts,
    vpcs,
    vSwitches,
    routeTables,
    routerInterfaces,
    securityGroups,
    instances,
  };
}

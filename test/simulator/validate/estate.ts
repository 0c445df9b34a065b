/**
 * A clean synthetic estate for scale tests: `n` VPCs in pairs (2k ↔ 2k+1) connected by a
 * consistent router-interface pair with routes both ways, 10 instances and 100 rules per VPC.
 * Everything in it is valid, so any finding is a false positive.
 */
export function cleanEstate(n: number): Record<string, any> {
  const accounts = [0, 1, 2, 3].map((i) => ({ accountId: `12315790855291${20 + i}` }));
  const regions = ['cn-beijing', 'cn-hangzhou', 'cn-shanghai', 'cn-qingdao'];
  const doc: Record<string, any> = {
    format: 'vpclink/topology',
    version: 1,
    accounts,
    vpcs: [],
    vSwitches: [],
    routeTables: [],
    routerInterfaces: [],
    securityGroups: [],
    instances: [],
  };
  const cidr = (v: number) => `10.${v}.0.0/16`;
  const accountOf = (v: number) => accounts[v % 4]!.accountId;
  const regionOf = (v: number) => regions[Math.floor(v / 2) % 4]!;
  for (let v = 0; v < n; v++) {
    const peer = v ^ 1;
    doc.vpcs.push({
      vpcId: `vpc-${v}`,
      accountId: accountOf(v),
      regionId: regionOf(v),
      cidrBlock: cidr(v),
      vRouterId: `vrt-${v}`,
    });
    for (let s = 0; s < 2; s++)
      doc.vSwitches.push({
        vSwitchId: `vsw-${v}-${s}`,
        vpcId: `vpc-${v}`,
        zoneId: `${regionOf(v)}-${'ab'[s]}`,
        cidrBlock: `10.${v}.${s}.0/24`,
      });
    doc.routeTables.push({
      routeTableId: `vtb-${v}`,
      vpcId: `vpc-${v}`,
      routeTableType: 'System',
      routeEntries: [
        { destinationCidrBlock: cidr(peer), nextHopType: 'RouterInterface', nextHopId: `ri-${v}` },
        ...[0, 1].map((s) => ({
          destinationCidrBlock: `10.${peer}.${s}.0/24`,
          nextHopType: 'RouterInterface',
          nextHopId: `ri-${v}`,
        })),
      ],
    });
    const initiator = v % 2 === 0;
    doc.routerInterfaces.push({
      routerInterfaceId: `ri-${v}`,
      accountId: accountOf(v),
      regionId: regionOf(v),
      routerType: 'VRouter',
      routerId: `vrt-${v}`,
      role: initiator ? 'InitiatingSide' : 'AcceptingSide',
      spec: initiator ? 'Small.1' : 'Negative',
      oppositeRegionId: regionOf(peer),
      oppositeInterfaceId: `ri-${peer}`,
      oppositeRouterId: `vrt-${peer}`,
      oppositeRouterType: 'VRouter',
      oppositeInterfaceOwnerId: accountOf(peer),
    });
    for (let g = 0; g < 2; g++) {
      const permissions = Array.from({ length: 50 }, (_, p) => {
        const ingress = p % 5 !== 4;
        const protocol = ['TCP', 'UDP', 'ICMP', 'TCP'][p % 4]!;
        const ports = protocol === 'ICMP' ? '-1/-1' : `${1000 + p}/${1000 + p + g}`;
        const peerBlock =
          p % 3 === 0 && protocol !== 'ICMP' ? cidr(peer) : `10.${peer}.${p % 2}.${((p * 7) % 250) + 1}/32`;
        return ingress
          ? p === 1 && g === 1
            ? { direction: 'ingress', ipProtocol: 'TCP', portRange: '22/22', sourceGroupId: `sg-${v}-0` }
            : {
                direction: 'ingress',
                ipProtocol: protocol,
                portRange: ports,
                sourceCidrIp: peerBlock,
                priority: 1 + (p % 100),
              }
          : {
              direction: 'egress',
              ipProtocol: protocol,
              portRange: ports,
              destCidrIp: peerBlock,
              policy: p % 10 === 9 ? 'Drop' : 'Accept',
            };
      });
      doc.securityGroups.push({ securityGroupId: `sg-${v}-${g}`, vpcId: `vpc-${v}`, permissions });
    }
    for (let i = 0; i < 10; i++) {
      doc.instances.push({
        instanceId: `i-${v}-${i}`,
        vSwitchId: `vsw-${v}-${i % 2}`,
        privateIpAddress: `10.${v}.${i % 2}.${10 + i}`,
        securityGroupIds: i % 3 === 0 ? [`sg-${v}-0`, `sg-${v}-1`] : [`sg-${v}-${i % 2}`],
      });
    }
  }
  return doc;
}

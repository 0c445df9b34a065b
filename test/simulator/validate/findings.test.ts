// One mutation of a small valid document per row → the finding it must produce (code, path …).
import { describe, expect, it } from 'vitest';
import { VALIDATION_CODES, validateTopology } from '../../../simulator/validate';
import { CEN_ROWS } from './cenRows';
import { DATAPLANE_ROWS } from './dataplaneRows';
import { A, addVpcGroup, B, baseDocument, findingsAfter, load, type Row } from './fixtures';

const rule = (doc: Record<string, any>, g: number, p: number) => doc.securityGroups[g].permissions[p];
const ri = (doc: Record<string, any>, i: number) => doc.routerInterfaces[i];
const route = (destinationCidrBlock: string, nextHopId = 'ri-a', nextHopType = 'RouterInterface') => ({
  destinationCidrBlock,
  nextHopType,
  nextHopId,
});
const idleRi = (id: string, routerId = 'vrt-a') => ({
  routerInterfaceId: id,
  accountId: A,
  regionId: 'cn-qingdao',
  routerType: 'VRouter',
  routerId,
  role: 'InitiatingSide',
  spec: 'Mini.2',
  oppositeRegionId: 'cn-beijing',
});

const ROWS: Row[] = [
  // ── whole document
  {
    name: 'two VPCs with one ID',
    mutate: (d) => (d.vpcs[1].vpcId = 'vpc-a'),
    code: 'DUPLICATE_ID',
    path: '/vpcs/1/vpcId',
    resourceId: 'vpc-a',
    message: /vpc-a is already the ID at \/vpcs\/0\/vpcId/,
  },
  {
    name: 'an instance with a group ID',
    mutate: (d) => (d.instances[1].instanceId = 'sg-b'),
    code: 'DUPLICATE_ID',
    path: '/instances/1/instanceId',
    resourceId: 'sg-b',
  },
  {
    name: 'two VPCs with one vRouter',
    mutate: (d) => (d.vpcs[1].vRouterId = 'vrt-a'),
    code: 'DUPLICATE_ID',
    path: '/vpcs/1/vRouterId',
  },
  {
    name: 'vSwitch in an unknown VPC',
    mutate: (d) => (d.vSwitches[0].vpcId = 'vpc-zzz'),
    code: 'DANGLING_REFERENCE',
    path: '/vSwitches/0/vpcId',
    resourceId: 'vsw-a',
    message: /vpc-zzz/,
  },
  {
    name: 'instance on an unknown vSwitch',
    mutate: (d) => (d.instances[0].vSwitchId = 'vsw-zzz'),
    code: 'DANGLING_REFERENCE',
    path: '/instances/0/vSwitchId',
    resourceId: 'i-a',
  },
  {
    name: 'instance in an unknown group',
    mutate: (d) => (d.instances[0].securityGroupIds[1] = 'sg-nope'),
    code: 'DANGLING_REFERENCE',
    path: '/instances/0/securityGroupIds/1',
    message: /sg-nope/,
  },
  {
    name: 'route via an unknown interface',
    mutate: (d) => (d.routeTables[0].routeEntries[0].nextHopId = 'ri-nope'),
    code: 'DANGLING_REFERENCE',
    path: '/routeTables/0/routeEntries/0/nextHopId',
    suggestion: /change nextHopId to ri-a/,
  },
  {
    name: 'interface on a VPC ID instead of its vRouter',
    mutate: (d) => (ri(d, 0).routerId = 'vpc-a'),
    code: 'DANGLING_REFERENCE',
    path: '/routerInterfaces/0/routerId',
    suggestion: /change routerId to vrt-a, the vRouterId of vpc-a/,
  },
  {
    name: 'rule referencing an unknown group',
    mutate: (d) => (rule(d, 2, 0).sourceGroupId = 'sg-gone'),
    code: 'DANGLING_REFERENCE',
    path: '/securityGroups/2/permissions/0/sourceGroupId',
  },
  {
    name: 'vSwitch naming an unknown route table',
    mutate: (d) => (d.vSwitches[2].routeTableId = 'vtb-nope'),
    code: 'DANGLING_REFERENCE',
    path: '/vSwitches/2/routeTableId',
  },
  {
    name: 'route table of an unknown VPC',
    mutate: (d) => (d.routeTables[2].vpcId = 'vpc-x'),
    code: 'DANGLING_REFERENCE',
    path: '/routeTables/2/vpcId',
  },
  {
    name: 'group of an unknown VPC',
    mutate: (d) => (d.securityGroups[1].vpcId = 'vpc-x'),
    code: 'DANGLING_REFERENCE',
    path: '/securityGroups/1/vpcId',
  },
  {
    name: 'account not listed',
    mutate: (d) => d.accounts.pop(),
    code: 'ACCOUNT_NOT_DECLARED',
    path: '/vpcs/1/accountId',
    message: new RegExp(`account ${B} is not listed`),
  },
  {
    name: 'sketch account names',
    mutate: (d) => Object.assign(d, JSON.parse(JSON.stringify(d).replaceAll(A, 'acme-prod').replaceAll(B, 'acme-dev'))),
    code: 'ACCOUNT_ID_NOT_NUMERIC',
    path: '/accounts/0/accountId',
    resourceId: 'acme-prod',
  },

  // ── addresses
  {
    name: 'prefix /33',
    mutate: (d) => (d.vpcs[0].cidrBlock = '192.168.0.0/33'),
    code: 'CIDR_MALFORMED',
    path: '/vpcs/0/cidrBlock',
    message: /"192\.168\.0\.0\/33".*prefix > 32/,
  },
  {
    name: 'three-octet vSwitch block',
    mutate: (d) => (d.vSwitches[0].cidrBlock = '192.168.1/24'),
    code: 'CIDR_MALFORMED',
    path: '/vSwitches/0/cidrBlock',
  },
  {
    name: 'leading zero',
    mutate: (d) => (d.vSwitches[0].cidrBlock = '192.168.001.0/24'),
    code: 'CIDR_MALFORMED',
    path: '/vSwitches/0/cidrBlock',
    message: /leading zero/,
  },
  {
    name: 'route destination not a block',
    mutate: (d) => (d.routeTables[0].routeEntries[0].destinationCidrBlock = 'peer'),
    code: 'CIDR_MALFORMED',
    path: '/routeTables/0/routeEntries/0/destinationCidrBlock',
  },
  {
    name: 'rule CIDR with a space',
    mutate: (d) => (rule(d, 0, 0).sourceCidrIp = '172.16.0.0/16 '),
    code: 'CIDR_MALFORMED',
    path: '/securityGroups/0/permissions/0/sourceCidrIp',
  },
  {
    name: 'vSwitch with host bits',
    mutate: (d) => (d.vSwitches[0].cidrBlock = '192.168.1.5/24'),
    code: 'CIDR_HOST_BITS_SET',
    path: '/vSwitches/0/cidrBlock',
    suggestion: /change cidrBlock to 192\.168\.1\.0\/24/,
  },
  {
    name: 'VPC with host bits',
    mutate: (d) => (d.vpcs[0].cidrBlock = '192.168.1.0/16'),
    code: 'CIDR_HOST_BITS_SET',
    path: '/vpcs/0/cidrBlock',
    suggestion: /192\.168\.0\.0\/16/,
  },
  {
    name: 'rule peer with host bits',
    mutate: (d) => (rule(d, 0, 0).sourceCidrIp = '172.16.1.7/16'),
    code: 'CIDR_HOST_BITS_SET',
    path: '/securityGroups/0/permissions/0/sourceCidrIp',
    suggestion: /172\.16\.0\.0\/16.*172\.16\.1\.7\/32/,
  },
  {
    name: 'rule peer as a bare address',
    mutate: (d) => (rule(d, 0, 0).sourceCidrIp = '172.16.1.10'),
    code: 'CIDR_BARE_ADDRESS',
    path: '/securityGroups/0/permissions/0/sourceCidrIp',
    suggestion: /172\.16\.1\.10\/32/,
  },
  {
    name: 'route to a bare address',
    mutate: (d) => (d.routeTables[0].routeEntries[0].destinationCidrBlock = '172.16.1.10'),
    code: 'CIDR_BARE_ADDRESS',
    path: '/routeTables/0/routeEntries/0/destinationCidrBlock',
  },
  {
    name: 'instance IP with octet 256',
    mutate: (d) => (d.instances[0].privateIpAddress = '192.168.1.256'),
    code: 'IP_MALFORMED',
    path: '/instances/0/privateIpAddress',
    message: /octet 256 > 255/,
    suggestion: /192\.168\.1\.1\b/,
  },
  {
    name: 'instance IP with three octets',
    mutate: (d) => (d.instances[1].privateIpAddress = '172.16.1'),
    code: 'IP_MALFORMED',
    path: '/instances/1/privateIpAddress',
  },

  // ── VPCs
  {
    name: 'VPC in 100.64.0.0/10',
    mutate: (d) => (d.vpcs[0].cidrBlock = '100.64.0.0/16'),
    code: 'VPC_CIDR_RESERVED',
    path: '/vpcs/0/cidrBlock',
    message: /cloud-service range/,
  },
  {
    name: 'VPC in link-local',
    mutate: (d) => (d.vpcs[1].cidrBlock = '169.254.0.0/16'),
    code: 'VPC_CIDR_RESERVED',
    path: '/vpcs/1/cidrBlock',
  },
  {
    name: 'VPC in loopback',
    mutate: (d) => (d.vpcs[1].cidrBlock = '127.0.0.0/16'),
    code: 'VPC_CIDR_RESERVED',
    path: '/vpcs/1/cidrBlock',
  },
  {
    name: 'VPC in multicast',
    mutate: (d) => (d.vpcs[1].cidrBlock = '224.0.0.0/16'),
    code: 'VPC_CIDR_RESERVED',
    path: '/vpcs/1/cidrBlock',
  },
  {
    name: 'VPC containing a forbidden range',
    mutate: (d) => (d.vpcs[1].cidrBlock = '96.0.0.0/4'),
    code: 'VPC_CIDR_RESERVED',
    path: '/vpcs/1/cidrBlock',
  },
  {
    name: 'public VPC block',
    mutate: (d) => (d.vpcs[0].cidrBlock = '30.0.0.0/16'),
    code: 'VPC_CIDR_NOT_PRIVATE',
    path: '/vpcs/0/cidrBlock',
  },
  {
    name: 'VPC mask /29',
    mutate: (d) => (d.vpcs[0].cidrBlock = '192.168.0.0/29'),
    code: 'VPC_CIDR_MASK_OUT_OF_RANGE',
    path: '/vpcs/0/cidrBlock',
    suggestion: /192\.168\.0\.0\/28/,
  },
  {
    name: 'VPC mask /7',
    mutate: (d) => (d.vpcs[0].cidrBlock = '10.0.0.0/7'),
    code: 'VPC_CIDR_MASK_OUT_OF_RANGE',
    path: '/vpcs/0/cidrBlock',
  },
  {
    name: 'VPC mask /12 that is no standard block',
    mutate: (d) => (d.vpcs[0].cidrBlock = '10.16.0.0/12'),
    code: 'VPC_CIDR_MASK_NOT_RECOMMENDED',
    path: '/vpcs/0/cidrBlock',
  },
  {
    name: 'secondary block overlapping the primary',
    mutate: (d) => (d.vpcs[0].secondaryCidrBlocks = ['192.168.128.0/17']),
    code: 'VPC_SECONDARY_CIDR_OVERLAP',
    path: '/vpcs/0/secondaryCidrBlocks/0',
    message: /overlaps its block 192\.168\.0\.0\/16/,
  },
  {
    name: 'connected VPCs with the same block',
    mutate: (d) => (d.vpcs[1].cidrBlock = '192.168.0.0/16'),
    code: 'CIDR_OVERLAP',
    path: '/vpcs/1/cidrBlock',
    resourceId: 'vpc-b',
    message: /overlaps vpc-a's 192\.168\.0\.0\/16.*connected \(ri-a ↔ ri-b\)/,
    suggestion: /re-address vpc-b, e\.g\. 10\.0\.0\.0\/16/,
  },
  {
    name: 'connected VPCs overlapping via a secondary block',
    mutate: (d) => (d.vpcs[1].secondaryCidrBlocks = ['192.168.0.0/16']),
    code: 'CIDR_OVERLAP',
    path: '/vpcs/1/secondaryCidrBlocks/0',
  },

  // ── vSwitches
  {
    name: 'vSwitch outside its VPC',
    mutate: (d) => (d.vSwitches[0].cidrBlock = '10.1.0.0/24'),
    code: 'VSWITCH_OUTSIDE_VPC',
    path: '/vSwitches/0/cidrBlock',
    resourceId: 'vsw-a',
    suggestion: /change cidrBlock to 192\.168\.0\.0\/24 \(free inside vpc-a's 192\.168\.0\.0\/16\)/,
  },
  {
    name: 'overlapping vSwitches',
    mutate: (d) => (d.vSwitches[2].cidrBlock = '192.168.1.128/25'),
    code: 'VSWITCH_CIDR_OVERLAP',
    path: '/vSwitches/2/cidrBlock',
    message: /overlaps vsw-a's 192\.168\.1\.0\/24/,
    suggestion: /192\.168\.0\.0\/25/,
  },
  {
    name: 'vSwitch mask /30',
    mutate: (d) => (d.vSwitches[2].cidrBlock = '192.168.2.0/30'),
    code: 'VSWITCH_MASK_OUT_OF_RANGE',
    path: '/vSwitches/2/cidrBlock',
  },
  {
    name: 'vSwitch mask /15',
    mutate: (d) => {
      d.vpcs[0].cidrBlock = '10.0.0.0/8';
      d.vSwitches[2].cidrBlock = '10.0.0.0/15';
    },
    code: 'VSWITCH_MASK_OUT_OF_RANGE',
    path: '/vSwitches/2/cidrBlock',
  },
  {
    name: 'vSwitch zone of another region',
    mutate: (d) => (d.vSwitches[0].zoneId = 'cn-beijing-h'),
    code: 'VSWITCH_ZONE_NOT_IN_REGION',
    path: '/vSwitches/0/zoneId',
    suggestion: /cn-qingdao-a/,
  },
  {
    name: "vSwitch on another VPC's table",
    mutate: (d) => (d.vSwitches[2].routeTableId = 'vtb-b'),
    code: 'VSWITCH_ROUTE_TABLE_OTHER_VPC',
    path: '/vSwitches/2/routeTableId',
  },
  {
    name: 'vSwitch naming its system table',
    mutate: (d) => (d.vSwitches[2].routeTableId = 'vtb-a'),
    code: 'VSWITCH_ROUTE_TABLE_NOT_CUSTOM',
    path: '/vSwitches/2/routeTableId',
  },
  {
    name: 'vSwitches of connected VPCs overlap',
    mutate: (d) => {
      d.vpcs[1].secondaryCidrBlocks = ['192.168.0.0/16'];
      d.vSwitches[1].cidrBlock = '192.168.1.0/24';
    },
    code: 'PEER_VSWITCH_CIDR_OVERLAP',
    path: '/vSwitches/1/cidrBlock',
    message: /vsw-a's 192\.168\.1\.0\/24/,
    suggestion: /re-address vsw-b to 172\.16\.0\.0\/24 \(free in vpc-b and in the connected VPC\)/,
  },
  {
    name: '151 vSwitches in one VPC',
    mutate: (d) => {
      for (let i = 0; i < 150; i++)
        d.vSwitches.push({
          vSwitchId: `vsw-x${i}`,
          vpcId: 'vpc-a',
          zoneId: 'cn-qingdao-b',
          cidrBlock: `192.168.${10 + i}.0/24`,
        });
    },
    code: 'VSWITCH_QUOTA_EXCEEDED',
    path: '/vSwitches/151',
  },

  // ── instances
  {
    name: 'instance outside its vSwitch',
    mutate: (d) => (d.instances[0].privateIpAddress = '192.168.2.10'),
    code: 'INSTANCE_IP_OUTSIDE_VSWITCH',
    path: '/instances/0/privateIpAddress',
    suggestion: /change privateIpAddress to 192\.168\.1\.1 \(free in vsw-a's 192\.168\.1\.0\/24\)/,
  },
  {
    name: 'instance on the network address',
    mutate: (d) => (d.instances[0].privateIpAddress = '192.168.1.0'),
    code: 'INSTANCE_IP_RESERVED',
    path: '/instances/0/privateIpAddress',
  },
  {
    name: 'instance on .253',
    mutate: (d) => (d.instances[0].privateIpAddress = '192.168.1.253'),
    code: 'INSTANCE_IP_RESERVED',
    path: '/instances/0/privateIpAddress',
  },
  {
    name: 'instance on the broadcast address',
    mutate: (d) => (d.instances[1].privateIpAddress = '172.16.1.255'),
    code: 'INSTANCE_IP_RESERVED',
    path: '/instances/1/privateIpAddress',
    suggestion: /172\.16\.1\.1\b/,
  },
  {
    name: 'two instances with one IP',
    mutate: (d) => {
      d.instances.push({
        instanceId: 'i-a3',
        vSwitchId: 'vsw-a',
        privateIpAddress: '192.168.1.10',
        securityGroupIds: ['sg-a'],
      });
    },
    code: 'INSTANCE_IP_DUPLICATE',
    path: '/instances/2/privateIpAddress',
    message: /already used by i-a in vpc-a/,
    suggestion: /192\.168\.1\.1\b/,
  },
  {
    name: 'instance in a group of another VPC',
    mutate: (d) => (d.instances[0].securityGroupIds = ['sg-a', 'sg-b']),
    code: 'INSTANCE_SECURITY_GROUP_OTHER_VPC',
    path: '/instances/0/securityGroupIds/1',
    message: /sg-b belongs to vpc-b/,
  },
  {
    name: 'basic and enterprise groups mixed',
    mutate: (d) => (d.securityGroups[0].securityGroupType = 'enterprise'),
    code: 'INSTANCE_SECURITY_GROUP_TYPE_MIX',
    path: '/instances/0/securityGroupIds',
    message: /basic group sg-a2 and enterprise group sg-a/,
  },
  {
    name: 'a group listed twice',
    mutate: (d) => (d.instances[0].securityGroupIds = ['sg-a', 'sg-a']),
    code: 'INSTANCE_SECURITY_GROUP_REPEATED',
    path: '/instances/0/securityGroupIds/1',
  },
  {
    name: 'six groups on one instance',
    mutate: (d) => {
      for (let i = 0; i < 4; i++) addVpcGroup(d, `sg-x${i}`);
      d.instances[0].securityGroupIds.push('sg-x0', 'sg-x1', 'sg-x2', 'sg-x3');
    },
    code: 'INSTANCE_SECURITY_GROUP_QUOTA',
    path: '/instances/0/securityGroupIds',
    message: /6 security groups/,
  },
  {
    name: 'over 1,000 rules on one instance',
    mutate: (d) => {
      for (let g = 0; g < 4; g++)
        addVpcGroup(
          d,
          `sg-big${g}`,
          Array.from({ length: 200 }, (_, p) => ({
            direction: 'ingress',
            ipProtocol: 'TCP',
            portRange: `${p + 1}/${p + 1}`,
            sourceCidrIp: '10.0.0.0/8',
          })),
        );
      d.securityGroups[0].permissions.push(
        ...Array.from({ length: 200 }, (_, p) => ({
          direction: 'ingress',
          ipProtocol: 'UDP',
          portRange: `${p + 1}/${p + 1}`,
          sourceCidrIp: '10.0.0.0/8',
        })),
      );
      d.instances[0].securityGroupIds = ['sg-a', 'sg-big0', 'sg-big1', 'sg-big2', 'sg-big3'];
    },
    code: 'INSTANCE_RULE_QUOTA',
    path: '/instances/0/securityGroupIds',
    message: /1001 rules/,
  },

  // ── route tables
  {
    name: 'a second System table',
    mutate: (d) => (d.routeTables[2].routeTableType = 'System'),
    code: 'ROUTE_TABLE_SYSTEM_DUPLICATE',
    path: '/routeTables/2/routeTableType',
    message: /first is vtb-a/,
  },
  {
    name: '201 route entries',
    mutate: (d) => {
      d.routeTables[0].routeEntries = Array.from({ length: 201 }, (_, i) => route(`172.16.${i}.0/24`));
    },
    code: 'ROUTE_TABLE_QUOTA_EXCEEDED',
    path: '/routeTables/0/routeEntries/200',
  },
  {
    name: 'duplicate destination',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('172.16.0.0/16')),
    code: 'ROUTE_DESTINATION_DUPLICATE',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
    message: /repeats destination 172\.16\.0\.0\/16 of entry 0/,
  },
  {
    name: 'destination equal to a local vSwitch',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('192.168.1.0/24')),
    code: 'ROUTE_DESTINATION_IN_VSWITCH',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
    message: /equals local vSwitch vsw-a's/,
    suggestion: /change destinationCidrBlock to 172\.16\.0\.0\/16/,
  },
  {
    name: 'destination inside a local vSwitch',
    mutate: (d) => d.routeTables[2].routeEntries.push(route('192.168.2.64/26')),
    code: 'ROUTE_DESTINATION_IN_VSWITCH',
    path: '/routeTables/2/routeEntries/1/destinationCidrBlock',
    message: /lies inside local vSwitch vsw-a2's 192\.168\.2\.0\/24/,
  },
  {
    name: 'destination 100.64.0.0/10',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('100.64.0.0/10')),
    code: 'ROUTE_DESTINATION_RESERVED',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
  },
  {
    name: 'destination inside 100.64.0.0/10',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('100.64.1.0/24')),
    code: 'ROUTE_DESTINATION_IN_SERVICE_RANGE',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
  },
  {
    name: "next hop on the peer's router",
    mutate: (d) => (d.routeTables[0].routeEntries[0].nextHopId = 'ri-b'),
    code: 'ROUTE_NEXT_HOP_NOT_LOCAL',
    path: '/routeTables/0/routeEntries/0/nextHopId',
    message: /ri-b is on router vrt-b of vpc-b, not on vpc-a's vRouter vrt-a/,
    suggestion: /change nextHopId to ri-a/,
  },
  {
    name: 'next hop Inactive (live)',
    mutate: (d) => (ri(d, 1).status = 'Inactive'),
    code: 'ROUTE_NEXT_HOP_NOT_ACTIVE',
    path: '/routeTables/1/routeEntries/0/nextHopId',
    message: /live status is Inactive/,
    suggestion: /ActivateRouterInterface/,
  },
  {
    name: 'destination the peer does not hold',
    mutate: (d) => (d.routeTables[0].routeEntries[0].destinationCidrBlock = '10.9.0.0/16'),
    code: 'ROUTE_DESTINATION_NOT_IN_PEER',
    path: '/routeTables/0/routeEntries/0/destinationCidrBlock',
    suggestion: /172\.16\.0\.0\/16/,
  },
  {
    name: 'NAT gateway next hop',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('0.0.0.0/0', 'ngw-1', 'NatGateway')),
    code: 'ROUTE_NEXT_HOP_NOT_SIMULATED',
    path: '/routeTables/0/routeEntries/1/nextHopType',
  },

  // ── router interfaces
  {
    name: 'interface region differs from its VPC',
    mutate: (d) => (ri(d, 0).regionId = 'cn-hangzhou'),
    code: 'RI_REGION_MISMATCH',
    path: '/routerInterfaces/0/regionId',
    suggestion: /change regionId to cn-qingdao/,
  },
  {
    name: 'interface account differs from its VPC',
    mutate: (d) => (ri(d, 0).accountId = B),
    code: 'RI_ACCOUNT_MISMATCH',
    path: '/routerInterfaces/0/accountId',
    suggestion: new RegExp(`change accountId to ${A}`),
  },
  {
    name: 'acceptor with a bandwidth spec',
    mutate: (d) => (ri(d, 1).spec = 'Mini.2'),
    code: 'RI_SPEC_INVALID',
    path: '/routerInterfaces/1/spec',
    suggestion: /Negative/,
  },
  {
    name: 'initiator with spec Negative',
    mutate: (d) => (ri(d, 0).spec = 'Negative'),
    code: 'RI_SPEC_INVALID',
    path: '/routerInterfaces/0/spec',
    suggestion: /Mini\.2/,
  },
  {
    name: "acceptor never given the initiator's details",
    mutate: (d) => {
      for (const f of ['oppositeInterfaceId', 'oppositeRouterId', 'oppositeRouterType', 'oppositeInterfaceOwnerId'])
        delete ri(d, 1)[f];
    },
    code: 'RI_OPPOSITE_NOT_SET',
    path: '/routerInterfaces/1/oppositeInterfaceId',
    resourceId: 'ri-b',
    message: /never given the initiator's details \(ri-a on vrt-a/,
    suggestion: new RegExp(
      `on ri-b set oppositeInterfaceId: ri-a, oppositeRouterId: vrt-a, oppositeRouterType: VRouter, oppositeInterfaceOwnerId: ${A}`,
    ),
  },
  {
    name: "initiator never given the acceptor's details",
    mutate: (d) => delete ri(d, 0).oppositeInterfaceId,
    code: 'RI_OPPOSITE_NOT_SET',
    path: '/routerInterfaces/0/oppositeInterfaceId',
    message: /never given the acceptor's details \(ri-b/,
  },
  {
    name: 'lonely interface',
    mutate: (d) => d.routerInterfaces.push(idleRi('ri-lonely')),
    code: 'RI_OPPOSITE_NOT_SET',
    path: '/routerInterfaces/2/oppositeInterfaceId',
    message: /no interface in the document points at it/,
  },
  {
    name: 'opposite not in the document',
    mutate: (d) => {
      d.routerInterfaces.splice(1, 1);
      d.routeTables[1].routeEntries = [];
    },
    code: 'RI_OPPOSITE_NOT_IN_DOCUMENT',
    path: '/routerInterfaces/0/oppositeInterfaceId',
    message: /points at ri-b, which is not in the document/,
  },
  {
    name: 'wrong opposite router',
    mutate: (d) => (ri(d, 0).oppositeRouterId = 'vrt-x'),
    code: 'RI_OPPOSITE_MISMATCH',
    path: '/routerInterfaces/0/oppositeRouterId',
    suggestion: /change oppositeRouterId: vrt-b on ri-a/,
  },
  {
    name: 'wrong opposite owner',
    mutate: (d) => (ri(d, 1).oppositeInterfaceOwnerId = '1231579085529999'),
    code: 'RI_OPPOSITE_MISMATCH',
    path: '/routerInterfaces/1/oppositeInterfaceOwnerId',
    suggestion: new RegExp(`oppositeInterfaceOwnerId: ${A}`),
  },
  {
    name: 'owner missing across accounts',
    mutate: (d) => delete ri(d, 0).oppositeInterfaceOwnerId,
    code: 'RI_OPPOSITE_MISMATCH',
    path: '/routerInterfaces/0/oppositeInterfaceOwnerId',
    message: new RegExp(`is not set \\(counts as ${A}\\)`),
    suggestion: new RegExp(`add oppositeInterfaceOwnerId: ${B}`),
  },
  {
    name: 'wrong opposite region',
    mutate: (d) => (ri(d, 0).oppositeRegionId = 'cn-shanghai'),
    code: 'RI_OPPOSITE_MISMATCH',
    path: '/routerInterfaces/0/oppositeRegionId',
    suggestion: /cn-beijing/,
  },
  {
    name: 'second interface pointing at a paired one',
    mutate: (d) =>
      d.routerInterfaces.push({
        ...idleRi('ri-b2', 'vrt-b'),
        accountId: B,
        regionId: 'cn-beijing',
        role: 'AcceptingSide',
        spec: 'Negative',
        oppositeRegionId: 'cn-qingdao',
        oppositeInterfaceId: 'ri-a',
        oppositeRouterId: 'vrt-a',
        oppositeInterfaceOwnerId: A,
      }),
    code: 'RI_OPPOSITE_MISMATCH',
    path: '/routerInterfaces/2/oppositeInterfaceId',
    resourceId: 'ri-b2',
    message: /ri-a is paired with ri-b/,
  },
  {
    name: 'interface pointing at itself',
    mutate: (d) => (ri(d, 0).oppositeInterfaceId = 'ri-a'),
    code: 'RI_OPPOSITE_MISMATCH',
    path: '/routerInterfaces/0/oppositeInterfaceId',
    message: /ri-a points at itself/,
    suggestion: /set oppositeInterfaceId: ri-b/,
  },
  {
    name: 'both ends initiators',
    mutate: (d) => {
      ri(d, 1).role = 'InitiatingSide';
      ri(d, 1).spec = 'Mini.2';
    },
    code: 'RI_ROLE_CONFLICT',
    path: '/routerInterfaces/1/role',
    message: /both InitiatingSide/,
  },
  {
    name: 'both ends on one router',
    mutate: (d) => {
      Object.assign(ri(d, 1), { routerId: 'vrt-a', regionId: 'cn-qingdao', accountId: A });
      ri(d, 0).oppositeRouterId = 'vrt-a';
    },
    code: 'RI_SAME_ROUTER',
    path: '/routerInterfaces/1/routerId',
    message: /both on router vrt-a/,
  },
  {
    name: 'a second pair between the same routers',
    mutate: (d) => {
      d.routerInterfaces.push({ ...ri(d, 0), routerInterfaceId: 'ri-a2', oppositeInterfaceId: 'ri-b2' });
      d.routerInterfaces.push({ ...ri(d, 1), routerInterfaceId: 'ri-b2', oppositeInterfaceId: 'ri-a2' });
    },
    code: 'RI_DUPLICATE_CONNECTION',
    path: '/routerInterfaces/2/oppositeInterfaceId',
    message: /second connection between routers vrt-a and vrt-b \(already joined by ri-a ↔ ri-b\)/,
  },
  {
    name: 'six interfaces on one router',
    mutate: (d) => {
      for (let i = 0; i < 5; i++) d.routerInterfaces.push(idleRi(`ri-x${i}`));
    },
    code: 'RI_QUOTA_EXCEEDED',
    path: '/routerInterfaces/6/routerId',
    resourceId: 'ri-x4',
  },

  // ── security groups
  {
    name: 'ICMP with ports',
    mutate: (d) => (rule(d, 0, 0).portRange = '22/22'),
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/0/permissions/0/portRange',
    suggestion: /-1\/-1/,
  },
  {
    name: 'TCP with -1/-1',
    mutate: (d) => (rule(d, 1, 0).portRange = '-1/-1'),
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/1/permissions/0/portRange',
    suggestion: /1\/65535/,
  },
  {
    name: 'TCP from port 0',
    mutate: (d) => (rule(d, 1, 0).portRange = '0/80'),
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/1/permissions/0/portRange',
  },
  {
    name: 'TCP range reversed',
    mutate: (d) => (rule(d, 1, 0).portRange = '80/22'),
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/1/permissions/0/portRange',
    suggestion: /change portRange to 22\/80/,
  },
  {
    name: 'UDP port 65536',
    mutate: (d) => {
      rule(d, 1, 0).ipProtocol = 'udp';
      rule(d, 1, 0).portRange = '1/65536';
    },
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/1/permissions/0/portRange',
  },
  {
    name: 'single port without a slash',
    mutate: (d) => (rule(d, 1, 0).portRange = '22'),
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/1/permissions/0/portRange',
    message: /"22" is not start\/end/,
  },
  {
    name: 'priority 0',
    mutate: (d) => (rule(d, 0, 0).priority = 0),
    code: 'SG_RULE_PRIORITY_INVALID',
    path: '/securityGroups/0/permissions/0/priority',
    suggestion: /change priority to 1/,
  },
  {
    name: 'priority 101',
    mutate: (d) => (rule(d, 0, 0).priority = 101),
    code: 'SG_RULE_PRIORITY_INVALID',
    path: '/securityGroups/0/permissions/0/priority',
    suggestion: /change priority to 100/,
  },
  {
    name: 'ingress without a source',
    mutate: (d) => delete rule(d, 0, 0).sourceCidrIp,
    code: 'SG_RULE_PEER_MISSING',
    path: '/securityGroups/0/permissions/0',
    message: /needs sourceCidrIp, sourceGroupId, sourcePrefixListId or ipv6SourceCidrIp/,
  },
  {
    name: 'CIDR and group peer together',
    mutate: (d) => (rule(d, 0, 0).sourceGroupId = 'sg-a2'),
    code: 'SG_RULE_PEER_AMBIGUOUS',
    path: '/securityGroups/0/permissions/0',
  },
  {
    name: 'egress with a source group',
    mutate: (d) => {
      const r = rule(d, 1, 1);
      r.sourceGroupId = 'sg-b';
      delete r.destCidrIp;
    },
    code: 'SG_RULE_FIELD_WRONG_DIRECTION',
    path: '/securityGroups/1/permissions/1/sourceGroupId',
    suggestion: /rename sourceGroupId to destGroupId/,
  },
  {
    name: 'ingress with a dest group',
    mutate: (d) => (rule(d, 0, 0).destGroupId = 'sg-a2'),
    code: 'SG_RULE_FIELD_WRONG_DIRECTION',
    path: '/securityGroups/0/permissions/0/destGroupId',
    suggestion: /remove destGroupId/,
  },
  {
    name: 'group reference across VPCs',
    mutate: (d) => {
      delete rule(d, 0, 0).sourceCidrIp;
      rule(d, 0, 0).sourceGroupId = 'sg-b';
    },
    code: 'SG_GROUP_REFERENCE_CROSS_VPC',
    path: '/securityGroups/0/permissions/0/sourceGroupId',
    resourceId: 'sg-a',
    message: /sg-b belongs to vpc-b, not to sg-a's VPC vpc-a/,
    suggestion:
      /replace sourceGroupId sg-b with sourceCidrIp 172\.16\.0\.0\/16 \(vpc-b's CIDR block\): the API refuses group references across VPCs, docs\/aliyun-api\.md §5\.5/,
  },
  {
    name: 'enterprise group referencing a group',
    mutate: (d) => (d.securityGroups[2].securityGroupType = 'enterprise'),
    code: 'SG_GROUP_REFERENCE_ENTERPRISE',
    path: '/securityGroups/2/permissions/0/sourceGroupId',
  },
  {
    name: 'group referencing itself',
    mutate: (d) => (rule(d, 2, 0).sourceGroupId = 'sg-a2'),
    code: 'SG_GROUP_REFERENCE_SELF',
    path: '/securityGroups/2/permissions/0/sourceGroupId',
  },
  {
    name: 'basic group referencing 21 groups',
    mutate: (d) => {
      for (let i = 0; i < 21; i++) addVpcGroup(d, `sg-r${i}`);
      d.securityGroups[2].permissions = Array.from({ length: 21 }, (_, i) => ({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '443/443',
        sourceGroupId: `sg-r${i}`,
      }));
    },
    code: 'SG_GROUP_REFERENCE_QUOTA',
    path: '/securityGroups/2/permissions/20/sourceGroupId',
  },
  {
    name: '201 rules in a group',
    mutate: (d) => {
      d.securityGroups[1].permissions = Array.from({ length: 201 }, (_, p) => ({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: `${p + 1}/${p + 1}`,
        sourceCidrIp: '192.168.0.0/16',
      }));
    },
    code: 'SG_RULE_QUOTA_EXCEEDED',
    path: '/securityGroups/1/permissions/200',
  },
  {
    name: 'a repeated rule',
    mutate: (d) => d.securityGroups[0].permissions.push({ ...rule(d, 0, 0), priority: 5 }),
    code: 'SG_RULE_DUPLICATE',
    path: '/securityGroups/0/permissions/1',
    message: /repeats rule 0 of sg-a/,
  },
  {
    name: 'enterprise group with inner Accept',
    mutate: (d) => {
      d.securityGroups[1].securityGroupType = 'enterprise';
      d.securityGroups[1].innerAccessPolicy = 'Accept';
    },
    code: 'SG_INNER_POLICY_IGNORED',
    path: '/securityGroups/1/innerAccessPolicy',
  },
  {
    name: '6,001 instances in one basic group',
    mutate: (d) => {
      d.vSwitches.push({ vSwitchId: 'vsw-big', vpcId: 'vpc-a', zoneId: 'cn-qingdao-b', cidrBlock: '192.168.32.0/19' });
      for (let i = 0; i < 6001; i++)
        d.instances.push({
          instanceId: `i-m${i}`,
          vSwitchId: 'vsw-big',
          privateIpAddress: `192.168.${32 + Math.floor((i + 1) / 256)}.${(i + 1) % 256}`,
          securityGroupIds: ['sg-a'],
        });
    },
    code: 'SG_MEMBER_QUOTA_EXCEEDED',
    path: '/securityGroups/0',
    message: /6002 member instances; it may hold at most 6000/,
  },
  {
    name: '101 groups in one account and region',
    mutate: (d) => {
      for (let i = 0; i < 99; i++) addVpcGroup(d, `sg-q${i}`);
    },
    code: 'SG_ACCOUNT_REGION_QUOTA',
    path: '/securityGroups/101',
  },
  // ── intents (the guard helper's rows)
  {
    name: 'an intent from an address nobody holds',
    mutate: (d) => (d.intents = [{ from: '10.9.9.9', to: 'vpc-b', expect: 'reachable' }]),
    code: 'INTENT_END_UNKNOWN',
    path: '/intents/0/from',
    message: /10\.9\.9\.9/,
  },
  {
    name: 'a tcp intent without a port',
    mutate: (d) => (d.intents = [{ from: 'vpc-a', to: 'vpc-b', expect: 'reachable', protocol: 'tcp' }]),
    code: 'INTENT_PORT_INVALID',
    path: '/intents/0/port',
  },
  {
    name: 'an intent toward a vSwitch without instances',
    mutate: (d) => (d.intents = [{ from: 'vpc-a', to: 'vsw-a2', expect: 'unreachable' }]),
    code: 'INTENT_GROUP_EMPTY',
    path: '/intents/0/to',
    resourceId: 'vsw-a2',
  },
];

ROWS.push(...DATAPLANE_ROWS, ...CEN_ROWS);

describe('the base document is clean', () => {
  it('has no findings at all', () => {
    expect(validateTopology(load(baseDocument()))).toEqual([]);
  });
});

describe('each mutation produces its finding', () => {
  it.each(ROWS)('$name → $code at $path', (row) => {
    const findings = findingsAfter(row.mutate);
    const match = findings.find((f) => f.code === row.code && f.path === row.path);
    expect(match, `got:\n${findings.map((f) => `${f.code} ${f.path}: ${f.message}`).join('\n')}`).toBeDefined();
    const info = VALIDATION_CODES[row.code as keyof typeof VALIDATION_CODES];
    expect(info, `${row.code} is in the catalogue`).toBeDefined();
    expect(match!.severity).toBe(info.severity);
    if (row.resourceId) expect(match!.resourceId).toBe(row.resourceId);
    if (row.message) expect(match!.message).toMatch(row.message);
    if (row.suggestion) expect(match!.suggestion).toMatch(row.suggestion);
    // Every finding of every row is well formed.
    for (const f of findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.path).toMatch(/^(\/[^/]+)+$/);
      expect(VALIDATION_CODES[f.code as keyof typeof VALIDATION_CODES]?.severity).toBe(f.severity);
    }
  });

  it('every catalogued code has at least one row', () => {
    const covered = new Set(ROWS.map((r) => r.code));
    expect(Object.keys(VALIDATION_CODES).filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe('things that must NOT be reported', () => {
  const cases: Array<{ name: string; mutate: (d: Record<string, any>) => void; absent: string[] }> = [
    {
      name: 'standard blocks 10.0.0.0/8 and 172.16.0.0/12',
      mutate: (d) => {
        d.vpcs[0].cidrBlock = '10.0.0.0/8';
        d.vpcs[1].cidrBlock = '172.16.0.0/12';
      },
      absent: ['VPC_CIDR_MASK_NOT_RECOMMENDED', 'VPC_CIDR_NOT_PRIVATE'],
    },
    {
      name: 'overlapping VPCs that are not connected',
      mutate: (d) => {
        d.vpcs[1].cidrBlock = '192.168.0.0/16';
        d.routerInterfaces = [];
        d.routeTables[0].routeEntries = [];
        d.routeTables[1].routeEntries = [];
        d.routeTables[2].routeEntries = [];
      },
      absent: ['CIDR_OVERLAP', 'PEER_VSWITCH_CIDR_OVERLAP'],
    },
    {
      name: 'a destination that contains a local vSwitch',
      mutate: (d) => d.routeTables[1].routeEntries.push(route('172.0.0.0/8', 'ri-b')),
      absent: ['ROUTE_DESTINATION_IN_VSWITCH'],
    },
    {
      name: 'a vSwitch inside a secondary block',
      mutate: (d) => {
        d.vpcs[0].secondaryCidrBlocks = ['10.0.0.0/16'];
        d.vSwitches[2].cidrBlock = '10.0.1.0/24';
      },
      absent: ['VSWITCH_OUTSIDE_VPC', 'VPC_SECONDARY_CIDR_OVERLAP'],
    },
    {
      name: 'the last usable address .252',
      mutate: (d) => (d.instances[0].privateIpAddress = '192.168.1.252'),
      absent: ['INSTANCE_IP_RESERVED'],
    },
    { name: 'a group reference in the same VPC', mutate: () => {}, absent: ['SG_GROUP_REFERENCE_CROSS_VPC'] },
    {
      name: 'same-account pair without an owner ID',
      mutate: (d) => {
        d.vpcs[1].accountId = A;
        ri(d, 1).accountId = A;
        delete ri(d, 0).oppositeInterfaceOwnerId;
        delete ri(d, 1).oppositeInterfaceOwnerId;
      },
      absent: ['RI_OPPOSITE_MISMATCH', 'RI_ACCOUNT_MISMATCH'],
    },
    {
      name: 'same rule with another policy',
      mutate: (d) => d.securityGroups[0].permissions.push({ ...rule(d, 0, 0), policy: 'Drop' }),
      absent: ['SG_RULE_DUPLICATE'],
    },
    {
      name: 'transit route the peer forwards',
      mutate: (d) => {
        d.routeTables[0].routeEntries.push(route('10.50.0.0/16'));
        d.routeTables[1].routeEntries.push({
          destinationCidrBlock: '10.50.0.0/16',
          nextHopType: 'VpnGateway',
          nextHopId: 'vpn-1',
        });
      },
      absent: ['ROUTE_DESTINATION_NOT_IN_PEER'],
    },
    {
      name: 'Active live status on a consistent pair',
      mutate: (d) => {
        ri(d, 0).status = 'Active';
        ri(d, 1).status = 'Active';
      },
      absent: ['ROUTE_NEXT_HOP_NOT_ACTIVE'],
    },
    {
      name: 'enterprise group with inner Drop',
      mutate: (d) => {
        d.securityGroups[1].securityGroupType = 'enterprise';
        d.securityGroups[1].innerAccessPolicy = 'Drop';
      },
      absent: ['SG_INNER_POLICY_IGNORED'],
    },
  ];
  it.each(cases)('$name', ({ mutate, absent }) => {
    const codes = findingsAfter(mutate).map((f) => f.code);
    for (const code of absent) expect(codes).not.toContain(code);
  });
});

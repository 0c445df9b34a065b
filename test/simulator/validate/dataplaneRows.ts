/**
 * Table of cases for the release-2 checks (network ACLs, ENIs, prefix lists, next-hop types, VPC
 * peering, the API's other rule fields): one mutation of the base document per row → the finding
 * it must produce. findings.test.ts runs these rows with its own, and requires a row per code.
 */
import { A, B, type Row } from './fixtures';

type Doc = Record<string, any>;

const route = (destinationCidrBlock: string, nextHopId: string, nextHopType: string) => ({
  destinationCidrBlock,
  nextHopType,
  nextHopId,
});
const acceptAll = (field: 'sourceCidrIp' | 'destinationCidrIp') => ({
  policy: 'accept',
  protocol: 'all',
  [field]: '0.0.0.0/0',
  port: '-1/-1',
});

/** Adds a network ACL of vpc-a bound to vsw-a that accepts everything (then the row breaks it). */
export function addAcl(d: Doc, extra: Record<string, unknown> = {}): Record<string, any> {
  const acl = {
    networkAclId: `nacl-${(d.networkAcls ?? []).length}`,
    vpcId: 'vpc-a',
    resources: [{ resourceId: 'vsw-a', resourceType: 'VSwitch' }],
    ingressAclEntries: [acceptAll('sourceCidrIp')],
    egressAclEntries: [acceptAll('destinationCidrIp')],
    ...extra,
  };
  (d.networkAcls ??= []).push(acl);
  return acl;
}

/** Adds a Secondary ENI of i-a in vsw-a with 192.168.1.20 (then the row breaks it). */
export function addEni(d: Doc, extra: Record<string, unknown> = {}): Record<string, any> {
  const eni = {
    networkInterfaceId: `eni-${(d.networkInterfaces ?? []).length}`,
    vSwitchId: 'vsw-a',
    privateIpAddress: '192.168.1.20',
    securityGroupIds: ['sg-a'],
    instanceId: 'i-a',
    ...extra,
  };
  (d.networkInterfaces ??= []).push(eni);
  return eni;
}

/** Adds prefix list pl-a of account A in cn-qingdao (vpc-a's region). */
export function addPrefixList(d: Doc, extra: Record<string, unknown> = {}): Record<string, any> {
  const list = {
    prefixListId: 'pl-a',
    accountId: A,
    regionId: 'cn-qingdao',
    entries: [{ cidr: '10.0.0.0/8' }],
    maxEntries: 5,
    ...extra,
  };
  (d.prefixLists ??= []).push(list);
  return list;
}

/** Adds peering pcc-ab from vpc-a to vpc-b. */
export function addPeering(d: Doc, extra: Record<string, unknown> = {}): Record<string, any> {
  const pcc = {
    instanceId: `pcc-ab${(d.vpcPeerConnections ?? []).length || ''}`,
    vpcId: 'vpc-a',
    acceptingVpcId: 'vpc-b',
    ...extra,
  };
  (d.vpcPeerConnections ??= []).push(pcc);
  return pcc;
}

const sgA = (d: Doc) => d.securityGroups[0];

export const DATAPLANE_ROWS: Row[] = [
  // ── route entries: every next-hop type, prefix-list and IPv6 destinations
  {
    name: 'a next-hop type the API does not have',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('10.0.0.0/8', 'tp-1', 'Teleporter')),
    code: 'ROUTE_NEXT_HOP_TYPE_UNKNOWN',
    path: '/routeTables/0/routeEntries/1/nextHopType',
  },
  {
    name: 'a NAT gateway next hop',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('0.0.0.0/0', 'ngw-1', 'NatGateway')),
    code: 'ROUTE_NEXT_HOP_NOT_SIMULATED',
    path: '/routeTables/0/routeEntries/1/nextHopType',
  },
  {
    name: 'an ECS next hop the document does not have',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('10.0.0.0/8', 'i-nowhere', 'Instance')),
    code: 'ROUTE_NEXT_HOP_NOT_IN_DOCUMENT',
    path: '/routeTables/0/routeEntries/1/nextHopId',
  },
  {
    name: 'an ENI next hop the document does not have',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('10.0.0.0/8', 'eni-nowhere', 'NetworkInterface')),
    code: 'ROUTE_NEXT_HOP_NOT_IN_DOCUMENT',
    path: '/routeTables/0/routeEntries/1/nextHopId',
  },
  {
    name: 'an ECS next hop in another VPC',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('10.0.0.0/8', 'i-b', 'Instance')),
    code: 'ROUTE_NEXT_HOP_OTHER_VPC',
    path: '/routeTables/0/routeEntries/1/nextHopId',
    message: /i-b of vpc-b/,
  },
  {
    name: 'an ENI next hop in another VPC',
    mutate: (d) => {
      addEni(d, { vSwitchId: 'vsw-b', privateIpAddress: '172.16.1.20', securityGroupIds: ['sg-b'], instanceId: 'i-b' });
      d.routeTables[0].routeEntries.push(route('10.0.0.0/8', 'eni-0', 'NetworkInterface'));
    },
    code: 'ROUTE_NEXT_HOP_OTHER_VPC',
    path: '/routeTables/0/routeEntries/1/nextHopId',
  },
  {
    name: 'a peering next hop the document does not have',
    mutate: (d) => d.routeTables[2].routeEntries.push(route('172.16.0.0/16', 'pcc-nowhere', 'VpcPeer')),
    code: 'ROUTE_NEXT_HOP_NOT_IN_DOCUMENT',
    path: '/routeTables/2/routeEntries/1/nextHopId',
  },
  {
    name: 'a peering next hop of two other VPCs',
    mutate: (d) => {
      addPeering(d);
      d.routeTables[2].routeEntries.push(route('172.16.0.0/16', 'pcc-ab', 'VpcPeer'));
      d.routeTables[2].vpcId = 'vpc-c';
      d.vpcs.push({
        vpcId: 'vpc-c',
        accountId: A,
        regionId: 'cn-qingdao',
        cidrBlock: '10.9.0.0/16',
        vRouterId: 'vrt-c',
      });
      d.vSwitches[2].routeTableId = undefined;
    },
    code: 'ROUTE_NEXT_HOP_OTHER_VPC',
    path: '/routeTables/2/routeEntries/1/nextHopId',
  },
  {
    name: 'a route via a peering connection still Accepting',
    mutate: (d) => {
      addPeering(d, { status: 'Accepting' });
      d.routeTables[2].routeEntries.push(route('172.16.0.0/16', 'pcc-ab', 'VpcPeer'));
    },
    code: 'ROUTE_PEERING_NOT_ACTIVE',
    path: '/routeTables/2/routeEntries/1/nextHopId',
    suggestion: /accept pcc-ab/,
  },
  {
    name: 'a route via a peering connection for a block the peer does not hold',
    mutate: (d) => {
      addPeering(d);
      d.routeTables[2].routeEntries.push(route('10.0.0.0/8', 'pcc-ab', 'VpcPeer'));
    },
    code: 'ROUTE_DESTINATION_NOT_IN_PEER',
    path: '/routeTables/2/routeEntries/1/destinationCidrBlock',
    message: /never carries traffic onward/,
  },
  {
    name: 'an IPv6 route',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('::/0', 'ipv6gw-1', 'IPv6Gateway')),
    code: 'ROUTE_DESTINATION_IPV6',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
  },
  {
    name: 'a malformed IPv6 route destination',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('2408::zz/64', 'ipv6gw-1', 'IPv6Gateway')),
    code: 'CIDR_MALFORMED',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
  },
  {
    name: 'a route to a prefix list the document does not have',
    mutate: (d) => d.routeTables[0].routeEntries.push(route('pl-nowhere', 'ri-a', 'RouterInterface')),
    code: 'PREFIX_LIST_NOT_IN_DOCUMENT',
    path: '/routeTables/0/routeEntries/1/destinationCidrBlock',
  },
  {
    name: 'the same prefix list routed twice',
    mutate: (d) => {
      addPrefixList(d);
      d.routeTables[0].routeEntries.push(route('pl-a', 'ngw-1', 'NatGateway'), route('pl-a', 'ngw-2', 'NatGateway'));
    },
    code: 'ROUTE_DESTINATION_DUPLICATE',
    path: '/routeTables/0/routeEntries/2/destinationCidrBlock',
  },
  {
    name: 'a route to a prefix list whose maxEntries fills the table quota',
    mutate: (d) => {
      addPrefixList(d, { maxEntries: 200 });
      d.routeTables[0].routeEntries.push(route('pl-a', 'ngw-1', 'NatGateway'));
    },
    code: 'ROUTE_TABLE_QUOTA_EXCEEDED',
    path: '/routeTables/0/routeEntries/1',
    message: /taking 201 slots/,
  },

  // ── prefix lists
  {
    name: 'a rule with a prefix list of another region',
    mutate: (d) => {
      addPrefixList(d, { regionId: 'cn-beijing' });
      sgA(d).permissions.push({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '22/22',
        sourcePrefixListId: 'pl-a',
      });
    },
    code: 'PREFIX_LIST_OTHER_REGION',
    path: '/securityGroups/0/permissions/1/sourcePrefixListId',
  },
  {
    name: 'a prefix list with maxEntries 0',
    mutate: (d) => addPrefixList(d, { maxEntries: 0 }),
    code: 'PREFIX_LIST_MAX_ENTRIES_INVALID',
    path: '/prefixLists/0/maxEntries',
  },
  {
    name: 'a prefix list with more entries than maxEntries',
    mutate: (d) =>
      addPrefixList(d, {
        maxEntries: 2,
        entries: [{ cidr: '10.0.0.0/8' }, { cidr: '11.0.0.0/8' }, { cidr: '12.0.0.0/8' }],
      }),
    code: 'PREFIX_LIST_MAX_ENTRIES_EXCEEDED',
    path: '/prefixLists/0/entries/2',
  },
  {
    name: 'an IPv6 entry in an IPv4 prefix list',
    mutate: (d) => addPrefixList(d, { entries: [{ cidr: '10.0.0.0/8' }, { cidr: '2408:4000::/56' }] }),
    code: 'PREFIX_LIST_FAMILY_MISMATCH',
    path: '/prefixLists/0/entries/1/cidr',
  },
  {
    name: 'a repeated prefix-list entry',
    mutate: (d) => addPrefixList(d, { entries: [{ cidr: '10.0.0.0/8' }, { cidr: '10.0.0.0/8' }] }),
    code: 'PREFIX_LIST_ENTRY_DUPLICATE',
    path: '/prefixLists/0/entries/1/cidr',
  },
  {
    name: 'a prefix-list entry with host bits',
    mutate: (d) => addPrefixList(d, { entries: [{ cidr: '10.0.0.1/8' }] }),
    code: 'CIDR_HOST_BITS_SET',
    path: '/prefixLists/0/entries/0/cidr',
  },
  {
    name: 'a prefix list of an undeclared account',
    mutate: (d) => addPrefixList(d, { accountId: '1999999999999999' }),
    code: 'ACCOUNT_NOT_DECLARED',
    path: '/prefixLists/0/accountId',
  },

  // ── security-group rules: the API's other fields
  {
    name: 'a rule whose prefix list counts as 200 rules',
    mutate: (d) => {
      addPrefixList(d, { maxEntries: 200 });
      sgA(d).permissions.push({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '22/22',
        sourcePrefixListId: 'pl-a',
      });
    },
    code: 'SG_RULE_QUOTA_EXCEEDED',
    path: '/securityGroups/0/permissions/1',
    message: /taking 201 slots/,
  },
  {
    name: 'a rule with a prefix list and a CIDR',
    mutate: (d) => {
      addPrefixList(d);
      sgA(d).permissions[0].sourcePrefixListId = 'pl-a';
    },
    code: 'SG_RULE_PEER_AMBIGUOUS',
    path: '/securityGroups/0/permissions/0',
    message: /ignores sourcePrefixListId/,
  },
  {
    name: 'an ingress rule with a destination prefix list',
    mutate: (d) => {
      addPrefixList(d);
      sgA(d).permissions[0].destPrefixListId = 'pl-a';
    },
    code: 'SG_RULE_FIELD_WRONG_DIRECTION',
    path: '/securityGroups/0/permissions/0/destPrefixListId',
  },
  {
    name: 'a rule with a prefix list the document does not have',
    mutate: (d) => {
      delete sgA(d).permissions[0].sourceCidrIp;
      sgA(d).permissions[0].sourcePrefixListId = 'pl-nowhere';
    },
    code: 'PREFIX_LIST_NOT_IN_DOCUMENT',
    path: '/securityGroups/0/permissions/0/sourcePrefixListId',
  },
  {
    name: 'an ICMP rule with a source port range',
    mutate: (d) => (sgA(d).permissions[0].sourcePortRange = '1/65535'),
    code: 'SG_RULE_PORT_RANGE_INVALID',
    path: '/securityGroups/0/permissions/0/sourcePortRange',
  },
  {
    name: 'a malformed IPv6 peer',
    mutate: (d) => {
      delete sgA(d).permissions[0].sourceCidrIp;
      sgA(d).permissions[0].ipv6SourceCidrIp = 'fe80::zz/64';
    },
    code: 'CIDR_MALFORMED',
    path: '/securityGroups/0/permissions/0/ipv6SourceCidrIp',
  },
  {
    name: 'an ingress destCidrIp that is not a block',
    mutate: (d) => (sgA(d).permissions[0].destCidrIp = '192.168.1.300/32'),
    code: 'CIDR_MALFORMED',
    path: '/securityGroups/0/permissions/0/destCidrIp',
  },
  {
    name: 'a group owned by another account than its VPC',
    mutate: (d) => (sgA(d).accountId = B),
    code: 'SG_ACCOUNT_MISMATCH',
    path: '/securityGroups/0/accountId',
  },

  // ── network ACLs
  {
    name: 'an ACL of an unknown VPC',
    mutate: (d) => addAcl(d, { vpcId: 'vpc-nowhere', resources: [] }),
    code: 'DANGLING_REFERENCE',
    path: '/networkAcls/0/vpcId',
  },
  {
    name: 'an ACL bound to an unknown vSwitch',
    mutate: (d) => addAcl(d, { resources: [{ resourceId: 'vsw-nowhere', resourceType: 'VSwitch' }] }),
    code: 'DANGLING_REFERENCE',
    path: '/networkAcls/0/resources/0/resourceId',
  },
  {
    name: "an ACL bound to another VPC's vSwitch",
    mutate: (d) => addAcl(d, { resources: [{ resourceId: 'vsw-b', resourceType: 'VSwitch' }] }),
    code: 'NACL_VSWITCH_OTHER_VPC',
    path: '/networkAcls/0/resources/0/resourceId',
  },
  {
    name: 'a vSwitch bound to two ACLs',
    mutate: (d) => {
      addAcl(d);
      addAcl(d);
    },
    code: 'NACL_VSWITCH_MULTIPLE',
    path: '/networkAcls/1/resources/0/resourceId',
    message: /already bound to nacl-0/,
  },
  {
    name: 'a tcp ACL entry with -1/-1',
    mutate: (d) => addAcl(d, { ingressAclEntries: [{ ...acceptAll('sourceCidrIp'), protocol: 'tcp' }] }),
    code: 'NACL_ENTRY_PORT_INVALID',
    path: '/networkAcls/0/ingressAclEntries/0/port',
    suggestion: /1\/65535/,
  },
  {
    name: 'an icmp ACL entry with ports',
    mutate: (d) =>
      addAcl(d, { egressAclEntries: [{ ...acceptAll('destinationCidrIp'), protocol: 'icmp', port: '80/80' }] }),
    code: 'NACL_ENTRY_PORT_INVALID',
    path: '/networkAcls/0/egressAclEntries/0/port',
  },
  {
    name: 'an ACL entry with an invalid block',
    mutate: (d) => addAcl(d, { ingressAclEntries: [{ ...acceptAll('sourceCidrIp'), sourceCidrIp: '10.0.0.0/33' }] }),
    code: 'CIDR_MALFORMED',
    path: '/networkAcls/0/ingressAclEntries/0/sourceCidrIp',
  },
  {
    name: 'an IPv6 ACL entry with an IPv4 block',
    mutate: (d) => addAcl(d, { ingressAclEntries: [{ ...acceptAll('sourceCidrIp'), ipVersion: 'IPv6' }] }),
    code: 'NACL_ENTRY_IP_VERSION_MISMATCH',
    path: '/networkAcls/0/ingressAclEntries/0/ipVersion',
  },
  {
    name: 'an icmpv6 ACL entry with an IPv4 block',
    mutate: (d) => addAcl(d, { ingressAclEntries: [{ ...acceptAll('sourceCidrIp'), protocol: 'icmpv6' }] }),
    code: 'NACL_ENTRY_IP_VERSION_MISMATCH',
    path: '/networkAcls/0/ingressAclEntries/0/protocol',
  },
  {
    name: 'an ACL entry with a prefix list the document does not have',
    mutate: (d) => addAcl(d, { ingressAclEntries: [{ ...acceptAll('sourceCidrIp'), sourceCidrIp: 'pl-nowhere' }] }),
    code: 'PREFIX_LIST_NOT_IN_DOCUMENT',
    path: '/networkAcls/0/ingressAclEntries/0/sourceCidrIp',
  },
  {
    name: 'an ACL whose prefix list counts beyond 20 entries',
    mutate: (d) => {
      addPrefixList(d, { maxEntries: 25 });
      addAcl(d).ingressAclEntries.push({ ...acceptAll('sourceCidrIp'), sourceCidrIp: 'pl-a' });
    },
    code: 'NACL_ENTRY_QUOTA_EXCEEDED',
    path: '/networkAcls/0/ingressAclEntries/1',
    message: /26 ingress entry slots/,
  },
  {
    name: '21 ACLs in one VPC',
    mutate: (d) => {
      for (let i = 0; i < 21; i++) addAcl(d, { resources: [] });
    },
    code: 'NACL_QUOTA_EXCEEDED',
    path: '/networkAcls/20',
  },
  {
    name: 'a bound ACL without egress entries',
    mutate: (d) => addAcl(d, { egressAclEntries: [] }),
    code: 'NACL_NO_ENTRIES',
    path: '/networkAcls/0',
    message: /drops all outbound traffic of vsw-a/,
  },

  // ── ENIs
  {
    name: 'an ENI in an unknown vSwitch',
    mutate: (d) => addEni(d, { vSwitchId: 'vsw-nowhere' }),
    code: 'DANGLING_REFERENCE',
    path: '/networkInterfaces/0/vSwitchId',
  },
  {
    name: 'an ENI attached to an unknown instance',
    mutate: (d) => addEni(d, { instanceId: 'i-nowhere' }),
    code: 'DANGLING_REFERENCE',
    path: '/networkInterfaces/0/instanceId',
  },
  {
    name: 'an ENI with an unknown group',
    mutate: (d) => addEni(d, { securityGroupIds: ['sg-nowhere'] }),
    code: 'DANGLING_REFERENCE',
    path: '/networkInterfaces/0/securityGroupIds/0',
  },
  {
    name: "an ENI in another VPC than its instance's",
    mutate: (d) => addEni(d, { vSwitchId: 'vsw-b', privateIpAddress: '172.16.1.20', securityGroupIds: ['sg-b'] }),
    code: 'ENI_VPC_MISMATCH',
    path: '/networkInterfaces/0/vSwitchId',
  },
  {
    name: "an ENI in another zone than its instance's",
    mutate: (d) => addEni(d, { vSwitchId: 'vsw-a2', privateIpAddress: '192.168.2.20' }),
    code: 'ENI_ZONE_MISMATCH',
    path: '/networkInterfaces/0/vSwitchId',
    suggestion: /cn-qingdao-b/,
  },
  {
    name: 'a secondary IP outside the vSwitch',
    mutate: (d) => addEni(d, { privateIpSets: [{ privateIpAddress: '192.168.9.9' }] }),
    code: 'ENI_IP_OUTSIDE_VSWITCH',
    path: '/networkInterfaces/0/privateIpSets/0/privateIpAddress',
  },
  {
    name: 'an ENI on a reserved address',
    mutate: (d) => addEni(d, { privateIpAddress: '192.168.1.255' }),
    code: 'ENI_IP_RESERVED',
    path: '/networkInterfaces/0/privateIpAddress',
  },
  {
    name: 'an ENI IP that is not an address',
    mutate: (d) => addEni(d, { privateIpSets: [{ privateIpAddress: '192.168.1.x' }] }),
    code: 'IP_MALFORMED',
    path: '/networkInterfaces/0/privateIpSets/0/privateIpAddress',
  },
  {
    name: "a Secondary ENI on its instance's primary IP",
    mutate: (d) => addEni(d, { privateIpAddress: '192.168.1.10' }),
    code: 'ENI_IP_DUPLICATE',
    path: '/networkInterfaces/0/privateIpAddress',
    message: /already held by i-a/,
  },
  {
    name: 'two ENIs with one secondary IP',
    mutate: (d) => {
      addEni(d, { privateIpSets: [{ privateIpAddress: '192.168.1.30' }] });
      addEni(d, { privateIpAddress: '192.168.1.21', privateIpSets: [{ privateIpAddress: '192.168.1.30' }] });
    },
    code: 'ENI_IP_DUPLICATE',
    path: '/networkInterfaces/1/privateIpSets/0/privateIpAddress',
    message: /already held by eni-0/,
  },
  {
    name: 'an address held in two unconnected VPCs',
    mutate: (d) => {
      d.vpcs.push({
        vpcId: 'vpc-c',
        accountId: A,
        regionId: 'cn-qingdao',
        cidrBlock: '192.168.0.0/16',
        vRouterId: 'vrt-c',
      });
      d.vSwitches.push({ vSwitchId: 'vsw-c', vpcId: 'vpc-c', zoneId: 'cn-qingdao-b', cidrBlock: '192.168.1.0/24' });
      d.securityGroups.push({ securityGroupId: 'sg-c', vpcId: 'vpc-c' });
      addEni(d, {
        vSwitchId: 'vsw-c',
        privateIpAddress: '192.168.1.10',
        securityGroupIds: ['sg-c'],
        instanceId: undefined,
      });
    },
    code: 'ADDRESS_NOT_UNIQUE',
    path: '/networkInterfaces/0/privateIpAddress',
  },
  {
    name: 'privateIpSets marking another address primary',
    mutate: (d) => addEni(d, { privateIpSets: [{ privateIpAddress: '192.168.1.21', primary: true }] }),
    code: 'ENI_PRIMARY_IP_MISMATCH',
    path: '/networkInterfaces/0/privateIpSets/0/primary',
  },
  {
    name: "a Primary ENI without one of its instance's groups",
    mutate: (d) => addEni(d, { type: 'Primary', privateIpAddress: '192.168.1.10' }),
    code: 'ENI_PRIMARY_INCONSISTENT',
    path: '/networkInterfaces/0/securityGroupIds',
  },
  {
    name: "a Primary ENI on another address than its instance's",
    mutate: (d) => addEni(d, { type: 'Primary', securityGroupIds: ['sg-a', 'sg-a2'] }),
    code: 'ENI_PRIMARY_INCONSISTENT',
    path: '/networkInterfaces/0/privateIpAddress',
    suggestion: /192\.168\.1\.10/,
  },
  {
    name: 'two Primary ENIs for one instance',
    mutate: (d) => {
      addEni(d, { type: 'Primary', privateIpAddress: '192.168.1.10', securityGroupIds: ['sg-a', 'sg-a2'] });
      addEni(d, { type: 'Primary', privateIpAddress: '192.168.1.10', securityGroupIds: ['sg-a', 'sg-a2'] });
    },
    code: 'ENI_PRIMARY_DUPLICATE',
    path: '/networkInterfaces/1/type',
  },
  {
    name: "an ENI in another VPC's group",
    mutate: (d) => addEni(d, { securityGroupIds: ['sg-b'] }),
    code: 'ENI_SECURITY_GROUP_OTHER_VPC',
    path: '/networkInterfaces/0/securityGroupIds/0',
  },
  {
    name: 'an ENI mixing basic and enterprise groups',
    mutate: (d) => {
      d.securityGroups.push({ securityGroupId: 'sg-e', vpcId: 'vpc-a', securityGroupType: 'enterprise' });
      addEni(d, { securityGroupIds: ['sg-a', 'sg-e'] });
    },
    code: 'ENI_SECURITY_GROUP_TYPE_MIX',
    path: '/networkInterfaces/0/securityGroupIds',
  },
  {
    name: 'an ENI in six groups',
    mutate: (d) => {
      const ids = ['sg-a'];
      for (let i = 0; i < 5; i++) {
        d.securityGroups.push({ securityGroupId: `sg-q${i}`, vpcId: 'vpc-a' });
        ids.push(`sg-q${i}`);
      }
      addEni(d, { securityGroupIds: ids });
    },
    code: 'ENI_SECURITY_GROUP_QUOTA',
    path: '/networkInterfaces/0/securityGroupIds',
  },
  {
    name: 'an ENI with the ID of an instance',
    mutate: (d) => addEni(d, { networkInterfaceId: 'i-b' }),
    code: 'DUPLICATE_ID',
    path: '/networkInterfaces/0/networkInterfaceId',
  },

  // ── VPC peering connections
  {
    name: 'a peering connection to a VPC not in the document',
    mutate: (d) => addPeering(d, { acceptingVpcId: 'vpc-nowhere' }),
    code: 'PEERING_VPC_NOT_IN_DOCUMENT',
    path: '/vpcPeerConnections/0/acceptingVpcId',
  },
  {
    name: 'a peering connection of a VPC to itself',
    mutate: (d) => addPeering(d, { acceptingVpcId: 'vpc-a' }),
    code: 'PEERING_SAME_VPC',
    path: '/vpcPeerConnections/0/acceptingVpcId',
  },
  {
    name: 'a peering connection naming the wrong accepting owner',
    mutate: (d) => addPeering(d, { acceptingOwnerUid: A }),
    code: 'PEERING_ACCEPTER_MISMATCH',
    path: '/vpcPeerConnections/0/acceptingOwnerUid',
    suggestion: new RegExp(B),
  },
  {
    name: 'a peering connection naming the wrong accepting region',
    mutate: (d) => addPeering(d, { acceptingRegionId: 'cn-qingdao' }),
    code: 'PEERING_ACCEPTER_MISMATCH',
    path: '/vpcPeerConnections/0/acceptingRegionId',
  },
  {
    name: 'two peering connections between the same VPCs',
    mutate: (d) => {
      addPeering(d);
      addPeering(d, { vpcId: 'vpc-b', acceptingVpcId: 'vpc-a' });
    },
    code: 'PEERING_DUPLICATE',
    path: '/vpcPeerConnections/1',
  },
  {
    name: 'a peering status the API does not have',
    mutate: (d) => addPeering(d, { status: 'Active' }),
    code: 'PEERING_STATUS_UNKNOWN',
    path: '/vpcPeerConnections/0/status',
  },
  {
    name: 'a peering connection not yet accepted',
    mutate: (d) => addPeering(d, { status: 'Accepting' }),
    code: 'PEERING_NOT_ACTIVATED',
    path: '/vpcPeerConnections/0/status',
    suggestion: new RegExp(`accept pcc-ab in account ${B}`),
  },
  {
    name: 'a peering connection with zero bandwidth',
    mutate: (d) => addPeering(d, { bandwidth: 0 }),
    code: 'PEERING_BANDWIDTH_INVALID',
    path: '/vpcPeerConnections/0/bandwidth',
  },
];

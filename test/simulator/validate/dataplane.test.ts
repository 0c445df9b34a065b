/**
 * Release-2 checks that must stay quiet on valid documents (the rows in dataplaneRows.ts prove
 * each finding fires): the API's narrowing fields, the custom-table override of a system entry,
 * consistent Primary ENIs, prefix lists within quota, a designed peering, the every-field fixture.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocumentText } from '../../../simulator/document';
import { validateTopology } from '../../../simulator/validate';
import { addAcl, addEni, addPeering, addPrefixList } from './dataplaneRows';
import { findingsAfter } from './fixtures';

const cases: Array<{ name: string; mutate: (d: Record<string, any>) => void; absent: string[] }> = [
  {
    name: 'ingress destCidrIp and egress sourceCidrIp narrow the rule; they are not peers of the wrong direction',
    mutate: (d) => {
      d.securityGroups[0].permissions[0].destCidrIp = '192.168.1.10/32';
      d.securityGroups[1].permissions[1].sourceCidrIp = '172.16.1.10/32';
    },
    absent: ['SG_RULE_FIELD_WRONG_DIRECTION', 'SG_RULE_PEER_AMBIGUOUS'],
  },
  {
    name: 'two rules that differ only in destCidrIp or sourcePortRange are not duplicates',
    mutate: (d) => {
      const base = d.securityGroups[0].permissions[0];
      d.securityGroups[0].permissions.push({ ...base, destCidrIp: '192.168.1.10/32' });
      d.securityGroups[0].permissions.push({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '22/22',
        sourceCidrIp: '172.16.0.0/16',
      });
      d.securityGroups[0].permissions.push({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '22/22',
        sourceCidrIp: '172.16.0.0/16',
        sourcePortRange: '1024/65535',
      });
    },
    absent: ['SG_RULE_DUPLICATE'],
  },
  {
    name: "a custom table pointing a vSwitch's own block at an ECS instance (the system-entry override)",
    mutate: (d) =>
      d.routeTables[2].routeEntries.push({
        destinationCidrBlock: '192.168.1.0/24',
        nextHopType: 'Instance',
        nextHopId: 'i-a',
      }),
    absent: ['ROUTE_DESTINATION_IN_VSWITCH', 'ROUTE_NEXT_HOP_OTHER_VPC', 'ROUTE_NEXT_HOP_NOT_IN_DOCUMENT'],
  },
  {
    name: 'a Primary ENI equal to its instance, with secondary IPs, and a Secondary ENI in its own vSwitch of the zone',
    mutate: (d) => {
      addEni(d, {
        type: 'Primary',
        privateIpAddress: '192.168.1.10',
        securityGroupIds: ['sg-a2', 'sg-a'],
        privateIpSets: [
          { privateIpAddress: '192.168.1.10', primary: true },
          { privateIpAddress: '192.168.1.11', primary: false },
        ],
      });
      d.vSwitches.push({ vSwitchId: 'vsw-a3', vpcId: 'vpc-a', zoneId: 'cn-qingdao-b', cidrBlock: '192.168.3.0/24' });
      addEni(d, {
        vSwitchId: 'vsw-a3',
        privateIpAddress: '192.168.3.5',
        privateIpSets: [{ privateIpAddress: '192.168.3.6' }],
      });
    },
    absent: [
      'ENI_PRIMARY_INCONSISTENT',
      'ENI_IP_DUPLICATE',
      'ENI_PRIMARY_IP_MISMATCH',
      'ENI_ZONE_MISMATCH',
      'ENI_VPC_MISMATCH',
      'ENI_IP_OUTSIDE_VSWITCH',
      'INSTANCE_IP_DUPLICATE',
    ],
  },
  {
    name: 'service and system ACL entries do not count against the quota; a small prefix list fits',
    mutate: (d) => {
      addPrefixList(d, { maxEntries: 10 });
      const acl = addAcl(d);
      for (let i = 0; i < 15; i++)
        acl.ingressAclEntries.unshift({
          policy: 'accept',
          protocol: 'all',
          sourceCidrIp: '100.100.2.128/28',
          port: '-1/-1',
          entryType: 'service',
        });
      acl.ingressAclEntries.push({ policy: 'accept', protocol: 'tcp', sourceCidrIp: 'pl-a', port: '443/443' });
      acl.ingressAclEntries.push({
        policy: 'drop',
        protocol: 'all',
        sourceCidrIp: '0.0.0.0/0',
        port: '-1/-1',
        entryType: 'system',
      });
    },
    absent: ['NACL_ENTRY_QUOTA_EXCEEDED', 'NACL_ENTRY_PORT_INVALID', 'PREFIX_LIST_NOT_IN_DOCUMENT'],
  },
  {
    name: 'an IPv6 ACL entry',
    mutate: (d) =>
      addAcl(d).ingressAclEntries.push({
        policy: 'accept',
        protocol: 'icmpv6',
        sourceCidrIp: '::/0',
        port: '-1/-1',
        ipVersion: 'IPv6',
      }),
    absent: ['NACL_ENTRY_IP_VERSION_MISMATCH', 'CIDR_MALFORMED'],
  },
];

describe('release-2 checks that must NOT fire', () => {
  it.each(cases)('$name', ({ mutate, absent }) => {
    const codes = findingsAfter(mutate).map((f) => `${f.code} ${f.path}: ${f.message}`);
    for (const code of absent) expect(codes.filter((c) => c.startsWith(code + ' '))).toEqual([]);
  });

  it('a designed peering of two known VPCs with routes to each other has no finding at all', () => {
    const findings = findingsAfter((d) => {
      addPeering(d);
      d.routeTables[0].routeEntries = [
        { destinationCidrBlock: '172.16.0.0/16', nextHopType: 'VpcPeer', nextHopId: 'pcc-ab' },
      ];
      d.routeTables[1].routeEntries = [
        { destinationCidrBlock: '192.168.0.0/16', nextHopType: 'VpcPeer', nextHopId: 'pcc-ab' },
      ];
      d.routeTables[2].routeEntries = [
        { destinationCidrBlock: '172.16.1.0/24', nextHopType: 'VpcPeer', nextHopId: 'pcc-ab' },
      ];
    });
    expect(findings).toEqual([]);
  });

  it('a rule with a prefix list of its region, and an ACL referencing it, have no finding at all', () => {
    const findings = findingsAfter((d) => {
      addPrefixList(d);
      d.securityGroups[0].permissions.push({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '22/22',
        sourcePrefixListId: 'pl-a',
      });
      addAcl(d).egressAclEntries.unshift({ policy: 'drop', protocol: 'tcp', destinationCidrIp: 'pl-a', port: '25/25' });
    });
    expect(findings).toEqual([]);
  });

  it('the every-field fixture has only the findings its unusual routes call for', () => {
    const text = readFileSync(resolve(__dirname, '../document/fixtures/every-dataplane-field.vpclink.json'), 'utf8');
    const result = loadDocumentText(text);
    if (result.kind !== 'ok') throw new Error('fixture');
    const findings = validateTopology(result.document);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'warning').map((f) => `${f.code} ${f.path}`)).toEqual([
      'ROUTE_NEXT_HOP_TYPE_UNKNOWN /routeTables/0/routeEntries/7/nextHopType',
    ]);
    expect(new Set(findings.filter((f) => f.severity === 'info').map((f) => f.code))).toEqual(
      new Set(['ROUTE_NEXT_HOP_NOT_SIMULATED', 'ROUTE_DESTINATION_IPV6']),
    );
  });
});

describe('imported dynamic routes', () => {
  it('a CEN route equal to a custom route is not a duplicate (the API keeps both; the custom one wins)', () => {
    const codes = findingsAfter((d) =>
      d.routeTables[0].routeEntries.push({
        destinationCidrBlock: '172.16.0.0/16',
        nextHopType: 'Attachment',
        nextHopId: 'tr-attach-1',
        type: 'CEN',
      }),
    ).map((f) => f.code);
    expect(codes).not.toContain('ROUTE_DESTINATION_DUPLICATE');
    expect(codes).toContain('ROUTE_NEXT_HOP_NOT_SIMULATED');
  });
  it('two custom routes with one destination still are', () => {
    const codes = findingsAfter((d) =>
      d.routeTables[0].routeEntries.push({
        destinationCidrBlock: '172.16.0.0/16',
        nextHopType: 'Attachment',
        nextHopId: 'tr-attach-1',
      }),
    ).map((f) => f.code);
    expect(codes).toContain('ROUTE_DESTINATION_DUPLICATE');
  });
});

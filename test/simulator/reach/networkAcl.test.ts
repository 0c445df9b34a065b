// The ACL evaluation core (aliyun-dataplane.md §1.4) as a table: entries in list order, first
// match wins, the port is always the destination port, implied service allows and deny-all.
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/document';
import { parseIpv4 } from '../../../simulator/net';
import { compilePrefixLists } from '../../../simulator/reach/steps/prefixLists';
import { compileAcls, decideAcl } from '../../../simulator/reach/steps/networkAcl';
import type { Protocol } from '../../../simulator/reach';
import { load, type Raw } from './helpers';

function aclOf(ingress: Raw[]) {
  const d: Topology = load({
    format: 'vpclink/topology',
    version: 1,
    vpcs: [{ vpcId: 'vpc-1', accountId: 'a', regionId: 'r', cidrBlock: '10.0.0.0/16', vRouterId: 'vrt-1' }],
    vSwitches: [{ vSwitchId: 'vsw-1', vpcId: 'vpc-1', zoneId: 'z', cidrBlock: '10.0.1.0/24' }],
    prefixLists: [{ prefixListId: 'pl-1', accountId: 'a', regionId: 'r', entries: [{ cidr: '192.168.0.0/16' }] }],
    networkAcls: [
      {
        networkAclId: 'nacl-1',
        vpcId: 'vpc-1',
        resources: [{ resourceId: 'vsw-1', resourceType: 'VSwitch' }],
        ingressAclEntries: ingress,
      },
    ],
  });
  return compileAcls(d, () => 'vpc-1', compilePrefixLists(d)).get('vsw-1')!;
}
const ip = (text: string) => (parseIpv4(text) as { value: number }).value;
const E = (policy: string, protocol: string, port: string, sourceCidrIp: string): Raw => ({
  policy,
  protocol,
  port,
  sourceCidrIp,
});

describe('decideAcl: first match in list order', () => {
  it.each<[string, Raw[], Protocol, [number, number] | null, string, boolean, number, string]>([
    ['no entries: deny-all', [], 'icmp', null, '10.0.2.1', false, -1, ''],
    [
      'service allows come first',
      [E('drop', 'all', '-1/-1', '0.0.0.0/0')],
      'icmp',
      null,
      '100.100.2.136',
      true,
      -1,
      '',
    ],
    [
      'accept then drop',
      [E('accept', 'icmp', '-1/-1', '10.0.0.0/8'), E('drop', 'all', '-1/-1', '0.0.0.0/0')],
      'icmp',
      null,
      '10.0.2.1',
      true,
      0,
      '',
    ],
    [
      'drop then accept',
      [E('drop', 'all', '-1/-1', '10.0.2.0/24'), E('accept', 'all', '-1/-1', '0.0.0.0/0')],
      'icmp',
      null,
      '10.0.2.1',
      false,
      0,
      '',
    ],
    ['peer outside the entry', [E('accept', 'all', '-1/-1', '10.0.3.0/24')], 'icmp', null, '10.0.2.1', false, -1, ''],
    ['tcp port inside', [E('accept', 'tcp', '20/30', '0.0.0.0/0')], 'tcp', [22, 22], '10.0.2.1', true, 0, ''],
    ['tcp port outside', [E('accept', 'tcp', '20/30', '0.0.0.0/0')], 'tcp', [80, 80], '10.0.2.1', false, -1, '80'],
    [
      'udp entry does not match tcp',
      [E('accept', 'udp', '1/65535', '0.0.0.0/0')],
      'tcp',
      [22, 22],
      '10.0.2.1',
      false,
      -1,
      '22',
    ],
    [
      'ephemeral range, partly accepted',
      [E('accept', 'tcp', '32768/40000', '0.0.0.0/0')],
      'tcp',
      [32768, 60999],
      '10.0.2.1',
      false,
      -1,
      '40001-60999',
    ],
    [
      'ephemeral range, a drop in the middle',
      [E('drop', 'tcp', '50000/50010', '0.0.0.0/0'), E('accept', 'tcp', '1024/65535', '0.0.0.0/0')],
      'tcp',
      [32768, 60999],
      '10.0.2.1',
      false,
      0,
      '50000-50010',
    ],
    [
      'all needs every protocol',
      [
        E('accept', 'tcp', '1/65535', '0.0.0.0/0'),
        E('accept', 'udp', '1/65535', '0.0.0.0/0'),
        E('accept', 'icmp', '-1/-1', '0.0.0.0/0'),
      ],
      'all',
      null,
      '10.0.2.1',
      false,
      -1,
      '',
    ],
    ['prefix list as the source', [E('accept', 'all', '-1/-1', 'pl-1')], 'icmp', null, '192.168.7.7', true, 0, ''],
    [
      'unknown prefix list matches nothing',
      [E('accept', 'all', '-1/-1', 'pl-9')],
      'icmp',
      null,
      '192.168.7.7',
      false,
      -1,
      '',
    ],
    [
      'icmpv6 never matches IPv4',
      [E('accept', 'icmpv6', '-1/-1', '0.0.0.0/0')],
      'icmp',
      null,
      '10.0.2.1',
      false,
      -1,
      '',
    ],
    [
      'tcp with -1/-1 is invalid and matches nothing',
      [E('accept', 'tcp', '-1/-1', '0.0.0.0/0')],
      'tcp',
      [22, 22],
      '10.0.2.1',
      false,
      -1,
      '22',
    ],
  ])('%s', (_name, entries, protocol, ports, peer, allowed, index, denied) => {
    const decision = decideAcl(
      aclOf(entries),
      'ingress',
      protocol,
      ports ? { from: ports[0], to: ports[1] } : null,
      ip(peer),
    );
    expect(decision.allowed).toBe(allowed);
    expect(decision.entry.ref.index).toBe(index);
    if (denied)
      expect(decision.deniedPorts.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(',')).toBe(
        denied,
      );
  });
});

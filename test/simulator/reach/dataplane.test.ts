// Release-2 scenarios from whole documents (topology-format.md §4.3): exact verdict, hops and
// blockers for network ACLs, ENIs and secondary IPs, the API's other rule fields, prefix lists,
// VPC peering, next hops vpclink does not model, and the fixes that come with each blocker.
import { describe, expect, it } from 'vitest';
import { createReachability } from '../../../simulator/reach';
import { applyFix, blockerCodes, doc, oneVpcRaw, peeredRaw, run } from './dataplaneDocs';
import type { Raw } from './helpers';

const ACL = (entries: { ingress?: Raw[]; egress?: Raw[] }, vSwitches = ['vsw-2']): Raw => ({
  networkAclId: 'nacl-1',
  vpcId: 'vpc-1',
  resources: vSwitches.map((resourceId) => ({ resourceId, resourceType: 'VSwitch' })),
  ...(entries.ingress ? { ingressAclEntries: entries.ingress } : {}),
  ...(entries.egress ? { egressAclEntries: entries.egress } : {}),
});
const ACCEPT_ALL_IN = { policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: '0.0.0.0/0' };
const ACCEPT_ALL_OUT = { policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '0.0.0.0/0' };

describe('network ACLs (aliyun-dataplane.md §1.4)', () => {
  it('an ACL without entries denies everything but the cloud services, in both directions of a ping', () => {
    const d = doc(oneVpcRaw, (raw) => (raw.networkAcls = [ACL({})]));
    const r = run(d, { from: 'i-a', to: 'i-b' });
    expect(r.verdict).toBe('unreachable');
    expect(blockerCodes(r)).toEqual(['forward:NACL_INGRESS_DENIED:nacl-1', 'return:NACL_EGRESS_DENIED:nacl-1']);
    expect(r.blockers[0]).toMatchObject({ cause: 'DEFAULT_DENY' });
    expect(r.blockers[0]!.rulePath).toBeUndefined();
    const aclHops = r.forward.hops.filter((h) => h.resourceType === 'networkAcl');
    expect(aclHops).toEqual([
      expect.objectContaining({
        resourceId: 'nacl-1',
        action: 'DENIED',
        direction: 'ingress',
        vSwitchId: 'vsw-2',
        decidedBy: 'implied',
        entry: expect.objectContaining({ entryType: 'system', policy: 'drop' }),
      }),
    ]);
  });

  it('does not filter two addresses of the same vSwitch', () => {
    const d = doc(oneVpcRaw, (raw) => (raw.networkAcls = [ACL({}, ['vsw-1'])]));
    const r = run(d, { from: 'i-a', to: 'i-c' });
    expect(r.verdict).toBe('reachable');
    expect(r.forward.hops.filter((h) => h.resourceType === 'networkAcl').map((h) => h.action)).toEqual([
      'SKIPPED',
      'SKIPPED',
    ]);
  });

  it('is stateless: the reply of a ping is checked against the egress entries', () => {
    const d = doc(oneVpcRaw, (raw) => (raw.networkAcls = [ACL({ ingress: [ACCEPT_ALL_IN] })]));
    const r = run(d, { from: 'i-a', to: 'i-b' });
    expect(r.verdict).toBe('unreachable');
    expect(r.forward.disposition).toBe('DELIVERED');
    expect(r.return.disposition).toBe('DROPPED');
    expect(blockerCodes(r)).toEqual(['return:NACL_EGRESS_DENIED:nacl-1']);
  });

  it("a TCP reply goes to the client's ephemeral ports; the blocker names the ports that fail", () => {
    const d = doc(
      oneVpcRaw,
      (raw) =>
        (raw.networkAcls = [
          ACL({
            ingress: [{ policy: 'accept', protocol: 'tcp', port: '22/22', sourceCidrIp: '10.0.1.0/24' }],
            egress: [{ policy: 'accept', protocol: 'tcp', port: '32768/50000', destinationCidrIp: '10.0.1.0/24' }],
          }),
        ]),
    );
    const r = run(d, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22 });
    expect(blockerCodes(r)).toEqual(['return:NACL_EGRESS_DENIED:nacl-1']);
    expect(r.blockers[0]).toMatchObject({ ports: '50001-60999', cause: 'DEFAULT_DENY' });
    // A given client port inside the accepted range passes; one outside fails.
    expect(run(d, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22, sourcePort: 40000 }).verdict).toBe('reachable');
    const high = run(d, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22, sourcePort: 55000 });
    expect(high.blockers[0]).toMatchObject({ code: 'NACL_EGRESS_DENIED', ports: '55000' });
    expect(high.flow).toEqual({ from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22, sourcePort: 55000 });
    // The port is the DESTINATION port in both directions (§0 #4): port 22 does not match the reply.
    expect(run(d, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 80 }).blockers[0]).toMatchObject({
      direction: 'forward',
      code: 'NACL_INGRESS_DENIED',
      ports: '80',
    });
  });

  it('first match wins in list order; an explicit drop names its entry', () => {
    const drop = { policy: 'drop', protocol: 'icmp', port: '-1/-1', sourceCidrIp: '10.0.1.10/32' };
    const dropFirst = doc(
      oneVpcRaw,
      (raw) => (raw.networkAcls = [ACL({ ingress: [drop, ACCEPT_ALL_IN], egress: [ACCEPT_ALL_OUT] })]),
    );
    const r = run(dropFirst, { from: 'i-a', to: 'i-b' });
    expect(blockerCodes(r)).toEqual(['forward:NACL_INGRESS_DENIED:nacl-1']);
    expect(r.blockers[0]).toMatchObject({ cause: 'EXPLICIT_DROP', rulePath: '/networkAcls/0/ingressAclEntries/0' });
    const acceptFirst = doc(
      oneVpcRaw,
      (raw) => (raw.networkAcls = [ACL({ ingress: [ACCEPT_ALL_IN, drop], egress: [ACCEPT_ALL_OUT] })]),
    );
    expect(run(acceptFirst, { from: 'i-a', to: 'i-b' }).verdict).toBe('reachable');
    // The other instance of vsw-1 is not named by the drop entry.
    expect(run(dropFirst, { from: 'i-c', to: 'i-b' }).verdict).toBe('reachable');
  });

  it('the source vSwitch ACL filters the request out and the reply in', () => {
    const d = doc(oneVpcRaw, (raw) => (raw.networkAcls = [ACL({ egress: [ACCEPT_ALL_OUT] }, ['vsw-1'])]));
    const r = run(d, { from: 'i-a', to: 'i-b' });
    expect(blockerCodes(r)).toEqual(['return:NACL_INGRESS_DENIED:nacl-1']);
  });

  it('prefix lists in entries, and entries that match no IPv4 packet', () => {
    const d = doc(oneVpcRaw, (raw) => {
      raw.prefixLists = [
        {
          prefixListId: 'pl-1',
          accountId: '1000000000000001',
          regionId: 'cn-beijing',
          entries: [{ cidr: '10.0.1.0/24' }],
        },
      ];
      raw.networkAcls = [
        ACL({
          ingress: [
            { policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: '::/0', ipVersion: 'IPv6' },
            { policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: 'pl-1' },
          ],
          egress: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: 'pl-1' }],
        }),
      ];
    });
    expect(run(d, { from: 'i-a', to: 'i-b' }).verdict).toBe('reachable');
    const hop = run(d, { from: 'i-a', to: 'i-b' }).forward.hops.find((h) => h.resourceType === 'networkAcl');
    expect(hop).toMatchObject({ decidedBy: 'entry', entry: { index: 1, cidr: 'pl-1' } });
  });

  it('protocol all must pass every protocol and port; the blocker lists what fails', () => {
    const d = doc(
      oneVpcRaw,
      (raw) =>
        (raw.networkAcls = [
          ACL({
            ingress: [{ policy: 'drop', protocol: 'tcp', port: '25/25', sourceCidrIp: '0.0.0.0/0' }, ACCEPT_ALL_IN],
            egress: [ACCEPT_ALL_OUT],
          }),
        ]),
    );
    const r = run(d, { from: 'i-a', to: 'i-b', protocol: 'all' });
    expect(blockerCodes(r)).toEqual(['forward:NACL_INGRESS_DENIED:nacl-1']);
    expect(r.blockers[0]!.message).toContain('TCP 25');
    expect(run(d, { from: 'i-a', to: 'i-b' }).verdict).toBe('reachable');
  });

  it.each([
    ['no entries', {}],
    ['ingress only', { ingress: [ACCEPT_ALL_IN] }],
    [
      'explicit drop',
      { ingress: [{ policy: 'drop', protocol: 'all', port: '-1/-1', sourceCidrIp: '10.0.0.0/8' }], egress: [] },
    ],
  ])('the fix of every ACL blocker removes it and adds no error finding (%s)', (_name, entries) => {
    for (const flow of [
      { from: 'i-a', to: 'i-b' },
      { from: 'i-a', to: 'i-b', protocol: 'tcp' as const, port: 443 },
    ]) {
      let d = doc(oneVpcRaw, (raw) => (raw.networkAcls = [ACL(entries as Raw)]));
      for (let round = 0; round < 4; round++) {
        const r = run(d, flow);
        if (r.verdict === 'reachable') break;
        const b = r.blockers[0]!;
        expect(b.code).toMatch(/^NACL_/);
        const { fixed, stillThere, newErrors } = applyFix(d, flow, b);
        expect(stillThere).toBe(false);
        expect(newErrors).toEqual([]);
        d = fixed;
      }
      expect(run(d, flow).verdict).toBe('reachable');
    }
  });
});

describe('ENIs and secondary IPs (aliyun-dataplane.md §3.2)', () => {
  const withEni = () => {
    const raw = oneVpcRaw();
    raw.securityGroups.push({ securityGroupId: 'sg-e', vpcId: 'vpc-1', permissions: [] });
    raw.networkInterfaces = [
      {
        networkInterfaceId: 'eni-b1',
        type: 'Primary',
        instanceId: 'i-b',
        vSwitchId: 'vsw-2',
        privateIpAddress: '10.0.2.10',
        securityGroupIds: ['sg-b'],
        privateIpSets: [{ privateIpAddress: '10.0.2.10', primary: true }, { privateIpAddress: '10.0.2.11' }],
      },
      {
        networkInterfaceId: 'eni-b2',
        instanceId: 'i-b',
        vSwitchId: 'vsw-2',
        privateIpAddress: '10.0.2.20',
        securityGroupIds: ['sg-e'],
        privateIpSets: [{ privateIpAddress: '10.0.2.20', primary: true }, { privateIpAddress: '10.0.2.21' }],
      },
    ];
    return raw;
  };

  it("a secondary IP of the primary ENI is the instance's, behind the instance's groups", () => {
    const r = run(doc(withEni), { from: 'i-a', to: '10.0.2.11' });
    expect(r.verdict).toBe('reachable');
    expect(r.forward.hops.at(-1)).toMatchObject({ resourceType: 'instance', resourceId: 'i-b', address: '10.0.2.11' });
  });

  it("a second ENI's addresses are filtered by ITS groups, not the instance's", () => {
    const d = doc(withEni);
    for (const to of ['10.0.2.20', '10.0.2.21', 'eni-b2']) {
      const r = run(d, { from: 'i-a', to });
      expect(blockerCodes(r)).toEqual(['forward:SG_INGRESS_DENIED:sg-e']);
      expect(r.blockers[0]).toMatchObject({ cause: 'DEFAULT_DENY' });
    }
    expect(run(d, { from: 'i-a', to: 'i-b' }).verdict).toBe('reachable');
    // The ENI as the source: its own address and groups (egress of a basic group is open).
    const out = run(d, { from: '10.0.2.21', to: 'i-a' });
    expect(out.verdict).toBe('reachable');
    expect(out.forward.hops[0]).toMatchObject({
      resourceType: 'networkInterface',
      resourceId: 'eni-b2',
      address: '10.0.2.21',
    });
  });

  it('an address of a vSwitch that nobody holds: DESTINATION_UNKNOWN', () => {
    const r = run(doc(withEni), { from: 'i-a', to: '10.0.2.99' });
    expect(r.verdict).toBe('unreachable');
    expect(blockerCodes(r)).toEqual(['forward:DESTINATION_UNKNOWN:vsw-2']);
  });

  it('a detached ENI answers nothing', () => {
    const d = doc(withEni, (raw) => delete raw.networkInterfaces[1].instanceId);
    expect(blockerCodes(run(d, { from: 'i-a', to: 'eni-b2' }))).toContain(
      'forward:NETWORK_INTERFACE_NOT_ATTACHED:eni-b2',
    );
  });

  it('an ingress destCidrIp limits which of the ENI addresses the rule covers', () => {
    const d = doc(withEni, (raw) => {
      raw.securityGroups[1].permissions = [
        {
          direction: 'ingress',
          ipProtocol: 'ICMP',
          portRange: '-1/-1',
          sourceCidrIp: '10.0.0.0/8',
          destCidrIp: '10.0.2.10/32',
        },
      ];
    });
    expect(run(d, { from: 'i-a', to: 'i-b' }).verdict).toBe('reachable');
    expect(blockerCodes(run(d, { from: 'i-a', to: '10.0.2.11' }))).toEqual(['forward:SG_INGRESS_DENIED:sg-b']);
  });

  it('the fix of a security-group blocker admits exactly the flow', () => {
    const d = doc(withEni);
    const flow = { from: 'i-a', to: '10.0.2.20', protocol: 'tcp' as const, port: 8080 };
    const b = run(d, flow).blockers[0]!;
    expect(b.fix).toEqual([
      {
        op: 'add',
        path: '/securityGroups/2/permissions/-',
        value: {
          direction: 'ingress',
          ipProtocol: 'TCP',
          portRange: '8080/8080',
          policy: 'Accept',
          priority: 1,
          sourceCidrIp: '10.0.1.10/32',
          description: 'added by vpclink fix',
        },
      },
    ]);
    const { after, newErrors } = applyFix(d, flow, b);
    expect(after.verdict).toBe('reachable');
    expect(newErrors).toEqual([]);
  });
});

describe('security-group rule fields (aliyun-dataplane.md §3.3, §2.3)', () => {
  const withRule = (rule: Raw, extra: (raw: Raw) => void = () => {}) =>
    doc(oneVpcRaw, (raw) => {
      raw.securityGroups[1].permissions = [rule];
      extra(raw);
    });

  it('sourcePortRange: every client port must pass unless --source-port gives one', () => {
    const low = withRule({
      direction: 'ingress',
      ipProtocol: 'TCP',
      portRange: '22/22',
      sourceCidrIp: '10.0.0.0/8',
      sourcePortRange: '1/1023',
    });
    expect(blockerCodes(run(low, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22 }))).toEqual([
      'forward:SG_INGRESS_DENIED:sg-b',
    ]);
    expect(run(low, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22, sourcePort: 1000 }).verdict).toBe('reachable');
    const high = withRule({
      direction: 'ingress',
      ipProtocol: 'TCP',
      portRange: '22/22',
      sourceCidrIp: '10.0.0.0/8',
      sourcePortRange: '1024/65535',
    });
    expect(run(high, { from: 'i-a', to: 'i-b', protocol: 'tcp', port: 22 }).verdict).toBe('reachable');
  });

  it('a prefix-list peer matches the addresses of its entries', () => {
    const list = (cidr: string) => (raw: Raw) =>
      (raw.prefixLists = [
        { prefixListId: 'pl-9', accountId: '1000000000000001', regionId: 'cn-beijing', entries: [{ cidr }] },
      ]);
    const rule = { direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourcePrefixListId: 'pl-9' };
    expect(run(withRule(rule, list('10.0.1.0/24')), { from: 'i-a', to: 'i-b' }).verdict).toBe('reachable');
    const r = run(withRule(rule, list('10.9.0.0/16')), { from: 'i-a', to: 'i-b' });
    expect(blockerCodes(r)).toEqual(['forward:SG_INGRESS_DENIED:sg-b']);
    expect(r.forward.hops.find((h) => h.resourceType === 'securityGroup' && h.direction === 'ingress')).toMatchObject({
      decidedBy: 'default',
    });
  });

  it('an IPv6 peer never matches an IPv4 flow', () => {
    const d = withRule({ direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', ipv6SourceCidrIp: '::/0' });
    expect(blockerCodes(run(d, { from: 'i-a', to: 'i-b' }))).toEqual(['forward:SG_INGRESS_DENIED:sg-b']);
  });

  it("a rule naming another VPC's group never matches", () => {
    const d = doc(peeredRaw, (raw) => {
      raw.securityGroups[2].permissions = [
        { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceGroupId: 'sg-a' },
      ];
    });
    const r = run(d, { from: 'i-a', to: 'i-z' });
    expect(blockerCodes(r)).toEqual(['forward:SG_INGRESS_DENIED:sg-z']);
  });

  it('an explicit Drop at priority 1 is removed by the fix, and the flow admitted', () => {
    const d = doc(oneVpcRaw, (raw) =>
      raw.securityGroups[1].permissions.unshift({
        direction: 'ingress',
        ipProtocol: 'ICMP',
        portRange: '-1/-1',
        sourceCidrIp: '10.0.1.0/24',
        policy: 'Drop',
      }),
    );
    const flow = { from: 'i-a', to: 'i-b' };
    const b = run(d, flow).blockers[0]!;
    expect(b).toMatchObject({
      code: 'SG_INGRESS_DENIED',
      cause: 'EXPLICIT_DROP',
      rulePath: '/securityGroups/1/permissions/0',
    });
    expect(b.fix).toContainEqual({ op: 'remove', path: '/securityGroups/1/permissions/0' });
    const { after, newErrors } = applyFix(d, flow, b);
    expect(after.verdict).toBe('reachable');
    expect(newErrors).toEqual([]);
  });
});

describe('VPC peering (VpcPeer next hops, simulated end to end)', () => {
  it('routes on both sides and an Activated connection: reachable, the hop names the connection', () => {
    const r = run(doc(peeredRaw), { from: 'i-a', to: 'i-z' });
    expect(r.verdict).toBe('reachable');
    expect(r.forward.hops.map((h) => `${h.resourceType}:${h.action}`)).toEqual([
      'instance:ORIGINATED',
      'securityGroup:PERMITTED',
      'routeTable:FORWARDED',
      'vpcPeerConnection:FORWARDED',
      'vpc:RECEIVED',
      'routeTable:FORWARDED',
      'vSwitch:FORWARDED',
      'securityGroup:PERMITTED',
      'instance:DELIVERED',
    ]);
    expect(r.return.hops.some((h) => h.resourceType === 'vpcPeerConnection')).toBe(true);
  });

  it('a connection that is not Activated: PEERING_NOT_ACTIVE, fixed by dropping the stale status', () => {
    const d = doc(peeredRaw, (raw) => (raw.vpcPeerConnections[0].status = 'Accepting'));
    const r = run(d, { from: 'i-a', to: 'i-z' });
    expect(r.verdict).toBe('unreachable');
    expect(blockerCodes(r)).toEqual(['forward:PEERING_NOT_ACTIVE:pcc-1']);
    const { after, newErrors } = applyFix(d, { from: 'i-a', to: 'i-z' }, r.blockers[0]!);
    expect(after.verdict).toBe('reachable');
    expect(newErrors).toEqual([]);
  });

  it('a route on one side only: the reply has no route; the fix adds it through the connection', () => {
    const d = doc(peeredRaw, (raw) => (raw.routeTables[1].routeEntries = []));
    const r = run(d, { from: 'i-a', to: 'i-z' });
    expect(blockerCodes(r)).toEqual(['return:NO_ROUTE:vtb-2']);
    expect(r.blockers[0]!.fix).toEqual([
      {
        op: 'add',
        path: '/routeTables/1/routeEntries/-',
        value: {
          destinationCidrBlock: '10.0.0.0/16',
          nextHopType: 'VpcPeer',
          nextHopId: 'pcc-1',
          status: 'Available',
          routeEntryName: 'to-vpc-1',
        },
      },
    ]);
    const { after, newErrors } = applyFix(d, { from: 'i-a', to: 'i-z' }, r.blockers[0]!);
    expect(after.verdict).toBe('reachable');
    expect(newErrors).toEqual([]);
  });

  it('no transit: a third VPC behind the peer is not reached through it', () => {
    const d = doc(peeredRaw, (raw) => (raw.routeTables[0].routeEntries[0].destinationCidrBlock = '172.16.0.0/12'));
    expect(blockerCodes(run(d, { from: 'i-a', to: '172.20.0.1' }))).toEqual(['forward:NO_ROUTE:vpc-2']);
  });
});

describe('next hops vpclink does not model: undetermined, never a guess', () => {
  const viaNat = (raw: Raw) =>
    (raw.routeTables[0].routeEntries[0] = {
      destinationCidrBlock: '172.16.0.0/16',
      nextHopType: 'NatGateway',
      nextHopId: 'ngw-1',
    });

  it('check: verdict undetermined, the blocker names the route table and the hop', () => {
    const r = run(doc(peeredRaw, viaNat), { from: 'i-a', to: 'i-z' });
    expect(r.verdict).toBe('undetermined');
    expect(blockerCodes(r)).toEqual(['forward:NEXT_HOP_NOT_SIMULATED:vtb-1']);
    expect(r.forward.hops.find((h) => h.action === 'NOT_SIMULATED')).toMatchObject({
      resourceType: 'routeTable',
      resourceId: 'vtb-1',
      route: { nextHopType: 'NatGateway', nextHopId: 'ngw-1', path: '/routeTables/0/routeEntries/0' },
    });
  });

  it('a definite blocker in either direction makes it unreachable', () => {
    const d = doc(peeredRaw, (raw) => {
      viaNat(raw);
      raw.securityGroups[2].permissions = [];
    });
    const r = run(d, { from: 'i-a', to: 'i-z' });
    expect(r.verdict).toBe('unreachable');
    expect(blockerCodes(r)).toEqual(['forward:NEXT_HOP_NOT_SIMULATED:vtb-1', 'forward:SG_INGRESS_DENIED:sg-z']);
    // The reply direction alone also decides: a reply with no route.
    const back = doc(peeredRaw, (raw) => {
      viaNat(raw);
      raw.routeTables[1].routeEntries = [];
    });
    expect(run(back, { from: 'i-a', to: 'i-z' }).verdict).toBe('unreachable');
  });

  it('matrix: the pair is false in reachable and listed in undetermined', () => {
    const m = createReachability(doc(peeredRaw, viaNat)).matrix({ protocol: 'icmp', port: null });
    expect(m.instances).toEqual(['i-a', 'i-b', 'i-c', 'i-z']);
    expect(m.reachable[0]![3]).toBe(false);
    // Both ways: i-z's reply to i-a's request, and i-z's own request, take the NAT route.
    expect(m.undetermined).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 0],
      [3, 1],
      [3, 2],
    ]);
    expect(m.reachable[3]![0]).toBe(false);
    expect(m.reachable[0]![1]).toBe(true);
  });
});

describe('the matrix agrees with check on release-2 documents', () => {
  const documents = {
    'secondary ENI and IPs': doc(oneVpcRaw, (raw) => {
      raw.securityGroups.push({ securityGroupId: 'sg-e', vpcId: 'vpc-1', permissions: [] });
      raw.securityGroups[0].permissions.push({
        direction: 'ingress',
        ipProtocol: 'ALL',
        portRange: '-1/-1',
        sourceGroupId: 'sg-e',
      });
      raw.networkInterfaces = [
        {
          networkInterfaceId: 'eni-1',
          instanceId: 'i-b',
          vSwitchId: 'vsw-1',
          privateIpAddress: '10.0.1.50',
          securityGroupIds: ['sg-e'],
        },
      ];
    }),
    peered: doc(peeredRaw),
    'peered with an ACL': doc(peeredRaw, (raw) => {
      raw.networkAcls = [
        {
          networkAclId: 'nacl-1',
          vpcId: 'vpc-1',
          resources: [{ resourceId: 'vsw-1', resourceType: 'VSwitch' }],
          ingressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: '172.16.0.0/16' }],
          egressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '0.0.0.0/0' }],
        },
      ];
    }),
    'rule fields': doc(oneVpcRaw, (raw) => {
      raw.securityGroups[1].permissions = [
        {
          direction: 'ingress',
          ipProtocol: 'TCP',
          portRange: '22/22',
          sourceCidrIp: '10.0.1.11/32',
          sourcePortRange: '1/1023',
        },
        {
          direction: 'ingress',
          ipProtocol: 'ALL',
          portRange: '-1/-1',
          sourceCidrIp: '10.0.1.10/32',
          destCidrIp: '10.0.2.0/24',
        },
      ];
    }),
  };
  it.each(Object.entries(documents))('%s', (_name, d) => {
    const reach = createReachability(d);
    for (const [protocol, port] of [
      ['icmp', null],
      ['tcp', 22],
      ['all', null],
    ] as const) {
      const m = reach.matrix({ protocol, port });
      m.instances.forEach((from, s) =>
        m.instances.forEach((to, t) => {
          const r = run(d, { from, to, protocol, port });
          expect(m.reachable[s]![t], `${from} → ${to} ${protocol}`).toBe(r.verdict === 'reachable');
        }),
      );
    }
  });
});

describe('route fixes when two VPCs are not connected at all', () => {
  it('the fix designs a peering connection and the route; the reply blocker then routes back through it', () => {
    let d = doc(peeredRaw, (raw) => {
      delete raw.vpcPeerConnections;
      raw.routeTables[0].routeEntries = [];
      raw.routeTables[1].routeEntries = [];
    });
    const flow = { from: 'i-a', to: 'i-z' };
    const first = run(d, flow);
    expect(blockerCodes(first)).toEqual(['forward:NO_ROUTE:vtb-1', 'return:NO_ROUTE:vtb-2']);
    expect(first.blockers[0]!.fix![0]).toEqual({
      op: 'add',
      path: '/vpcPeerConnections',
      value: [
        { instanceId: 'pcc-vpclink-vpc-1-vpc-2', vpcId: 'vpc-1', acceptingVpcId: 'vpc-2', name: 'vpc-1 to vpc-2' },
      ],
    });
    for (let round = 0; round < 3; round++) {
      const r = run(d, flow);
      if (r.verdict === 'reachable') break;
      const { fixed, stillThere, newErrors } = applyFix(d, flow, r.blockers[0]!);
      expect(stillThere).toBe(false);
      expect(newErrors).toEqual([]);
      d = fixed;
    }
    expect(run(d, flow).verdict).toBe('reachable');
    expect(d.vpcPeerConnections).toHaveLength(1);
  });
});

describe('a custom table that steers a vSwitch block to a middlebox (aliyun-dataplane.md §0 #9)', () => {
  it('the changed system entry wins over local delivery: undetermined, never a guess', () => {
    const d = doc(oneVpcRaw, (raw) => {
      raw.routeTables = [
        {
          routeTableId: 'vtb-custom',
          vpcId: 'vpc-1',
          routeTableType: 'Custom',
          routeEntries: [{ destinationCidrBlock: '10.0.2.0/24', nextHopType: 'Instance', nextHopId: 'i-c' }],
        },
      ];
      raw.vSwitches[0].routeTableId = 'vtb-custom';
    });
    const r = run(d, { from: 'i-a', to: 'i-b' });
    expect(r.verdict).toBe('undetermined');
    expect(blockerCodes(r)).toEqual(['forward:NEXT_HOP_NOT_SIMULATED:vtb-custom']);
    // The reply from vsw-2 uses the system table: local delivery.
    expect(r.return.disposition).toBe('DELIVERED');
    expect(createReachability(d).matrix({ protocol: 'icmp', port: null }).undetermined).toContainEqual([0, 1]);
  });
});

describe('a route whose destination is a prefix list (aliyun-dataplane.md §2.2)', () => {
  it('stands for one route per entry of the list', () => {
    const d = doc(peeredRaw, (raw) => {
      raw.prefixLists = [
        {
          prefixListId: 'pl-peer',
          accountId: '1000000000000001',
          regionId: 'cn-beijing',
          entries: [{ cidr: '172.16.1.0/24' }, { cidr: '172.16.200.0/24' }],
        },
      ];
      raw.routeTables[0].routeEntries[0].destinationCidrBlock = 'pl-peer';
    });
    const r = run(d, { from: 'i-a', to: 'i-z' });
    expect(r.verdict).toBe('reachable');
    expect(r.forward.hops.find((h) => h.resourceType === 'routeTable')).toMatchObject({
      route: { destinationCidrBlock: 'pl-peer', nextHopType: 'VpcPeer', nextHopId: 'pcc-1' },
    });
    const unknownList = doc(peeredRaw, (raw) => (raw.routeTables[0].routeEntries[0].destinationCidrBlock = 'pl-gone'));
    expect(blockerCodes(run(unknownList, { from: 'i-a', to: 'i-z' }))).toEqual(['forward:NO_ROUTE:vtb-1']);
  });
});

describe('DESTINATION_UNKNOWN for addresses inside a VPC that nobody holds', () => {
  it('in the source VPC but in no vSwitch', () => {
    const r = run(doc(oneVpcRaw), { from: 'i-a', to: '10.0.9.9' });
    expect(blockerCodes(r)).toEqual(['forward:NO_ROUTE:vpc-1:system', 'forward:DESTINATION_UNKNOWN:vpc-1']);
  });
});

describe('update(next) after a release-2 edit equals a fresh build', () => {
  const base = doc(peeredRaw, (raw) => {
    raw.prefixLists = [
      {
        prefixListId: 'pl-1',
        accountId: '1000000000000001',
        regionId: 'cn-beijing',
        entries: [{ cidr: '10.0.1.0/24' }],
      },
    ];
    raw.securityGroups[2].permissions = [
      { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourcePrefixListId: 'pl-1' },
    ];
    raw.networkAcls = [
      {
        networkAclId: 'nacl-1',
        vpcId: 'vpc-1',
        resources: [{ resourceId: 'vsw-2', resourceType: 'VSwitch' }],
        ingressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', sourceCidrIp: 'pl-1' }],
        egressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '0.0.0.0/0' }],
      },
    ];
  });
  const edits: Record<string, (d: typeof base) => typeof base> = {
    'prefix list entries': (d) => ({
      ...d,
      prefixLists: [{ ...d.prefixLists![0]!, entries: [{ cidr: '10.0.2.0/24' }] }],
    }),
    'ACL entries': (d) => ({ ...d, networkAcls: [{ ...d.networkAcls![0]!, ingressAclEntries: [] }] }),
    'an ENI added': (d) => ({
      ...d,
      networkInterfaces: [
        {
          networkInterfaceId: 'eni-9',
          instanceId: 'i-z',
          vSwitchId: 'vsw-9',
          privateIpAddress: '172.16.1.50',
          securityGroupIds: ['sg-a'],
        },
      ],
    }),
    'peering status': (d) => ({ ...d, vpcPeerConnections: [{ ...d.vpcPeerConnections![0]!, status: 'Rejected' }] }),
  };
  it.each(Object.entries(edits))('%s', (_name, edit) => {
    const before = createReachability(base);
    before.matrix({ protocol: 'icmp', port: null });
    const next = edit(base);
    const updated = before.update(next);
    const fresh = createReachability(next);
    expect(updated.matrix({ protocol: 'icmp', port: null })).toEqual(fresh.matrix({ protocol: 'icmp', port: null }));
    for (const from of ['i-a', 'i-b', 'i-z'])
      for (const to of ['i-a', 'i-b', 'i-z', '172.16.1.50'])
        expect(updated.check({ from, to, protocol: 'icmp', port: null })).toEqual(
          fresh.check({ from, to, protocol: 'icmp', port: null }),
        );
  });
});

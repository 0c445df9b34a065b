import { describe, expect, it } from 'vitest';
import { checkFlow, createReachability, isFlowInputError } from '../../../simulator/reach';
import { check, codes, example, X, type Raw } from './helpers';

const path = (result: ReturnType<typeof check>, direction: 'forward' | 'return') =>
  result[direction].hops.map((h) => `${h.resourceType}:${h.resourceId}:${h.action}${h.hypothetical ? '?' : ''}`);

describe('the examples', () => {
  it('cross-account: the ping works both ways, through both interfaces', () => {
    const doc = example('cross-account');
    const ab = check(doc, X.a, X.b);
    expect(ab.verdict).toBe('reachable');
    expect(ab.blockers).toEqual([]);
    expect(path(ab, 'forward')).toEqual([
      `instance:${X.a}:ORIGINATED`,
      `securityGroup:${X.sgA}:PERMITTED`,
      `routeTable:${X.vtbA}:FORWARDED`,
      `routerInterface:${X.riA}:FORWARDED`,
      `routerInterface:${X.riB}:FORWARDED`,
      `vpc:${X.vpcB}:RECEIVED`,
      `routeTable:${X.vtbB}:FORWARDED`,
      'vSwitch:vsw-2ze1vkm1i9p7s5q1wjb8f:FORWARDED',
      `securityGroup:${X.sgB}:PERMITTED`,
      `instance:${X.b}:DELIVERED`,
    ]);
    expect(path(ab, 'return')).toEqual([
      `instance:${X.b}:ORIGINATED`,
      `securityGroup:${X.sgB}:MATCHED_SESSION`,
      `routeTable:${X.vtbB}:FORWARDED`,
      `routerInterface:${X.riB}:FORWARDED`,
      `routerInterface:${X.riA}:FORWARDED`,
      `vpc:${X.vpcA}:RECEIVED`,
      `routeTable:${X.vtbA}:FORWARDED`,
      'vSwitch:vsw-m5e5e5rgx2ol5dzn1hc8a:FORWARDED',
      `securityGroup:${X.sgA}:MATCHED_SESSION`,
      `instance:${X.a}:DELIVERED`,
    ]);
    const routeHop = ab.forward.hops[2]!;
    expect(routeHop.resourceType === 'routeTable' && routeHop.route).toEqual({
      routeTableId: X.vtbA,
      destinationCidrBlock: '172.16.0.0/16',
      nextHopType: 'RouterInterface',
      nextHopId: X.riA,
      system: false,
      status: 'Available',
      path: '/routeTables/0/routeEntries/0',
    });
    const local = ab.forward.hops[6]!;
    expect(local.resourceType === 'routeTable' && local.route).toEqual({
      routeTableId: X.vtbB,
      destinationCidrBlock: '172.16.1.0/24',
      nextHopType: 'Local',
      nextHopId: 'vsw-2ze1vkm1i9p7s5q1wjb8f',
      system: true,
      status: 'Available',
    });
    const ingress = ab.forward.hops[8]!;
    expect(ingress.resourceType === 'securityGroup' && ingress.rule).toMatchObject({
      securityGroupId: X.sgB,
      index: 0,
      path: '/securityGroups/1/permissions/0',
      policy: 'Accept',
      priority: 1,
    });
    expect(check(doc, X.b, X.a).verdict).toBe('reachable');
  });

  it('same-account: the ping works both ways', () => {
    const doc = example('same-account');
    expect(check(doc, 'i-2zeaabj1instancea0001', 'i-bp1bhz2instanceb0002').verdict).toBe('reachable');
    expect(check(doc, 'i-bp1bhz2instanceb0002', 'i-2zeaabj1instancea0001').verdict).toBe('reachable');
  });

  it('broken acceptor: unreachable, names ri-2zeix2q86uoyisagyz0pn and the fix', () => {
    const doc = example('broken-acceptor-not-configured');
    const r = check(doc, X.a, X.b);
    expect(r.verdict).toBe('unreachable');
    expect(r.forward.disposition).toBe('DROPPED');
    expect(codes(r)).toEqual([
      `forward:ROUTER_INTERFACE_MISMATCH:${X.riB}`,
      `forward:ROUTER_INTERFACE_NOT_ACTIVE:${X.riA}`,
      `forward:ROUTER_INTERFACE_NOT_ACTIVE:${X.riB}`,
    ]);
    const mismatch = r.blockers[0]!;
    expect(mismatch.suggestion).toContain(`set oppositeInterfaceId of ${X.riB} to ${X.riA}`);
    expect(mismatch.suggestion).toContain('oppositeRouterId to vrt-m5e0yd4q6gptnc9y7bvsr');
    expect(mismatch.suggestion).toContain('oppositeInterfaceOwnerId to 1231579085529123');
    expect(mismatch.suggestion).toContain("the acceptor was never given the initiator's details");
    // The reply would fail at the same pair: evaluated, but not listed twice.
    expect(r.return.disposition).toBe('DROPPED');
    expect(r.return.hops.every((h) => h.hypothetical)).toBe(true);
    expect(check(doc, X.b, X.a).verdict).toBe('unreachable');
  });
});

describe('variants of the cross-account example', () => {
  it('a missing return route: the request arrives, the reply has no way back', () => {
    const doc = example('cross-account', (raw) => (raw.routeTables[1].routeEntries = []));
    const r = check(doc, X.a, X.b);
    expect(r.verdict).toBe('unreachable');
    expect(r.forward.disposition).toBe('DELIVERED');
    expect(r.return.disposition).toBe('DROPPED');
    expect(codes(r)).toEqual([`return:NO_ROUTE:${X.vtbB}`]);
    expect(r.blockers[0]!.suggestion).toBe(
      `add route 192.168.0.0/16 → ${X.riB} in ${X.vtbB} (DestinationCidrBlock=192.168.0.0/16, NextHopType=RouterInterface, NextHopId=${X.riB})`,
    );
    // The reply goes on through the suggested route, as if it existed.
    expect(path(r, 'return').slice(2, 5)).toEqual([
      `routeTable:${X.vtbB}:NO_ROUTE`,
      `routerInterface:${X.riB}:FORWARDED?`,
      `routerInterface:${X.riA}:FORWARDED?`,
    ]);
  });

  it('a Drop rule winning a tie on the destination', () => {
    const doc = example('cross-account', (raw) =>
      raw.securityGroups[1].permissions.push({
        direction: 'ingress',
        ipProtocol: 'ICMP',
        portRange: '-1/-1',
        sourceCidrIp: '192.168.1.0/24',
        policy: 'Drop',
        priority: 1,
      }),
    );
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([`forward:SG_INGRESS_DENIED:${X.sgB}`]);
    expect(r.blockers[0]!.message).toContain(`${X.sgB} rule #1 (Drop ICMP -1/-1 from 192.168.1.0/24, priority 1)`);
    expect(r.blockers[0]!.message).toContain('/securityGroups/1/permissions/1');
    // the reply is still evaluated (hypothetically) and fine
    expect(r.return.disposition).toBe('DELIVERED');
    expect(r.return.hops.every((h) => h.hypothetical)).toBe(true);
  });

  it('security groups are stateful: no ingress rule on the source side is needed for the reply', () => {
    const doc = example('cross-account', (raw) => (raw.securityGroups[0].permissions = []));
    expect(check(doc, X.a, X.b).verdict).toBe('reachable');
    const back = check(doc, X.b, X.a);
    expect(codes(back)).toEqual([`forward:SG_INGRESS_DENIED:${X.sgA}`]);
    expect(back.blockers[0]!.suggestion).toBe(
      `add an ingress rule to ${X.sgA}: ICMP -1/-1 from 172.16.1.100/32 (or 172.16.1.0/24 for its vSwitch, or 172.16.0.0/16 for all of VPC2), priority 1, Accept`,
    );
  });

  it('an interface whose live status is Inactive', () => {
    const doc = example('cross-account', (raw) => {
      raw.routerInterfaces[0].status = 'Active';
      raw.routerInterfaces[1].status = 'Inactive';
    });
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([`forward:ROUTER_INTERFACE_NOT_ACTIVE:${X.riB}`]);
    expect(r.blockers[0]!.message).toContain('Inactive (live status)');
    expect(r.blockers[0]!.suggestion).toContain(`ActivateRouterInterface ${X.riB}`);
  });

  it('several blockers at once, each in one run', () => {
    const doc = example('cross-account', (raw) => {
      raw.routerInterfaces[0].status = 'Inactive';
      raw.routerInterfaces[1].status = 'Active';
      raw.routeTables[1].routeEntries = [];
      raw.securityGroups[1].permissions = [];
    });
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([
      `forward:ROUTER_INTERFACE_NOT_ACTIVE:${X.riA}`,
      `forward:SG_INGRESS_DENIED:${X.sgB}`,
      `return:NO_ROUTE:${X.vtbB}`,
    ]);
    const firstDrop = r.forward.hops.findIndex((h) => h.causesDrop);
    expect(r.forward.hops.slice(0, firstDrop + 1).every((h) => !h.hypothetical)).toBe(true);
    expect(r.forward.hops.slice(firstDrop + 1).every((h) => h.hypothetical)).toBe(true);
  });

  it('a route that is not Available yet', () => {
    const doc = example('cross-account', (raw) => (raw.routeTables[0].routeEntries[0].status = 'Pending'));
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([`forward:ROUTE_NOT_AVAILABLE:${X.vtbA}`]);
    expect(r.blockers[0]!.message).toContain('Pending');
  });

  it('a next hop vpclink does not model', () => {
    const doc = example(
      'cross-account',
      (raw) =>
        (raw.routeTables[0].routeEntries[0] = {
          destinationCidrBlock: '172.16.0.0/16',
          nextHopType: 'NatGateway',
          nextHopId: 'ngw-1',
        }),
    );
    const r = check(doc, X.a, X.b);
    // Never a guess (topology-format.md §4.3): undetermined, the blocker names the route's table.
    expect(r.verdict).toBe('undetermined');
    expect(r.forward.disposition).toBe('UNDETERMINED');
    expect(codes(r)).toEqual([`forward:NEXT_HOP_NOT_SIMULATED:${X.vtbA}`]);
    expect(r.blockers[0]!.suggestion).toContain(`172.16.0.0/16 → ${X.riA}`);
    expect(r.blockers[0]!.fix).toBeUndefined();
  });

  it('a route through an interface of another VPC', () => {
    const doc = example('cross-account', (raw) => (raw.routeTables[0].routeEntries[0].nextHopId = X.riB));
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([`forward:ROUTE_NEXT_HOP_INVALID:${X.vtbA}`]);
  });

  it('a stopped destination', () => {
    const doc = example('cross-account', (raw) => (raw.instances[1].status = 'Stopped'));
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([`forward:INSTANCE_NOT_RUNNING:${X.b}`]);
    expect(r.blockers[0]!.suggestion).toContain('StartInstance');
  });

  it('no connection at all between the VPCs: the fix is to create one', () => {
    const doc = example('cross-account', (raw) => {
      raw.routerInterfaces = [];
      raw.routeTables[0].routeEntries = [];
      raw.routeTables[1].routeEntries = [];
    });
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toEqual([`forward:NO_ROUTE:${X.vtbA}`, `return:NO_ROUTE:${X.vtbB}`]);
    expect(r.blockers[0]!.suggestion).toMatch(
      /are not connected: create a router-interface pair \(initiator on vrt-m5e0yd4q6gptnc9y7bvsr, acceptor on vrt-2zem6f6iqm7e5cdbsk0r2\), then add route 172\.16\.0\.0\/16/,
    );
  });

  it('overlapping blocks: the address is delivered locally and never crosses', () => {
    const doc = example('cross-account', (raw) => {
      raw.vSwitches.push({
        vSwitchId: 'vsw-overlap',
        vpcId: X.vpcA,
        zoneId: 'cn-qingdao-b',
        cidrBlock: '172.16.1.0/24',
      });
    });
    const r = check(doc, X.a, X.b);
    expect(codes(r)).toContain('forward:DELIVERED_ELSEWHERE:vsw-overlap');
  });

  it('same-VPC flow: local route, egress and ingress', () => {
    const doc = example('cross-account', (raw) => {
      raw.vSwitches.push({ vSwitchId: 'vsw-a2', vpcId: X.vpcA, zoneId: 'cn-qingdao-c', cidrBlock: '192.168.2.0/24' });
      raw.securityGroups.push({ securityGroupId: 'sg-c', vpcId: X.vpcA, permissions: [] });
      raw.instances.push({
        instanceId: 'i-c',
        vSwitchId: 'vsw-a2',
        privateIpAddress: '192.168.2.5',
        securityGroupIds: [X.sgA],
      });
      raw.instances.push({
        instanceId: 'i-d',
        vSwitchId: 'vsw-a2',
        privateIpAddress: '192.168.2.6',
        securityGroupIds: ['sg-c'],
      });
    });
    const sameGroup = check(doc, X.a, 'i-c');
    expect(sameGroup.verdict).toBe('reachable');
    const route = sameGroup.forward.hops.find((h) => h.resourceType === 'routeTable')!;
    expect(route.resourceType === 'routeTable' && route.route).toMatchObject({
      system: true,
      nextHopType: 'Local',
      nextHopId: 'vsw-a2',
      destinationCidrBlock: '192.168.2.0/24',
    });
    expect(sameGroup.forward.hops.some((h) => h.resourceType === 'routerInterface')).toBe(false);
    const otherGroup = check(doc, X.a, 'i-d');
    expect(codes(otherGroup)).toEqual(['forward:SG_INGRESS_DENIED:sg-c']);
  });
});

describe('address destinations', () => {
  const doc = example('cross-account');

  it('an address in a vSwitch that nobody holds: arrives, nobody answers (DESTINATION_UNKNOWN)', () => {
    const r = check(doc, X.a, '172.16.1.50');
    expect(r.verdict).toBe('unreachable');
    expect(codes(r)).toEqual(['forward:DESTINATION_UNKNOWN:vsw-2ze1vkm1i9p7s5q1wjb8f']);
    const last = r.forward.hops.at(-1)!;
    expect(last).toMatchObject({
      resourceType: 'vSwitch',
      resourceId: 'vsw-2ze1vkm1i9p7s5q1wjb8f',
      action: 'DROPPED',
      causesDrop: true,
    });
    expect(r.return.disposition).toBe('NOT_EVALUATED');
    expect(r.forward.hops.filter((h) => h.resourceType === 'securityGroup' && h.direction === 'ingress')).toEqual([]);
  });

  it("an instance's address: treated as that instance", () => {
    const r = check(doc, X.a, '172.16.1.100');
    expect(r.verdict).toBe('reachable');
    expect(r.flow.to).toBe('172.16.1.100');
    expect(r.forward.hops.at(-1)).toMatchObject({ resourceType: 'instance', resourceId: X.b });
  });

  it('an address in no VPC of the document', () => {
    const r = check(doc, X.a, '8.8.8.8');
    expect(codes(r)).toEqual(['forward:DESTINATION_UNKNOWN:8.8.8.8']);
    expect(r.return.disposition).toBe('NOT_EVALUATED');
  });

  it('an address in the peer VPC but in none of its vSwitches', () => {
    const r = check(doc, X.a, '172.16.9.9');
    // Inside VPC2 but held by nobody (topology-format.md §4.3), and no vSwitch to deliver it.
    expect(codes(r)).toEqual([`forward:NO_ROUTE:${X.vpcB}`, `forward:DESTINATION_UNKNOWN:${X.vpcB}`]);
    expect(r.blockers[0]!.suggestion).toContain('172.16.1.0/24');
  });

  it('an address of a VPC the route table does not cover', () => {
    const d = example('cross-account', (raw) => (raw.routeTables[0].routeEntries = []));
    const r = check(d, X.a, '172.16.1.50');
    expect(codes(r)).toEqual([`forward:NO_ROUTE:${X.vtbA}`, 'forward:DESTINATION_UNKNOWN:vsw-2ze1vkm1i9p7s5q1wjb8f']);
    expect(r.blockers[0]!.suggestion).toContain(`add route 172.16.0.0/16 → ${X.riA}`);
  });

  it('the source itself is always reachable', () => {
    expect(check(doc, X.a, X.a).verdict).toBe('reachable');
    expect(check(doc, X.a, '192.168.1.100').verdict).toBe('reachable');
  });
});

describe('input errors name the field', () => {
  const reach = createReachability(example('cross-account'));
  it.each([
    [
      { from: 'i-nope', to: X.b, protocol: 'icmp', port: null },
      'from',
      /no instance, ENI, private address or instance name "i-nope"/,
    ],
    [
      { from: '192.168.1.99', to: X.b, protocol: 'icmp', port: null },
      'from',
      /no instance, ENI, private address or instance name/,
    ],
    [{ from: X.a, to: 'i-nope', protocol: 'icmp', port: null }, 'to', /no instance, ENI or instance name "i-nope"/],
    [{ from: X.a, to: X.b, protocol: 'icmp', port: null, sourcePort: 40000 }, 'source-port', /only with tcp or udp/],
    [{ from: X.a, to: X.b, protocol: 'tcp', port: 22, sourcePort: 70000 }, 'source-port', /1-65535/],
    [{ from: X.a, to: '010.0.0.1', protocol: 'icmp', port: null }, 'to', /leading zero/],
    [{ from: X.a, to: '10.0.0.256', protocol: 'icmp', port: null }, 'to', /256 > 255/],
    [{ from: X.a, to: '10.0.0.0/24', protocol: 'icmp', port: null }, 'to', /cannot parse/],
    [{ from: X.a, to: '127.1', protocol: 'icmp', port: null }, 'to', /four dotted/],
    [{ from: X.a, to: X.b, protocol: 'tcp', port: null }, 'port', /required for tcp/],
    [{ from: X.a, to: X.b, protocol: 'udp', port: 0 }, 'port', /1-65535/],
    [{ from: X.a, to: X.b, protocol: 'tcp', port: 65536 }, 'port', /1-65535/],
    [{ from: X.a, to: X.b, protocol: 'icmp', port: 22 }, 'port', /takes no port/],
    [{ from: X.a, to: X.b, protocol: 'all', port: 22 }, 'port', /takes no port/],
    [{ from: X.a, to: X.b, protocol: 'sctp', port: null }, 'protocol', /not one of icmp, tcp, udp, all/],
  ] as Array<[Raw, string, RegExp]>)('%j → %s', (flow, field, message) => {
    const r = reach.check(flow);
    expect(isFlowInputError(r)).toBe(true);
    if (isFlowInputError(r)) {
      expect(r.field).toBe(field);
      expect(r.message).toMatch(message);
    }
  });

  it('matrix refuses invalid options', () => {
    expect(() => reach.matrix({ protocol: 'tcp', port: null })).toThrow(/port/);
  });
});

describe('determinism', () => {
  it('the same input gives byte-identical JSON', () => {
    const flows = [
      [X.a, X.b],
      [X.b, X.a],
      [X.a, '172.16.9.9'],
    ] as const;
    for (const name of ['cross-account', 'broken-acceptor-not-configured']) {
      for (const [from, to] of flows) {
        const one = JSON.stringify(checkFlow(example(name), { from, to, protocol: 'all', port: null }));
        const two = JSON.stringify(createReachability(example(name)).check({ from, to, protocol: 'all', port: null }));
        expect(one).toBe(two);
      }
    }
  });
});

describe('broken references never throw: they become blockers', () => {
  it('unknown vSwitch, unknown group, unknown route table, bad address', () => {
    const doc = example('cross-account', (raw) => {
      raw.instances.push({
        instanceId: 'i-lost',
        vSwitchId: 'vsw-nowhere',
        privateIpAddress: '192.168.1.7',
        securityGroupIds: [X.sgA],
      });
      raw.instances.push({
        instanceId: 'i-ghost-group',
        vSwitchId: 'vsw-m5e5e5rgx2ol5dzn1hc8a',
        privateIpAddress: '192.168.1.8',
        securityGroupIds: ['sg-ghost'],
      });
      raw.instances.push({
        instanceId: 'i-bad-ip',
        vSwitchId: 'vsw-m5e5e5rgx2ol5dzn1hc8a',
        privateIpAddress: '192.168.1',
        securityGroupIds: [X.sgA],
      });
      raw.vSwitches.push({
        vSwitchId: 'vsw-bad-table',
        vpcId: X.vpcA,
        zoneId: 'z',
        cidrBlock: '192.168.9.0/24',
        routeTableId: 'vtb-ghost',
      });
      raw.instances.push({
        instanceId: 'i-bad-table',
        vSwitchId: 'vsw-bad-table',
        privateIpAddress: '192.168.9.9',
        securityGroupIds: [X.sgA],
      });
    });
    const reach = createReachability(doc);
    const codeOf = (from: string, to: string) => {
      const r = reach.check({ from, to, protocol: 'icmp', port: null });
      if (isFlowInputError(r)) throw new Error(r.message);
      expect(r.verdict).toBe('unreachable');
      return r.blockers.map((b) => `${b.code}:${b.resourceId}`);
    };
    expect(codeOf('i-lost', X.b)).toEqual(['INSTANCE_NOT_PLACED:i-lost']);
    expect(codeOf(X.a, 'i-lost')).toEqual(['INSTANCE_NOT_PLACED:i-lost']);
    expect(codeOf('i-ghost-group', X.b)).toContain('SECURITY_GROUP_UNKNOWN:i-ghost-group');
    expect(codeOf('i-bad-ip', X.b)).toEqual(['INSTANCE_ADDRESS_INVALID:i-bad-ip']);
    expect(codeOf('i-bad-table', X.b)).toContain('ROUTE_TABLE_MISSING:vsw-bad-table');
    const m = reach.matrix({ protocol: 'icmp', port: null });
    expect(m.instances).toHaveLength(6);
    m.reachable.forEach((row, s) => row.forEach((cell, d) => expect(cell).toBe(s === d || (s < 2 && d < 2))));
  });
});

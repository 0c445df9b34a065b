import { describe, expect, it } from 'vitest';
import type { Hop, Protocol } from '../../../simulator/reach';
import { check, oneVpc, type Raw } from './helpers';

type Rule = Raw;
const icmpIn = (peer: string, extra: Rule = {}): Rule => ({
  direction: 'ingress',
  ipProtocol: 'ICMP',
  portRange: '-1/-1',
  sourceCidrIp: peer,
  ...extra,
});
const normal = (id: string, permissions: Rule[] = [], extra: Raw = {}) => ({
  securityGroupId: id,
  securityGroupType: 'normal',
  permissions,
  ...extra,
});
const enterprise = (id: string, permissions: Rule[] = []) => ({
  securityGroupId: id,
  securityGroupType: 'enterprise',
  permissions,
});

interface Case {
  name: string;
  groups: Raw[];
  a: string[];
  b: string[];
  protocol?: Protocol;
  port?: number | null;
  reachable: boolean;
  /** The hop that decided: which side, how, and (for a rule) group and index. */
  decided: { direction: 'egress' | 'ingress'; by: string; group?: string; index?: number };
  code?: string;
  message?: RegExp;
}

const cases: Case[] = [
  {
    name: 'basic groups, no rules: ingress denied by default',
    groups: [normal('sg-a'), normal('sg-b')],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'basic groups, no rules: egress allowed by default',
    groups: [normal('sg-a'), normal('sg-b')],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'egress', by: 'default', group: 'sg-a' },
  },
  {
    name: 'shared basic group with InnerAccessPolicy Accept',
    groups: [normal('sg-s', [], { innerAccessPolicy: 'Accept' })],
    a: ['sg-s'],
    b: ['sg-s'],
    reachable: true,
    decided: { direction: 'ingress', by: 'innerAccessPolicy', group: 'sg-s' },
  },
  {
    name: 'InnerAccessPolicy defaults to Accept for basic groups',
    groups: [normal('sg-s')],
    a: ['sg-s'],
    b: ['sg-s'],
    reachable: true,
    decided: { direction: 'ingress', by: 'innerAccessPolicy', group: 'sg-s' },
  },
  {
    name: 'shared basic group with InnerAccessPolicy Drop isolates members',
    groups: [normal('sg-s', [], { innerAccessPolicy: 'Drop' })],
    a: ['sg-s'],
    b: ['sg-s'],
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-s' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'InnerAccessPolicy Accept overrides a Drop rule',
    groups: [normal('sg-s', [icmpIn('10.0.0.0/8', { policy: 'Drop' })], { innerAccessPolicy: 'Accept' })],
    a: ['sg-s'],
    b: ['sg-s'],
    reachable: true,
    decided: { direction: 'ingress', by: 'innerAccessPolicy', group: 'sg-s' },
  },
  {
    name: 'one shared Accept group is enough (isolation has the lowest priority)',
    groups: [
      normal('sg-iso', [], { innerAccessPolicy: 'Drop' }),
      normal('sg-open', [], { innerAccessPolicy: 'Accept' }),
    ],
    a: ['sg-iso', 'sg-open'],
    b: ['sg-iso', 'sg-open'],
    reachable: true,
    decided: { direction: 'ingress', by: 'innerAccessPolicy', group: 'sg-open' },
  },
  {
    name: 'ingress Accept from the source /32',
    groups: [normal('sg-a'), normal('sg-b', [icmpIn('10.0.1.10/32')])],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'Drop beats Accept at equal priority',
    groups: [
      normal('sg-a'),
      normal('sg-b', [icmpIn('10.0.0.0/16', { priority: 1 }), icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 1 })]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 1 },
    code: 'SG_INGRESS_DENIED',
    message: /dropped by sg-b rule #1/,
  },
  {
    name: 'priority 1 Accept wins over priority 2 Drop',
    groups: [
      normal('sg-a'),
      normal('sg-b', [icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 2 }), icmpIn('10.0.0.0/16', { priority: 1 })]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 1 },
  },
  {
    name: 'priority 1 Drop wins over priority 2 Accept',
    groups: [
      normal('sg-a'),
      normal('sg-b', [icmpIn('10.0.0.0/16', { priority: 2 }), icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 1 })]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 1 },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'rules of all groups are pooled: a Drop in the second group wins',
    groups: [
      normal('sg-a'),
      normal('sg-b1', [icmpIn('10.0.0.0/16', { priority: 5 })]),
      normal('sg-b2', [icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 3 })]),
    ],
    a: ['sg-a'],
    b: ['sg-b1', 'sg-b2'],
    reachable: false,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b2', index: 0 },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'rules of all groups are pooled: an Accept in the second group wins',
    groups: [
      normal('sg-a'),
      normal('sg-b1', [icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 5 })]),
      normal('sg-b2', [icmpIn('10.0.0.0/16', { priority: 3 })]),
    ],
    a: ['sg-a'],
    b: ['sg-b1', 'sg-b2'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b2', index: 0 },
  },
  {
    name: 'enterprise group denies egress by default',
    groups: [enterprise('sg-a'), enterprise('sg-b', [icmpIn('0.0.0.0/0')])],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'egress', by: 'default', group: 'sg-a' },
    code: 'SG_EGRESS_DENIED',
  },
  {
    name: 'enterprise groups with explicit rules',
    groups: [
      enterprise('sg-a', [{ direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }]),
      enterprise('sg-b', [icmpIn('10.0.1.10/32')]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'egress', by: 'rule', group: 'sg-a', index: 0 },
  },
  {
    name: 'enterprise members are isolated (no inner access)',
    groups: [
      enterprise('sg-e', [{ direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }]),
    ],
    a: ['sg-e'],
    b: ['sg-e'],
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-e' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'group-reference rule matches a member',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceGroupId: 'sg-a' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'group-reference rule does not match a non-member',
    groups: [
      normal('sg-a'),
      normal('sg-x'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', sourceGroupId: 'sg-x' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'egress Drop toward a referenced group',
    groups: [
      normal('sg-a', [
        { direction: 'egress', ipProtocol: 'ALL', portRange: '-1/-1', destGroupId: 'sg-b', policy: 'Drop' },
      ]),
      normal('sg-b', [icmpIn('0.0.0.0/0')]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'egress', by: 'rule', group: 'sg-a', index: 0 },
    code: 'SG_EGRESS_DENIED',
  },
  {
    name: 'TCP port inside the range',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '20/25', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'tcp',
    port: 22,
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'TCP port at the low edge',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '20/25', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'tcp',
    port: 20,
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'TCP port at the high edge',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '20/25', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'tcp',
    port: 25,
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'TCP port outside the range',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '20/25', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'tcp',
    port: 26,
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'a TCP rule does not open UDP',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '20/25', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'udp',
    port: 22,
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'a TCP rule does not open ICMP',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '1/65535', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'ICMP rules ignore the port text',
    groups: [normal('sg-a'), normal('sg-b', [icmpIn('10.0.0.0/16', { portRange: '22/22' })])],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'an ALL rule opens UDP ports',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'udp',
    port: 53,
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'protocol all: an ALL rule allows everything',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'all',
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'protocol all: TCP+UDP+ICMP+GRE rules still leave other protocols denied',
    groups: [
      normal('sg-a'),
      normal(
        'sg-b',
        ['TCP', 'UDP']
          .map((p) => ({ direction: 'ingress', ipProtocol: p, portRange: '1/65535', sourceCidrIp: '10.0.0.0/16' }))
          .concat(
            ['ICMP', 'GRE'].map((p) => ({
              direction: 'ingress',
              ipProtocol: p,
              portRange: '-1/-1',
              sourceCidrIp: '10.0.0.0/16',
            })),
          ),
      ),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'all',
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
    message: /protocols other than TCP\/UDP\/ICMP\/GRE/,
  },
  {
    name: 'protocol all: a TCP Drop above the ALL Accept denies',
    groups: [
      normal('sg-a'),
      normal('sg-b', [
        { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16', priority: 2 },
        {
          direction: 'ingress',
          ipProtocol: 'TCP',
          portRange: '22/22',
          sourceCidrIp: '10.0.1.0/24',
          priority: 1,
          policy: 'Drop',
        },
      ]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'all',
    reachable: false,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 1 },
    code: 'SG_INGRESS_DENIED',
    message: /TCP port 22/,
  },
  {
    name: 'protocol all: a TCP Drop below the ALL Accept does not',
    groups: [
      normal('sg-a'),
      normal('sg-b', [
        { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16', priority: 1 },
        {
          direction: 'ingress',
          ipProtocol: 'TCP',
          portRange: '22/22',
          sourceCidrIp: '10.0.1.0/24',
          priority: 2,
          policy: 'Drop',
        },
      ]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'all',
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'protocol all: a TCP Accept shadowing part of a TCP Drop still leaves ports denied',
    groups: [
      normal('sg-a'),
      normal('sg-b', [
        { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16', priority: 3 },
        { direction: 'ingress', ipProtocol: 'TCP', portRange: '1/100', sourceCidrIp: '10.0.1.0/24', priority: 1 },
        {
          direction: 'ingress',
          ipProtocol: 'TCP',
          portRange: '50/200',
          sourceCidrIp: '10.0.1.0/24',
          priority: 2,
          policy: 'Drop',
        },
      ]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'all',
    reachable: false,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 2 },
    code: 'SG_INGRESS_DENIED',
    message: /TCP port 101/,
  },
  {
    name: 'a TCP rule with an unreadable range matches nothing',
    groups: [
      normal('sg-a'),
      normal('sg-b', [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16' }]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    protocol: 'tcp',
    port: 22,
    reachable: false,
    decided: { direction: 'ingress', by: 'default', group: 'sg-b' },
    code: 'SG_INGRESS_DENIED',
  },
  {
    name: 'a bare address peer is a /32',
    groups: [normal('sg-a'), normal('sg-b', [icmpIn('10.0.1.10')])],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'a peer with host bits is read as its block',
    groups: [normal('sg-a'), normal('sg-b', [icmpIn('10.0.1.77/24')])],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
  {
    name: 'protocol written in lower case',
    groups: [
      normal('sg-a'),
      normal('sg-b', [
        { direction: 'ingress', ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/16', policy: 'accept' },
      ]),
    ],
    a: ['sg-a'],
    b: ['sg-b'],
    reachable: true,
    decided: { direction: 'ingress', by: 'rule', group: 'sg-b', index: 0 },
  },
];

describe('security-group evaluation (aliyun-api.md §5.5)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const doc = oneVpc(c.groups, [
      ['i-a', '10.0.1.10', c.a],
      ['i-b', '10.0.1.20', c.b],
    ]);
    const result = check(doc, 'i-a', 'i-b', c.protocol ?? 'icmp', c.port ?? null);
    expect(result.verdict).toBe(c.reachable ? 'reachable' : 'unreachable');
    const hop = result.forward.hops.find(
      (h): h is Extract<Hop, { resourceType: 'securityGroup' }> =>
        h.resourceType === 'securityGroup' && h.direction === c.decided.direction,
    )!;
    expect(hop.decidedBy).toBe(c.decided.by);
    if (c.decided.group) expect(hop.resourceId).toBe(c.decided.group);
    if (c.decided.index !== undefined) {
      expect(hop.rule?.securityGroupId).toBe(c.decided.group);
      expect(hop.rule?.index).toBe(c.decided.index);
      const groupIndex = c.groups.findIndex((g) => g.securityGroupId === c.decided.group);
      expect(hop.rule?.path).toBe(`/securityGroups/${groupIndex}/permissions/${c.decided.index}`);
    }
    if (c.code) {
      const b = result.blockers.find((x) => x.code === c.code);
      expect(b, JSON.stringify(result.blockers)).toBeDefined();
      if (c.message) expect(b!.message).toMatch(c.message);
    }
    if (c.reachable) expect(result.blockers).toEqual([]);
  });

  it('a winning Drop rule names the rule and both fixes', () => {
    const doc = oneVpc(
      [
        normal('sg-a'),
        normal('sg-b', [
          icmpIn('10.0.0.0/16', { priority: 5 }),
          icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 5 }),
        ]),
      ],
      [
        ['i-a', '10.0.1.10', ['sg-a']],
        ['i-b', '10.0.1.20', ['sg-b']],
      ],
    );
    const [b] = check(doc, 'i-a', 'i-b').blockers;
    expect(b).toMatchObject({ direction: 'forward', code: 'SG_INGRESS_DENIED', resourceId: 'sg-b' });
    expect(b!.message).toContain('/securityGroups/1/permissions/1');
    expect(b!.suggestion).toContain('remove or narrow rule #1 of sg-b');
    expect(b!.suggestion).toContain('ICMP -1/-1 from 10.0.1.10/32');
    expect(b!.suggestion).toContain('priority 4, Accept');
  });

  it('a priority-1 Drop cannot be outranked: the fix says so', () => {
    const doc = oneVpc(
      [normal('sg-a'), normal('sg-b', [icmpIn('10.0.1.0/24', { policy: 'Drop', priority: 1 })])],
      [
        ['i-a', '10.0.1.10', ['sg-a']],
        ['i-b', '10.0.1.20', ['sg-b']],
      ],
    );
    expect(check(doc, 'i-a', 'i-b').blockers[0]!.suggestion).toMatch(
      /change its priority to 2 or more.*priority 1, Accept/,
    );
  });

  it('a missing ingress rule suggests the exact rule, host first, then wider blocks', () => {
    const doc = oneVpc(
      [normal('sg-a'), normal('sg-b')],
      [
        ['i-a', '10.0.2.10', ['sg-a'], 2],
        ['i-b', '10.0.1.20', ['sg-b']],
      ],
    );
    const [b] = check(doc, 'i-a', 'i-b', 'tcp', 443).blockers;
    expect(b).toMatchObject({ code: 'SG_INGRESS_DENIED', resourceId: 'sg-b' });
    expect(b!.suggestion).toBe(
      'add an ingress rule to sg-b: TCP 443/443 from 10.0.2.10/32 (or 10.0.2.0/24 for its vSwitch, or 10.0.0.0/16 for all of vpc-1), priority 1, Accept',
    );
  });
});

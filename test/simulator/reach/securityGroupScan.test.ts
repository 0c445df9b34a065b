/**
 * The ICMP security-group decision read off the permissions in one walk (steps/securityGroupScan.ts)
 * against the reference: the pool's rules compiled and sorted (securityGroups.ts `decideFlow`),
 * and the priority-1 Drop rules a fix removes filtered from the same sorted rules. First a table
 * of the subtle rules of the order and of the peers, then seeded random pools with every kind of
 * peer, local filter, priority tie and group type.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../cloud/apply/policy';
import type { Topology } from '../../../simulator/document';
import { parseIpv4 } from '../../../simulator/net/ipv4';
import { compile, type Compiled, type InstanceInfo } from '../../../simulator/reach/compile';
import {
  compilePool,
  decideFlow,
  type Peer,
  type Pool,
  ruleCoversSelf,
  ruleMatchesPeer,
  type SgDecision,
} from '../../../simulator/reach/securityGroups';
import { decideIcmp, icmpDropsAtTop } from '../../../simulator/reach/steps/securityGroupScan';
import { load, type Raw } from './helpers';

type Direction = 'ingress' | 'egress';

/** Two VPCs: vpc-1 10.0.0.0/16 (vsw-1 10.0.1.0/24), vpc-2 10.1.0.0/16 (vsw-2 10.1.1.0/24); one prefix list. */
function estate(groups: Raw[], instances: Array<[string, string, string[]]>): Topology {
  return load({
    format: 'vpclink/topology',
    version: 1,
    vpcs: [
      { vpcId: 'vpc-1', accountId: 'acct', regionId: 'cn-beijing', cidrBlock: '10.0.0.0/16', vRouterId: 'vrt-1' },
      { vpcId: 'vpc-2', accountId: 'acct', regionId: 'cn-beijing', cidrBlock: '10.1.0.0/16', vRouterId: 'vrt-2' },
    ],
    vSwitches: [
      { vSwitchId: 'vsw-1', vpcId: 'vpc-1', zoneId: 'cn-beijing-a', cidrBlock: '10.0.1.0/24' },
      { vSwitchId: 'vsw-2', vpcId: 'vpc-2', zoneId: 'cn-beijing-a', cidrBlock: '10.1.1.0/24' },
    ],
    prefixLists: [
      {
        prefixListId: 'pl-1',
        accountId: 'acct',
        regionId: 'cn-beijing',
        entries: [{ cidr: '10.0.1.0/28' }, { cidr: '10.1.1.20/32' }],
      },
    ],
    securityGroups: groups.map((g) => ({ vpcId: 'vpc-1', ...g })),
    instances: instances.map(([instanceId, privateIpAddress, securityGroupIds]) => ({
      instanceId,
      privateIpAddress,
      securityGroupIds,
      vSwitchId: privateIpAddress.startsWith('10.1.') ? 'vsw-2' : 'vsw-1',
    })),
  });
}

function ip(text: string): number {
  const parsed = parseIpv4(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
}

/** What a decision comes to, comparable between two compilations. */
function summary(decision: SgDecision): string {
  switch (decision.kind) {
    case 'innerAccessPolicy':
      return `inner ${decision.groupId}`;
    case 'rule':
      return `${decision.allowed ? 'accept' : 'drop'} by ${decision.rule.groupId}#${decision.rule.index}`;
    case 'default':
      return `default ${decision.allowed ? 'allowed' : 'denied'}`;
  }
}

/** The reference: the pool's rules compiled, sorted and merged, the first match decides. */
function reference(c: Compiled, holder: InstanceInfo, direction: Direction, peer: Peer, selfIp: number) {
  const pool: Pool = compilePool(c, holder.groupIds, holder.poolKey);
  const decision = decideFlow(pool, direction, 'icmp', null, peer, c, selfIp);
  const drops: Array<{ group: number; index: number }> = [];
  for (const rule of direction === 'egress' ? pool.egress : pool.ingress) {
    if (rule.accept || rule.priority > 1 || (rule.protocol !== 'ICMP' && rule.protocol !== 'ALL')) continue;
    if (ruleCoversSelf(rule, selfIp) && ruleMatchesPeer(rule, peer, c))
      drops.push({ group: c.groupDocIndex.get(rule.groupId)!, index: rule.index });
  }
  return { decision: summary(decision), drops: inFixOrder(drops) };
}

/** The order the fix removes them in (steps/securityGroup.ts sgFixPatch sorts them so): the walk's own order is free. */
function inFixOrder(drops: Array<{ group: number; index: number }>): Array<{ group: number; index: number }> {
  return [...drops].sort((a, b) => a.group - b.group || b.index - a.index);
}

function scanned(c: Compiled, holder: InstanceInfo, direction: Direction, peer: Peer, selfIp: number) {
  const pool = compilePool(c, holder.groupIds, holder.poolKey);
  return {
    decision: summary(decideIcmp(c, pool, direction, peer, selfIp)),
    drops: inFixOrder(icmpDropsAtTop(c, pool, direction, peer, selfIp)),
  };
}

function peerOf(c: Compiled, text: string): Peer {
  return {
    ip: ip(text.replace(/^i-.*@/, '')),
    instance: text.startsWith('i-') ? c.nicById.get(text.split('@')[0]!)! : null,
  };
}

const icmpIn = (extra: Raw): Raw => ({ direction: 'ingress', ipProtocol: 'ICMP', portRange: '-1/-1', ...extra });

interface Case {
  readonly name: string;
  readonly groups: Raw[];
  /** The holder's groups (instance i-self at 10.0.1.10). */
  readonly self: string[];
  readonly direction?: Direction;
  /** `10.x.y.z`, or `i-id@10.x.y.z` for an instance of the estate. */
  readonly peer: string;
  readonly decision: string;
  /** `group docIndex/rule index` of the priority-1 Drop rules the fix removes. */
  readonly drops?: string[];
}

const cases: Case[] = [
  {
    name: 'at equal priority Drop wins over an Accept listed before it',
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [
          icmpIn({ sourceCidrIp: '10.0.0.0/8', priority: 5 }),
          icmpIn({ sourceCidrIp: '10.1.0.0/16', priority: 5, policy: 'Drop' }),
        ],
      },
    ],
    self: ['sg-a'],
    peer: '10.1.1.5',
    decision: 'drop by sg-a#1',
  },
  {
    name: 'a lower number wins whatever the policy and the position',
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [
          icmpIn({ sourceCidrIp: '10.0.0.0/8', priority: 9, policy: 'Drop' }),
          icmpIn({ sourceCidrIp: '10.1.1.5', priority: 8 }),
        ],
      },
    ],
    self: ['sg-a'],
    peer: '10.1.1.5',
    decision: 'accept by sg-a#1',
  },
  {
    name: 'at an equal key the earlier group wins over a lower rule index of a later group',
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [icmpIn({ sourceCidrIp: '10.9.0.0/16' }), icmpIn({ sourceCidrIp: '10.0.0.0/8', priority: 3 })],
      },
      { securityGroupId: 'sg-b', permissions: [icmpIn({ sourceCidrIp: '0.0.0.0/0', priority: 3 })] },
    ],
    self: ['sg-b', 'sg-a'],
    peer: '10.1.1.5',
    decision: 'accept by sg-b#0',
  },
  {
    name: 'a better rule whose peer does not hold the address does not decide',
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [
          icmpIn({ sourceCidrIp: '10.0.1.0/24', priority: 1, policy: 'Drop' }),
          icmpIn({ sourceCidrIp: '10.1.0.0/16', priority: 50 }),
        ],
      },
    ],
    self: ['sg-a'],
    peer: '10.1.1.5',
    decision: 'accept by sg-a#1',
  },
  {
    name: 'a CIDR peer wins over a group peer on the same rule (the group would match)',
    groups: [
      { securityGroupId: 'sg-a', permissions: [icmpIn({ sourceCidrIp: '10.9.0.0/16', sourceGroupId: 'sg-m' })] },
    ],
    self: ['sg-a'],
    peer: 'i-peer@10.0.1.20',
    decision: 'default denied',
  },
  {
    name: 'a group peer matches a member instance',
    groups: [
      { securityGroupId: 'sg-a', permissions: [icmpIn({ sourceGroupId: 'sg-m', priority: 2 })] },
      { securityGroupId: 'sg-m' },
    ],
    self: ['sg-a'],
    peer: 'i-peer@10.0.1.20',
    decision: 'accept by sg-a#0',
  },
  {
    name: 'a member address without its instance matches too',
    groups: [
      { securityGroupId: 'sg-a', permissions: [icmpIn({ sourceGroupId: 'sg-m', priority: 2 })] },
      { securityGroupId: 'sg-m' },
    ],
    self: ['sg-a'],
    peer: '10.0.1.20',
    decision: 'accept by sg-a#0',
  },
  {
    name: 'a group of another VPC never matches',
    groups: [
      { securityGroupId: 'sg-a', permissions: [icmpIn({ sourceGroupId: 'sg-far', policy: 'Drop' })] },
      { securityGroupId: 'sg-far', vpcId: 'vpc-2' },
    ],
    self: ['sg-a'],
    peer: 'i-far@10.1.1.30',
    decision: 'default denied',
  },
  {
    name: 'a prefix list holds the peer through one of its entries',
    groups: [
      { securityGroupId: 'sg-a', permissions: [icmpIn({ sourcePrefixListId: 'pl-1', policy: 'Drop', priority: 1 })] },
    ],
    self: ['sg-a'],
    peer: '10.1.1.20',
    decision: 'drop by sg-a#0',
    drops: ['0/0'],
  },
  {
    name: 'an IPv6 peer never matches an IPv4 flow',
    groups: [{ securityGroupId: 'sg-a', permissions: [icmpIn({ ipv6SourceCidrIp: '::/0', policy: 'Drop' })] }],
    self: ['sg-a'],
    peer: '10.1.1.5',
    decision: 'default denied',
  },
  {
    name: "an ingress destCidrIp that leaves out the holder's address rules the rule out",
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [
          icmpIn({ sourceCidrIp: '0.0.0.0/0', destCidrIp: '10.0.1.128/25', policy: 'Drop' }),
          icmpIn({ sourceCidrIp: '0.0.0.0/0', priority: 7 }),
        ],
      },
    ],
    self: ['sg-a'],
    peer: '10.1.1.5',
    decision: 'accept by sg-a#1',
  },
  {
    name: 'TCP rules never decide ICMP; ALL rules do',
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [
          { direction: 'ingress', ipProtocol: 'TCP', portRange: '1/65535', sourceCidrIp: '0.0.0.0/0', policy: 'Drop' },
          { direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.1.0.0/16', priority: 60 },
        ],
      },
    ],
    self: ['sg-a'],
    peer: '10.1.1.5',
    decision: 'accept by sg-a#1',
  },
  {
    name: 'a shared basic group with InnerAccessPolicy Accept lets members talk over any Drop',
    groups: [
      {
        securityGroupId: 'sg-a',
        innerAccessPolicy: 'Accept',
        permissions: [icmpIn({ sourceCidrIp: '0.0.0.0/0', policy: 'Drop' })],
      },
    ],
    self: ['sg-a'],
    peer: 'i-mate@10.0.1.40',
    decision: 'inner sg-a',
    drops: ['0/0'],
  },
  {
    name: 'egress of basic groups is allowed by default, of enterprise groups denied',
    groups: [{ securityGroupId: 'sg-a' }, { securityGroupId: 'sg-e', securityGroupType: 'enterprise' }],
    self: ['sg-e'],
    direction: 'egress',
    peer: '10.1.1.5',
    decision: 'default denied',
  },
  {
    name: 'egress of a basic group with no rule: allowed',
    groups: [{ securityGroupId: 'sg-a' }],
    self: ['sg-a'],
    direction: 'egress',
    peer: '10.1.1.5',
    decision: 'default allowed',
  },
  {
    name: 'the fix removes every matching Drop at priority 1 of every group, and no other',
    groups: [
      {
        securityGroupId: 'sg-a',
        permissions: [
          icmpIn({ sourceCidrIp: '10.0.0.0/8', policy: 'Drop', priority: 1 }),
          icmpIn({ sourceCidrIp: '10.0.0.0/8', policy: 'Drop', priority: 2 }),
          icmpIn({ sourceCidrIp: '10.0.0.0/8', policy: 'Accept', priority: 1 }),
          icmpIn({ sourceCidrIp: '10.2.0.0/16', policy: 'Drop', priority: 1 }),
          {
            direction: 'egress',
            ipProtocol: 'ALL',
            portRange: '-1/-1',
            destCidrIp: '0.0.0.0/0',
            policy: 'Drop',
            priority: 1,
          },
        ],
      },
      {
        securityGroupId: 'sg-b',
        permissions: [icmpIn({ ipProtocol: 'ALL', sourceCidrIp: '10.1.1.5/32', policy: 'Drop', priority: 0 })],
      },
    ],
    self: ['sg-a', 'sg-b'],
    peer: '10.1.1.5',
    decision: 'drop by sg-b#0',
    drops: ['0/0', '1/0'],
  },
];

describe('ICMP decision by one walk over the permissions (steps/securityGroupScan.ts)', () => {
  it.each(cases)('$name', (testCase) => {
    const instances: Array<[string, string, string[]]> = [
      ['i-self', '10.0.1.10', testCase.self],
      ['i-peer', '10.0.1.20', ['sg-m']],
      ['i-mate', '10.0.1.40', ['sg-a']],
    ];
    if (testCase.groups.some((g) => g.securityGroupId === 'sg-far')) instances.push(['i-far', '10.1.1.30', ['sg-far']]);
    const groups = testCase.groups.some((g) => g.securityGroupId === 'sg-m')
      ? testCase.groups
      : [...testCase.groups, { securityGroupId: 'sg-m' }];
    const c = compile(estate(groups, instances));
    const self = c.nicById.get('i-self')!;
    const direction = testCase.direction ?? 'ingress';
    const peer = peerOf(c, testCase.peer);
    const got = scanned(c, self, direction, peer, self.ip!);
    expect(got.decision).toBe(testCase.decision);
    expect(got.drops.map((d) => `${d.group}/${d.index}`)).toEqual(testCase.drops ?? []);
    expect(got).toEqual(reference(c, self, direction, peer, self.ip!));
  });
});

/** A random rule: every protocol, policy and peer kind, priorities drawn from few values so keys tie. */
function randomRule(random: () => number, groupIds: readonly string[]): Raw {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const direction: Direction = random() < 0.6 ? 'ingress' : 'egress';
  const ingress = direction === 'ingress';
  const ipProtocol = pick(['ICMP', 'ICMP', 'ALL', 'TCP', 'UDP']);
  const rule: Raw = {
    direction,
    ipProtocol,
    portRange: ipProtocol === 'TCP' || ipProtocol === 'UDP' ? pick(['22/22', '1/65535']) : '-1/-1',
    policy: random() < 0.35 ? 'Drop' : 'Accept',
    priority: pick([0, 1, 1, 2, 3, 3, 50, 100]),
  };
  const peerField = ingress ? 'sourceCidrIp' : 'destCidrIp';
  const localField = ingress ? 'destCidrIp' : 'sourceCidrIp';
  switch (pick(['cidr', 'cidr', 'cidr', 'group', 'prefixList', 'ipv6', 'none', 'both'])) {
    case 'cidr':
      rule[peerField] = pick([
        '10.0.0.0/8',
        '0.0.0.0/0',
        '10.0.1.0/24',
        '10.1.0.0/16',
        '10.1.1.5',
        '10.0.1.20/32',
        'not-a-block',
        '10.0.1.7/24',
      ]);
      break;
    case 'group':
      rule[ingress ? 'sourceGroupId' : 'destGroupId'] = pick([...groupIds, 'sg-gone']);
      break;
    case 'prefixList':
      rule[ingress ? 'sourcePrefixListId' : 'destPrefixListId'] = pick(['pl-1', 'pl-unknown']);
      break;
    case 'ipv6':
      rule[ingress ? 'ipv6SourceCidrIp' : 'ipv6DestCidrIp'] = '::/0';
      break;
    case 'both':
      rule[peerField] = pick(['10.9.0.0/16', '0.0.0.0/0']);
      rule[ingress ? 'sourceGroupId' : 'destGroupId'] = pick(groupIds);
      break;
  }
  if (random() < 0.15) rule[localField] = pick(['10.0.1.0/25', '10.0.1.128/25', '10.0.1.10', 'bad']);
  return rule;
}

describe('ICMP decision by one walk: the same as the sorted pool on random groups', () => {
  it('on twelve random estates, every holder toward every peer both ways', () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) randomEstate(seed, kinds);
    // Each outcome occurs: rules that accept and drop, the default, a shared Accept group.
    expect([...kinds].sort()).toEqual(['accept', 'default', 'drop', 'inner']);
  });
});

/** One seeded estate: every scanned decision equals the reference; the outcomes seen are added to `kinds`. */
function randomEstate(seed: number, kinds: Set<string>): void {
  const random = seededRandom(seed * 7919);
  const ids = ['sg-a', 'sg-b', 'sg-c', 'sg-d', 'sg-far'];
  const groups = ids.map((id) => ({
    securityGroupId: id,
    ...(id === 'sg-far' ? { vpcId: 'vpc-2' } : {}),
    ...(id === 'sg-d' ? { securityGroupType: 'enterprise' } : {}),
    ...(id !== 'sg-d' ? { innerAccessPolicy: random() < 0.3 ? 'Accept' : 'Drop' } : {}),
    permissions: Array.from({ length: Math.floor(random() * 40) }, () => randomRule(random, ids)),
  }));
  const pickGroups = (): string[] => {
    const own = ['sg-a', 'sg-b', 'sg-c', 'sg-d'].filter(() => random() < 0.45);
    return own.length > 0 ? own : ['sg-a'];
  };
  const instances: Array<[string, string, string[]]> = [
    ['i-1', '10.0.1.10', pickGroups()],
    ['i-2', '10.0.1.20', pickGroups()],
    ['i-3', '10.0.1.200', pickGroups()],
    ['i-4', '10.1.1.5', ['sg-far']],
    ['i-5', '10.1.1.20', ['sg-far']],
  ];
  const c = compile(estate(groups, instances));
  const peers: Peer[] = [
    ...c.nics.map((nic) => ({ ip: nic.ip!, instance: nic })),
    ...['10.0.1.20', '10.1.1.5', '10.1.1.20', '10.2.3.4', '10.0.1.3'].map((text) => ({
      ip: ip(text),
      instance: null,
    })),
  ];
  for (const holder of c.nics.slice(0, 3))
    for (const peer of peers)
      for (const direction of ['ingress', 'egress'] as const) {
        if (peer.instance === holder) continue;
        const got = scanned(c, holder, direction, peer, holder.ip!);
        expect(got).toEqual(reference(c, holder, direction, peer, holder.ip!));
        kinds.add(got.decision.split(' ')[0]!);
      }
}

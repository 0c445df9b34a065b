// The pure parts of the usability pass (issue 14): rules in evaluation order with safe defaults,
// endpoints typed by name, ID or address, an account's UID renamed everywhere, region IDs, the
// words shown for enum values, and where a blocker sits on the graph.
import { describe, expect, it } from 'vitest';
import type { Permission, Topology } from '../../simulator/document/schema';
import { buildTopologyIndex } from '../../simulator/model/topologyIndex';
import { createReachability } from '../../simulator/reach';
import { validateTopology } from '../../simulator/validate';
import { blockerAnchors } from '../../renderer/canvas/highlight';
import { regionError } from '../../renderer/regions';
import type { CheckOutcome } from '../../renderer/sim/types';
import { accountIdError, addVpc, removeRouteEntry, renameAccount } from '../../renderer/store/edits';
import { endpointText, resolveEndpoint } from '../../renderer/store/endpoints';
import { LINK_KINDS } from '../../renderer/store/links';
import { connectedPeerCidrs, newRule, priorityError, rulesInEvaluationOrder } from '../../renderer/store/rules';
import { runStateWord, statusWord } from '../../renderer/words';
import { example } from './helpers';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';
const SG_A = 'sg-m5eb1u5rbzpd4ljqj4b1';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const ACCOUNT_A = '1231579085529123';

const rule = (priority: number, policy: 'Accept' | 'Drop', direction: Permission['direction'] = 'ingress') =>
  ({ direction, ipProtocol: 'ICMP', portRange: '-1/-1', policy, priority, sourceCidrIp: '10.0.0.0/8' }) as Permission;

describe('security-group rules in evaluation order', () => {
  it.each([
    {
      name: 'priority first, then Drop before Accept, then document order',
      rules: [rule(5, 'Accept'), rule(1, 'Accept'), rule(5, 'Drop'), rule(1, 'Drop'), rule(1, 'Accept')],
      order: [3, 1, 4, 2, 0],
    },
    { name: 'one direction only', rules: [rule(1, 'Accept', 'egress'), rule(2, 'Accept')], order: [1] },
    {
      name: 'policy case as imported',
      rules: [rule(1, 'accept' as 'Accept'), rule(1, 'DROP' as 'Drop')],
      order: [1, 0],
    },
  ])('$name', ({ rules, order }) => {
    expect(rulesInEvaluationOrder(rules, 'ingress').map((r) => r.index)).toEqual(order);
  });

  it('a new rule takes the connected peer VPC’s CIDR, never 0.0.0.0/0', () => {
    const doc = example('cross-account');
    expect(connectedPeerCidrs(doc, VPC1)).toEqual(['172.16.0.0/16']);
    expect(newRule(doc, SG_A, 'ingress')).toMatchObject({ sourceCidrIp: '172.16.0.0/16', policy: 'Accept' });
    expect(newRule(doc, SG_A, 'egress')).toMatchObject({ destCidrIp: '172.16.0.0/16' });
  });

  it('without a connected VPC a new rule has an empty source, which validation flags', () => {
    const doc = example('cross-account');
    const lone: Topology = { ...doc, routerInterfaces: [] };
    const ruleAdded = newRule(lone, SG_A, 'ingress');
    expect(ruleAdded.sourceCidrIp).toBe('');
    const withRule: Topology = {
      ...lone,
      securityGroups: lone.securityGroups.map((g) =>
        g.securityGroupId === SG_A ? { ...g, permissions: [...g.permissions, ruleAdded] } : g,
      ),
    };
    const findings = validateTopology(withRule).filter((f) => f.path.startsWith('/securityGroups/0/permissions/1'));
    expect(findings.some((f) => f.severity === 'error')).toBe(true);
  });

  it.each([
    ['1', null],
    ['100', null],
    [' 7 ', null],
    ['0', 'priority: from 1 (evaluated first) to 100'],
    ['101', 'priority: from 1 (evaluated first) to 100'],
    ['1.5', 'priority: a whole number from 1 (evaluated first) to 100'],
    ['', 'priority: a whole number from 1 (evaluated first) to 100'],
  ])('priority %j → %j', (text, error) => {
    expect(priorityError(text)).toBe(error);
  });
});

describe('ping endpoints by name, ID or address', () => {
  const doc = example('cross-account');
  it.each([
    { text: A, allowIp: false, expected: { kind: 'instance', instanceId: A } },
    { text: 'InstanceID_B', allowIp: true, expected: { kind: 'instance', instanceId: B } },
    { text: 'instanceid_b', allowIp: true, expected: { kind: 'instance', instanceId: B } },
    { text: '10.1.2.3', allowIp: true, expected: { kind: 'ip', address: '10.1.2.3' } },
    { text: '  ', allowIp: true, expected: { kind: 'empty' } },
  ])('$text resolves', ({ text, allowIp, expected }) => {
    expect(resolveEndpoint(doc, text, allowIp)).toEqual(expected);
  });

  it.each([
    { text: '10.1.2.3', allowIp: false, message: /source must be an instance/ },
    { text: '10.1.2.300', allowIp: true, message: /10\.1\.2\.300/ },
    { text: 'nope', allowIp: true, message: /no instance named or with the ID "nope" \(or type an IPv4 address\)/ },
  ])('$text is refused with a reason', ({ text, allowIp, message }) => {
    const r = resolveEndpoint(doc, text, allowIp);
    expect(r.kind).toBe('unknown');
    expect(r.kind === 'unknown' && r.message).toMatch(message);
  });

  it('two instances with one name ask for the ID', () => {
    const twins: Topology = { ...doc, instances: doc.instances.map((i) => ({ ...i, name: 'web' })) };
    const r = resolveEndpoint(twins, 'web', true);
    expect(r.kind === 'unknown' && r.message).toMatch(/2 instances are named "web"/);
    expect(endpointText(twins, A)).toBe(A);
    expect(endpointText(doc, A)).toBe('InstanceID_A');
  });
});

describe('an account UID edited in a sketch', () => {
  it('follows every reference: VPCs, interfaces, opposite owners, positions', () => {
    const doc = example('cross-account');
    const moved: Topology = {
      ...doc,
      layout: { positions: { [ACCOUNT_A]: { x: 1, y: 2 }, [`region:${ACCOUNT_A}:cn-qingdao`]: { x: 3, y: 4 } } },
    };
    const next = renameAccount(moved, ACCOUNT_A, '1999999999999999');
    const text = JSON.stringify(next);
    expect(text).not.toContain(ACCOUNT_A);
    expect(next.vpcs.find((v) => v.vpcId === VPC1)?.accountId).toBe('1999999999999999');
    expect(next.routerInterfaces.map((r) => [r.accountId, r.oppositeInterfaceOwnerId])).toEqual([
      ['1999999999999999', '1564982317654321'],
      ['1564982317654321', '1999999999999999'],
    ]);
    expect(Object.keys(next.layout!.positions!)).toEqual(['1999999999999999', 'region:1999999999999999:cn-qingdao']);
    expect(validateTopology(next).filter((f) => f.severity !== 'info')).toEqual(
      validateTopology(doc).filter((f) => f.severity !== 'info'),
    );
  });

  it('follows the account into group owners, prefix lists, peering owners and intents', () => {
    const doc = example('cross-account');
    const withRefs = {
      ...doc,
      securityGroups: doc.securityGroups.map((g) => (g.vpcId === VPC1 ? { ...g, accountId: ACCOUNT_A } : g)),
      prefixLists: [{ prefixListId: 'pl-1', accountId: ACCOUNT_A, regionId: 'cn-qingdao', entries: [] }],
      vpcPeerConnections: [{ instanceId: 'pcc-1', vpcId: VPC2, acceptingVpcId: VPC1, acceptingOwnerUid: ACCOUNT_A }],
      intents: [{ from: ACCOUNT_A, to: B, expect: 'reachable' as const, protocol: 'icmp' as const }],
    };
    const next = renameAccount(withRefs, ACCOUNT_A, 'sketch-a');
    expect(JSON.stringify(next)).not.toContain(ACCOUNT_A);
    expect(next.securityGroups.find((g) => g.vpcId === VPC1)?.accountId).toBe('sketch-a');
    expect(next.prefixLists?.[0]?.accountId).toBe('sketch-a');
    expect(next.vpcPeerConnections?.[0]?.acceptingOwnerUid).toBe('sketch-a');
    expect(next.intents?.[0]).toMatchObject({ from: 'sketch-a', to: B });
  });

  it.each([
    ['', /required/],
    [' 123', /no spaces/],
    ['1564982317654321', /already another account/],
  ])('refuses %j', (next, message) => {
    const doc = example('cross-account');
    expect(accountIdError(doc, ACCOUNT_A, next)).toMatch(message);
    expect(renameAccount(doc, ACCOUNT_A, next)).toBe(doc);
  });

  it('a sketch name is accepted (an info finding asks for the UID before apply)', () => {
    const doc = example('cross-account');
    expect(accountIdError(doc, ACCOUNT_A, 'team-a')).toBeNull();
    const findings = validateTopology(renameAccount(doc, ACCOUNT_A, 'team-a'));
    expect(findings.find((f) => f.code === 'ACCOUNT_ID_NOT_NUMERIC')?.severity).toBe('info');
  });
});

describe('regions and words', () => {
  it.each([
    ['cn-hangzhou', null],
    ['ap-southeast-1', null],
    ['', /required/],
    ['hangzhou', /not an Alibaba Cloud region ID/],
    ['cn-atlantis', /not an Alibaba Cloud region ID/],
  ])('region %j', (text, expected) => {
    const error = regionError(text);
    if (expected === null) expect(error).toBeNull();
    else expect(error).toMatch(expected);
  });

  it.each([
    ['rolledBack', 'rolled back'],
    ['noChange', 'nothing to change'],
    ['someNewState', 'some new state'],
  ])('run state %s reads "%s"', (state, word) => {
    expect(runStateWord(state)).toBe(word);
  });

  it('interface statuses read as words', () => {
    expect(statusWord('AcceptingConnecting')).toBe('Accepting connection');
    expect(statusWord('Active')).toBe('Active');
  });
});

describe('connecting two VPCs', () => {
  it('offers every link kind that can join them; a VPC cannot be joined to itself', () => {
    const doc = example('cross-account');
    expect(LINK_KINDS.map((k) => [k.kind, k.unavailable(doc, VPC1, VPC2)])).toEqual([
      ['vpcPeer', null],
      ['routerInterface', null],
    ]);
    for (const kind of LINK_KINDS) expect(kind.unavailable(doc, VPC1, VPC1)).toMatch(/itself/);
    const third = addVpc(doc, ACCOUNT_A).doc;
    const vpc3 = third.vpcs[2].vpcId;
    const pair = LINK_KINDS.find((k) => k.kind === 'routerInterface')!;
    const created = pair.create(third, vpc3, VPC2)!;
    expect(created.doc.routerInterfaces).toHaveLength(4);
    expect(created.hops[vpc3]).toEqual({ nextHopType: 'RouterInterface', nextHopId: created.selectId });
    const initiator = created.doc.routerInterfaces.find((r) => r.routerInterfaceId === created.selectId);
    expect(initiator).toMatchObject({ role: 'InitiatingSide', routerId: third.vpcs[2].vRouterId });
  });
});

describe('blockers on the graph', () => {
  it('anchors each direction’s blocker to the node a user sees it on', () => {
    const doc = example('cross-account');
    // No route back from VPC2, and B's group admits nothing.
    let broken = removeRouteEntry(doc, 'vtb-2zefk1lhcyspp1ncehn4b', 0);
    broken = {
      ...broken,
      securityGroups: broken.securityGroups.map((g) =>
        g.securityGroupId === 'sg-2zeh6s0f7hcwt1xp6cgl' ? { ...g, permissions: [] } : g,
      ),
    };
    const result = createReachability(broken).check({ from: A, to: B, protocol: 'icmp', port: null });
    if ('kind' in result) throw new Error(result.message);
    const check: CheckOutcome = { kind: 'result', ...result };
    const anchors = blockerAnchors(check, buildTopologyIndex(broken));
    expect(
      [...anchors.entries()].map(([node, list]) => [node, list.map((a) => `${a.blocker.direction}:${a.blocker.code}`)]),
    ).toEqual([
      [B, ['forward:SG_INGRESS_DENIED']],
      [VPC2, ['return:NO_ROUTE']],
    ]);
  });
});

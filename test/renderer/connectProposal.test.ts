// Connect by intent (issue 14) over VPC peering or a router-interface pair (issue 12): the proposal
// for the flows a user asks for, proved by the simulator the app and `vpclink check` share.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { createReachability } from '../../simulator/reach';
import { validateTopology } from '../../simulator/validate';
import {
  flowsFor,
  instancesOfVpc,
  parsePorts,
  proposeConnection,
  type ConnectProposal,
  type FlowIntent,
} from '../../renderer/store/connectProposal';
import { setIdRandom } from '../../renderer/store/ids';
import {
  defaultLinkKind,
  LINK_KINDS,
  peeringBandwidthText,
  peeringStatus,
  removePeering,
  routesThroughPeering,
  type LinkKindName,
} from '../../renderer/store/links';
import { connectedPeerCidrs } from '../../renderer/store/rules';
import { applyDelete, planDelete } from '../../renderer/store/references';
import { example } from './helpers';

const SEEDS = {
  'cross-account': {
    vpc1: 'vpc-m5eh2wln3wdeovmrvvr4a',
    vpc2: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
    a: 'i-m5e8s3ti3g1xtn0gmaus',
    b: 'i-2ze6pb1ti4wkxo4mnwo3',
  },
  'same-account': {
    vpc1: 'vpc-2ze12345678bjvpc1abcd',
    vpc2: 'vpc-bp112345678hzvpc2abcd',
    a: 'i-2zeaabj1instancea0001',
    b: 'i-bp1bhz2instanceb0002',
  },
} as const;

/** A seed without its interconnection: no link, no routes, no rules. */
function unconnected(name: keyof typeof SEEDS): Topology {
  const doc = example(name);
  return {
    ...doc,
    routerInterfaces: [],
    routeTables: doc.routeTables.map((t) => ({ ...t, routeEntries: [] })),
    securityGroups: doc.securityGroups.map((g) => ({ ...g, permissions: [] })),
  };
}

function verdict(
  doc: Topology,
  from: string,
  to: string,
  protocol: 'icmp' | 'tcp' = 'icmp',
  port: number | null = null,
) {
  const result = createReachability(doc).check({ from, to, protocol, port });
  if ('kind' in result) throw new Error(result.message);
  return result.verdict;
}

const link = (kind: LinkKindName) => LINK_KINDS.find((k) => k.kind === kind)!;

function propose(doc: Topology, kind: LinkKindName, from: string, to: string, flows: readonly FlowIntent[]) {
  const result = proposeConnection(doc, { fromVpcId: from, toVpcId: to, link: link(kind), flows });
  if ('error' in result) throw new Error(result.error);
  return result;
}

const allRules = (doc: Topology) => doc.securityGroups.flatMap((g) => g.permissions);

beforeEach(() => {
  let s = 7;
  setIdRandom(() => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  });
});

describe.each(['cross-account', 'same-account'] as const)('connecting the %s seed by intent', (seed) => {
  const ids = SEEDS[seed];
  describe.each(['vpcPeer', 'routerInterface'] as const)('over %s', (kind) => {
    let doc: Topology;
    let proposal: ConnectProposal;
    beforeEach(() => {
      doc = unconnected(seed);
      const flows = flowsFor([ids.a], [ids.b], { icmp: true, tcpPorts: [], bothWays: true });
      proposal = propose(doc, kind, ids.vpc1, ids.vpc2, flows);
    });

    it('the ping fails before and works both ways after accepting the proposal', () => {
      expect(verdict(doc, ids.a, ids.b)).toBe('unreachable');
      expect(proposal.verdicts.map((v) => v.verdict)).toEqual(['reachable', 'reachable']);
      expect(verdict(proposal.doc, ids.a, ids.b)).toBe('reachable');
      expect(verdict(proposal.doc, ids.b, ids.a)).toBe('reachable');
      expect(proposal.problems).toEqual([]);
      expect(validateTopology(proposal.doc).filter((f) => f.severity === 'error')).toEqual([]);
    });

    it('routes each vSwitch block both ways through the link, nothing wider', () => {
      const vswOf = (instance: string) => {
        const i = doc.instances.find((x) => x.instanceId === instance)!;
        return doc.vSwitches.find((s) => s.vSwitchId === i.vSwitchId)!;
      };
      const routes = proposal.doc.routeTables.flatMap((t) =>
        t.routeEntries.map((e) => ({
          vpc: t.vpcId,
          to: e.destinationCidrBlock,
          type: e.nextHopType,
          hop: e.nextHopId,
        })),
      );
      expect(routes.map((r) => [r.vpc, r.to, r.type])).toEqual([
        [ids.vpc1, vswOf(ids.b).cidrBlock, kind === 'vpcPeer' ? 'VpcPeer' : 'RouterInterface'],
        [ids.vpc2, vswOf(ids.a).cidrBlock, kind === 'vpcPeer' ? 'VpcPeer' : 'RouterInterface'],
      ]);
      if (kind === 'vpcPeer') {
        // The same pcc ID in both VPCs' tables (aliyun-links.md §1.6).
        const [connection] = proposal.doc.vpcPeerConnections!;
        expect(routes.every((r) => r.hop === connection.instanceId)).toBe(true);
        expect(connection).toMatchObject({ vpcId: ids.vpc1, acceptingVpcId: ids.vpc2 });
        expect(proposal.selectId).toBe(connection.instanceId);
      } else {
        expect(new Set(routes.map((r) => r.hop)).size).toBe(2);
        expect(proposal.doc.routerInterfaces).toHaveLength(2);
      }
    });

    it('adds one ICMP rule per side, from the peer vSwitch block, never from the whole internet', () => {
      const rules = allRules(proposal.doc);
      expect(rules).toHaveLength(2);
      expect(rules.every((r) => r.direction === 'ingress' && r.ipProtocol === 'ICMP' && r.policy === 'Accept')).toBe(
        true,
      );
      expect(rules.map((r) => r.sourceCidrIp).sort()).toEqual(
        doc.vSwitches
          .filter((s) => ([ids.vpc1, ids.vpc2] as string[]).includes(s.vpcId))
          .map((s) => s.cidrBlock)
          .sort(),
      );
      expect(JSON.stringify(proposal.doc)).not.toContain('0.0.0.0/0');
    });

    it('lists every change as a sentence: the link, two routes, two rules', () => {
      expect(proposal.changes.map((c) => c.kind)).toEqual(['link', 'route', 'route', 'rule', 'rule']);
      expect(proposal.changes[0].text).toMatch(kind === 'vpcPeer' ? /VPC peering connection/ : /router-interface pair/);
      expect(proposal.changes[1].text).toMatch(/route \d+\.\d+\.\d+\.\d+\/\d+ \(.+ in VPC2\) through/);
      expect(proposal.changes[3].text).toMatch(/allow ICMP in from \d+\.\d+\.\d+\.\d+\/\d+, priority 1/);
      for (const c of proposal.changes) expect(c.text).not.toMatch(/undefined|\[object/);
    });
  });
});

describe('what the user asks for is exactly what gets opened', () => {
  const ids = SEEDS['cross-account'];

  it('one way, TCP 22 only: one rule on the destination, for port 22; the reverse and ping stay closed', () => {
    const doc = unconnected('cross-account');
    const flows = flowsFor([ids.a], [ids.b], { icmp: false, tcpPorts: [22], bothWays: false });
    const proposal = propose(doc, 'vpcPeer', ids.vpc1, ids.vpc2, flows);
    expect(proposal.verdicts.map((v) => [v.text, v.verdict])).toEqual([
      ['InstanceID_A → InstanceID_B, TCP 22', 'reachable'],
    ]);
    expect(allRules(proposal.doc)).toEqual([
      expect.objectContaining({ direction: 'ingress', ipProtocol: 'TCP', portRange: '22/22', priority: 1 }),
    ]);
    expect(verdict(proposal.doc, ids.a, ids.b, 'tcp', 22)).toBe('reachable');
    expect(verdict(proposal.doc, ids.a, ids.b, 'tcp', 23)).toBe('unreachable');
    expect(verdict(proposal.doc, ids.a, ids.b)).toBe('unreachable');
    expect(verdict(proposal.doc, ids.b, ids.a, 'tcp', 22)).toBe('unreachable');
  });

  it('rules already there are kept, not duplicated; only the missing route is added', () => {
    const doc = example('cross-account');
    const withoutRi = {
      ...doc,
      routerInterfaces: [],
      routeTables: doc.routeTables.map((t) => ({ ...t, routeEntries: [] })),
    };
    const proposal = propose(
      withoutRi,
      'vpcPeer',
      ids.vpc1,
      ids.vpc2,
      flowsFor([ids.a], [ids.b], { icmp: true, tcpPorts: [], bothWays: true }),
    );
    expect(proposal.changes.map((c) => c.kind)).toEqual(['link', 'route', 'route']);
    expect(allRules(proposal.doc)).toEqual(allRules(doc));
  });

  it('a Drop rule that would win is named and removed with the new Accept', () => {
    const doc = unconnected('cross-account');
    const sgB = doc.securityGroups[1].securityGroupId;
    const blocked: Topology = {
      ...doc,
      securityGroups: doc.securityGroups.map((g) =>
        g.securityGroupId === sgB
          ? {
              ...g,
              permissions: [
                {
                  direction: 'ingress',
                  ipProtocol: 'ALL',
                  portRange: '-1/-1',
                  sourceCidrIp: '0.0.0.0/0',
                  policy: 'Drop',
                  priority: 1,
                },
              ],
            }
          : g,
      ),
    };
    const proposal = propose(
      blocked,
      'vpcPeer',
      ids.vpc1,
      ids.vpc2,
      flowsFor([ids.a], [ids.b], { icmp: true, tcpPorts: [], bothWays: false }),
    );
    expect(proposal.verdicts[0].verdict).toBe('reachable');
    expect(proposal.changes.at(-1)!.text).toMatch(/remove the Drop rule/);
  });

  it('with no instance yet, routes join the whole VPC blocks and no rule is added', () => {
    const doc = unconnected('cross-account');
    const bare: Topology = { ...doc, instances: [] };
    const proposal = propose(bare, 'routerInterface', ids.vpc1, ids.vpc2, []);
    expect(proposal.doc.routeTables.flatMap((t) => t.routeEntries.map((e) => e.destinationCidrBlock))).toEqual([
      doc.vpcs[1].cidrBlock,
      doc.vpcs[0].cidrBlock,
    ]);
    expect(allRules(proposal.doc)).toEqual([]);
    expect(proposal.verdicts).toEqual([]);
  });

  it('overlapping vSwitch blocks are reported as a problem, not routed', () => {
    const doc = unconnected('cross-account');
    const clash: Topology = {
      ...doc,
      vSwitches: doc.vSwitches.map((s, i) => (i === 1 ? { ...s, cidrBlock: doc.vSwitches[0].cidrBlock } : s)),
    };
    const proposal = propose(
      clash,
      'vpcPeer',
      ids.vpc1,
      ids.vpc2,
      flowsFor([ids.a], [ids.b], { icmp: true, tcpPorts: [], bothWays: false }),
    );
    expect(proposal.problems.join('\n')).toMatch(/overlaps a vSwitch of VPC1/);
    expect(proposal.verdicts[0].verdict).not.toBe('reachable');
  });

  it('refuses a second peering between the same VPCs and a VPC joined to itself', () => {
    const doc = unconnected('cross-account');
    const once = propose(doc, 'vpcPeer', ids.vpc1, ids.vpc2, []);
    expect(
      proposeConnection(once.doc, { fromVpcId: ids.vpc2, toVpcId: ids.vpc1, link: link('vpcPeer'), flows: [] }),
    ).toEqual({
      error: expect.stringMatching(/already peered/),
    });
    expect(
      proposeConnection(doc, { fromVpcId: ids.vpc1, toVpcId: ids.vpc1, link: link('routerInterface'), flows: [] }),
    ).toEqual({
      error: expect.stringMatching(/itself/),
    });
  });

  it('a cross-region peering carries the inter-region bandwidth; a same-region one none', () => {
    const doc = unconnected('cross-account');
    const cross = propose(doc, 'vpcPeer', ids.vpc1, ids.vpc2, []).doc.vpcPeerConnections![0];
    expect(cross.bandwidth).toBe(1024);
    const sameRegion: Topology = { ...doc, vpcs: doc.vpcs.map((v) => ({ ...v, regionId: 'cn-beijing' })) };
    expect(propose(sameRegion, 'vpcPeer', ids.vpc1, ids.vpc2, []).doc.vpcPeerConnections![0].bandwidth).toBeUndefined();
  });
});

describe('the dialog’s inputs', () => {
  it.each([
    ['', []],
    ['22', [22]],
    ['22, 443 22', [22, 443]],
  ])('ports "%s" read as %j', (text, ports) => {
    expect(parsePorts(text)).toEqual({ ports });
  });

  it.each(['0', '65536', 'ssh', '22-23'])('refuses port text "%s" naming it', (text) => {
    expect(parsePorts(text)).toEqual({ error: expect.stringContaining(`"${text}"`) });
  });

  it('lists the instances of a VPC and builds flows both ways per service', () => {
    const doc = example('cross-account');
    expect(instancesOfVpc(doc, SEEDS['cross-account'].vpc1).map((i) => i.instanceId)).toEqual([
      SEEDS['cross-account'].a,
    ]);
    expect(flowsFor(['a'], ['b'], { icmp: true, tcpPorts: [22], bothWays: true })).toEqual([
      { from: 'a', to: 'b', protocol: 'icmp', port: null },
      { from: 'b', to: 'a', protocol: 'icmp', port: null },
      { from: 'a', to: 'b', protocol: 'tcp', port: 22 },
      { from: 'b', to: 'a', protocol: 'tcp', port: 22 },
    ]);
  });

  it('starts new designs on peering; a document of router interfaces keeps them', () => {
    expect(defaultLinkKind(unconnected('cross-account'))).toBe('vpcPeer');
    expect(defaultLinkKind(example('cross-account'))).toBe('routerInterface');
  });
});

describe('a peering connection in the app', () => {
  const ids = SEEDS['cross-account'];
  const peered = () =>
    propose(
      unconnected('cross-account'),
      'vpcPeer',
      ids.vpc1,
      ids.vpc2,
      flowsFor([ids.a], [ids.b], { icmp: true, tcpPorts: [], bothWays: true }),
    );

  it.each([
    [undefined, 'active', 'Active', true],
    ['Activated', 'active', 'Active', false],
    ['Accepting', 'pending', 'Waiting for the other account to accept', false],
    ['Rejected', 'broken', 'Rejected by the other account', false],
    ['Expired', 'broken', 'Expired (not accepted in time)', false],
  ] as const)('status %s reads as %s, "%s"', (status, state, word, asDesigned) => {
    const { doc } = peered();
    const connection = { ...doc.vpcPeerConnections![0], ...(status ? { status } : {}) };
    expect(peeringStatus(doc, connection)).toEqual({ status: status ?? 'Activated', state, word, asDesigned });
  });

  it('a connection to a VPC missing from the document is broken, as the simulator treats it', () => {
    const { doc } = peered();
    const connection = { ...doc.vpcPeerConnections![0], acceptingVpcId: 'vpc-gone' };
    expect(peeringStatus(doc, connection)).toMatchObject({ status: 'Invalid', state: 'broken' });
  });

  it('bandwidth reads in Mbit/s across regions and as no limit within one', () => {
    const { doc } = peered();
    expect(peeringBandwidthText(doc, doc.vpcPeerConnections![0])).toBe('1024 Mbit/s');
    const sameRegion: Topology = { ...doc, vpcs: doc.vpcs.map((v) => ({ ...v, regionId: 'cn-beijing' })) };
    expect(peeringBandwidthText(sameRegion, { ...doc.vpcPeerConnections![0], bandwidth: undefined })).toBe(
      'no limit within a region',
    );
  });

  it('lists the routes through it; deleting it takes them along (Force=true) and nothing else', () => {
    const { doc } = peered();
    const id = doc.vpcPeerConnections![0].instanceId;
    expect(routesThroughPeering(doc, id).map((r) => r.vpcId)).toEqual([ids.vpc1, ids.vpc2]);
    const removed = removePeering(doc, id);
    expect(removed.vpcPeerConnections).toEqual([]);
    expect(routesThroughPeering(removed, id)).toEqual([]);
    expect(removed.securityGroups).toBe(doc.securityGroups);
    expect(validateTopology(removed).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('deleting a VPC deletes its peering connection and the other side’s routes through it', () => {
    const { doc } = peered();
    const id = doc.vpcPeerConnections![0].instanceId;
    const plan = planDelete(doc, [ids.vpc2]);
    expect(plan.removed).toContain(id);
    expect(plan.dangling.map((d) => d.repair)).toEqual([expect.stringMatching(/^route .* is removed$/)]);
    const after = applyDelete(doc, plan);
    expect(after.vpcPeerConnections).toEqual([]);
    expect(routesThroughPeering(after, id)).toEqual([]);
    expect(validateTopology(after).filter((f) => f.code.startsWith('PEERING') || f.severity === 'error')).toEqual([]);
    // Asked for by its ID (the Delete key on a selected peering), only it and its routes go.
    const alone = applyDelete(doc, planDelete(doc, [id]));
    expect(alone.vpcs).toEqual(doc.vpcs);
    expect(alone).toEqual(removePeering(doc, id));
  });

  it('a new rule’s default source is the VPC across a peering too', () => {
    const { doc } = peered();
    expect(connectedPeerCidrs(doc, ids.vpc1)).toEqual([doc.vpcs[1].cidrBlock]);
    expect(connectedPeerCidrs(unconnected('cross-account'), ids.vpc1)).toEqual([]);
  });
});

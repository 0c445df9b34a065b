/**
 * The make-before-break migration of a router-interface link to VPC peering (simulator/plan/migrate.ts):
 * the sequence of document states for each seed, re-checked here with a fresh simulator per state
 * (not the planner's own prover), and the refusals.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/document';
import { planMigrationToPeering, type MigrationResult } from '../../../simulator/plan';
import { createReachability } from '../../../simulator/reach';
import { validateTopology } from '../../../simulator/validate';
import { load, loadExample } from './fixtures';

/** Every instance pair's ping verdict, independently of the planner. */
function pings(doc: Topology): Set<string> {
  const matrix = createReachability(doc).matrix({ protocol: 'icmp', port: null });
  const out = new Set<string>();
  matrix.instances.forEach((from, r) =>
    matrix.instances.forEach((to, c) => {
      if (r !== c && matrix.reachable[r]![c]) out.add(`${from} → ${to}`);
    }),
  );
  return out;
}

function planned(result: MigrationResult) {
  if (result.kind !== 'planned') throw new Error(`refused: ${result.message}`);
  return result;
}

const A = '1231579085529123';
const B = '1564982317654321';
/** One route's move: bridge halves, old route out, new route in, halves out. */
const MOVE = ['addBridgeRoutes', 'removeRoute', 'addRoute', 'removeBridgeRoutes'] as const;

const cases = [
  {
    name: 'same account (Beijing ↔ Hangzhou): the peering activates by itself',
    example: 'same-account',
    link: 'ri-bp1h2vpc2tovpc1000002',
    kinds: ['createPeering', ...MOVE, ...MOVE, 'removeRouterInterfaces'],
    accounts: Array(10).fill(A),
    bandwidth: 1000, // Large.1 between regions: the link's bandwidth
  },
  {
    name: 'cross account (Qingdao ↔ Beijing): the accepter accepts before any route moves',
    example: 'cross-account',
    link: 'ri-m5e33r3n78zyi5573kf85',
    kinds: ['createPeering', 'acceptPeering', ...MOVE, ...MOVE, 'removeRouterInterfaces'],
    accounts: [A, B, A, A, A, A, B, B, B, B, A],
    bandwidth: 2, // Mini.2
  },
] as const;

describe('planMigrationToPeering', () => {
  it.each(cases)('$name', ({ example, link, kinds, accounts, bandwidth }) => {
    const before = loadExample(example);
    const result = planned(planMigrationToPeering(before, link));
    expect(result.steps.map((s) => s.kind)).toEqual(kinds);
    expect(result.steps.map((s) => s.accountId)).toEqual(accounts);
    expect(result.steps.map((s) => s.index)).toEqual(kinds.map((_, i) => i + 1));
    expect(result.peering).toMatchObject({ status: 'Activated', bandwidth });
    const baseline = pings(before);
    expect(baseline.size).toBe(2);
    expect(result.flows).toHaveLength(2);
    // Reachability never drops: every state, simulated afresh, keeps every ping of before.
    for (const step of result.steps) {
      expect(
        [...baseline].filter((f) => !pings(step.document).has(f)),
        `after step ${step.index}`,
      ).toEqual([]);
      expect(step.proof).toEqual({ flowsChecked: 2, flowsKept: 2 });
    }
    // The peering is Activated before the first route moves to it.
    const firstSwitch = result.steps.findIndex((s) => s.kind === 'addBridgeRoutes');
    expect(result.steps[firstSwitch - 1]!.document.vpcPeerConnections?.[0]?.status).toBe('Activated');
    // The end state: no router interfaces, both routes on the peering, and it validates clean.
    const after = result.steps.at(-1)!.document;
    expect(after.routerInterfaces).toEqual([]);
    expect(after.routeTables.flatMap((t) => t.routeEntries.map((e) => `${e.nextHopType} ${e.nextHopId}`))).toEqual([
      `VpcPeer ${result.peering.instanceId}`,
      `VpcPeer ${result.peering.instanceId}`,
    ]);
    expect(validateTopology(after).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reuses an Activated peering that already joins the two VPCs (no create, no accept)', () => {
    const before = loadExample('same-account');
    const withPeering = load({
      ...before,
      vpcPeerConnections: [
        { instanceId: 'pcc-existing', vpcId: before.vpcs[1]!.vpcId, acceptingVpcId: before.vpcs[0]!.vpcId },
      ],
    });
    const result = planned(planMigrationToPeering(withPeering, 'ri-2zeb1vpc1tovpc2000001'));
    expect(result.steps.map((s) => s.kind)).toEqual([...MOVE, ...MOVE, 'removeRouterInterfaces']);
    expect(result.steps[0]!.route?.toNextHop).toEqual({ nextHopType: 'VpcPeer', nextHopId: 'pcc-existing' });
  });

  it.each([
    ['an unknown ID', (doc: Topology) => doc, 'ri-nosuch', 'MIGRATION_LINK_NOT_FOUND'],
    [
      'an interface whose partner is not in the document',
      (doc: Topology) => ({ ...doc, routerInterfaces: doc.routerInterfaces.slice(0, 1) }),
      'ri-2zeb1vpc1tovpc2000001',
      'MIGRATION_LINK_INCOMPLETE',
    ],
    [
      'a pair on a router that is no VPC’s vRouter',
      (doc: Topology) => ({ ...doc, vpcs: doc.vpcs.slice(1) }),
      'ri-2zeb1vpc1tovpc2000001',
      'MIGRATION_LINK_INCOMPLETE',
    ],
  ] as const)('refuses %s', (_name, edit, link, code) => {
    const result = planMigrationToPeering(edit(loadExample('same-account')), link);
    expect(result.kind).toBe('refused');
    if (result.kind === 'refused') expect(result.code).toBe(code);
  });

  it('migrates a link that carries no flow today (the broken acceptor): the end state pings', () => {
    const before = loadExample('broken-acceptor-not-configured');
    expect(pings(before).size).toBe(0);
    const result = planned(planMigrationToPeering(before, 'ri-m5e33r3n78zyi5573kf85'));
    expect(result.flows).toEqual([]);
    expect(pings(result.steps.at(-1)!.document).size).toBe(2);
  });

  it('refuses, naming the flow, when a step would break one that no order keeps', () => {
    // The seed link next to the peering example's cross-account pair; the planned peering is given
    // the ID of that pair's connection, so creating it would take the pair's connection away.
    const same = loadExample('same-account');
    const peering = loadExample('peering');
    const cross = new Set(['vpc-m5eh2wln3wdeovmrvvr4a', 'vpc-2zeo9pbx3kvs1gd7pu3gs']);
    const doc = load({
      ...same,
      accounts: peering.accounts,
      vpcs: [...same.vpcs, ...peering.vpcs.filter((v) => cross.has(v.vpcId))],
      vSwitches: [...same.vSwitches, ...peering.vSwitches.filter((v) => cross.has(v.vpcId))],
      routeTables: [...same.routeTables, ...peering.routeTables.filter((t) => cross.has(t.vpcId))],
      securityGroups: [...same.securityGroups, ...peering.securityGroups.filter((g) => cross.has(g.vpcId))],
      instances: [...same.instances, 'i-m5e8s3ti3g1xtn0gmaus', 'i-2ze6pb1ti4wkxo4mnwo3'].map((i) =>
        typeof i === 'string' ? peering.instances.find((p) => p.instanceId === i)! : i,
      ),
      vpcPeerConnections: peering.vpcPeerConnections!.filter((p) => cross.has(p.vpcId)),
    });
    expect(pings(doc).size).toBe(4);
    const result = planMigrationToPeering(doc, 'ri-2zeb1vpc1tovpc2000001', { peeringId: 'pcc-m5e1vpc1tovpc2peer0002' });
    expect(result.kind).toBe('refused');
    if (result.kind !== 'refused') return;
    expect(result.code).toBe('MIGRATION_BREAKS_FLOW');
    expect(['i-m5e8s3ti3g1xtn0gmaus', 'i-2ze6pb1ti4wkxo4mnwo3']).toContain(result.flow?.from);
    expect(result.message).toContain(result.flow!.from);
    expect(result.steps).toEqual([]);
  });

  it('bridges each route with its two halves, so every state has a route for every address', () => {
    const result = planned(planMigrationToPeering(loadExample('same-account'), 'ri-2zeb1vpc1tovpc2000001'));
    const bjTable = (doc: Topology) =>
      doc.routeTables
        .find((t) => t.routeTableId === 'vtb-2ze0bjvpc1system00001')!
        .routeEntries.map((e) => `${e.destinationCidrBlock} ${e.nextHopType}`);
    expect(result.steps.slice(1, 5).map((s) => bjTable(s.document))).toEqual([
      ['172.16.100.0/24 RouterInterface', '172.16.100.0/25 VpcPeer', '172.16.100.128/25 VpcPeer'],
      ['172.16.100.0/25 VpcPeer', '172.16.100.128/25 VpcPeer'],
      ['172.16.100.0/25 VpcPeer', '172.16.100.128/25 VpcPeer', '172.16.100.0/24 VpcPeer'],
      ['172.16.100.0/24 VpcPeer'],
    ]);
    expect(result.steps[1]!.bridge).toEqual(['172.16.100.0/25', '172.16.100.128/25']);
  });

  it('refuses, naming the flow, when a /32 route cannot be bridged and its removal loses the ping', () => {
    const raw = loadExample('same-account');
    const doc = load({
      ...raw,
      routeTables: raw.routeTables.map((t) => ({
        ...t,
        routeEntries: t.routeEntries.map((e) =>
          e.destinationCidrBlock === '172.16.100.0/24' ? { ...e, destinationCidrBlock: '172.16.100.10/32' } : e,
        ),
      })),
    });
    expect(pings(doc).size).toBe(2);
    const result = planMigrationToPeering(doc, 'ri-2zeb1vpc1tovpc2000001');
    expect(result.kind).toBe('refused');
    if (result.kind !== 'refused') return;
    expect(result.code).toBe('MIGRATION_BREAKS_FLOW');
    expect(result.flow).toMatchObject({ from: 'i-2zeaabj1instancea0001', to: 'i-bp1bhz2instanceb0002' });
    expect(result.message).toMatch(
      /delete 172\.16\.100\.10\/32 .* would make i-2zeaabj1instancea0001 → i-bp1bhz2instanceb0002 icmp unreachable/,
    );
    // The other route moved first (reordered past the /32); the peering and that route are proven.
    expect(result.steps.map((s) => s.kind)).toEqual(['createPeering', ...MOVE]);
  });

  it('is deterministic: the same document gives the same plan', () => {
    const doc = loadExample('cross-account');
    expect(JSON.stringify(planMigrationToPeering(doc, 'ri-2zeix2q86uoyisagyz0pn'))).toBe(
      JSON.stringify(planMigrationToPeering(doc, 'ri-2zeix2q86uoyisagyz0pn')),
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  ownerMarker,
  planChanges,
  planRollback,
  planTeardown,
  type CreatedResource,
  type Plan,
  type PlanStep,
  type VpcPeerKey,
} from '../../../simulator/plan';
import type { Topology } from '../../../simulator/document';
import { CROSS, PCC, peeringAppliedOf, peeringBaseOf, peeringOf } from './peeringFixtures';

const noDelta = { reachabilityDelta: false } as const;

function step(plan: Plan, id: string): PlanStep {
  const found = plan.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${plan.steps.map((s) => s.id).join(', ')}`);
  return found;
}

const cross = peeringOf('cross-account');
const same = peeringOf('same-account');
const SAME_A = same.vpcs[0]!;
const SAME_B = same.vpcs[1]!;
const CROSS_KEY = `${CROSS.accountA}:cn-qingdao:${CROSS.vpcA}:${CROSS.accountB}:cn-beijing:${CROSS.vpcB}`;
const SAME_KEY = `${SAME_A.accountId}:${SAME_A.regionId}:${SAME_A.vpcId}:${SAME_B.accountId}:${SAME_B.regionId}:${SAME_B.vpcId}`;
const routeA = `${CROSS.vtbA}:172.16.0.0/16`;
const routeB = `${CROSS.vtbB}:192.168.0.0/16`;

/** The estate before apply, plus a live connection in `status` (no routes to it yet). */
function liveOnly(status: string): Topology {
  return {
    ...peeringBaseOf(cross),
    vpcPeerConnections: peeringAppliedOf(cross, 'pcc-live0000001', status).vpcPeerConnections!,
  };
}

/** The kinds and IDs of the peering steps (routes and rules left out). */
function peeringSteps(plan: Plan): string[] {
  return plan.steps.filter((s) => s.kind.endsWith('VpcPeerConnection')).map((s) => s.id);
}

describe('planChanges with VPC peering: the table', () => {
  const cases: {
    name: string;
    desired: Topology;
    current: Topology;
    peering: string[];
    problems: string[];
    billable: number;
  }[] = [
    {
      name: 'same account: create, then only wait (the system accepts by itself)',
      desired: same,
      current: peeringBaseOf(same),
      peering: [`create-pcc:${SAME_KEY}`, `wait-pcc-active:${SAME_KEY}`],
      problems: [],
      billable: 1, // beijing ↔ hangzhou: cross-region
    },
    {
      name: 'same account, same region: nothing billable',
      desired: peeringOf('same-account', { sameRegion: true }),
      current: peeringBaseOf(peeringOf('same-account', { sameRegion: true })),
      peering: [
        `create-pcc:${SAME_A.accountId}:${SAME_A.regionId}:${SAME_A.vpcId}:${SAME_B.accountId}:${SAME_A.regionId}:${SAME_B.vpcId}`,
        `wait-pcc-active:${SAME_A.accountId}:${SAME_A.regionId}:${SAME_A.vpcId}:${SAME_B.accountId}:${SAME_A.regionId}:${SAME_B.vpcId}`,
      ],
      problems: [],
      billable: 0,
    },
    {
      name: 'cross-account: create, wait Accepting, accept with the accepter, wait Activated',
      desired: cross,
      current: peeringBaseOf(cross),
      peering: [
        `create-pcc:${CROSS_KEY}`,
        `wait-pcc-accepting:${CROSS_KEY}`,
        `accept-pcc:${CROSS_KEY}`,
        `wait-pcc-active:${CROSS_KEY}`,
      ],
      problems: [],
      billable: 1,
    },
    {
      name: 'already live and Activated: nothing at all',
      desired: cross,
      current: peeringAppliedOf(cross, 'pcc-live0000001'),
      peering: [],
      problems: [],
      billable: 0,
    },
    {
      name: 'live in Accepting (a run killed after the create): only accept and wait',
      desired: cross,
      current: peeringAppliedOf(cross, 'pcc-live0000001', 'Accepting'),
      peering: [`accept-pcc:${CROSS_KEY}`, `wait-pcc-active:${CROSS_KEY}`],
      problems: [],
      billable: 0,
    },
    {
      name: 'live in Creating: wait Accepting, accept, wait',
      desired: cross,
      current: peeringAppliedOf(cross, 'pcc-live0000001', 'Creating'),
      peering: [`wait-pcc-accepting:${CROSS_KEY}`, `accept-pcc:${CROSS_KEY}`, `wait-pcc-active:${CROSS_KEY}`],
      problems: [],
      billable: 0,
    },
    {
      name: 'live in Updating: only wait',
      desired: cross,
      current: peeringAppliedOf(cross, 'pcc-live0000001', 'Updating'),
      peering: [`wait-pcc-active:${CROSS_KEY}`],
      problems: [],
      billable: 0,
    },
    {
      name: 'live Rejected: a problem, no step for the connection or its routes',
      desired: cross,
      current: liveOnly('Rejected'),
      peering: [],
      problems: ['PEERING_LIVE_REJECTED'],
      billable: 0,
    },
    {
      name: 'live Expired: the same problem',
      desired: cross,
      current: liveOnly('Expired'),
      peering: [],
      problems: ['PEERING_LIVE_REJECTED'],
      billable: 0,
    },
    {
      name: 'live Deleting: ignored, a new one is created',
      desired: same,
      current: {
        ...peeringBaseOf(same),
        vpcPeerConnections: peeringAppliedOf(same, 'pcc-old', 'Deleting').vpcPeerConnections!,
      },
      peering: [`create-pcc:${SAME_KEY}`, `wait-pcc-active:${SAME_KEY}`],
      problems: [],
      billable: 1,
    },
    {
      name: 'live Activated with another bandwidth (inter-region): modify, wait',
      desired: peeringOf('cross-account', { bandwidth: 200 }),
      current: peeringAppliedOf(peeringOf('cross-account', { bandwidth: 200 }), 'pcc-live0000001', 'Activated', 1024),
      peering: [`modify-pcc:${CROSS_KEY}`, `wait-pcc-modified:${CROSS_KEY}`],
      problems: [],
      billable: 1,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const plan = planChanges(c.desired, c.current, noDelta);
      expect(peeringSteps(plan)).toEqual(c.peering);
      expect(plan.problems.map((p) => p.code)).toEqual(c.problems);
      expect(plan.billable.filter((b) => b.kind === 'vpcPeerConnection')).toHaveLength(c.billable);
      if (c.problems.length) expect(plan.steps.filter((s) => s.kind === 'createRouteEntry')).toEqual([]);
    });
  }
});

describe('planChanges: a cross-account, cross-region peering against an empty estate', () => {
  const plan = planChanges(cross, peeringBaseOf(cross), noDelta);

  it('reads like the console tutorial: connection, acceptance, routes serialised per VPC, then rules', () => {
    expect(plan.steps.map((s) => s.id)).toEqual([
      `create-pcc:${CROSS_KEY}`,
      `wait-pcc-accepting:${CROSS_KEY}`,
      `accept-pcc:${CROSS_KEY}`,
      `wait-pcc-active:${CROSS_KEY}`,
      `create-route:${routeA}`,
      `wait-route:${routeA}`,
      `create-route:${routeB}`,
      `wait-route:${routeB}`,
      `authorize-sg:${CROSS.sgA}:ingress`,
      `authorize-sg:${CROSS.sgB}:ingress`,
    ]);
    expect(plan.summary).toEqual({ steps: 10, mutating: 6, creates: 5, deletes: 0, modifies: 1, waits: 4 });
  });

  it("creates in the requester's account with the API's parameter names, a ClientToken and the ownership marker", () => {
    const create = step(plan, `create-pcc:${CROSS_KEY}`);
    expect(create).toMatchObject({
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      product: 'vpcpeer',
      mutating: true,
    });
    expect(create.params).toEqual({
      RegionId: 'cn-qingdao',
      VpcId: CROSS.vpcA,
      AcceptingAliUid: CROSS.accountB,
      AcceptingRegionId: 'cn-beijing',
      AcceptingVpcId: CROSS.vpcB,
      Name: 'vpc1-to-vpc2',
      Description: ownerMarker(cross),
      ClientToken: expect.stringMatching(/^vpclink-[0-9a-f]{16}-[0-9a-f]{16}$/),
    });
  });

  it("accepts with the accepter's account and region, on the created ID", () => {
    const accept = step(plan, `accept-pcc:${CROSS_KEY}`);
    expect(accept).toMatchObject({
      accountId: CROSS.accountB,
      regionId: 'cn-beijing',
      action: 'AcceptVpcPeerConnection',
    });
    expect(accept.params.InstanceId).toEqual({ $ref: `create-pcc:${CROSS_KEY}.InstanceId` });
    expect(accept.params.ClientToken).toEqual(expect.any(String));
    expect(accept.dependsOn).toEqual([`wait-pcc-accepting:${CROSS_KEY}`]);
  });

  it('points both routes at the same connection (NextHopType=VpcPeer) once it is Activated', () => {
    for (const id of [`create-route:${routeA}`, `create-route:${routeB}`]) {
      const route = step(plan, id);
      expect(route.params).toMatchObject({
        NextHopType: 'VpcPeer',
        NextHopId: { $ref: `create-pcc:${CROSS_KEY}.InstanceId` },
      });
      expect(route.dependsOn).toContain(`wait-pcc-active:${CROSS_KEY}`);
    }
  });

  it('lists the cross-region connection as billable, at the default bandwidth when none is given', () => {
    expect(plan.billable).toEqual([
      expect.objectContaining({
        kind: 'vpcPeerConnection',
        stepId: `create-pcc:${CROSS_KEY}`,
        accountId: CROSS.accountA,
        bandwidthMbps: 1024,
        charged: true,
        billing: expect.stringContaining('CDT'),
      }),
    ]);
    expect(step(plan, `create-pcc:${CROSS_KEY}`).params.Bandwidth).toBeUndefined();
  });

  it('sends a bandwidth only for an inter-region connection', () => {
    const inter = planChanges(peeringOf('cross-account', { bandwidth: 100 }), peeringBaseOf(cross), noDelta);
    expect(inter.steps[0]!.params.Bandwidth).toBe(100);
    expect(inter.billable[0]!.bandwidthMbps).toBe(100);
    const intraDoc = peeringOf('same-account', { sameRegion: true, bandwidth: 100 });
    const intra = planChanges(intraDoc, peeringBaseOf(intraDoc), noDelta);
    expect(intra.steps[0]!.params.Bandwidth).toBeUndefined();
  });

  it('is deterministic: the same inputs give the same plan', () => {
    expect(planChanges(cross, peeringBaseOf(cross), noDelta)).toEqual(plan);
  });

  it('shows the peering flows in the reachability delta', () => {
    const withDelta = planChanges(cross, peeringBaseOf(cross));
    expect(withDelta.reachabilityDelta).toEqual(
      expect.arrayContaining([
        { from: CROSS.iA, to: CROSS.iB, protocol: 'icmp', before: 'unreachable', after: 'reachable' },
        { from: CROSS.iB, to: CROSS.iA, protocol: 'icmp', before: 'unreachable', after: 'reachable' },
      ]),
    );
  });
});

describe('the reachability delta around a live connection', () => {
  it('a live connection still Accepting: the ping becomes reachable once the plan accepts it', () => {
    const plan = planChanges(cross, peeringAppliedOf(cross, 'pcc-live0000001', 'Accepting'));
    expect(plan.reachabilityDelta).toEqual(
      expect.arrayContaining([
        { from: CROSS.iA, to: CROSS.iB, protocol: 'icmp', before: 'unreachable', after: 'reachable' },
      ]),
    );
  });

  it('a live Activated connection: nothing changes, nothing to report', () => {
    expect(planChanges(cross, peeringAppliedOf(cross, 'pcc-live0000001')).reachabilityDelta).toEqual([]);
  });
});

describe('planChanges: routes and connections around a live state', () => {
  it('replaces a live route via a router interface by the peering route (migration by hand)', () => {
    const current = peeringBaseOf(cross);
    const withOldRoute: Topology = {
      ...current,
      routeTables: current.routeTables.map((t) =>
        t.routeTableId === CROSS.vtbA
          ? {
              ...t,
              routeEntries: [
                ...t.routeEntries,
                {
                  destinationCidrBlock: '172.16.0.0/16',
                  nextHopType: 'RouterInterface',
                  nextHopId: 'ri-old',
                  status: 'Available' as const,
                },
              ],
            }
          : t,
      ),
    };
    const plan = planChanges(cross, withOldRoute, noDelta);
    expect(plan.problems.map((p) => p.code)).toEqual(['ROUTE_REPLACED']);
    const ids = plan.steps.map((s) => s.id);
    expect(ids.indexOf(`delete-route:${routeA}`)).toBeLessThan(ids.indexOf(`wait-route-gone:${routeA}`));
    expect(step(plan, `create-route:${routeA}`).dependsOn).toEqual([
      `wait-route-gone:${routeA}`,
      `wait-pcc-active:${CROSS_KEY}`,
    ]);
    expect(step(plan, `delete-route:${routeA}`).params.NextHopId).toBe('ri-old');
  });

  it('reuses a live connection made the other way round, accepted by ITS accepter', () => {
    const applied = peeringAppliedOf(cross, 'pcc-reverse', 'Accepting');
    const reversed: Topology = {
      ...applied,
      vpcPeerConnections: [
        {
          instanceId: 'pcc-reverse',
          vpcId: CROSS.vpcB,
          acceptingVpcId: CROSS.vpcA,
          acceptingOwnerUid: CROSS.accountA,
          acceptingRegionId: 'cn-qingdao',
          status: 'Accepting',
        },
      ],
    };
    const plan = planChanges(cross, reversed, noDelta);
    const accept = plan.steps.find((s) => s.kind === 'acceptVpcPeerConnection')!;
    expect(accept).toMatchObject({
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      params: { InstanceId: 'pcc-reverse' },
    });
    expect(plan.steps.some((s) => s.kind === 'createVpcPeerConnection')).toBe(false);
  });

  it('warns about a route to a connection nobody has, and leaves it out', () => {
    const doc: Topology = { ...cross, vpcPeerConnections: [] };
    const plan = planChanges(doc, peeringBaseOf(cross), noDelta);
    expect(plan.problems.map((p) => p.code)).toEqual(['PEERING_NEXT_HOP_UNKNOWN', 'PEERING_NEXT_HOP_UNKNOWN']);
    expect(plan.steps.some((s) => s.kind === 'createRouteEntry')).toBe(false);
  });

  it('refuses when a VPC of the connection is not live', () => {
    const current = peeringBaseOf(cross);
    const plan = planChanges(cross, { ...current, vpcs: current.vpcs.filter((v) => v.vpcId !== CROSS.vpcB) }, noDelta);
    expect(plan.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'VPC_NOT_LIVE', severity: 'error', resourceId: CROSS.vpcB }),
      ]),
    );
    expect(peeringSteps(plan)).toEqual([]);
  });

  it('removes a connection vpclink made for this document once the document drops it: routes first', () => {
    const live = peeringAppliedOf(cross, 'pcc-live0000001');
    const marked: Topology = {
      ...live,
      vpcPeerConnections: live.vpcPeerConnections!.map((p) => ({ ...p, description: ownerMarker(cross) })),
    };
    const dropped: Topology = {
      ...cross,
      vpcPeerConnections: [],
      routeTables: cross.routeTables.map((t) => ({ ...t, routeEntries: [] })),
    };
    const plan = planChanges(dropped, marked, noDelta);
    expect(peeringSteps(plan)).toEqual([`delete-pcc:${CROSS_KEY}`, `wait-pcc-gone:${CROSS_KEY}`]);
    expect([...step(plan, `delete-pcc:${CROSS_KEY}`).dependsOn].sort()).toEqual(
      [`wait-route-gone:${routeA}`, `wait-route-gone:${routeB}`].sort(),
    );
    // A connection without the marker is never removed by apply.
    expect(peeringSteps(planChanges(dropped, live, noDelta))).toEqual([]);
  });
});

describe('planTeardown with VPC peering', () => {
  const live = peeringAppliedOf(cross, 'pcc-live0000001');

  it('deletes the routes on both sides, then the connection (no Force), then waits until it is gone', () => {
    const plan = planTeardown(cross, live, noDelta);
    expect(plan.steps.map((s) => s.id).filter((id) => !id.startsWith('revoke-sg'))).toEqual([
      `delete-route:${routeA}`,
      `wait-route-gone:${routeA}`,
      `delete-route:${routeB}`,
      `wait-route-gone:${routeB}`,
      `delete-pcc:${CROSS_KEY}`,
      `wait-pcc-gone:${CROSS_KEY}`,
    ]);
    const del = step(plan, `delete-pcc:${CROSS_KEY}`);
    expect(del).toMatchObject({
      accountId: CROSS.accountA,
      product: 'vpcpeer',
      params: { InstanceId: 'pcc-live0000001' },
    });
    expect(del.params.Force).toBeUndefined();
    expect([...del.dependsOn].sort()).toEqual([`wait-route-gone:${routeA}`, `wait-route-gone:${routeB}`].sort());
    expect(plan.vpcPeerConnectionIds).toEqual({ [PCC]: 'pcc-live0000001' });
  });

  it('also removes a second live connection between the same VPCs and one a journal records as ours', () => {
    const extra: Topology = {
      ...live,
      vpcPeerConnections: [
        ...live.vpcPeerConnections!,
        { instanceId: 'pcc-dup', vpcId: CROSS.vpcB, acceptingVpcId: CROSS.vpcA, status: 'Accepting' },
        {
          instanceId: 'pcc-owned',
          vpcId: CROSS.vpcA,
          acceptingVpcId: 'vpc-elsewhere',
          acceptingOwnerUid: CROSS.accountA,
          acceptingRegionId: 'cn-qingdao',
          status: 'Activated',
        },
        {
          instanceId: 'pcc-foreign',
          vpcId: CROSS.vpcA,
          acceptingVpcId: 'vpc-other',
          acceptingOwnerUid: CROSS.accountA,
          acceptingRegionId: 'cn-qingdao',
          status: 'Activated',
        },
      ],
    };
    const plan = planTeardown(cross, extra, { ...noDelta, owned: ['pcc-owned'] });
    const deleted = plan.steps.filter((s) => s.kind === 'deleteVpcPeerConnection').map((s) => s.params.InstanceId);
    expect(deleted.sort()).toEqual(['pcc-dup', 'pcc-live0000001', 'pcc-owned']);
  });

  it('only waits for a connection already Deleting', () => {
    const plan = planTeardown(cross, peeringAppliedOf(cross, 'pcc-live0000001', 'Deleting'), noDelta);
    expect(peeringSteps(plan)).toEqual([`wait-pcc-gone:${CROSS_KEY}`]);
  });

  it('shows the flows that stop working', () => {
    const plan = planTeardown(cross, live);
    expect(plan.reachabilityDelta).toEqual(
      expect.arrayContaining([
        { from: CROSS.iA, to: CROSS.iB, protocol: 'icmp', before: 'reachable', after: 'unreachable' },
      ]),
    );
  });
});

describe('planRollback with VPC peering', () => {
  const key: VpcPeerKey = {
    accountId: CROSS.accountA,
    regionId: 'cn-qingdao',
    vpcId: CROSS.vpcA,
    acceptingAccountId: CROSS.accountB,
    acceptingRegionId: 'cn-beijing',
    acceptingVpcId: CROSS.vpcB,
  };
  const created: CreatedResource[] = [
    {
      kind: 'vpcPeerConnection',
      stepId: `create-pcc:${CROSS_KEY}`,
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      key,
    },
    {
      kind: 'routeEntry',
      stepId: `create-route:${routeA}`,
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      vpcId: CROSS.vpcA,
      routeTableId: CROSS.vtbA,
      destinationCidrBlock: '172.16.0.0/16',
      nextHopType: 'VpcPeer',
      nextHopId: 'pcc-x',
    },
  ];

  it('deletes the routes the run made, then the connection — looked up by key when its ID was never learnt', () => {
    const plan = planRollback(created);
    expect(plan.steps.map((s) => s.id)).toEqual([
      `delete-route:${routeA}`,
      `wait-route-gone:${routeA}`,
      `delete-pcc:${CROSS_KEY}`,
      `wait-pcc-gone:${CROSS_KEY}`,
    ]);
    const del = step(plan, `delete-pcc:${CROSS_KEY}`);
    expect(del.params.InstanceId).toBe('(looked up)');
    expect(del.dependsOn).toEqual([`wait-route-gone:${routeA}`]);
    expect(del.kind === 'deleteVpcPeerConnection' && del.peering.key).toEqual(key);
  });

  it('uses the ID when the run learnt it', () => {
    const plan = planRollback([{ ...created[0]!, instanceId: 'pcc-known' } as CreatedResource]);
    expect(step(plan, `delete-pcc:${CROSS_KEY}`).params.InstanceId).toBe('pcc-known');
  });
});

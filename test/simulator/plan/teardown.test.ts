import { describe, expect, it } from 'vitest';
import { planRollback, planTeardown, type CreatedResource, type Plan } from '../../../simulator/plan';
import { appliedOf, baseOf, CROSS, loadExample } from './fixtures';

const cross = loadExample('cross-account');
const noDelta = { reachabilityDelta: false } as const;
const I = `${CROSS.accountA}:cn-qingdao:${CROSS.vrtA}:InitiatingSide:${CROSS.vrtB}`;
const A = `${CROSS.accountB}:cn-beijing:${CROSS.vrtB}:AcceptingSide:${CROSS.vrtA}`;

function deps(plan: Plan, id: string): readonly string[] {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s.dependsOn;
}

describe('planTeardown', () => {
  const applied = appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' });

  it('routes → deactivate (initiator, then acceptor) → wait Inactive → delete both → wait gone; rules revoked', () => {
    const plan = planTeardown(cross, applied, noDelta);
    expect(plan.operation).toBe('destroy');
    expect(plan.steps.map((s) => s.id)).toEqual([
      `delete-route:${CROSS.vtbA}:172.16.0.0/16`,
      `wait-route-gone:${CROSS.vtbA}:172.16.0.0/16`,
      `delete-route:${CROSS.vtbB}:192.168.0.0/16`,
      `wait-route-gone:${CROSS.vtbB}:192.168.0.0/16`,
      `deactivate-ri:${I}`,
      `wait-ri-inactive:${I}`,
      `deactivate-ri:${A}`,
      `wait-ri-inactive:${A}`,
      `delete-ri:${I}`,
      `wait-ri-gone:${I}`,
      `delete-ri:${A}`,
      `wait-ri-gone:${A}`,
      `revoke-sg:${CROSS.sgA}:ingress`,
      `revoke-sg:${CROSS.sgB}:ingress`,
    ]);
    expect(deps(plan, `deactivate-ri:${I}`)).toEqual([
      `wait-route-gone:${CROSS.vtbA}:172.16.0.0/16`,
      `wait-route-gone:${CROSS.vtbB}:192.168.0.0/16`,
    ]);
    expect(deps(plan, `deactivate-ri:${A}`)).toContain(`wait-ri-inactive:${I}`);
    expect(deps(plan, `delete-ri:${A}`)).toEqual(
      expect.arrayContaining([`wait-ri-inactive:${I}`, `wait-ri-inactive:${A}`]),
    );
    const delRoute = plan.steps[0]!;
    expect(delRoute.params).toEqual({
      RegionId: 'cn-qingdao',
      RouteTableId: CROSS.vtbA,
      DestinationCidrBlock: '172.16.0.0/16',
      NextHopId: 'ri-live-i',
    });
    expect(plan.steps.find((s) => s.id === `delete-ri:${I}`)!.params).toMatchObject({
      RegionId: 'cn-qingdao',
      RouterInterfaceId: 'ri-live-i',
    });
  });

  it('Idle interfaces (never connected) are deleted without deactivation', () => {
    const idle = appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' }, 'Idle');
    const plan = planTeardown(cross, { ...idle, routeTables: baseOf(cross).routeTables }, noDelta);
    expect(plan.steps.filter((s) => s.kind.includes('RouterInterface')).map((s) => s.kind)).toEqual([
      'deleteRouterInterface',
      'waitRouterInterface',
      'deleteRouterInterface',
      'waitRouterInterface',
    ]);
  });

  it('also deletes a live route that is not in the document but points at an interface being deleted', () => {
    const extra = {
      ...applied,
      routeTables: applied.routeTables.map((t) =>
        t.routeTableId === CROSS.vtbA
          ? {
              ...t,
              routeEntries: [
                ...t.routeEntries,
                {
                  destinationCidrBlock: '172.16.9.0/24',
                  nextHopType: 'RouterInterface' as const,
                  nextHopId: 'ri-live-i',
                  status: 'Available' as const,
                },
              ],
            }
          : t,
      ),
    };
    const plan = planTeardown(cross, extra, noDelta);
    const extraStep = plan.steps.find((s) => s.id === `delete-route:${CROSS.vtbA}:172.16.9.0/24`)!;
    expect(extraStep.description).toContain('not in the document');
    expect(extraStep.dependsOn).toEqual([`wait-route-gone:${CROSS.vtbA}:172.16.0.0/16`]);
  });

  it('nothing live: an empty plan', () => {
    expect(planTeardown(cross, baseOf(cross), noDelta).steps).toEqual([]);
  });
});

describe('planRollback', () => {
  const created: CreatedResource[] = [
    {
      kind: 'routerInterface',
      stepId: `create-ri:${I}`,
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      key: {
        accountId: CROSS.accountA,
        regionId: 'cn-qingdao',
        routerId: CROSS.vrtA,
        role: 'InitiatingSide',
        oppositeRegionId: 'cn-beijing',
        oppositeRouterId: CROSS.vrtB,
        oppositeInterfaceOwnerId: CROSS.accountB,
      },
      routerInterfaceId: 'ri-new-i',
    },
    // Killed before the answer was recorded: no ID, looked up at run time.
    {
      kind: 'routerInterface',
      stepId: `create-ri:${A}`,
      accountId: CROSS.accountB,
      regionId: 'cn-beijing',
      key: {
        accountId: CROSS.accountB,
        regionId: 'cn-beijing',
        routerId: CROSS.vrtB,
        role: 'AcceptingSide',
        oppositeRegionId: 'cn-qingdao',
        oppositeRouterId: CROSS.vrtA,
        oppositeInterfaceOwnerId: CROSS.accountA,
      },
    },
    {
      kind: 'routeEntry',
      stepId: 'create-route:x',
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      vpcId: CROSS.vpcA,
      routeTableId: CROSS.vtbA,
      destinationCidrBlock: '172.16.0.0/16',
      nextHopType: 'RouterInterface',
      nextHopId: 'ri-new-i',
    },
    {
      kind: 'securityGroupRules',
      stepId: 'authorize-sg:x',
      accountId: CROSS.accountB,
      regionId: 'cn-beijing',
      securityGroupId: CROSS.sgB,
      direction: 'ingress',
      permissions: cross.securityGroups[1]!.permissions,
    },
  ];

  it('removes only what the run created, routes first, interfaces looked up when their ID is unknown', () => {
    const plan = planRollback(created);
    expect(plan.operation).toBe('rollback');
    expect(plan.steps.map((s) => s.id)).toEqual([
      `delete-route:${CROSS.vtbA}:172.16.0.0/16`,
      `wait-route-gone:${CROSS.vtbA}:172.16.0.0/16`,
      `deactivate-ri:${I}`,
      `wait-ri-inactive:${I}`,
      `deactivate-ri:${A}`,
      `wait-ri-inactive:${A}`,
      `delete-ri:${A}`,
      `wait-ri-gone:${A}`,
      `delete-ri:${I}`,
      `wait-ri-gone:${I}`,
      `revoke-sg:${CROSS.sgB}:ingress`,
    ]);
    const delA = plan.steps.find((s) => s.id === `delete-ri:${A}`)!;
    expect(delA.kind === 'deleteRouterInterface' && delA.target.routerInterfaceId).toBeUndefined();
    expect(delA.kind === 'deleteRouterInterface' && delA.target.key.routerId).toBe(CROSS.vrtB);
  });

  it('an empty journal rolls back to an empty plan', () => {
    expect(planRollback([]).steps).toEqual([]);
  });
});

describe('planTeardown: reachability delta', () => {
  it('tearing down the cross-account link breaks both pings', () => {
    const plan = planTeardown(cross, appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' }));
    expect(plan.reachabilityDelta.map((c) => [c.from, c.to, c.before, c.after])).toEqual([
      [CROSS.iA, CROSS.iB, 'reachable', 'unreachable'],
      [CROSS.iB, CROSS.iA, 'reachable', 'unreachable'],
    ]);
  });
});

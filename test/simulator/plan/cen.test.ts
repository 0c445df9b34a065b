/**
 * The plan and CEN (issue 12: vpclink does not apply CEN): every CEN resource the live state
 * lacks is named in a CEN_NOT_APPLIED warning, VPC routes toward an attachment that is not live
 * are left out (CreateRouteEntry would fail), and routes toward a live attachment are planned.
 */
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../simulator/plan';
import { cenDoc, EX, EXAMPLE_FILE } from '../cen/cenDocs';

const desired = cenDoc(EXAMPLE_FILE);
const withoutCen = (raw: any) => {
  for (const key of Object.keys(raw)) if (key.startsWith('transitRouter') || key === 'cenInstances') delete raw[key];
};
const withoutVpcRoutes = (raw: any) => {
  for (const table of raw.routeTables) table.routeEntries = [];
};

describe('plan: CEN is not applied, and says so', () => {
  it('names every CEN resource the live state lacks, and leaves the routes toward them out', () => {
    const plan = planChanges(
      desired,
      cenDoc(EXAMPLE_FILE, (raw) => {
        withoutCen(raw);
        withoutVpcRoutes(raw);
      }),
    );
    expect(plan.steps).toEqual([]);
    expect(plan.problems.every((p) => p.code === 'CEN_NOT_APPLIED' && p.severity === 'warning')).toBe(true);
    expect(plan.problems.map((p) => p.resourceId)).toEqual([
      'cen-vpclinkexample000001',
      EX.tr,
      EX.appAttach,
      EX.dataAttach,
      EX.sharedAttach,
      EX.defaultTable,
      EX.spokesTable,
      EX.spokesTable,
      EX.appAttach,
      EX.dataAttach,
      EX.sharedAttach,
      EX.sharedAttach,
      EX.appAttach,
      EX.dataAttach,
      'vtb-bp1appsystem00000001',
      'vtb-bp1datasystem0000002',
      'vtb-bp1sharedsystem00003',
    ]);
    expect(plan.problems[7]!.message).toContain('10.0.0.0/8 → BlackHole');
    expect(plan.problems[14]!.message).toContain(`route 10.0.0.0/8 → Attachment ${EX.appAttach}`);
  });

  it('plans the VPC routes toward attachments that are live, with no warning', () => {
    const plan = planChanges(desired, cenDoc(EXAMPLE_FILE, withoutVpcRoutes));
    expect(plan.problems).toEqual([]);
    expect(
      plan.steps.filter((s) => s.action === 'CreateRouteEntry').map((s) => [s.params.NextHopType, s.params.NextHopId]),
    ).toEqual([
      ['Attachment', EX.appAttach],
      ['Attachment', EX.dataAttach],
      ['Attachment', EX.sharedAttach],
    ]);
  });

  it('says nothing about CEN when the live state has all of it', () => {
    const plan = planChanges(desired, desired);
    expect(plan.steps).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  it('names a live table whose route the document adds', () => {
    const more = cenDoc(EXAMPLE_FILE, (raw) =>
      raw.transitRouterRouteTables[0].transitRouterRouteEntries.push({
        transitRouterRouteEntryDestinationCidrBlock: '10.99.0.0/16',
        transitRouterRouteEntryNextHopType: 'BlackHole',
      }),
    );
    expect(planChanges(more, desired).problems.map((p) => [p.code, p.resourceId, p.message.split(';')[0]])).toEqual([
      [
        'CEN_NOT_APPLIED',
        EX.defaultTable,
        `route 10.99.0.0/16 → BlackHole of transit-router route table ${EX.defaultTable} is not live`,
      ],
    ]);
  });
});

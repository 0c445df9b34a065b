/** Ownership markers (simulator/plan/owner.ts): a plan removes what vpclink made for this document, never anything else. */
import { describe, expect, it } from 'vitest';
import type { Permission, Topology } from '../../../simulator/document';
import {
  documentOwnerId,
  hasMarker,
  markedDescription,
  ownerMarker,
  planChanges,
  planTeardown,
} from '../../../simulator/plan';
import { appliedOf, CROSS, loadExample } from './fixtures';

const cross = loadExample('cross-account');
const marker = ownerMarker(cross);
const noDelta = { reachabilityDelta: false } as const;

describe('hasMarker', () => {
  const cases: [string, unknown, boolean][] = [
    ['the marker alone', marker, true],
    ['after the user text', `ping from B [${marker}]`, true],
    ['followed by a space', `${marker} more`, true],
    ['a longer id with the same prefix', `${marker}0`, false],
    ['another document', 'vpclink:000000000000', false],
    ['no description', undefined, false],
    ['empty', '', false],
  ];
  for (const [name, description, expected] of cases)
    it(`${name} → ${expected}`, () => expect(hasMarker(description, marker)).toBe(expected));
  it('markedDescription keeps the user text and is idempotent', () => {
    expect(markedDescription(undefined, marker)).toBe(marker);
    expect(markedDescription('x', marker)).toBe(`x [${marker}]`);
    expect(markedDescription(`x [${marker}]`, marker)).toBe(`x [${marker}]`);
  });
});

describe('documentOwnerId', () => {
  it('is stable, depends on name and accounts, not on rules or layout', () => {
    expect(documentOwnerId(cross)).toMatch(/^[0-9a-f]{12}$/);
    expect(documentOwnerId({ ...cross, securityGroups: [] })).toBe(documentOwnerId(cross));
    expect(documentOwnerId({ ...cross, accounts: [] })).toBe(documentOwnerId(cross));
    expect(documentOwnerId({ ...cross, name: 'another' })).not.toBe(documentOwnerId(cross));
  });
});

/** The live state after applying `cross`: rules carry the marker, plus one hand-made rule in group A. */
function liveAfterApply(): Topology {
  const live = appliedOf(cross, { [CROSS.riI]: 'ri-live-i', [CROSS.riA]: 'ri-live-a' });
  const handMade: Permission = {
    direction: 'ingress',
    ipProtocol: 'TCP',
    portRange: '22/22',
    sourceCidrIp: '10.9.9.0/24',
    policy: 'Accept',
    priority: 1,
    description: 'ssh from the bastion',
  };
  return {
    ...live,
    securityGroups: live.securityGroups.map((g, i) => ({
      ...g,
      permissions: [
        ...g.permissions.map((p) => ({ ...p, description: markedDescription(p.description, marker) })),
        ...(i === 0 ? [handMade] : []),
      ],
    })),
  };
}

describe('planChanges with markers', () => {
  it('nothing to do when the document still has every marked rule', () => {
    expect(planChanges(cross, liveAfterApply(), noDelta).steps).toEqual([]);
  });

  it('a rule dropped from the document is revoked; the hand-made rule is not', () => {
    const dropped: Topology = {
      ...cross,
      securityGroups: cross.securityGroups.map((g, i) => (i === 1 ? { ...g, permissions: [] } : g)),
    };
    const plan = planChanges(dropped, liveAfterApply(), noDelta);
    expect(plan.steps.map((s) => s.id)).toEqual([`revoke-sg:${cross.securityGroups[1]!.securityGroupId}:ingress`]);
    const step = plan.steps[0]!;
    expect(step.kind === 'revokeSecurityGroup' && step.permissions.map((p) => p.ipProtocol)).toEqual(['ICMP']);
  });

  it('a group the document no longer lists loses its marked rules, never its unmarked ones', () => {
    const without: Topology = { ...cross, securityGroups: cross.securityGroups.slice(1) };
    const plan = planChanges(without, liveAfterApply(), noDelta);
    const revokes = plan.steps.filter((s) => s.kind === 'revokeSecurityGroup');
    expect(revokes).toHaveLength(1);
    expect(JSON.stringify(revokes)).not.toContain('22/22');
  });

  it("another document's marker is not ours", () => {
    const other: Topology = {
      ...cross,
      name: 'someone else',
      securityGroups: cross.securityGroups.map((g) => ({ ...g, permissions: [] })),
    };
    expect(planChanges(other, liveAfterApply(), noDelta).steps.filter((s) => s.kind === 'revokeSecurityGroup')).toEqual(
      [],
    );
  });

  it('a marked route the document no longer has is deleted; an unmarked one stays', () => {
    const live = liveAfterApply();
    const [tableA, tableB] = live.routeTables.filter((t) =>
      t.routeEntries.some((e) => e.nextHopType === 'RouterInterface'),
    );
    const marked: Topology = {
      ...live,
      routeTables: live.routeTables.map((t) =>
        t === tableA
          ? {
              ...t,
              routeEntries: t.routeEntries.map((e) =>
                e.nextHopType === 'RouterInterface' ? { ...e, description: marker } : e,
              ),
            }
          : t,
      ),
    };
    const dropRoutes: Topology = {
      ...cross,
      routeTables: cross.routeTables.map((t) => ({
        ...t,
        routeEntries: t.routeEntries.filter((e) => e.nextHopType !== 'RouterInterface'),
      })),
    };
    const plan = planChanges(dropRoutes, marked, noDelta);
    const deletes = plan.steps.filter((s) => s.kind === 'deleteRouteEntry');
    expect(deletes.map((s) => s.kind === 'deleteRouteEntry' && s.route.routeTableId)).toEqual([tableA!.routeTableId]);
    expect(JSON.stringify(plan.steps)).not.toContain(tableB!.routeTableId);
  });
});

describe('planTeardown with markers', () => {
  it('revokes the marked rules and the document rules, never the hand-made one', () => {
    const plan = planTeardown(cross, liveAfterApply(), noDelta);
    const revoked = plan.steps.flatMap((s) => (s.kind === 'revokeSecurityGroup' ? s.permissions : []));
    expect(revoked).toHaveLength(2);
    expect(revoked.some((p) => p.portRange === '22/22')).toBe(false);
  });
});

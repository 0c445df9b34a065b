/** compareResources: one edit of the live copy of a document per row → the drift it must report. */
import { describe, expect, it } from 'vitest';
import { compareResources } from '../../../simulator/drift';
import { example, exampleRaw, load, X, type Raw } from '../reach/helpers';

/** The live state as an import gives it: the tutorial with its interfaces Active. */
function liveRaw(): Raw {
  const raw = exampleRaw('cross-account');
  for (const ri of raw.routerInterfaces) ri.status = 'Active';
  return raw;
}

const design = example('cross-account');

describe('compareResources', () => {
  it('a live copy of the design (interfaces Active, as a consistent pair is expected) is in sync', () => {
    expect(compareResources(design, load(liveRaw()))).toEqual([]);
  });

  it.each<[string, (raw: Raw) => void, Array<[string, string, string, RegExp]>]>([
    [
      'a vSwitch re-addressed',
      (raw) => (raw.vSwitches[0].cidrBlock = '192.168.2.0/24'),
      [
        [
          'vSwitch',
          'vsw-m5e5e5rgx2ol5dzn1hc8a',
          'changed',
          /cidrBlock: document "192\.168\.1\.0\/24", live "192\.168\.2\.0\/24"/,
        ],
      ],
    ],
    [
      'a route pointed elsewhere and one added',
      (raw) => {
        raw.routeTables[0].routeEntries[0].nextHopId = 'ri-other';
        raw.routeTables[0].routeEntries.push({
          destinationCidrBlock: '0.0.0.0/0',
          nextHopType: 'NatGateway',
          nextHopId: 'ngw-1',
        });
      },
      [
        [
          'routeTable',
          X.vtbA,
          'changed',
          /route 172\.16\.0\.0\/16: document → RouterInterface ri-m5e\S+, live → RouterInterface ri-other; route 0\.0\.0\.0\/0 → NatGateway ngw-1 added outside vpclink/,
        ],
      ],
    ],
    [
      'an interface deactivated and an instance moved to another group',
      (raw) => {
        raw.routerInterfaces[1].status = 'Inactive';
        raw.instances[0].securityGroupIds = ['sg-2zeh6s0f7hcwt1xp6cgl'];
      },
      [
        ['routerInterface', X.riB, 'changed', /^status: document "Active", live "Inactive"$/],
        [
          'instance',
          X.a,
          'changed',
          /securityGroupIds: document \["sg-m5eb1u5rbzpd4ljqj4b1"\], live \["sg-2zeh6s0f7hcwt1xp6cgl"\]/,
        ],
      ],
    ],
    [
      'a VPC deleted and another one made outside vpclink',
      (raw) => {
        raw.vpcs[1].vpcId = 'vpc-shadow';
      },
      [
        ['vpc', X.vpcB, 'missing', /not live/],
        ['vpc', 'vpc-shadow', 'unmanaged', /not in the document/],
      ],
    ],
  ])('%s', (_, edit, expected) => {
    const raw = liveRaw();
    edit(raw);
    const drift = compareResources(design, load(raw)).filter(
      (d) => d.kind !== 'routeTable' || expected.some((e) => e[0] === 'routeTable'),
    );
    expect(drift.map((d) => [d.kind, d.resourceId, d.state])).toEqual(expected.map(([k, id, state]) => [k, id, state]));
    drift.forEach((d, i) => expect(d.detail).toMatch(expected[i]![3]));
  });

  it("the journal's ID map: the design's interface IDs are the live ones apply recorded", () => {
    const raw = liveRaw();
    const ids: Record<string, string> = { [X.riA]: 'ri-live-a', [X.riB]: 'ri-live-b' };
    for (const ri of raw.routerInterfaces) {
      ri.routerInterfaceId = ids[ri.routerInterfaceId];
      ri.oppositeInterfaceId = ids[ri.oppositeInterfaceId];
    }
    for (const table of raw.routeTables) for (const e of table.routeEntries) e.nextHopId = ids[e.nextHopId];
    const live = load(raw);
    expect(compareResources(design, live, { routerInterfaceIds: ids })).toEqual([]);
    // Without the map the same live state is two missing and two unmanaged interfaces.
    const states = compareResources(design, live).map((d) => `${d.kind}:${d.state}`);
    expect(states.filter((s) => s.startsWith('routerInterface'))).toEqual([
      'routerInterface:missing',
      'routerInterface:missing',
      'routerInterface:unmanaged',
      'routerInterface:unmanaged',
    ]);
  });
});

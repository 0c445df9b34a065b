/**
 * buildTopologyIndex(next, previous) — the lookups of the incremental `update` — must equal a
 * fresh buildTopologyIndex(next): same keys in the same order, the very same items. Edits in
 * place (same IDs at the same places) take the fast paths (editedInPlace, tablesEditedInPlace);
 * the rest rebuild. Duplicated IDs and one object at two places are where first-wins can go wrong.
 */
import { describe, expect, it } from 'vitest';
import type { RouteTable, SecurityGroup, Topology } from '../../../simulator/document';
import { buildTopologyIndex, type TopologyIndex } from '../../../simulator/model/topologyIndex';
import { generateTopology } from '../../../bench/generate';

/** The S estate with a later group and table of an existing ID, and one group object at two places. */
function base(): Topology {
  const doc = generateTopology('S', 5);
  const laterGroup: SecurityGroup = { ...doc.securityGroups[1]!, permissions: [] };
  const laterTable: RouteTable = { ...doc.routeTables[1]!, routeEntries: [] };
  return {
    ...doc,
    securityGroups: [...doc.securityGroups, laterGroup, doc.securityGroups[2]!],
    routeTables: [...doc.routeTables, laterTable],
  };
}

const withGroup = (doc: Topology, at: number, edit: (g: SecurityGroup) => SecurityGroup): Topology => ({
  ...doc,
  securityGroups: doc.securityGroups.map((g, i) => (i === at ? edit(g) : g)),
});
const withTable = (doc: Topology, at: number, edit: (t: RouteTable) => RouteTable): Topology => ({
  ...doc,
  routeTables: doc.routeTables.map((t, i) => (i === at ? edit(t) : t)),
});
const lastOf = (items: readonly unknown[]): number => items.length - 1;
const dropRule = (g: SecurityGroup): SecurityGroup => ({ ...g, permissions: g.permissions.slice(1) });
const dropRoute = (t: RouteTable): RouteTable => ({ ...t, routeEntries: t.routeEntries.slice(1) });

const EDITS: Record<string, (doc: Topology) => Topology> = {
  'a group edited': (doc) => withGroup(doc, 0, dropRule),
  'the later group of an ID edited (the first one still wins)': (doc) =>
    withGroup(doc, lastOf(doc.securityGroups) - 1, (g) => ({ ...g, description: 'later' })),
  'the second place of one group object edited (the first place still wins)': (doc) =>
    withGroup(doc, lastOf(doc.securityGroups), dropRule),
  'the first place of one group object edited': (doc) => withGroup(doc, 2, dropRule),
  'a group renamed': (doc) => withGroup(doc, 0, (g) => ({ ...g, securityGroupId: 'sg-renamed' })),
  'groups reordered': (doc) => ({ ...doc, securityGroups: [...doc.securityGroups].reverse() }),
  'a group removed': (doc) => ({ ...doc, securityGroups: doc.securityGroups.slice(1) }),
  'a system table edited': (doc) =>
    withTable(
      doc,
      doc.routeTables.findIndex((t) => t.routeTableType === 'System'),
      dropRoute,
    ),
  'the later table of an ID edited': (doc) => withTable(doc, lastOf(doc.routeTables), dropRoute),
  'a table made custom': (doc) => withTable(doc, 0, (t) => ({ ...t, routeTableType: 'Custom' })),
  'a table moved to another VPC': (doc) => withTable(doc, 0, (t) => ({ ...t, vpcId: doc.routeTables[1]!.vpcId })),
  'tables reordered': (doc) => ({ ...doc, routeTables: [...doc.routeTables].reverse() }),
  'several tables and groups edited': (doc) =>
    withTable(withTable(withGroup(withGroup(doc, 0, dropRule), 3, dropRule), 0, dropRoute), 2, dropRoute),
};

function expectSameLookups(updated: TopologyIndex, fresh: TopologyIndex): void {
  for (const key of ['securityGroups', 'routeTables', 'systemRouteTableByVpc', 'vpcs', 'instances'] as const) {
    const got = [...updated[key].entries()];
    const want = [...fresh[key].entries()];
    expect(
      got.map(([id]) => id),
      key,
    ).toEqual(want.map(([id]) => id));
    got.forEach(([id, value], i) => {
      const expected = want[i]![1];
      // Groups and instances: the very same objects; resolved tables: equal, over the very same table.
      if (key === 'routeTables' || key === 'systemRouteTableByVpc') {
        expect(value, `${key} ${id}`).toEqual(expected);
        const table = (value as { implied: boolean; table: RouteTable }).table;
        if (!(value as { implied: boolean }).implied)
          expect(table, `${key} ${id}`).toBe((expected as typeof value).table);
      } else expect(value, `${key} ${id}`).toBe(expected);
    });
  }
}

describe('buildTopologyIndex(next, previous) equals a fresh index', () => {
  it.each(Object.keys(EDITS))('%s', (name) => {
    const before = base();
    const after = EDITS[name]!(before);
    expectSameLookups(buildTopologyIndex(after, buildTopologyIndex(before)), buildTopologyIndex(after));
  });

  it('and after edits in a row, each from the index before', () => {
    let doc = base();
    let index = buildTopologyIndex(doc);
    for (const name of Object.keys(EDITS)) {
      doc = EDITS[name]!(doc);
      index = buildTopologyIndex(doc, index);
      expectSameLookups(index, buildTopologyIndex(doc));
    }
  });
});

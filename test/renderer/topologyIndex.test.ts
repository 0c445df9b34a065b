// The renderer's topology index (renderer/state.ts indexOf) is built incrementally from the index
// of the version before: after every kind of edit, and after undo and opening another document,
// it must hold exactly what a fresh build of the same document holds.
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { buildTopologyIndex, type TopologyIndex } from '../../simulator/model/topologyIndex';
import { indexOf } from '../../renderer/state';
import { createDocumentStore } from '../../renderer/store/documentStore';
import {
  addInstance,
  addPermission,
  addRouteEntry,
  addVpc,
  removeRouteEntry,
  setPositions,
  updateResource,
} from '../../renderer/store/edits';
import { applyDelete, planDelete } from '../../renderer/store/references';
import { example } from './helpers';

/** Every lookup of the index as plain entries, so two indexes compare by content. */
function contents(index: TopologyIndex): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(index)) out[key] = value instanceof Map ? [...value.entries()] : value;
  return out;
}

const first = <T>(items: readonly T[] | undefined, what: string): T => {
  const item = items?.[0];
  if (item === undefined) throw new Error(`the example has no ${what}`);
  return item;
};

type Edit = readonly [string, (doc: Topology) => Topology];

const EDITS: readonly Edit[] = [
  [
    'add a security-group rule (the one-click fix kind)',
    (doc) =>
      addPermission(doc, first(doc.securityGroups, 'group').securityGroupId, {
        direction: 'ingress',
        ipProtocol: 'ICMP',
        portRange: '-1/-1',
        policy: 'Accept',
        priority: 1,
        sourceCidrIp: '10.0.0.10/32',
      } as never),
  ],
  ['remove a route', (doc) => removeRouteEntry(doc, first(doc.routeTables, 'route table').routeTableId, 0)],
  [
    'add a route',
    (doc) =>
      addRouteEntry(doc, first(doc.routeTables, 'route table').routeTableId, {
        destinationCidrBlock: '172.31.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: first(doc.routerInterfaces, 'router interface').routerInterfaceId,
      } as never),
  ],
  ['rename a VPC', (doc) => updateResource(doc, first(doc.vpcs, 'VPC').vpcId, { name: 'renamed' })],
  ['add a VPC', (doc) => addVpc(doc, first(doc.accounts, 'account').accountId, 'cn-hangzhou').doc],
  ['add an instance', (doc) => addInstance(doc, first(doc.vSwitches, 'vSwitch').vSwitchId).doc],
  [
    'change an instance’s groups',
    (doc) => updateResource(doc, first(doc.instances, 'instance').instanceId, { securityGroupIds: [] }),
  ],
  ['move a node', (doc) => setPositions(doc, { [first(doc.vpcs, 'VPC').vpcId]: { x: 10, y: 20 } })],
  [
    'delete a router interface (routes through it are repaired)',
    (doc) => applyDelete(doc, planDelete(doc, [first(doc.routerInterfaces, 'router interface').routerInterfaceId])),
  ],
];

describe('renderer topology index, built incrementally', () => {
  it.each(EDITS)('after "%s" it equals a fresh build, and so does the version before after undo', (_name, edit) => {
    const store = createDocumentStore(example('cross-account'));
    const before = store.getState().doc;
    indexOf(before);
    store.getState().change('edit', edit);
    const after = store.getState().doc;
    expect(after).not.toBe(before);
    expect(contents(indexOf(after))).toEqual(contents(buildTopologyIndex(after)));
    store.getState().undo();
    expect(store.getState().doc).toBe(before);
    expect(contents(indexOf(before))).toEqual(contents(buildTopologyIndex(before)));
  });

  it('a chain of edits and another document opened in between never mix up their lookups', () => {
    const store = createDocumentStore(example('cross-account'));
    for (const [, edit] of EDITS) {
      store.getState().change('edit', edit);
      indexOf(store.getState().doc);
    }
    const other = example('peering');
    store.getState().load(other, { path: null, title: 'peering', origin: 'example' });
    expect(contents(indexOf(other))).toEqual(contents(buildTopologyIndex(other)));
    store.getState().change('edit', EDITS[0]![1]);
    const edited = store.getState().doc;
    expect(contents(indexOf(edited))).toEqual(contents(buildTopologyIndex(edited)));
    // The edit reused the lookups it did not touch: the VPCs of the peering example, not of another document.
    expect(indexOf(edited).vpcs).toBe(indexOf(other).vpcs);
  });
});

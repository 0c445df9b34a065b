// The renderer's document store in Node (no DOM): actions, undo/redo, selection, connecting two
// VPCs, copy/paste, delete with dangling-reference repair, commands and shortcuts.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { buildTopologyIndex, effectiveRouterInterfaceStatus, pairProblems } from '../../simulator/model';
import { cidrContainsIp, cidrsOverlap, parseCidr, parseIpv4 } from '../../simulator/net/ipv4';
import { createReachability } from '../../simulator/reach';
import { validateTopology } from '../../simulator/validate';
import { commandForKey, runCommand, type KeyLike } from '../../renderer/store/commands';
import { createDocumentStore, isDirty } from '../../renderer/store/documentStore';
import {
  addRoutesForPair,
  addVpc,
  allowBetweenPair,
  connectVpcs,
  emptyDocument,
  setPositions,
  updateResource,
} from '../../renderer/store/edits';
import { setIdRandom } from '../../renderer/store/ids';
import { example } from './helpers';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const RI1 = 'ri-m5e33r3n78zyi5573kf85';
const RI2 = 'ri-2zeix2q86uoyisagyz0pn';

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function ping(doc: Topology, from = A, to = B) {
  const result = createReachability(doc).check({ from, to, protocol: 'icmp', port: null });
  if ('kind' in result) throw new Error(result.message);
  return result;
}

const cidr = (text: string) => {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

beforeEach(() => setIdRandom(seeded(42)));

describe('actions and undo/redo', () => {
  it('records one undo step per change and undoes/redoes in order', () => {
    const store = createDocumentStore(example('cross-account'));
    const original = store.getState().doc;
    store.getState().change('Rename VPC1', (d) => updateResource(d, VPC1, { name: 'Prod' }));
    store.getState().change('Rename VPC2', (d) => updateResource(d, VPC2, { name: 'Shared' }));
    expect(store.getState().past.map((e) => e.label)).toEqual(['Rename VPC1', 'Rename VPC2']);
    expect(isDirty(store.getState())).toBe(true);

    store.getState().undo();
    expect(store.getState().doc.vpcs.map((v) => v.name)).toEqual(['Prod', 'VPC2']);
    store.getState().undo();
    expect(store.getState().doc).toBe(original);
    expect(isDirty(store.getState())).toBe(false);
    store.getState().undo(); // nothing left: no-op
    expect(store.getState().doc).toBe(original);

    store.getState().redo();
    store.getState().redo();
    expect(store.getState().doc.vpcs.map((v) => v.name)).toEqual(['Prod', 'Shared']);
    expect(store.getState().future).toHaveLength(0);
  });

  it('a new change after undo drops the redo branch', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().change('a', (d) => updateResource(d, VPC1, { name: 'a' }));
    store.getState().undo();
    expect(store.getState().future).toHaveLength(1);
    store.getState().change('b', (d) => updateResource(d, VPC1, { name: 'b' }));
    expect(store.getState().future).toHaveLength(0);
    store.getState().redo();
    expect(store.getState().doc.vpcs[0].name).toBe('b');
  });

  it('an edit that changes nothing records nothing', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().change('noop', (d) => d);
    expect(store.getState().past).toHaveLength(0);
  });

  it('keystrokes in one field coalesce into one step; another field starts a new one', () => {
    const store = createDocumentStore(example('cross-account'));
    for (const text of ['1', '10', '10.', '10.1.0.0/16'])
      store.getState().change('Edit cidrBlock', (d) => updateResource(d, VPC1, { cidrBlock: text }), {
        coalesceKey: '/vpcs/0/cidrBlock',
      });
    expect(store.getState().past).toHaveLength(1);
    store
      .getState()
      .change('Edit name', (d) => updateResource(d, VPC1, { name: 'x' }), { coalesceKey: '/vpcs/0/name' });
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().doc.vpcs[0].cidrBlock).toBe('10.1.0.0/16');
    store.getState().undo();
    expect(store.getState().doc.vpcs[0].cidrBlock).toBe('192.168.0.0/16');
  });

  it('the same field edited again after undo is a new step (undo breaks coalescing)', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().change('e', (d) => updateResource(d, VPC1, { name: 'a' }), { coalesceKey: 'k' });
    store.getState().undo();
    store.getState().change('e', (d) => updateResource(d, VPC1, { name: 'b' }), { coalesceKey: 'k' });
    store.getState().change('e', (d) => updateResource(d, VPC1, { name: 'bc' }), { coalesceKey: 'k' });
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().doc.vpcs[0].name).toBe('VPC1');
  });

  it('a drag of several nodes is recorded once, on release, and undone at once', () => {
    const store = createDocumentStore(example('cross-account'));
    // The canvas moves nodes locally while dragging and commits all positions on release.
    store
      .getState()
      .change('Move 2 nodes', (d) => setPositions(d, { [VPC1]: { x: 10, y: 20 }, [VPC2]: { x: 400, y: 20 } }));
    expect(store.getState().past).toHaveLength(1);
    expect(store.getState().doc.layout?.positions).toEqual({ [VPC1]: { x: 10, y: 20 }, [VPC2]: { x: 400, y: 20 } });
    store.getState().undo();
    expect(store.getState().doc.layout?.positions).toBeUndefined();
  });

  it('load resets history and selection; a recovered document stays dirty until saved', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().change('x', (d) => updateResource(d, VPC1, { name: 'x' }));
    store.getState().select([VPC1]);
    store
      .getState()
      .load(example('same-account'), { path: null, title: 'recovered', origin: 'recovered' }, { dirty: true });
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().selection).toEqual([]);
    expect(isDirty(store.getState())).toBe(true);
    store.getState().markSaved({ path: '/tmp/x.vpclink.json', title: 'x', origin: 'file' });
    expect(isDirty(store.getState())).toBe(false);
  });

  it('palette commands add into the selected parent, with free addresses', () => {
    const store = createDocumentStore(example('cross-account'));
    const ctx = { store };
    store.getState().select([VPC2]);
    expect(runCommand('add.vSwitch', ctx)).toBe(true);
    const vswId = store.getState().selection[0];
    const vsw = store.getState().doc.vSwitches.find((s) => s.vSwitchId === vswId)!;
    expect(vsw.vpcId).toBe(VPC2);
    expect(cidrsOverlap(cidr(vsw.cidrBlock), cidr('172.16.1.0/24'))).toBe(false);
    expect(cidrsOverlap(cidr(vsw.cidrBlock), cidr('172.16.0.0/16'))).toBe(true);

    expect(runCommand('add.instance', ctx)).toBe(true);
    const inst = store.getState().doc.instances.find((i) => i.instanceId === store.getState().selection[0])!;
    expect(inst.vSwitchId).toBe(vswId);
    const ip = parseIpv4(inst.privateIpAddress);
    expect(ip.ok && cidrContainsIp(cidr(vsw.cidrBlock), ip.value)).toBe(true);
    expect(inst.securityGroupIds).toEqual(['sg-2zeh6s0f7hcwt1xp6cgl']);

    store.getState().select([]);
    runCommand('add.vpc', ctx);
    const vpc = store.getState().doc.vpcs.at(-1)!;
    for (const other of ['192.168.0.0/16', '172.16.0.0/16'])
      expect(cidrsOverlap(cidr(vpc.cidrBlock), cidr(other))).toBe(false);
    expect(validateTopology(store.getState().doc).filter((f) => f.severity === 'error')).toEqual([]);
    expect(store.getState().past).toHaveLength(3);
  });

  it('adding a VPC to an empty document creates its account too', () => {
    const r = addVpc(emptyDocument(), undefined);
    expect(r.doc.accounts).toHaveLength(1);
    expect(r.doc.vpcs[0].accountId).toBe(r.doc.accounts[0].accountId);
  });
});

describe('selection', () => {
  it('selects, toggles and clears; deleted or undone resources drop out of the selection', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().select([A]);
    store.getState().toggleSelected(B);
    expect(store.getState().selection).toEqual([A, B]);
    store.getState().toggleSelected(A);
    expect(store.getState().selection).toEqual([B]);

    // Add an instance (selected), then undo: the selection forgets it.
    store.getState().select(['vsw-m5e5e5rgx2ol5dzn1hc8a']);
    runCommand('add.instance', { store });
    const added = store.getState().selection[0];
    expect(added).toMatch(/^i-/);
    store.getState().undo();
    expect(store.getState().selection).toEqual([]);

    store.getState().select([B]);
    store.getState().requestDelete();
    expect(store.getState().pendingDelete).toBeNull(); // an instance: nothing refers to it
    expect(store.getState().selection).toEqual([]);
    expect(store.getState().doc.instances.map((i) => i.instanceId)).toEqual([A]);
  });

  it('re-selecting the same ids does not notify subscribers', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().select([A]);
    let notified = 0;
    const off = store.subscribe(() => notified++);
    store.getState().select([A]);
    off();
    expect(notified).toBe(0);
  });
});

describe('connecting two VPCs', () => {
  /** The example without its interconnection: no RIs, no routes, no rules. */
  function unconnected(): Topology {
    const doc = example('cross-account');
    return {
      ...doc,
      routerInterfaces: [],
      routeTables: doc.routeTables.map((t) => ({ ...t, routeEntries: [] })),
      securityGroups: doc.securityGroups.map((g) => ({ ...g, permissions: [] })),
    };
  }

  it('creates an initiator/acceptor pair whose opposite fields agree (no pairing problems, Active)', () => {
    const result = connectVpcs(unconnected(), VPC1, VPC2)!;
    const index = buildTopologyIndex(result.doc);
    const initiator = index.routerInterfaces.get(result.initiatorId)!;
    const acceptor = index.routerInterfaces.get(result.acceptorId)!;
    expect(pairProblems(initiator, index)).toEqual([]);
    expect(pairProblems(acceptor, index)).toEqual([]);
    expect(effectiveRouterInterfaceStatus(initiator, index)).toBe('Active');
    expect(initiator).toMatchObject({
      role: 'InitiatingSide',
      spec: 'Mini.2',
      accountId: '1231579085529123',
      regionId: 'cn-qingdao',
      oppositeRegionId: 'cn-beijing',
      oppositeInterfaceOwnerId: '1564982317654321',
    });
    expect(acceptor).toMatchObject({
      role: 'AcceptingSide',
      spec: 'Negative',
      routerId: 'vrt-2zem6f6iqm7e5cdbsk0r2',
      oppositeRouterId: 'vrt-m5e0yd4q6gptnc9y7bvsr',
    });
  });

  it('refuses to connect a VPC to itself or to an unknown VPC', () => {
    expect(connectVpcs(unconnected(), VPC1, VPC1)).toBeUndefined();
    expect(connectVpcs(unconnected(), VPC1, 'vpc-nope')).toBeUndefined();
  });

  it('the offered routes and ICMP rules are exactly what the ping needs', () => {
    const connected = connectVpcs(unconnected(), VPC1, VPC2)!;
    expect(ping(connected.doc).verdict).toBe('unreachable');
    const withRoutes = addRoutesForPair(connected.doc, connected.initiatorId);
    expect(ping(withRoutes).verdict).toBe('unreachable'); // security groups still refuse
    const full = allowBetweenPair(withRoutes, connected.initiatorId);
    expect(ping(full).verdict).toBe('reachable');
    expect(ping(full, B, A).verdict).toBe('reachable');
    // Idempotent: offering them again adds nothing.
    expect(allowBetweenPair(addRoutesForPair(full, connected.initiatorId), connected.initiatorId)).toBe(full);
    expect(validateTopology(full).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('copy and paste', () => {
  it('pastes a VPC with its contents under fresh IDs, moved to a free CIDR block', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().select([VPC2]);
    expect(store.getState().copy()).not.toBeNull();
    const pasted = store.getState().paste();
    const doc = store.getState().doc;
    expect(doc.vpcs).toHaveLength(3);
    const vpc = doc.vpcs[2];
    expect(pasted).toContain(vpc.vpcId);
    expect(vpc.vpcId).not.toBe(VPC2);
    expect(vpc.vRouterId).not.toBe('vrt-2zem6f6iqm7e5cdbsk0r2');
    for (const other of doc.vpcs.slice(0, 2))
      expect(cidrsOverlap(cidr(vpc.cidrBlock), cidr(other.cidrBlock))).toBe(false);
    const vsw = doc.vSwitches.find((s) => s.vpcId === vpc.vpcId)!;
    expect(cidrsOverlap(cidr(vsw.cidrBlock), cidr(vpc.cidrBlock))).toBe(true);
    const inst = doc.instances.find((i) => i.vSwitchId === vsw.vSwitchId)!;
    const ip = parseIpv4(inst.privateIpAddress);
    expect(ip.ok && cidrContainsIp(cidr(vsw.cidrBlock), ip.value)).toBe(true);
    // The copied RI is on the copy's router; the copied security group is the copy's.
    const sg = doc.securityGroups.find((g) => g.vpcId === vpc.vpcId)!;
    expect(inst.securityGroupIds).toEqual([sg.securityGroupId]);
    expect(doc.routerInterfaces.filter((r) => r.routerId === vpc.vRouterId)).toHaveLength(1);
    expect(validateTopology(doc).filter((f) => f.code === 'DUPLICATE_ID')).toEqual([]);
    expect(store.getState().selection).toEqual(pasted);
    // One undo step.
    store.getState().undo();
    expect(store.getState().doc.vpcs).toHaveLength(2);
  });

  it('pastes an instance into the same vSwitch with a free address', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().copy([A]);
    store.getState().paste();
    const doc = store.getState().doc;
    expect(doc.instances).toHaveLength(3);
    const copy = doc.instances[2];
    expect(copy.instanceId).not.toBe(A);
    expect(copy.vSwitchId).toBe('vsw-m5e5e5rgx2ol5dzn1hc8a');
    expect(copy.privateIpAddress).not.toBe('192.168.1.100');
    expect(copy.name).toBe('InstanceID_A copy');
    expect(validateTopology(doc).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('paste with an empty clipboard does nothing', () => {
    const store = createDocumentStore(example('cross-account'));
    expect(store.getState().paste()).toEqual([]);
    expect(store.getState().past).toHaveLength(0);
  });
});

describe('delete with dangling references', () => {
  it('asks before deleting a router interface that routes and its peer refer to, then repairs them', () => {
    const store = createDocumentStore(example('cross-account'));
    store.getState().select([RI2]);
    const plan = store.getState().requestDelete();
    expect(plan).not.toBeNull();
    expect(store.getState().pendingDelete).toBe(plan);
    expect(plan!.dangling.map((d) => [d.resourceId, d.field])).toEqual([
      ['vtb-2zefk1lhcyspp1ncehn4b', 'routeEntries[0].nextHopId'],
      [RI1, 'oppositeInterfaceId'],
    ]);
    // Nothing changed yet.
    expect(store.getState().doc.routerInterfaces).toHaveLength(2);

    store.getState().confirmDelete();
    const doc = store.getState().doc;
    expect(doc.routerInterfaces.map((r) => r.routerInterfaceId)).toEqual([RI1]);
    expect(doc.routerInterfaces[0].oppositeInterfaceId).toBeUndefined();
    expect(doc.routeTables.find((t) => t.vpcId === VPC2)!.routeEntries).toEqual([]);
    expect(validateTopology(doc).filter((f) => f.code === 'DANGLING_REFERENCE')).toEqual([]);
    expect(store.getState().pendingDelete).toBeNull();

    store.getState().undo();
    expect(store.getState().doc.routerInterfaces).toHaveLength(2);
  });

  it('deleting a VPC takes its contents along (after confirmation) and cancel leaves the document alone', () => {
    const store = createDocumentStore(example('cross-account'));
    const plan = store.getState().requestDelete([VPC1]);
    expect(plan!.removed).toEqual(
      expect.arrayContaining([
        VPC1,
        'vsw-m5e5e5rgx2ol5dzn1hc8a',
        A,
        'sg-m5eb1u5rbzpd4ljqj4b1',
        'vtb-m5e64ujkb7xn5i2ukwzd1',
        RI1,
      ]),
    );
    store.getState().cancelDelete();
    expect(store.getState().doc.vpcs).toHaveLength(2);
    expect(store.getState().past).toHaveLength(0);

    store.getState().requestDelete([VPC1]);
    store.getState().confirmDelete();
    const doc = store.getState().doc;
    expect(doc.vpcs.map((v) => v.vpcId)).toEqual([VPC2]);
    expect(doc.instances.map((i) => i.instanceId)).toEqual([B]);
    expect(doc.routerInterfaces.map((r) => r.routerInterfaceId)).toEqual([RI2]);
    expect(doc.routerInterfaces[0].oppositeInterfaceId).toBeUndefined();
    expect(validateTopology(doc).filter((f) => f.code === 'DANGLING_REFERENCE')).toEqual([]);
    expect(store.getState().past).toHaveLength(1);
  });
});

describe('commands and shortcuts', () => {
  const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it.each([
    [key('z', { ctrlKey: true }), 'edit.undo'],
    [key('Z', { ctrlKey: true, shiftKey: true }), 'edit.redo'],
    [key('y', { ctrlKey: true }), 'edit.redo'],
    [key('z', { metaKey: true }), 'edit.undo'],
    [key('Delete'), 'edit.delete'],
    [key('Backspace'), 'edit.delete'],
    [key('c', { ctrlKey: true }), 'edit.copy'],
    [key('v', { ctrlKey: true }), 'edit.paste'],
    [key('s', { ctrlKey: true }), 'file.save'],
    [key('S', { ctrlKey: true, shiftKey: true }), 'file.saveAs'],
    [key('Escape'), 'edit.deselect'],
  ])('%o runs %s', (event, name) => {
    expect(commandForKey(event, false)?.name).toBe(name);
  });

  it('in a text field only global commands (save, open …) fire, so typing and native undo work', () => {
    expect(commandForKey(key('Backspace'), true)).toBeUndefined();
    expect(commandForKey(key('z', { ctrlKey: true }), true)).toBeUndefined();
    expect(commandForKey(key('s', { ctrlKey: true }), true)?.name).toBe('file.save');
  });

  it('disabled commands do not run', () => {
    const store = createDocumentStore(example('cross-account'));
    expect(runCommand('edit.undo', { store })).toBe(false);
    expect(runCommand('edit.paste', { store })).toBe(false);
    expect(runCommand('edit.delete', { store })).toBe(false);
    store.getState().select([A]);
    expect(runCommand('edit.copy', { store })).toBe(true);
    expect(runCommand('edit.paste', { store })).toBe(true);
    expect(store.getState().doc.instances).toHaveLength(3);
    expect(runCommand('edit.undo', { store })).toBe(true);
    expect(store.getState().doc.instances).toHaveLength(2);
  });
});

/**
 * "Migrate to VPC peering…" in the app: which pair the selection names, the planner's steps in the
 * app's words with their proofs, the refusal naming the flow, the one-edit "Use the final design",
 * and the command in the registry (keyboard and inspector run it).
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { planMigrationToPeering } from '../../simulator/plan/migrate';
import { commandForKey, runCommand, type AppActions } from '../../renderer/store/commands';
import { createDocumentStore } from '../../renderer/store/documentStore';
import { flowWords, migratableLink, migrationView, withFinalDesign } from '../../renderer/store/migration';
import { example } from './helpers';

const INITIATOR = 'ri-m5e33r3n78zyi5573kf85';
const ACCEPTOR = 'ri-2zeix2q86uoyisagyz0pn';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';

describe('migratableLink', () => {
  const cross = example('cross-account');
  const half: Topology = {
    ...cross,
    routerInterfaces: cross.routerInterfaces.filter((r) => r.routerInterfaceId === INITIATOR),
  };
  it.each([
    ['the initiator (its edge or inspector)', cross, [INITIATOR], INITIATOR],
    ['the acceptor', cross, [ACCEPTOR], ACCEPTOR],
    ['a VPC and then the acceptor', cross, [VPC1, ACCEPTOR], ACCEPTOR],
    ['a VPC only', cross, [VPC1], undefined],
    ['nothing', cross, [], undefined],
    ['half a pair (the partner is not in the document)', half, [INITIATOR], undefined],
  ] as const)('%s', (_, doc, selection, expected) => {
    expect(migratableLink(doc, selection)).toBe(expected);
  });
});

describe('migrationView', () => {
  it('shows every step of the cross-account migration in plain words, each with its proof', () => {
    const doc = example('cross-account');
    const result = planMigrationToPeering(doc, ACCEPTOR);
    const view = migrationView(doc, result);
    if (view.kind !== 'planned' || result.kind !== 'planned') throw new Error(`refused: ${JSON.stringify(view)}`);
    expect(view.steps.map((s) => s.index)).toEqual(result.steps.map((s) => s.index));
    expect(view.flowCount).toBe(2);
    for (const step of view.steps) expect([step.flowsKept, step.flowsChecked]).toEqual([2, 2]);
    const texts = view.steps.map((s) => s.text);
    expect(texts[0]).toBe(
      'Create a VPC peering connection from VPC1 to VPC2 (across accounts: it waits for account 1564982317654321 to accept)',
    );
    expect(texts[1]).toBe('Account 1564982317654321 accepts the peering connection; wait until it is active');
    expect(texts).toContain(
      'In VPC1’s route table vtb-m5e64ujkb7xn5i2ukwzd1, delete the route to 172.16.0.0/16 through the router interface vpc1-to-vpc2 (its two halves carry the traffic)',
    );
    expect(texts.at(-1)).toBe(
      'Deactivate and delete the router-interface pair vpc1-to-vpc2 and vpc2-from-vpc1 (no route uses it any more)',
    );
    // No API enum spelling or planned ID leaks into the words the user reads.
    expect(texts.join('\n')).not.toMatch(/VpcPeer\b|pcc-|Activated|undefined/);
    expect(view.finalDocument).toBe(result.steps.at(-1)!.document);
  });

  it('names the flow that would break when the planner refuses', () => {
    // A /32 route cannot be bridged: removing it loses the ping (the planner's own refusal case).
    const raw = example('same-account');
    const doc: Topology = {
      ...raw,
      routeTables: raw.routeTables.map((t) => ({
        ...t,
        routeEntries: t.routeEntries.map((e) =>
          e.destinationCidrBlock === '172.16.100.0/24' ? { ...e, destinationCidrBlock: '172.16.100.10/32' } : e,
        ),
      })),
    };
    const result = planMigrationToPeering(doc, 'ri-2zeb1vpc1tovpc2000001');
    const view = migrationView(doc, result);
    if (view.kind !== 'refused' || result.kind !== 'refused') throw new Error('expected a refusal');
    expect(view.message).toBe(result.message);
    expect(view.brokenFlow).toBe(flowWords(doc, result.flow!));
    expect(view.brokenFlow).toMatch(/^(a ping|all traffic) from .+ \(i-[\w-]+\) to .+ \(i-[\w-]+\)$/);
    expect(view.steps).toHaveLength(result.steps.length);
  });

  it('a link that cannot be migrated is refused without a flow', () => {
    const doc = example('cross-account');
    const view = migrationView(doc, planMigrationToPeering(doc, 'ri-nothing'));
    expect(view).toMatchObject({ kind: 'refused', steps: [] });
    expect(view.kind === 'refused' && view.brokenFlow).toBeFalsy();
  });
});

describe('flowWords', () => {
  const doc = example('cross-account');
  const [a, b] = doc.instances.map((i) => i.instanceId);
  it.each([
    [{ protocol: 'icmp', port: null }, `a ping from InstanceID_A (${a}) to InstanceID_B (${b})`],
    [{ protocol: 'all', port: null }, `all traffic from InstanceID_A (${a}) to InstanceID_B (${b})`],
    [{ protocol: 'tcp', port: 22 }, `TCP 22 from InstanceID_A (${a}) to InstanceID_B (${b})`],
  ] as const)('%o', (flow, words) => {
    expect(flowWords(doc, { from: a!, to: b!, ...flow })).toBe(words);
  });
  it('an instance without a name is shown by its ID', () => {
    expect(flowWords(doc, { from: 'i-gone', to: b!, protocol: 'icmp', port: null })).toMatch(/^a ping from i-gone to/);
  });
});

describe('withFinalDesign', () => {
  it('keeps the layout the user has now', () => {
    const doc = example('cross-account');
    const current: Topology = { ...doc, layout: { positions: { [VPC1]: { x: 1, y: 2 } } } };
    const final: Topology = { ...doc, routerInterfaces: [] };
    expect(withFinalDesign(current, final)).toEqual({ ...final, layout: current.layout });
    expect(withFinalDesign({ ...doc, layout: undefined }, final)).toBe(final);
  });
});

describe('the command "Migrate to VPC peering…"', () => {
  const opened: string[] = [];
  const app = { migrateToPeering: (id: string) => opened.push(id) } as unknown as AppActions;
  const key = { key: 'M', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false };

  it('opens the dialog for the selected pair (Ctrl+Shift+M), and is disabled without one', () => {
    const store = createDocumentStore(example('cross-account'));
    expect(commandForKey(key, false)?.name).toBe('link.migrateToPeering');
    expect(runCommand('link.migrateToPeering', { store, app })).toBe(false);
    store.getState().select([VPC1]);
    expect(runCommand('link.migrateToPeering', { store, app })).toBe(false);
    store.getState().select([INITIATOR]);
    expect(runCommand('link.migrateToPeering', { store, app })).toBe(true);
    expect(opened).toEqual([INITIATOR]);
  });

  it('"Use the final design" is one undoable edit', () => {
    const doc = example('cross-account');
    const store = createDocumentStore(doc);
    const view = migrationView(doc, planMigrationToPeering(doc, INITIATOR));
    if (view.kind !== 'planned') throw new Error('refused');
    store.getState().change('Migrate to VPC peering', (d) => withFinalDesign(d, view.finalDocument));
    expect(store.getState().doc.routerInterfaces).toEqual([]);
    expect(store.getState().doc.vpcPeerConnections).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().doc).toBe(doc);
  });
});

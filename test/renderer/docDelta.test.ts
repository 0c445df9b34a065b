/**
 * The document deltas the UI thread sends the simulator worker: after a structured clone (what
 * postMessage does) the worker's next version equals the UI's, and what the edit did not touch is
 * the very same object as in the worker's previous version — what the simulator's incremental
 * `update` needs to reuse its work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { loadDocumentText } from '../../simulator/document/load';
import { createReachability } from '../../simulator/reach';
import { applyDocDelta, docDelta, rememberWorkerCopy } from '../../renderer/sim/docDelta';
import { createDocumentStore } from '../../renderer/store/documentStore';

function example(name: string): Topology {
  const loaded = loadDocumentText(readFileSync(join(__dirname, '../../examples', `${name}.vpclink.json`), 'utf8'));
  if (loaded.kind !== 'ok') throw new Error(`example ${name} does not load`);
  return loaded.document;
}

/** What the worker receives: a structured clone of the message. */
const overTheWire = <T>(value: T): T => structuredClone(value);

describe('document deltas for the simulator worker', () => {
  it('the first message carries the whole document', () => {
    const doc = example('cross-account');
    const delta = docDelta(null, doc);
    expect(delta.kind).toBe('full');
    expect(applyDocDelta(null, overTheWire(delta))).toEqual(doc);
  });

  it('an edit to one group: the worker rebuilds the same document, reusing every untouched part', () => {
    const store = createDocumentStore(example('cross-account'));
    const first = store.getState().doc;
    const inWorker = applyDocDelta(null, overTheWire(docDelta(null, first)));
    store.getState().change('Rename group', (d) => ({
      ...d,
      securityGroups: d.securityGroups.map((g, n) => (n === 0 ? { ...g, name: 'renamed' } : g)),
    }));
    const second = store.getState().doc;
    const next = applyDocDelta(inWorker, overTheWire(docDelta(first, second)));
    expect(next).toEqual(second);
    // Untouched arrays and elements keep their identity in the worker.
    expect(next.vpcs).toBe(inWorker.vpcs);
    expect(next.instances).toBe(inWorker.instances);
    expect(next.securityGroups).not.toBe(inWorker.securityGroups);
    expect(next.securityGroups[0]).not.toBe(inWorker.securityGroups[0]);
    for (let n = 1; n < next.securityGroups.length; n++)
      expect(next.securityGroups[n]).toBe(inWorker.securityGroups[n]);
  });

  it('undo, a removed field and another document all arrive equal to what the UI holds', () => {
    const a = example('cross-account');
    const b = { ...a, vpcs: a.vpcs.slice(1), description: undefined } as Topology;
    delete (b as { description?: string }).description;
    const other = example('same-account');
    let inWorker = applyDocDelta(null, overTheWire(docDelta(null, a)));
    let sent = a;
    for (const next of [b, a, other, a]) {
      inWorker = applyDocDelta(inWorker, overTheWire(docDelta(sent, next)));
      sent = next;
      expect(inWorker).toEqual(next);
    }
  });

  it("an opened document crosses once as the name of the worker's own copy; later deltas build on that copy", () => {
    const text = readFileSync(join(__dirname, '../../examples', 'cross-account.vpclink.json'), 'utf8');
    const loaded = loadDocumentText(text);
    if (loaded.kind !== 'ok') throw new Error('example does not load');
    // As documentLoader.ts: the worker keeps the loader's document, the UI parses its JSON.
    const workerCopy = loaded.document;
    const uiCopy = JSON.parse(JSON.stringify(workerCopy)) as Topology;
    const store = createDocumentStore();
    const before = store.getState().doc;
    rememberWorkerCopy(uiCopy, 7);
    store.getState().load(uiCopy, { path: null, title: 'x', origin: 'example' });
    const opened = store.getState().doc;
    const delta = docDelta(before, opened);
    expect(delta).toEqual({ kind: 'loaded', loadId: 7 });
    const inWorker = applyDocDelta(before, overTheWire(delta), (id) => (id === 7 ? workerCopy : undefined));
    expect(inWorker).toBe(workerCopy);
    expect(inWorker).toEqual(opened);
    // Only the first message: the same document again is an ordinary delta.
    expect(docDelta(before, opened).kind).toBe('fields');
    store
      .getState()
      .change('Rename VPC', (d) => ({ ...d, vpcs: d.vpcs.map((v, n) => (n === 0 ? { ...v, name: 'x' } : v)) }));
    const edited = store.getState().doc;
    const next = applyDocDelta(inWorker, overTheWire(docDelta(opened, edited)));
    expect(next).toEqual(edited);
    expect(next.instances).toBe(inWorker.instances);
    expect(next.vpcs[1]).toBe(inWorker.vpcs[1]);
  });

  it('a loaded document the worker has no copy of is a bug, not a guess', () => {
    expect(() => applyDocDelta(null, { kind: 'loaded', loadId: 3 }, () => undefined)).toThrow(
      /no copy of loaded document 3/,
    );
  });

  it('the incremental update on the worker side answers as a fresh index does', () => {
    const store = createDocumentStore(example('cross-account'));
    const first = store.getState().doc;
    let inWorker = applyDocDelta(null, overTheWire(docDelta(null, first)));
    const reach = createReachability(inWorker);
    // Break the path: every ingress rule of every group goes.
    store.getState().change('Remove rules', (d) => ({
      ...d,
      securityGroups: d.securityGroups.map((g) => ({
        ...g,
        permissions: g.permissions.filter((p) => p.direction !== 'ingress'),
      })),
    }));
    inWorker = applyDocDelta(inWorker, overTheWire(docDelta(first, store.getState().doc)));
    const updated = reach.update(inWorker);
    const fresh = createReachability(store.getState().doc);
    const [from, to] = [first.instances[0]!.instanceId, first.instances[1]!.instanceId];
    const flow = { from, to, protocol: 'icmp' as const, port: null };
    expect(updated.check(flow)).toEqual(fresh.check(flow));
  });
});

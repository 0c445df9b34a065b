/** The app's intents: the checklist rows the worker computes, the undoable edits, "Keep as intent". */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { intentViews } from '../../renderer/sim/intentViews';
import type { CheckOutcome, FlowQuery } from '../../renderer/sim/types';
import { addIntent, hasIntent, intentFromCheck, removeIntent, updateIntent } from '../../renderer/store/intents';
import { example } from './helpers';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';

function withIntents(doc: Topology, intents: NonNullable<Topology['intents']>): Topology {
  return { ...doc, intents };
}

describe('intents checklist rows (intentViews, run in the simulator worker)', () => {
  const doc = example('cross-account');

  it('marks each intent holds, violated (with its first violating pair) or undetermined', () => {
    const views = intentViews(
      withIntents(doc, [
        { name: 'a reaches b', from: A, to: B, protocol: 'icmp', expect: 'reachable' },
        { from: A, to: B, protocol: 'icmp', expect: 'unreachable' },
      ]),
    );
    expect(views.map((v) => v.state)).toEqual(['holds', 'violated']);
    expect(views[0]!.name).toBe('a reaches b');
    expect(views[1]!.firstViolation).toEqual({ from: A, to: B });
    expect(views[1]!.name).toContain('must not reach');
  });

  it('an intent that cannot be evaluated is undetermined with the reason; the others are still evaluated', () => {
    const views = intentViews(
      withIntents(doc, [
        { from: 'i-nowhere', to: B, protocol: 'icmp', expect: 'reachable' },
        { from: A, to: B, protocol: 'icmp', expect: 'unreachable' },
      ]),
    );
    expect(views[0]!.state).toBe('undetermined');
    expect(views[0]!.note).toMatch(/^from: /);
    expect(views[1]!.state).toBe('violated');
  });

  it('breaking the path turns a holding intent violated (re-evaluated on the edited document)', () => {
    const intents: NonNullable<Topology['intents']> = [{ from: A, to: B, protocol: 'icmp', expect: 'reachable' }];
    expect(intentViews(withIntents(doc, intents))[0]!.state).toBe('holds');
    const broken = { ...doc, routeTables: doc.routeTables.map((t) => ({ ...t, routeEntries: [] })) };
    expect(intentViews(withIntents(broken, intents))[0]!.state).toBe('violated');
    expect(intentViews(doc)).toEqual([]);
  });
});

describe('intent edits', () => {
  const doc = example('cross-account');
  it('add, update (unknown fields kept, port only for tcp/udp) and remove (the key goes with the last)', () => {
    const added = addIntent(doc, { from: ` ${A} `, to: B, protocol: 'icmp', port: 22, expect: 'reachable', name: ' ' });
    expect(added.intents).toEqual([{ from: A, to: B, protocol: 'icmp', expect: 'reachable' }]);
    const tagged = { ...added, intents: [{ ...added.intents![0]!, ticket: 'NET-1' }] };
    const updated = updateIntent(tagged, 0, {
      name: 'ssh',
      from: A,
      to: B,
      protocol: 'tcp',
      port: 22,
      expect: 'unreachable',
    });
    expect(updated.intents).toEqual([
      { ticket: 'NET-1', name: 'ssh', from: A, to: B, protocol: 'tcp', port: 22, expect: 'unreachable' },
    ]);
    expect(hasIntent(updated, { from: A, to: B, protocol: 'tcp', port: 22, expect: 'unreachable' })).toBe(true);
    expect(hasIntent(updated, { from: A, to: B, protocol: 'tcp', port: 23, expect: 'unreachable' })).toBe(false);
    const removed = removeIntent(updated, 0);
    expect('intents' in removed).toBe(false);
    expect(removed).toEqual(doc);
    expect(updateIntent(doc, 3, { from: A, to: B, protocol: 'icmp', expect: 'reachable' })).toBe(doc);
  });
});

describe('Keep as intent', () => {
  const query: FlowQuery = { from: A, to: B, protocol: 'tcp', port: 443 };
  const result = (verdict: 'reachable' | 'unreachable' | 'undetermined') =>
    ({ kind: 'result', verdict }) as unknown as CheckOutcome;

  it('keeps the flow expecting the current verdict', () => {
    expect(intentFromCheck(query, result('unreachable'))).toEqual({
      kind: 'ok',
      draft: { from: A, to: B, protocol: 'tcp', port: 443, expect: 'unreachable' },
    });
    const ping = intentFromCheck({ ...query, protocol: 'icmp', port: null }, result('reachable'));
    expect(ping).toEqual({ kind: 'ok', draft: { from: A, to: B, protocol: 'icmp', expect: 'reachable' } });
  });

  it('refuses an undetermined verdict and says why; refuses without a result', () => {
    const refused = intentFromCheck(query, result('undetermined'));
    expect(refused.kind).toBe('refused');
    expect(refused.kind === 'refused' && refused.reason).toMatch(/undetermined.*cannot become an intent/);
    expect(intentFromCheck(query, null).kind).toBe('refused');
    expect(intentFromCheck(query, { kind: 'input-error', message: 'x' }).kind).toBe('refused');
  });
});

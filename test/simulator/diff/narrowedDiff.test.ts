/**
 * The differential test of the narrowed diff (issue 16): `diff` evaluates only the pairs around
 * what an edit changed (simulator/diff/narrow.ts). A diff that misses a change is as bad as a
 * wrong "reachable", so over many seeded random edits of generated estates and of the examples
 * — routes, ACL entries and bindings, security-group rules and policies, memberships, ENIs and
 * addresses, instances, router-interface and peering status, prefix lists, peering connections,
 * transit routers; rules of one protocol seen by a flow of another — the narrowed `diff --json`
 * must be byte-identical to the full sweep's.
 */
import { describe, expect, it } from 'vitest';
import { diffReachability } from '../../../simulator/diff';
import { compareDocuments } from '../../../simulator/diff/changes';
import { narrowingOf } from '../../../simulator/diff/narrow';
import { FLOWS } from '../reach/helpers';
import { EDITS, randomEditRounds } from './edits';

describe('diff: the narrowed sweep equals the full one (byte-identical --json)', () => {
  const ESTATES = [
    ...Array.from({ length: 10 }, (_, i) => `S:${i + 1}`),
    'S:2:tables elsewhere',
    'M:2',
    'example:cross-account',
    'example:same-account',
    'example:peering',
    'example:transit-router',
    'example:broken-acceptor-not-configured',
  ];
  const paths = new Map<string, number>();
  let changedCases = 0;
  let cases = 0;
  /** Cases where a group edit touched only rules of other protocols than the flow's, so fewer instances changed. */
  let otherProtocols = 0;

  it.each(ESTATES.map((name, i) => [name, i] as const))('%s: random edits of every kind', (name, offset) => {
    // One edit of each kind in turn (so every kind is seen on every estate), sometimes two more.
    const rounds = randomEditRounds(name, {
      salt: 7,
      rounds: name.startsWith('M') ? 6 : 24,
      offset,
      stride: 5,
      moreChance: 0.3,
      edits: EDITS,
    });
    for (const { before, after, applied, round } of rounds) {
      const flow = FLOWS[round % FLOWS.length]!;
      const narrowed = diffReachability(before, after, flow);
      const full = diffReachability(before, after, flow, { sweep: 'full' });
      const what = `${name}: ${applied.join(', ')} (${flow.protocol}/${flow.port ?? ''})`;
      expect(full.path, what).not.toBe('narrowed');
      expect(JSON.stringify(narrowed.diff, null, 2), what).toBe(JSON.stringify(full.diff, null, 2));
      paths.set(narrowed.path, (paths.get(narrowed.path) ?? 0) + 1);
      const changes = compareDocuments(before, after);
      const forFlow = narrowingOf(before, changes, flow.protocol);
      const anyFlow = narrowingOf(before, changes);
      if (forFlow.kind === 'around' && anyFlow.kind === 'around' && forFlow.changed.size < anyFlow.changed.size)
        otherProtocols++;
      cases++;
      if (full.diff.lost.length + full.diff.gained.length > 0) changedCases++;
    }
  });

  it('the edits change reachability, and most take the narrowed path (the test is not vacuous)', () => {
    expect(changedCases).toBeGreaterThanOrEqual(cases / 3);
    expect(paths.get('narrowed') ?? 0).toBeGreaterThanOrEqual(cases / 2);
    expect(paths.get('two-matrices') ?? 0).toBeGreaterThan(0);
    expect(otherProtocols).toBeGreaterThanOrEqual(10);
  });
});

/**
 * The differential test of the lost pairs' shortcut (simulator/diff/unchanged.ts): a lost pair was
 * reachable in BEFORE, so its AFTER trace skips the steps that read only what the edit left
 * unchanged. Over seeded random edits of generated estates and examples — route entries, rules,
 * policies, group references, ACL entries and bindings, alone and together — the lost pairs'
 * blockers must be exactly those of a fresh, full trace of AFTER (`check` of a new index, no
 * step skipped, hops written), and `diff --json` byte-identical to the diff that traces every step
 * of every pair (no pair taking the blockers of its class: lostClasses.ts).
 */
import { describe, expect, it } from 'vitest';
import { diffReachability } from '../../../simulator/diff';
import { compareDocuments } from '../../../simulator/diff/changes';
import { unchangedSince } from '../../../simulator/diff/unchanged';
import { createReachability, isFlowInputError } from '../../../simulator/reach';
import { FLOWS, type Raw } from '../reach/helpers';
import { type Edit, EDITS as SHARED_EDITS, randomEditRounds } from './edits';

/** Edits the shortcut applies to (route entries, security-group rules and policies, ACLs), and two more of its own. */
const EDITS: Record<string, Edit> = {
  ...Object.fromEntries(
    [
      'a route removed',
      'a route table emptied (a hub: transit summaries go)',
      'a route made Pending',
      'a route to a next hop vpclink does not simulate',
      'rules removed',
      'the TCP rules of a group removed',
      'the ICMP rules of a group flipped',
      'a policy flipped',
      'a rule naming another group added',
      'InnerAccessPolicy flipped',
      'a network ACL entry removed',
      'a network ACL drops everything on egress',
      'a network ACL bound to another vSwitch',
    ].map((name) => [name, SHARED_EDITS[name]!]),
  ),
  // Sources of one vSwitch split in two by a group edit: those of the edited group read their own
  // security-group step, the others share one trace per vSwitch (lostClasses.ts).
  'a route table emptied and one group of its VPC edited': (raw, pick) => {
    const t = pick<Raw>(raw.routeTables);
    if (!t) return;
    t.routeEntries = [];
    const g = pick<Raw>(raw.securityGroups.filter((x: Raw) => x.vpcId === t.vpcId));
    if (g) g.permissions = g.permissions.slice(1);
  },
  'a route sent to an interface of another router': (raw, pick) => {
    const e = pick<Raw>(pick<Raw>(raw.routeTables)?.routeEntries ?? []);
    const ri = pick<Raw>(raw.routerInterfaces);
    if (e && ri) Object.assign(e, { nextHopType: 'RouterInterface', nextHopId: ri.routerInterfaceId });
  },
  'a route sent to another interface of its VPC': (raw, pick) => {
    const t = pick<Raw>(raw.routeTables.filter((x: Raw) => x.routeEntries.length > 0));
    const router = raw.vpcs.find((v: Raw) => v.vpcId === t?.vpcId)?.vRouterId;
    const e = pick<Raw>(t?.routeEntries ?? []);
    const ri = pick<Raw>(
      raw.routerInterfaces.filter((r: Raw) => r.routerId === router && r.routerInterfaceId !== e?.nextHopId),
    );
    if (e && ri) Object.assign(e, { nextHopType: 'RouterInterface', nextHopId: ri.routerInterfaceId });
  },
};

describe('diff: a lost pair traced with the unchanged steps skipped has the blockers of a full trace', () => {
  const ESTATES = [
    ...Array.from({ length: 8 }, (_, i) => `S:${i + 1}`),
    'M:3',
    'example:cross-account',
    'example:same-account',
    'example:peering',
  ];
  const seen = { cases: 0, shortcut: 0, lost: 0, shared: 0, codes: new Set<string>() };

  it.each(ESTATES.map((name, i) => [name, i] as const))('%s: random edits', (name, offset) => {
    const rounds = randomEditRounds(name, {
      salt: 11,
      rounds: name.startsWith('M') ? 8 : 20,
      offset,
      stride: 3,
      moreChance: 0.4,
      edits: EDITS,
    });
    for (const { before, after, applied, round } of rounds) {
      const flow = FLOWS[round % FLOWS.length]!;
      const what = `${name}: ${applied.join(', ')} (${flow.protocol}/${flow.port ?? ''})`;
      const skipping = diffReachability(before, after, flow);
      const full = diffReachability(before, after, flow, { traces: 'full' });
      expect(JSON.stringify(skipping.diff, null, 2), what).toBe(JSON.stringify(full.diff, null, 2));
      // And each lost pair's blockers are those of a fresh index's `check` of AFTER (every step, hops written).
      const fresh = createReachability(after);
      for (const pair of skipping.diff.lost) {
        const expected = fresh.check({ from: pair.from, to: pair.to, ...flow });
        if (isFlowInputError(expected)) throw new Error(`${what}: ${pair.from} → ${pair.to} not a flow`);
        expect(pair.blockers, `${what}: ${pair.from} → ${pair.to}`).toEqual(expected.blockers);
        for (const b of pair.blockers) seen.codes.add(b.code);
      }
      seen.cases++;
      if (unchangedSince(before, compareDocuments(before, after)) !== null && skipping.diff.lost.length > 0) {
        seen.shortcut++;
        seen.lost += skipping.diff.lost.length;
        seen.shared += skipping.diff.lost.length - skipping.tracedLost;
      }
      expect(full.tracedLost, what).toBe(full.diff.lost.length);
    }
  });

  it('the shortcut ran on many lost pairs with blockers of several kinds (the test is not vacuous)', () => {
    expect(seen.shortcut).toBeGreaterThanOrEqual(seen.cases / 4);
    expect(seen.lost).toBeGreaterThanOrEqual(1_000);
    // Most lost pairs took the blockers of a pair of their class rather than a trace of their own.
    expect(seen.shared).toBeGreaterThanOrEqual(seen.lost / 8);
    for (const code of [
      'NO_ROUTE',
      'ROUTE_TO_WRONG_VPC',
      'ROUTE_NOT_AVAILABLE',
      'ROUTE_NEXT_HOP_INVALID',
      'NEXT_HOP_NOT_SIMULATED',
      'SG_INGRESS_DENIED',
      'SG_EGRESS_DENIED',
      'NACL_INGRESS_DENIED',
      'NACL_EGRESS_DENIED',
    ])
      expect([...seen.codes], code).toContain(code);
  });
});

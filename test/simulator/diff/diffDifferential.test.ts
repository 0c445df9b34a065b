/**
 * The differential test of `diff` (issue 15): on generated estates with random edits, the
 * incremental diff (AFTER indexed as an `update` of BEFORE, its matrix continuing BEFORE's sweep)
 * must equal the diff of two matrices computed from scratch on unshared documents, pair by pair:
 * the same gained pairs, the same lost pairs in the same order with the same blockers as a fresh
 * `check` of AFTER, and groups by cause that partition the lost and gained pairs.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/lib/measure';
import { generateTopology } from '../../../bench/generate';
import type { Topology } from '../../../simulator/document';
import { diffReachability } from '../../../simulator/diff';
import { bitRows, createReachability, isFlowInputError, isReachable, type Protocol } from '../../../simulator/reach';
import { load, type Raw } from '../reach/helpers';

type Edit = (raw: Raw, random: () => number) => void;

const pickIndex = (list: readonly unknown[], random: () => number) => Math.floor(random() * list.length);

/** Edits the incremental path takes (security groups, route tables, network ACLs). */
const INCREMENTAL_EDITS: Record<string, Edit> = {
  'rules removed': (raw, random) => {
    for (const g of raw.securityGroups) if (random() < 0.3) g.permissions = g.permissions.filter(() => random() < 0.6);
  },
  'a policy flipped': (raw, random) => {
    const g = raw.securityGroups[pickIndex(raw.securityGroups, random)];
    const p = g.permissions[pickIndex(g.permissions, random)];
    if (p) p.policy = p.policy === 'Drop' ? 'Accept' : 'Drop';
  },
  'an ingress rule for everything added': (raw, random) => {
    const g = raw.securityGroups[pickIndex(raw.securityGroups, random)];
    g.permissions.push({ direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '10.0.0.0/8' });
  },
  'a route table emptied': (raw, random) => {
    raw.routeTables[pickIndex(raw.routeTables, random)].routeEntries = [];
  },
  'a route removed': (raw, random) => {
    const t = raw.routeTables[pickIndex(raw.routeTables, random)];
    t.routeEntries.splice(pickIndex(t.routeEntries, random), 1);
  },
  'a network ACL entry removed': (raw, random) => {
    const acl = raw.networkAcls?.[pickIndex(raw.networkAcls ?? [], random)];
    if (acl) acl.ingressAclEntries.splice(0, 1);
  },
};

/** Edits that change instances or links: AFTER's matrix starts afresh. */
const FRESH_EDITS: Record<string, Edit> = {
  'an instance stopped': (raw, random) => {
    raw.instances[pickIndex(raw.instances, random)].status = 'Stopped';
  },
  'an instance removed': (raw, random) => {
    raw.instances.splice(pickIndex(raw.instances, random), 1);
  },
  'an instance moved to another group': (raw, random) => {
    const instance = raw.instances[pickIndex(raw.instances, random)];
    const vpc = raw.vSwitches.find((s: Raw) => s.vSwitchId === instance.vSwitchId).vpcId;
    const groups = raw.securityGroups.filter((g: Raw) => g.vpcId === vpc);
    instance.securityGroupIds = [groups[pickIndex(groups, random)].securityGroupId];
  },
  'a router interface deactivated': (raw, random) => {
    raw.routerInterfaces[pickIndex(raw.routerInterfaces, random)].status = 'Inactive';
  },
};

/** The diff of two matrices computed from scratch, and the lost pairs' blockers from a fresh AFTER. */
function twoMatrices(before: Topology, after: Topology, protocol: Protocol, port: number | null) {
  const ra = createReachability(after);
  const mb = createReachability(before).matrix({ protocol, port });
  const ma = ra.matrix({ protocol, port });
  expect(bitRows(ma)).toBeDefined();
  const position = new Map(mb.instances.map((id, i) => [id, i]));
  const gained: Array<{ from: string; to: string }> = [];
  const lost: Array<{ from: string; to: string; blockers: unknown }> = [];
  ma.instances.forEach((from, s) =>
    ma.instances.forEach((to, d) => {
      const sb = position.get(from);
      const db = position.get(to);
      if (s === d || sb === undefined || db === undefined) return;
      const was = isReachable(mb, sb, db);
      const is = isReachable(ma, s, d);
      if (!was && is) gained.push({ from, to });
      if (was && !is) {
        const check = ra.check({ from, to, protocol, port });
        if (isFlowInputError(check)) throw new Error('input error');
        lost.push({ from, to, blockers: check.blockers });
      }
    }),
  );
  return { gained, lost };
}

const pairKey = (p: { from: string; to: string }) => `${p.from}>${p.to}`;

describe('diff: incremental equals two matrices from scratch', () => {
  let changed = 0;
  const cases: Array<[string, number, 'incremental' | 'two-matrices']> = [];
  for (let seed = 1; seed <= 8; seed++) cases.push(['S', seed, 'incremental']);
  for (let seed = 1; seed <= 4; seed++) cases.push(['S', seed, 'two-matrices']);
  cases.push(['M', 3, 'incremental'], ['M', 5, 'two-matrices']);

  it.each(cases)('%s estate, seed %i, %s edits', (size, seed, kind) => {
    const random = seededRandom(seed * 101 + (kind === 'incremental' ? 0 : 1));
    const before = generateTopology(size as 'S' | 'M', seed);
    const raw = JSON.parse(JSON.stringify(before));
    const edits = { ...INCREMENTAL_EDITS, ...(kind === 'incremental' ? {} : FRESH_EDITS) };
    const names = Object.keys(edits);
    const applied = Array.from({ length: 1 + Math.floor(random() * 3) }, () => names[pickIndex(names, random)]!);
    // A fresh edit makes the case one of the "two matrices" path.
    if (kind === 'two-matrices') applied.push(Object.keys(FRESH_EDITS)[seed % 4]!);
    for (const name of applied) edits[name]!(raw, random);
    const after = load(raw);
    for (const { protocol, port } of [
      { protocol: 'icmp', port: null },
      { protocol: 'tcp', port: 22 },
    ] as const) {
      // The full sweep here (the narrowed one is compared with it in narrowedDiff.test.ts), and the default too.
      const r = diffReachability(before, after, { protocol, port }, { sweep: 'full' });
      const expected = twoMatrices(load(JSON.parse(JSON.stringify(before))), load(raw), protocol, port);
      const what = `${applied.join(', ')} (${protocol})`;
      expect(r.path, what).toBe(kind);
      expect(r.diff.gained, what).toEqual(expected.gained);
      expect(r.diff.lost, what).toEqual(expected.lost);
      expect(diffReachability(before, after, { protocol, port }).diff, what).toEqual(r.diff);
      // The groups partition the pairs: each pair once, every pair of a group with the same blockers.
      const grouped = r.lostByCause.flatMap((g) => g.pairs.map(pairKey));
      expect([...grouped].sort()).toEqual(r.diff.lost.map(pairKey).sort());
      for (const g of r.lostByCause) {
        const codes = (p: { blockers: ReadonlyArray<{ code: string; resourceId: string }> }) =>
          [...new Set(p.blockers.map((b) => `${b.code} ${b.resourceId}`))].sort().join();
        expect(new Set(g.pairs.map(codes)).size, g.cause).toBe(1);
      }
      expect(r.gainedByCause.flatMap((g) => g.pairs.map(pairKey)).sort()).toEqual(r.diff.gained.map(pairKey).sort());
      if (r.diff.lost.length > 0 && protocol === 'icmp') changed++;
    }
  });

  it('most cases lose pairs (the edits are not no-ops)', () => {
    expect(changed).toBeGreaterThanOrEqual(cases.length / 2);
  });
});

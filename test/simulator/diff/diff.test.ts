/** Differential reachability on whole documents: the pairs, their blockers and the causes. */
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../../../bench/generate';
import type { Topology } from '../../../simulator/document';
import { diffReachability } from '../../../simulator/diff';
import { createReachability, isFlowInputError, type Protocol } from '../../../simulator/reach';
import { example, load, oneVpc, X, type Raw } from '../reach/helpers';

const tiers = (dbRules: Raw[]) =>
  oneVpc(
    [
      { securityGroupId: 'sg-web', innerAccessPolicy: 'Drop', permissions: [] },
      { securityGroupId: 'sg-db', innerAccessPolicy: 'Drop', permissions: dbRules },
    ],
    [
      ['i-web1', '10.0.1.10', ['sg-web'], 1],
      ['i-web2', '10.0.1.11', ['sg-web'], 1],
      ['i-db1', '10.0.2.10', ['sg-db'], 2],
    ],
  );
const mysql = { direction: 'ingress', ipProtocol: 'TCP', portRange: '3306/3306', sourceCidrIp: '10.0.1.0/24' };

describe('diffReachability', () => {
  it('a removed rule loses its pairs, grouped under that rule', () => {
    const r = diffReachability(tiers([mysql]), tiers([]), { protocol: 'tcp', port: 3306 });
    expect(r.diff.gained).toEqual([]);
    expect(r.diff.lost.map((p) => `${p.from}>${p.to}`)).toEqual(['i-web1>i-db1', 'i-web2>i-db1']);
    expect(r.diff.lost[0]!.blockers.map((b) => b.code)).toEqual(['SG_INGRESS_DENIED']);
    expect(r.lostByCause).toHaveLength(1);
    expect(r.lostByCause[0]!.cause).toMatch(/^rule #0 of sg-db \(Accept TCP 3306\/3306 from 10\.0\.1\.0\/24\) removed/);
    // The reverse change only gains.
    const back = diffReachability(tiers([]), tiers([mysql]), { protocol: 'tcp', port: 3306 });
    expect([back.diff.lost, back.diff.gained.length]).toEqual([[], 2]);
    expect(back.gainedByCause).toHaveLength(1);
    expect(back.gainedByCause[0]!.pairs).toEqual(back.diff.gained);
    expect(back.gainedByCause[0]!.cause).toBe(
      'rule #0 of sg-db (Accept TCP 3306/3306 from 10.0.1.0/24) now lets it through (was SG_INGRESS_DENIED on sg-db)',
    );
  });

  it('a Drop rule that outranks a kept Accept says so', () => {
    const drop = { ...mysql, policy: 'Drop', sourceCidrIp: '10.0.1.11/32' };
    const r = diffReachability(tiers([mysql]), tiers([mysql, drop]), { protocol: 'tcp', port: 3306 });
    expect(r.diff.lost.map((p) => `${p.from}>${p.to}`)).toEqual(['i-web2>i-db1']);
    expect(r.lostByCause[0]!.cause).toMatch(/^rule #0 of sg-db .* now outranked: .*rule #1/);
  });

  it('a removed route loses both directions of the tutorial, as one cause', () => {
    const after = example('cross-account', (raw) => {
      const table = raw.routeTables.find((t: Raw) => t.routeTableId === X.vtbA);
      table.routeEntries = [];
    });
    const r = diffReachability(example('cross-account'), after, { protocol: 'icmp', port: null });
    expect(r.diff.lost.map((p) => `${p.from}>${p.to}`)).toEqual([`${X.a}>${X.b}`, `${X.b}>${X.a}`]);
    expect(r.lostByCause).toHaveLength(1);
    expect(r.lostByCause[0]!.cause).toMatch(new RegExp(`^route 172\\.16\\.0\\.0/16 → ${X.riA} of ${X.vtbA} removed`));
    // Put back: both directions gained, as one cause naming the route.
    const back = diffReachability(after, example('cross-account'), { protocol: 'icmp', port: null });
    expect(back.gainedByCause.map((g) => [g.pairs.length, g.cause])).toEqual([
      [2, `route 172.16.0.0/16 → ${X.riA} of ${X.vtbA} now carries it (was NO_ROUTE on ${X.vtbA})`],
    ]);
  });

  it('only instances present in both documents count', () => {
    const after = example('cross-account', (raw) => raw.instances.pop());
    const r = diffReachability(example('cross-account'), after, { protocol: 'icmp', port: null });
    expect(r.diff).toEqual({ gained: [], lost: [] });
  });

  it.each([
    ['icmp', null],
    ['tcp', 22],
  ] as const)('agrees with a check of every pair on an edited S estate (%s %s)', (protocol, port) => {
    const before = generateTopology('S', 5);
    const raw = JSON.parse(JSON.stringify(before));
    raw.securityGroups.forEach((g: Raw, i: number) => {
      if (i % 2 === 0) g.permissions = g.permissions.filter((_: Raw, j: number) => j % 3 !== 0);
    });
    raw.routeTables[1].routeEntries.pop();
    raw.instances.splice(3, 1);
    const after = load(raw);
    const r = diffReachability(before, after, { protocol, port });
    const expected = bruteForce(before, after, protocol, port);
    expect(expected.lost.length).toBeGreaterThan(0);
    expect(r.diff.gained.map((p) => `${p.from}>${p.to}`)).toEqual(expected.gained);
    expect(r.diff.lost.map((p) => `${p.from}>${p.to}>${p.blockers.length}`)).toEqual(expected.lost);
    expect(r.lostByCause.reduce((n, g) => n + g.pairs.length, 0)).toBe(r.diff.lost.length);
  });
});

function bruteForce(before: Topology, after: Topology, protocol: Protocol, port: number | null) {
  const rb = createReachability(before);
  const ra = createReachability(after);
  const ids = new Set(before.instances.map((i) => i.instanceId));
  const common = after.instances.map((i) => i.instanceId).filter((id) => ids.has(id));
  const gained: string[] = [];
  const lost: string[] = [];
  for (const s of common)
    for (const d of common) {
      if (s === d) continue;
      const b = rb.check({ from: s, to: d, protocol, port });
      const a = ra.check({ from: s, to: d, protocol, port });
      if (isFlowInputError(a) || isFlowInputError(b)) throw new Error('input');
      if (b.verdict !== 'reachable' && a.verdict === 'reachable') gained.push(`${s}>${d}`);
      if (b.verdict === 'reachable' && a.verdict !== 'reachable') lost.push(`${s}>${d}>${a.blockers.length}`);
    }
  return { gained, lost };
}

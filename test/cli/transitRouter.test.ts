/**
 * Example 4 (three VPCs through a CEN transit router) through the CLI as a user runs it:
 * validate is clean, check says reachable hub ↔ spokes and unreachable spoke ↔ spoke with the
 * BlackHole blocker, matrix and assert agree.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../simulator/reach/cliRun';

const FILE = 'examples/transit-router.vpclink.json';
const APP = 'i-bp1app00000000000001';
const DATA = 'i-bp1data0000000000002';
const SHARED = 'i-bp1shared000000000003';

describe('vpclink on the transit-router example', () => {
  it('validate: no findings, exit 0', async () => {
    const r = await run(['validate', FILE, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  it('check: a spoke reaches the hub through the transit router (exit 0)', async () => {
    const r = await run(['check', FILE, '--from', APP, '--to', SHARED, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('reachable');
    expect(json.forward.hops.map((h: { resourceType: string }) => h.resourceType)).toContain('transitRouter');
  });

  it('check: the spokes stay apart (exit 1, TR_BLACKHOLE_ROUTE with its patch)', async () => {
    const r = await run(['check', FILE, '--from', APP, '--to', DATA, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('unreachable');
    expect(json.blockers.map((b: { code: string }) => b.code)).toEqual(['TR_BLACKHOLE_ROUTE']);
    expect(json.blockers[0].fix[0].op).toBe('add');
  });

  it('matrix and assert agree with check', async () => {
    const m = await run(['matrix', FILE, '--json']);
    expect(JSON.parse(m.stdout).reachable).toEqual([
      [true, false, true],
      [false, true, true],
      [true, true, true],
    ]);
    const a = await run(['assert', FILE, '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ passed: 3, failed: 0 });
  });
});

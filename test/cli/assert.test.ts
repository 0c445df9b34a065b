/** `vpclink assert` and `vpclink diff` at the level a user (or CI) sees: exit codes and --json. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ROOT, run } from '../simulator/reach/cliRun';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC_A = 'vpc-m5eh2wln3wdeovmrvvr4a';
const ACCOUNT_B = '1564982317654321';
const dir = mkdtempSync(join(tmpdir(), 'vpclink-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, example: string, edit: (raw: any) => void): string {
  const raw = JSON.parse(readFileSync(join(ROOT, 'examples', `${example}.vpclink.json`), 'utf8'));
  edit(raw);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}

const intents = [
  { name: 'A pings B', from: A, to: B, expect: 'reachable' },
  { from: VPC_A, to: ACCOUNT_B, expect: 'unreachable', protocol: 'tcp', port: 3306 },
];

describe('vpclink assert', () => {
  it('exit 0 and the §4.3 JSON when every intent holds', async () => {
    const file = write('ok.json', 'cross-account', (raw) => (raw.intents = intents));
    const r = await run(['assert', file, '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual({
      passed: 2,
      failed: 0,
      results: [
        { index: 0, name: 'A pings B', holds: true, violations: [] },
        { index: 1, name: `${VPC_A} must not reach ${ACCOUNT_B} (tcp/3306)`, holds: true, violations: [] },
      ],
    });
  });

  it('exit 1 with each violation and its blockers when an intent fails', async () => {
    const file = write('broken.json', 'broken-acceptor-not-configured', (raw) => (raw.intents = intents));
    const json = await run(['assert', file, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect([report.passed, report.failed]).toEqual([1, 1]);
    const [violation] = report.results[0].violations;
    expect(Object.keys(violation)).toEqual(['from', 'to', 'verdict', 'blockers']);
    expect([violation.from, violation.to, violation.verdict]).toEqual([A, B, 'unreachable']);
    expect(violation.blockers.map((b: { code: string }) => b.code)).toContain('ROUTER_INTERFACE_NOT_ACTIVE');

    const human = await run(['assert', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('✗ 1. A pings B');
    expect(human.stdout).toContain(`${A} → ${B}: unreachable`);
    expect(human.stdout).toContain('ROUTER_INTERFACE_NOT_ACTIVE on');
    expect(human.stdout).toMatch(/✓ 2\. /);
    expect(human.stdout).toContain('1 of 2 intents hold; 1 fail.');
  });

  it('a must-not-reach intent that is reachable fails', async () => {
    const file = write('open.json', 'cross-account', (raw) => {
      raw.intents = [{ from: ACCOUNT_B, to: VPC_A, expect: 'unreachable' }];
    });
    const r = await run(['assert', file, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).results[0].violations).toEqual([
      { from: B, to: A, verdict: 'reachable', blockers: [] },
    ]);
  });

  it.each([
    ['an end that names nothing', [{ from: 'i-nobody', to: B, expect: 'reachable' }], /\/intents\/0\/from: .*i-nobody/],
    ['a tcp intent without a port', [{ from: A, to: B, expect: 'reachable', protocol: 'tcp' }], /\/intents\/0\/port/],
    ['a bad expect', [{ from: A, to: B, expect: 'maybe' }], /\/intents\/0\/expect/],
  ])('exit 2 on %s, naming the field', async (_, list, message) => {
    const file = write('bad.json', 'cross-account', (raw) => (raw.intents = list));
    const r = await run(['assert', file]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(message);
  });

  it('exit 2 on a missing file', async () => {
    const r = await run(['assert', join(dir, 'none.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });
});

describe('vpclink diff', () => {
  const good = 'examples/cross-account.vpclink.json';
  const broken = 'examples/broken-acceptor-not-configured.vpclink.json';

  it('exit 1 and the §4.3 JSON when pairs are lost', async () => {
    const r = await run(['diff', good, broken, '--json']);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['gained', 'lost']);
    expect(json.gained).toEqual([]);
    expect(json.lost.map((p: { from: string; to: string }) => [p.from, p.to])).toEqual([
      [A, B],
      [B, A],
    ]);
    expect(Object.keys(json.lost[0])).toEqual(['from', 'to', 'blockers']);
    expect(json.lost[0].blockers.length).toBeGreaterThan(0);
  });

  it('exit 0 when only gained, and the human output groups lost pairs by cause', async () => {
    const r = await run(['diff', broken, good, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).gained).toHaveLength(2);
    const human = await run(['diff', good, broken]);
    expect(human.stdout).toMatch(
      /✗ lost 2 pairs: router interface ri-2zeix2q86uoyisagyz0pn changed \(oppositeInterfaceId/,
    );
    const same = await run(['diff', good, good]);
    expect([same.code, same.stdout]).toEqual([0, expect.stringContaining('no pair gained or lost')]);
  });

  it('--protocol tcp --port 22: the tutorial opens ICMP only, so nothing changes', async () => {
    const r = await run(['diff', broken, good, '--protocol', 'tcp', '--port', '22', '--json']);
    expect([r.code, JSON.parse(r.stdout)]).toEqual([0, { gained: [], lost: [] }]);
  });

  it.each([
    [['diff', good], /missing argument AFTER/],
    [['diff', good, broken, '--protocol', 'tcp'], /--port: a port/],
    [['diff', good, 'nope.json'], /nope\.json: cannot read/],
  ])('exit 2: %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

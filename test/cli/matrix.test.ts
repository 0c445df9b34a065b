import { describe, expect, it } from 'vitest';
import { loadDocumentText } from '../../simulator/document';
import { createReachability } from '../../simulator/reach';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTopology } from '../../bench/generate';
import type { Instance } from '../../simulator/document';
import { ROOT, run, spawnCli } from '../simulator/reach/cliRun';

/** A second instance beside one: same vSwitch and groups, the next free address of its /24. */
function clone(instance: Instance, i: number): Instance {
  const parts = instance.privateIpAddress.split('.');
  return {
    ...instance,
    instanceId: `${instance.instanceId}-twin`,
    privateIpAddress: `${parts.slice(0, 3).join('.')}.${200 + (i % 50)}`,
  };
}

const CROSS = 'examples/cross-account.vpclink.json';
const BROKEN = 'examples/broken-acceptor-not-configured.vpclink.json';

function doc(file: string) {
  const r = loadDocumentText(readFileSync(join(ROOT, file), 'utf8'));
  if (r.kind !== 'ok') throw new Error('example does not load');
  return r.document;
}

describe('vpclink matrix', () => {
  it('--json is exactly the §3.3 shape, instances in document order, diagonal true', async () => {
    const r = await run(['matrix', CROSS, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toEqual({
      protocol: 'icmp',
      port: null,
      instances: ['i-m5e8s3ti3g1xtn0gmaus', 'i-2ze6pb1ti4wkxo4mnwo3'],
      reachable: [
        [true, true],
        [true, true],
      ],
      undetermined: [],
    });
    expect(Object.keys(json)).toEqual(['protocol', 'port', 'instances', 'reachable', 'undetermined']);
  });

  it('broken acceptor: only the diagonal', async () => {
    const r = await run(['matrix', BROKEN, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).reachable).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('agrees with check for every pair and protocol on the examples', async () => {
    for (const file of [CROSS, BROKEN, 'examples/same-account.vpclink.json', 'examples/peering.vpclink.json']) {
      const d = doc(file);
      const reach = createReachability(d);
      for (const [protocol, port] of [
        ['icmp', null],
        ['tcp', 22],
        ['udp', 53],
        ['all', null],
      ] as const) {
        const r = await run([
          'matrix',
          file,
          '--json',
          '--protocol',
          protocol,
          ...(port ? ['--port', String(port)] : []),
        ]);
        const json = JSON.parse(r.stdout);
        expect(json.protocol).toBe(protocol);
        expect(json.port).toBe(port);
        json.instances.forEach((from: string, s: number) =>
          json.instances.forEach((to: string, t: number) => {
            const c = reach.check({ from, to, protocol, port });
            expect('verdict' in c && c.verdict === 'reachable').toBe(json.reachable[s][t]);
          }),
        );
      }
    }
  });

  it('human output: a grid with names, marks and a legend', async () => {
    const r = await run(['matrix', BROKEN]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Reachability of ICMP (ping), request and reply: row = source, column = destination');
    expect(r.stdout).toContain('1 InstanceID_A i-m5e8s3ti3g1xtn0gmaus  · ✗');
    expect(r.stdout).toContain('2 InstanceID_B i-2ze6pb1ti4wkxo4mnwo3  ✗ ·');
    expect(r.stdout).toContain('0 of 2 ordered pairs reachable.');
  });

  it('a 20-instance grid stays aligned', async () => {
    const raw = JSON.parse(readFileSync(join(ROOT, CROSS), 'utf8'));
    for (let i = 0; i < 18; i++)
      raw.instances.push({
        instanceId: `i-extra${i}`,
        name: `web-${i}`,
        vSwitchId: raw.instances[i % 2].vSwitchId,
        privateIpAddress: `${i % 2 ? '172.16.1' : '192.168.1'}.${10 + i}`,
        securityGroupIds: raw.instances[i % 2].securityGroupIds,
      });
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vpclink-matrix-'));
    try {
      writeFileSync(join(dir, 'twenty.vpclink.json'), JSON.stringify(raw));
      const r = await run(['matrix', join(dir, 'twenty.vpclink.json')]);
      expect(r.code).toBe(0);
      const gridRows = r.stdout.split('\n').filter((l) => /^\s?\d+ .*[✓✗·]( [✓✗·]){19}$/.test(l));
      expect(gridRows).toHaveLength(20);
      const widths = new Set(gridRows.map((l) => l.length));
      expect(widths.size).toBe(1);
      expect(r.stdout).toMatch(/^ +1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('more than 60 instances: one line per source with its count and first misses, and the total', async () => {
    const estate = generateTopology('S', 2);
    const raw = { ...estate, instances: [...estate.instances, ...estate.instances.map(clone)] };
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vpclink-matrix-'));
    try {
      writeFileSync(join(dir, 'list.vpclink.json'), JSON.stringify(raw));
      const r = await run(['matrix', join(dir, 'list.vpclink.json')]);
      expect(r.code).toBe(0);
      const loaded = loadDocumentText(JSON.stringify(raw));
      if (loaded.kind !== 'ok') throw new Error('does not load');
      const m = createReachability(loaded.document).matrix({ protocol: 'icmp', port: null });
      const n = m.instances.length;
      expect(n).toBeGreaterThan(60);
      const lines = r.stdout.split('\n').filter((l) => / reaches \d+ of \d+/.test(l));
      expect(lines).toHaveLength(n);
      let total = 0;
      m.reachable.forEach((row, s) => {
        const misses = m.instances.filter((_, d) => d !== s && !row[d]);
        total += n - 1 - misses.length;
        expect(lines[s]).toContain(`: reaches ${n - 1 - misses.length} of ${n - 1}`);
        if (misses.length) expect(lines[s]).toContain(`; not: ${misses.slice(0, 8).join(', ')}`);
        if (misses.length > 8) expect(lines[s]).toContain(`(+${misses.length - 8} more)`);
      });
      expect(total).toBeGreaterThan(0);
      expect(r.stdout).toContain(`${total} of ${n * (n - 1)} ordered pairs reachable.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['matrix', CROSS, '--protocol', 'tcp'], /--port: a port \(1-65535\) is required for tcp/],
    [['matrix', CROSS, '--port', '80'], /--port: icmp \(ping\) takes no port/],
    [['matrix', CROSS, '--protocol', 'tcp', '--port', '99999'], /--port: 99999 is above the maximum 65535/],
    [['matrix', 'missing.json'], /missing\.json: cannot read: no such file/],
    [['matrix'], /missing argument FILE/],
  ])('bad input %j exits 2', async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('the real binary', { timeout: 60_000 }, async () => {
    const r = await spawnCli(['matrix', CROSS, '--json', '--protocol', 'udp', '--port', '53']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      protocol: 'udp',
      port: 53,
      reachable: [
        [true, false],
        [false, true],
      ],
    });
  });
});

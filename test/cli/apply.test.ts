import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CROSS, load, loadExample, ROOT } from '../simulator/plan/fixtures';
import { startCliSandbox, vpclink, type CliSandbox } from '../cloud/apply/cliHarness';
import { inventory } from '../cloud/apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('vpclink apply', () => {
  it(
    '--yes: creates the pair, routes and rules, verifies the ping; the second apply is a no-op',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(cross);
      const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Plan to apply: 15 steps');
      expect(r.stdout).toContain('apply finished: 15 steps done');
      expect(r.stdout).toContain(`verified: ping ${CROSS.iA} → ${CROSS.iB} reachable (live agrees with plan)`);
      expect(r.stdout).toContain(`verified: ping ${CROSS.iB} → ${CROSS.iA} reachable (live agrees with plan)`);
      expect(existsSync(join(s.dir, 'doc.journal.json'))).toBe(true);
      const inv = inventory(s.sandbox.exportDocument());
      expect(inv.routerInterfaces.map((x) => x.status)).toEqual(['Active', 'Active']);

      const again = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('nothing to do');
      expect(again.stdout).not.toContain('start');
      expect(inventory(s.sandbox.exportDocument())).toEqual(inv);
    },
  );

  it('without --yes and without a terminal: prints the plan, refuses with exit 2, changes nothing', async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs], { cwd: s.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --yes');
    expect(r.stdout).toContain('CreateRouterInterface');
    expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
  });

  it('--json: one JSON event per line, from plan-ready to verify-result', { timeout: 60_000 }, async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes', '--json'], { cwd: s.dir });
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0].kind).toBe('plan-ready');
    expect(events.at(-1).kind).toBe('verify-result');
    expect(events.find((e) => e.kind === 'run-finished')).toMatchObject({ outcome: 'succeeded' });
    expect(events.filter((e) => e.kind === 'step-succeeded' || e.kind === 'step-skipped')).toHaveLength(15);
    expect(events.at(-1).result.differences).toEqual([]);
  });

  it('--journal in a folder that does not exist: exit 2 naming the flag, before any call; nothing written', async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes', '--journal', 'no/such/j.json'], {
      cwd: s.dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `vpclink apply: --journal no/such/j.json: the folder ${join(s.dir, 'no/such')} does not exist; create it first or choose another --journal\n`,
    );
    expect(existsSync(join(s.dir, 'no'))).toBe(false);
    expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
  });

  it('--journal that cannot be read (a symbolic-link loop): exit 2 naming the flag and why, before any call', async () => {
    s = await startCliSandbox(cross);
    symlinkSync('loop.json', join(s.dir, 'loop.json'));
    const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes', '--journal', 'loop.json'], { cwd: s.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vpclink apply: --journal loop\.json: cannot read \S+loop\.json: ELOOP/);
    expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
  });

  it('credentials of the wrong account: refused before any change (exit 2, IDENTITY_MISMATCH)', async () => {
    s = await startCliSandbox(cross);
    const profiles = JSON.parse(readFileSync(join(s.dir, 'p.json'), 'utf8'));
    const [a, b] = profiles.profiles;
    [a.name, b.name] = [b.name, a.name];
    writeFileSync(join(s.dir, 'swapped.json'), JSON.stringify(profiles));
    const r = await vpclink(
      ['apply', 'doc.json', '--endpoint', s.sandbox.endpoint, '--profiles', 'swapped.json', '--yes'],
      { cwd: s.dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('IDENTITY_MISMATCH');
    expect(r.stderr).not.toContain(a.access_key_secret);
    expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
  });

  it(
    'Ctrl-C mid-way: exit 130 with the resume hint; the same command resumes and converges',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(cross);
      const controller = new AbortController();
      const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], {
        cwd: s.dir,
        signal: controller.signal,
        onStdout: (text) => {
          if (text.includes('] done') && text.includes('RouterInterfaceId=')) controller.abort();
        },
      });
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('resume with the same command');
      expect(r.stderr).toContain(`vpclink apply doc.json --endpoint ${s.sandbox.endpoint} --profiles p.json --yes`);
      const again = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('resuming run');
      const inv = inventory(s.sandbox.exportDocument());
      expect(inv.routerInterfaces).toHaveLength(2);
      expect(inv.routes).toHaveLength(2);
      expect(inv.rules).toHaveLength(2);
    },
  );

  it(
    'a failed apply exits 1 and names --rollback; apply --rollback removes what the run created',
    { timeout: 60_000 },
    async () => {
      const bad = load({
        ...cross,
        routeTables: cross.routeTables.map((t) =>
          t.routeTableId === CROSS.vtbA
            ? {
                ...t,
                routeEntries: [
                  ...t.routeEntries,
                  { destinationCidrBlock: '192.168.1.0/24', nextHopType: 'RouterInterface', nextHopId: CROSS.riI },
                ],
              }
            : t,
        ),
      });
      s = await startCliSandbox(bad);
      writeFileSync(join(s.dir, 'bad.json'), JSON.stringify(bad));
      const r = await vpclink(['apply', 'bad.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('vpclink apply bad.json --rollback');
      expect(r.stderr).toContain(`failed at step create-route:${CROSS.vtbA}:192.168.1.0/24`);
      expect(inventory(s.sandbox.exportDocument()).routerInterfaces).toHaveLength(2);
      const rb = await vpclink(['apply', 'bad.json', ...s.cloudArgs, '--rollback', '--yes'], { cwd: s.dir });
      expect(rb.stderr).toBe('');
      expect(rb.code).toBe(0);
      expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
    },
  );

  it('--rollback without a journal: exit 2', async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--rollback', '--yes'], { cwd: s.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NO_JOURNAL');
  });
});

describe('vpclink end to end (real processes)', () => {
  it('sandbox --json --profiles, then apply --endpoint --profiles --yes: exit 0', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpclink-e2e-'));
    const bin = join(ROOT, 'cli/vpclink.js');
    const sandbox = spawn(
      process.execPath,
      [
        bin,
        'sandbox',
        '--seed',
        join(ROOT, 'examples/cross-account.vpclink.json'),
        '--profiles',
        join(dir, 'p.json'),
        '--port',
        '0',
        '--json',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        sandbox.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n').find((l) => l.trim().startsWith('{'));
          if (line) resolve(JSON.parse(line).endpoint);
        });
        sandbox.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
      });
      const apply = spawn(
        process.execPath,
        [
          bin,
          'apply',
          join(ROOT, 'examples/cross-account.vpclink.json'),
          '--endpoint',
          endpoint,
          '--profiles',
          join(dir, 'p.json'),
          '--yes',
          '--journal',
          join(dir, 'journal.json'),
        ],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      apply.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      apply.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => apply.on('exit', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`verified: ping ${CROSS.iA} → ${CROSS.iB} reachable (live agrees with plan)`);
      expect(existsSync(join(dir, 'journal.json'))).toBe(true);
    } finally {
      sandbox.kill('SIGTERM');
      await new Promise((resolve) => sandbox.on('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Defect 1 (issue 10): parallel `vpclink apply --yes` processes on one document against one
 * sandbox. The journal lock lets exactly one run; the others refuse at once with exit 2 naming
 * the holder; the sandbox ends with exactly one set of resources. Also: SIGTERM releases the lock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadExample } from '../../simulator/plan/fixtures';
import { spawnVpclink, startCliSandbox, vpclink, type CliSandbox } from '../apply/cliHarness';
import { inventory } from '../apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function until(predicate: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return predicate();
}

describe('parallel CLI applies on one journal', () => {
  it(
    '10 processes: one applies, 9 exit 2 naming the holder; exactly one set of resources',
    { timeout: 90_000 },
    async () => {
      // Slow connections keep the winner's run (and its lock) alive while the others start.
      s = await startCliSandbox(cross, 'cross-account', { connectMs: 8000 });
      const runs = Array.from({ length: 10 }, () =>
        spawnVpclink(['apply', 'doc.json', ...s!.cloudArgs, '--yes'], s!.dir),
      );
      const results = await Promise.all(runs.map((r) => r.done));
      const codes = results.map((r) => r.code).sort();
      expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
      for (const loser of results.filter((r) => r.code === 2)) {
        expect(loser.stderr).toMatch(
          /another vpclink run holds .*doc\.journal\.json\.lock: apply by pid \d+ on host \S+, started at \d{4}-/,
        );
        expect(loser.stderr).toContain('[JOURNAL_LOCKED]');
      }
      const inv = inventory(s.sandbox.exportDocument());
      expect(inv.routerInterfaces.map((r) => `${r.role}:${r.status}`).sort()).toEqual([
        'AcceptingSide:Active',
        'InitiatingSide:Active',
      ]);
      expect(inv.routes).toHaveLength(2);
      expect(inv.rules).toHaveLength(2);
      // Released on exit: the next run takes the lock and has nothing to do.
      expect(existsSync(join(s.dir, 'doc.journal.json.lock'))).toBe(false);
      const again = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('nothing to do');
    },
  );

  it('SIGTERM mid-run: exit 130, the lock is released, the same command resumes', { timeout: 60_000 }, async () => {
    s = await startCliSandbox(cross, 'cross-account', { connectMs: 4000 });
    const lock = join(s.dir, 'doc.journal.json.lock');
    const run = spawnVpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], s.dir);
    let out = '';
    run.child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    expect(await until(() => out.includes('Connect from the initiator'), 30_000)).toBe(true);
    expect(existsSync(lock)).toBe(true);
    run.child.kill('SIGTERM');
    const ended = await run.done;
    expect(ended.code, ended.stderr).toBe(130);
    expect(existsSync(lock)).toBe(false);
    const resumed = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(inventory(s.sandbox.exportDocument()).routerInterfaces).toHaveLength(2);
  });
});

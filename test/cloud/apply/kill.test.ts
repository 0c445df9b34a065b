import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal, runApply, type ApplyEvent } from '../../../cloud/apply';
import { loadExample, ROOT } from '../../simulator/plan/fixtures';
import { inventory, startHarness, TEST_TIMING, type Harness } from './harness';

const cross = loadExample('cross-account');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function stepsDone(path: string): Promise<number> {
  const read = await readJournal(path);
  return read.kind === 'ok'
    ? Object.values(read.journal.steps).filter((s) => s.state === 'succeeded' || s.state === 'skipped').length
    : 0;
}

describe('an apply process killed with SIGKILL mid-way', () => {
  it('is resumed by running the same apply again and converges without duplicates', { timeout: 60_000 }, async () => {
    h = await startHarness(cross);
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/cloud/apply/childApply.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        VPCLINK_CHILD_CONFIG: JSON.stringify({
          endpoint: h.sandbox.endpoint,
          accounts: h.sandbox.accounts,
          journalPath: h.journalPath,
          documentPath: join(ROOT, 'examples/cross-account.vpclink.json'),
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    // Kill it once a few steps are recorded but the run is not over (the RIs exist, the connection is not done).
    const deadline = Date.now() + 30_000;
    let done = 0;
    while (Date.now() < deadline) {
      done = await stepsDone(h.journalPath);
      if (done >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');
    const journal = await readJournal(h.journalPath);
    expect(journal.kind).toBe('ok');
    if (journal.kind !== 'ok') return;
    expect(journal.journal.state).toBe('running'); // it never got to write an end
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(journal.journal.plan.steps.length);

    const events: ApplyEvent[] = [];
    const resumed = await runApply({
      desired: cross,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
      onEvent: (e) => events.push(e),
    });
    expect(resumed.error).toBeUndefined();
    expect(resumed.outcome).toBe('succeeded');
    expect(resumed.resumed).toBe(true);
    const inv = inventory(h.sandbox.exportDocument());
    expect(inv.routerInterfaces.map((r) => `${r.role}:${r.status}`).sort()).toEqual([
      'AcceptingSide:Active',
      'InitiatingSide:Active',
    ]);
    expect(inv.routes).toHaveLength(2);
    expect(inv.rules).toHaveLength(2);
    expect(resumed.verify?.differences).toEqual([]);
  });
});

/** The journal lock (cloud/session/lock.ts): exclusive, names its holder, breaks stale locks only. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireJournalLock, JournalLockedError, lockPathOf, STALE_AFTER_MS } from '../../../cloud/session';
import { ApplyError } from '../../../cloud/apply';
import { ROOT } from '../../simulator/plan/fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpclink-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

function writeLock(journal: string, owner: Record<string, unknown>, ageMs = 0): void {
  const path = lockPathOf(journal);
  writeFileSync(path, JSON.stringify(owner));
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
}

describe('acquireJournalLock', () => {
  it('is exclusive and the refusal names the holder (pid, host, start time, operation)', async () => {
    const journal = join(dir, 'j.json');
    const lock = await acquireJournalLock(journal, 'apply');
    const second = acquireJournalLock(journal, 'destroy');
    await expect(second).rejects.toBeInstanceOf(JournalLockedError);
    await expect(second).rejects.toThrow(
      `apply by pid ${process.pid} on host ${hostname()}, started at ${lock.owner.startedAt}`,
    );
    await lock.release();
    expect(existsSync(lockPathOf(journal))).toBe(false);
    const third = await acquireJournalLock(journal, 'destroy');
    await third.release();
  });

  const cases: { name: string; owner: () => Record<string, unknown>; ageMs: number; stale: boolean }[] = [
    {
      name: 'a dead pid on this host',
      owner: () => ({ pid: deadPid(), host: hostname(), startedAt: 'x' }),
      ageMs: 0,
      stale: true,
    },
    {
      name: 'a live pid on this host',
      owner: () => ({ pid: process.ppid, host: hostname(), startedAt: 'x' }),
      ageMs: 0,
      stale: false,
    },
    {
      name: 'another host, recently refreshed',
      owner: () => ({ pid: 1, host: 'elsewhere', startedAt: 'x' }),
      ageMs: 1000,
      stale: false,
    },
    {
      name: 'another host, not refreshed for long',
      owner: () => ({ pid: 1, host: 'elsewhere', startedAt: 'x' }),
      ageMs: STALE_AFTER_MS + 60_000,
      stale: true,
    },
    { name: 'an empty record being written', owner: () => ({}), ageMs: 0, stale: false },
    { name: 'an empty record left long ago', owner: () => ({}), ageMs: STALE_AFTER_MS + 60_000, stale: true },
  ];
  for (const c of cases) {
    it(`a lock of ${c.name} is ${c.stale ? 'broken and taken' : 'respected'}`, async () => {
      const journal = join(dir, 'j.json');
      writeLock(journal, c.owner(), c.ageMs);
      if (c.stale) {
        const lock = await acquireJournalLock(journal, 'apply');
        expect(JSON.parse(readFileSync(lockPathOf(journal), 'utf8')).pid).toBe(process.pid);
        await lock.release();
      } else {
        await expect(acquireJournalLock(journal, 'apply')).rejects.toBeInstanceOf(JournalLockedError);
        expect(existsSync(lockPathOf(journal))).toBe(true);
      }
    });
  }

  it('a journal in a missing folder is a JOURNAL_FOLDER_MISSING refusal, not an internal error', async () => {
    const attempt = acquireJournalLock(join(dir, 'no', 'such', 'j.json'), 'apply');
    await expect(attempt).rejects.toBeInstanceOf(ApplyError);
    await expect(attempt).rejects.toMatchObject({ code: 'JOURNAL_FOLDER_MISSING' });
  });

  it('is released when the holding process exits without releasing it', () => {
    const journal = join(dir, 'j.json');
    const script = `import { acquireJournalLock } from ${JSON.stringify(join(ROOT, 'cloud/session/index.ts'))};
      await acquireJournalLock(${JSON.stringify(journal)}, 'apply');
      process.stdout.write('held');
      process.exit(0);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    expect(r.stdout.toString(), r.stderr.toString()).toBe('held');
    expect(existsSync(lockPathOf(journal))).toBe(false);
  });
});

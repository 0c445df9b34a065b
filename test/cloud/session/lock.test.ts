/** The journal lock (cloud/session/lock.ts): exclusive, names its holder, breaks stale locks only. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireJournalLock, JournalLockedError, lockPathOf, STALE_AFTER_MS } from '../../../cloud/session';
import { ApplyError } from '../../../cloud/apply';
import { asideIsStale } from '../../../cloud/session/lock';
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

/**
 * A child that takes the lock of `journal` with the real code until its call of `fs/promises`
 * `hang` (for a path `when` matches) never returns, the window a SIGKILL leaves a file in.
 * (syncBuiltinESMExports makes lock.ts's import of that function the hanging one.)
 */
function childStuckIn(journal: string, hang: 'link' | 'readFile', when: string): Promise<ChildProcess> {
  const script = `import { createRequire, syncBuiltinESMExports } from 'node:module';
    const promises = createRequire(import.meta.url)('node:fs/promises');
    const real = promises.${hang};
    promises.${hang} = (path, ...rest) => {
      if (!String(path).includes(${JSON.stringify(when)})) return real(path, ...rest);
      process.stdout.write('stuck');
      setInterval(() => {}, 60_000);
      return new Promise(() => {});
    };
    syncBuiltinESMExports();
    const { acquireJournalLock } = await import(${JSON.stringify(join(ROOT, 'cloud/session/index.ts'))});
    await acquireJournalLock(${JSON.stringify(journal)}, 'apply');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out === 'stuck') resolve(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => reject(new Error(`child ended (${code ?? signal}) before ${hang}: ${err}`)));
  });
}

/** Stops after writing its draft `<journal>.lock.new-<pid>-<hex>`, before linking and removing it. */
const childStuckAfterDraft = (journal: string) => childStuckIn(journal, 'link', '.new-');

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const draftsOf = (journal: string) =>
  readdirSync(dir)
    .filter((name) => name.startsWith(`${lockPathOf(journal).slice(dir.length + 1)}.new-`))
    .sort();

describe('lock drafts left by a killed process', () => {
  it("a SIGKILLed writer's draft is removed by the next acquisition; a live writer's draft is kept", async () => {
    const journal = join(dir, 'j.json');
    const [live, dead] = await Promise.all([childStuckAfterDraft(journal), childStuckAfterDraft(journal)]);
    try {
      const liveDraft = `${lockPathOf(journal).slice(dir.length + 1)}.new-${live.pid}-`;
      const deadDraft = `${lockPathOf(journal).slice(dir.length + 1)}.new-${dead.pid}-`;
      expect(draftsOf(journal).map((n) => n.slice(0, -8))).toEqual([liveDraft, deadDraft].sort());
      await killed(dead);
      expect(draftsOf(journal)).toHaveLength(2); // nothing cleans it by itself

      const lock = await acquireJournalLock(journal, 'apply');
      expect(draftsOf(journal).map((n) => n.slice(0, -8))).toEqual([liveDraft]);
      await lock.release();
      expect(existsSync(lockPathOf(journal))).toBe(false);
    } finally {
      await killed(live);
      if (dead.exitCode === null && dead.signalCode === null) await killed(dead);
    }
  }, 60_000); // two children load the TypeScript sources through tsx: seconds each on a loaded machine

  const owner = (host: string, pid: number) => JSON.stringify({ pid, host, startedAt: 'x', operation: 'apply' });
  const cases: { name: string; text: () => string; ageMs: number; removed: boolean }[] = [
    { name: 'of a dead pid on this host', text: () => owner(hostname(), deadPid()), ageMs: 0, removed: true },
    {
      name: 'of a live pid on this host, however old',
      text: () => owner(hostname(), process.ppid),
      ageMs: STALE_AFTER_MS + 60_000,
      removed: false,
    },
    { name: 'of another host, just written', text: () => owner('elsewhere', 1), ageMs: 1000, removed: false },
    {
      name: 'of another host, untouched for long',
      text: () => owner('elsewhere', 1),
      ageMs: STALE_AFTER_MS + 60_000,
      removed: true,
    },
    { name: 'still empty, just created', text: () => '', ageMs: 0, removed: false },
    { name: 'still empty, created long ago', text: () => '', ageMs: STALE_AFTER_MS + 60_000, removed: true },
  ];
  for (const c of cases)
    it(`a draft ${c.name} is ${c.removed ? 'removed' : 'kept'}`, async () => {
      const journal = join(dir, 'j.json');
      const draft = `${lockPathOf(journal)}.new-4242-0123abcd`;
      const other = join(dir, 'other.json.lock.new-4242-0123abcd'); // another journal's draft: never touched
      for (const path of [draft, other]) {
        writeFileSync(path, c.text());
        const t = new Date(Date.now() - c.ageMs);
        utimesSync(path, t, t);
      }
      const lock = await acquireJournalLock(journal, 'apply');
      await lock.release();
      expect(existsSync(draft)).toBe(!c.removed);
      expect(existsSync(other)).toBe(true);
    });
});

/**
 * Breaks the stale lock of `journal`, then stops after renaming it to
 * `<journal>.lock.stale-<host>-<pid>-<hex>`, before reading and removing the aside.
 */
const childStuckAfterAside = (journal: string) => childStuckIn(journal, 'readFile', '.stale-');

describe('stale locks moved aside by a killed process', () => {
  const asidesOf = (journal: string) =>
    readdirSync(dir)
      .filter((name) => name.startsWith(`${lockPathOf(journal).slice(dir.length + 1)}.stale-`))
      .sort();

  it("a SIGKILLed breaker's aside is removed by the next acquisition; a live breaker's aside is kept", async () => {
    const journal = join(dir, 'j.json');
    const staleLock = () =>
      writeLock(journal, { pid: deadPid(), host: hostname(), startedAt: 'x', operation: 'apply' });
    staleLock();
    const live = await childStuckAfterAside(journal);
    staleLock();
    const dead = await childStuckAfterAside(journal);
    try {
      const [liveAside] = asidesOf(journal).filter((n) => n.includes(`-${live.pid}-`));
      const [deadAside] = asidesOf(journal).filter((n) => n.includes(`-${dead.pid}-`));
      expect(liveAside).toBeDefined();
      expect(deadAside).toBeDefined();
      await killed(dead);
      expect(asidesOf(journal)).toHaveLength(2); // nothing cleans it by itself

      const lock = await acquireJournalLock(journal, 'apply');
      expect(asidesOf(journal)).toEqual([liveAside]);
      await lock.release();
    } finally {
      await killed(live);
      if (dead.exitCode === null && dead.signalCode === null) await killed(dead);
    }
  }, 60_000);

  const HERE = 'a1b2c3d4e5f6';
  const cases: { name: string; tail: () => string; changedAgoMs: number; stale: boolean }[] = [
    {
      name: 'of this host, its breaker gone',
      tail: () => `${HERE}-${deadPid()}-0123abcd`,
      changedAgoMs: 0,
      stale: true,
    },
    {
      name: 'of this host, its breaker alive, however old',
      tail: () => `${HERE}-${process.ppid}-0123abcd`,
      changedAgoMs: STALE_AFTER_MS + 60_000,
      stale: false,
    },
    {
      name: 'of another host, just moved',
      tail: () => `ffffffffffff-${deadPid()}-0123abcd`,
      changedAgoMs: 1000,
      stale: false,
    },
    {
      name: 'of another host, unchanged for long',
      tail: () => `ffffffffffff-1-0123abcd`,
      changedAgoMs: STALE_AFTER_MS + 60_000,
      stale: true,
    },
    {
      name: 'named by older code (pid-hex), just moved',
      tail: () => `${deadPid()}-0123abcd`,
      changedAgoMs: 0,
      stale: false,
    },
    {
      name: 'named by older code, unchanged for long',
      tail: () => `4242-0123abcd`,
      changedAgoMs: STALE_AFTER_MS + 60_000,
      stale: true,
    },
  ];
  for (const c of cases)
    it(`an aside ${c.name} is ${c.stale ? 'removed' : 'kept'}`, () => {
      expect(asideIsStale(c.tail(), c.changedAgoMs, HERE)).toBe(c.stale);
    });
});

/**
 * The journal lock: one run (apply, destroy, rollback) per journal at a time, across processes.
 *
 * `<journal>.lock` is created with `open(…, 'wx')` (O_CREAT|O_EXCL: exactly one process wins, on
 * a local file system) and holds its owner: pid, host, start time, operation and a random nonce.
 * Why not proper-lockfile: it locks with a directory and keeps no owner record, and a refusal
 * must name the holder (pid, host, started at) — so the owner record is the lock itself.
 *
 * Stale locks (the holder was killed with SIGKILL, the machine rebooted):
 * - same host, and `kill(pid, 0)` says the pid is gone → stale;
 * - another host (a shared folder): the holder touches the file every HEARTBEAT_MS; a lock not
 *   touched for STALE_AFTER_MS is stale;
 * - an owner record that is still empty (the holder is between create and write) is held, unless
 *   the file is older than STALE_AFTER_MS.
 * A stale lock is broken by renaming it to a unique name (one process wins the rename), checking
 * that the renamed file is the stale record it judged (not a fresh lock taken in between, which
 * is put back), then creating the lock again with 'wx'.
 *
 * Drafts: the lock is first written to a private draft `<journal>.lock.new-<pid>-<hex>` (see
 * createWithOwner). A holder killed between writing its draft and removing it (SIGKILL, power
 * loss) leaves the draft behind; each acquisition removes the drafts whose writer is gone: same
 * host and the pid is gone, or (another host, a record still empty) not touched for
 * STALE_AFTER_MS. A live writer's draft on this host is never removed.
 *
 * Asides: breaking a stale lock renames it to `<journal>.lock.stale-<host>-<pid>-<hex>` (the
 * breaker's host, hashed, and pid). A breaker killed before it removes the aside leaves it behind;
 * each acquisition removes the asides whose breaker is gone, by the same rule as drafts (the
 * aside's change time stands for its age: a rename keeps the old lock's modification time). An
 * aside can hold a fresh lock for the milliseconds until its breaker links it back, so a live
 * breaker's aside is never removed.
 *
 * Released on `release()`, and on process exit (an 'exit' hook: a second Ctrl-C calls
 * process.exit). SIGINT/SIGTERM reach the CLI's handler, which cancels the run; the run's
 * `finally` releases the lock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { ApplyError } from '../apply';
import { processIsAlive } from '../files';

export const HEARTBEAT_MS = 30_000;
export const STALE_AFTER_MS = 5 * 60_000;

/** Who holds a journal lock. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** What the holder runs (apply, destroy, rollback …). */
  readonly operation: string;
  readonly nonce: string;
}

/** The journal is locked by a live run. The CLI exits 2; the app answers RUN_IN_PROGRESS. */
export class JournalLockedError extends ApplyError {
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(
      'JOURNAL_LOCKED',
      owner
        ? `another vpclink run holds ${lockPath}: ${owner.operation} by pid ${owner.pid} on host ${owner.host}, started at ${owner.startedAt}; wait for it ` +
            `to finish (if that process is gone for good, delete the lock file)`
        : `another vpclink run is taking ${lockPath} right now; wait for it to finish`,
    );
  }
}

export interface JournalLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

export function lockPathOf(journalPath: string): string {
  return `${journalPath}.lock`;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.startedAt === 'string')
      return {
        pid: v.pid,
        host: v.host,
        startedAt: v.startedAt,
        operation: typeof v.operation === 'string' ? v.operation : 'run',
        nonce: typeof v.nonce === 'string' ? v.nonce : '',
      };
  } catch {
    // an empty or torn record: judged by age below
  }
  return undefined;
}

/** Why a lock is stale, or undefined when its holder may still be running. */
export function staleReason(owner: LockOwner | undefined, ageMs: number, host = hostname()): string | undefined {
  if (ageMs > STALE_AFTER_MS) return `not refreshed for ${Math.round(ageMs / 1000)} s`;
  if (owner && owner.host === host && owner.pid !== process.pid && !processIsAlive(owner.pid))
    return `process ${owner.pid} is gone`;
  return undefined;
}

/** Every lock this process holds, released synchronously on exit. */
const held = new Map<string, string>(); // lock path → nonce
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [path, nonce] of held) {
      try {
        if (parseOwner(readFileSync(path, 'utf8'))?.nonce === nonce) unlinkSync(path);
      } catch {
        // already gone
      }
    }
  });
}

async function readOwner(path: string): Promise<{ owner: LockOwner | undefined; ageMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { owner: parseOwner(text), ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Moves a stale lock away; false when another process got there first. */
async function breakStale(path: string, judged: LockOwner | undefined): Promise<boolean> {
  const aside = `${path}${ASIDE_INFIX}${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true; // gone already: try to take it
    throw error;
  }
  // Unreadable (gone already): judged as an empty record, which matches only an empty judged one.
  const moved = parseOwner(await readFile(aside, 'utf8').catch(() => ''));
  if ((moved?.nonce ?? '') !== (judged?.nonce ?? '')) {
    // A fresh lock was taken between our read and our rename: put it back (link fails if yet another exists).
    await link(aside, path).catch(() => undefined);
    // Unremovable now: a later acquisition removes it once this process is gone (removeLeftovers).
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined); // as above
  return true;
}

/**
 * Takes the lock of `journalPath` or throws JournalLockedError naming the holder. Never waits:
 * a second run refuses at once.
 */
export async function acquireJournalLock(journalPath: string, operation: string): Promise<JournalLock> {
  const path = lockPathOf(journalPath);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    operation,
    nonce: randomBytes(8).toString('hex'),
  };
  await removeLeftovers(path);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await createWithOwner(path, owner);
      return heldLock(path, owner);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw new ApplyError(
          'JOURNAL_FOLDER_MISSING',
          `the journal's folder ${dirname(path)} does not exist (the journal is ${journalPath}); create it or choose another --journal`,
        );
      if (code !== 'EEXIST') throw error;
    }
    const current = await readOwner(path);
    if (!current) continue; // released meanwhile
    const stale = staleReason(current.owner, current.ageMs);
    if (!stale) throw new JournalLockedError(path, current.owner);
    if (!(await breakStale(path, current.owner))) {
      const now = await readOwner(path);
      throw new JournalLockedError(path, now?.owner);
    }
  }
  throw new JournalLockedError(path, (await readOwner(path))?.owner);
}

/**
 * Creates the lock file with its owner already inside, so a second run never sees it empty and
 * can always name the holder: the owner is written to a private file which is then hard-linked
 * to the lock path (link fails with EEXIST when the lock exists, like an exclusive create). Where
 * the file system has no hard links, an exclusive create followed by the write is the fallback.
 */
async function createWithOwner(path: string, owner: LockOwner): Promise<void> {
  const text = `${JSON.stringify(owner)}\n`;
  const draft = `${path}${DRAFT_INFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeSynced(draft, text);
  try {
    await link(draft, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    await writeSynced(path, text);
  } finally {
    // A draft that cannot be removed now is removed by a later acquisition (removeLeftovers).
    await unlink(draft).catch(() => undefined);
  }
}

/** What follows the lock path in a draft's name: `<journal>.lock.new-<pid>-<hex>`. */
const DRAFT_INFIX = '.new-';

/** What follows the lock path in an aside's name: `<journal>.lock.stale-<host>-<pid>-<hex>`. */
const ASIDE_INFIX = '.stale-';
/** This host in an aside's name: hashed, since a host name may hold '-' (and any length). */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 12);

/**
 * Removes what createWithOwner and breakStale left behind in a process that died before it could
 * remove them: drafts (draftIsStale) and asides (asideIsStale). Runs before each acquisition, so
 * a leftover is gone by the next run.
 */
async function removeLeftovers(path: string): Promise<void> {
  const folder = dirname(path);
  const draftPrefix = `${basename(path)}${DRAFT_INFIX}`;
  const asidePrefix = `${basename(path)}${ASIDE_INFIX}`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    // A missing folder has no leftovers; the acquisition that follows reports it (JOURNAL_FOLDER_MISSING).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return;
    throw error;
  }
  for (const name of names.sort()) {
    const file = join(folder, name);
    if (name.startsWith(draftPrefix)) {
      const current = await readOwner(file);
      if (!current) continue; // its writer linked and removed it meanwhile
      if (draftIsStale(current.owner, current.ageMs)) await removeIfThere(file);
    } else if (name.startsWith(asidePrefix)) {
      const changed = await changeAgeMs(file);
      if (changed !== undefined && asideIsStale(name.slice(asidePrefix.length), changed)) await removeIfThere(file);
    }
  }
}

async function removeIfThere(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    // Another acquisition removed it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Milliseconds since `file`'s inode last changed (a rename sets it), or undefined when it is gone. */
async function changeAgeMs(file: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(file)).ctimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * An aside `<host>-<pid>-<hex>` of this host is stale when its breaker's pid is gone; any other
 * (another host on a shared folder, or a name this code did not write) when it has not changed
 * for STALE_AFTER_MS — a breaker keeps its aside for the milliseconds of a read and an unlink.
 */
export function asideIsStale(tail: string, changedAgoMs: number, hostTag = HOST_TAG): boolean {
  const match = /^([0-9a-f]{12})-(\d+)-[0-9a-f]+$/.exec(tail);
  if (match && match[1] === hostTag) {
    const pid = Number(match[2]);
    return pid !== process.pid && !processIsAlive(pid);
  }
  return changedAgoMs > STALE_AFTER_MS;
}

/**
 * A draft holds its writer's owner record. Written on this host: stale only when its writer is
 * gone, whatever its age (a live writer, even one suspended between its write and its link, keeps
 * its draft). Otherwise (another host on a shared folder, or a record still empty, whose host is
 * unknown) it is judged by age like a lock: a writer holds its draft for the milliseconds of a
 * write and a link, so one not touched for STALE_AFTER_MS is left over.
 */
function draftIsStale(owner: LockOwner | undefined, ageMs: number): boolean {
  if (owner && owner.host === hostname()) return owner.pid !== process.pid && !processIsAlive(owner.pid);
  return ageMs > STALE_AFTER_MS;
}

/** Writes a new file (never an existing one: `wx`) and flushes it to disk. */
async function writeSynced(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function heldLock(path: string, owner: LockOwner): JournalLock {
  installExitHook();
  held.set(path, owner.nonce);
  // Other hosts judge the lock by its age: keep it young while the run lives.
  const heartbeat = setInterval(() => {
    const now = new Date();
    // A missed beat is retried at the next; only another host judges by age, after STALE_AFTER_MS.
    void utimes(path, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return {
    path,
    owner,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(path);
      // A lock that cannot be read or removed now is stale once this process ends (its pid is gone):
      // the next run breaks it, so a release never fails the run it ends.
      const current = await readOwner(path).catch(() => undefined);
      if (current?.owner?.nonce === owner.nonce) await unlink(path).catch(() => undefined);
    },
  };
}

/**
 * The second lock of a run: one run per (target, set of accounts) on this machine, whichever
 * shell and whichever journal. The CLI keeps its journal beside the document and the app keeps
 * one per set of accounts in its config folder, so the journal lock alone would let the app and
 * a terminal apply the same document at once (two journals, two plans, duplicate billed
 * interfaces). Both shells also take `<config>/vpclink/locks/<key>.lock`, key = hash of the
 * target (endpoint or "aliyun") and the sorted account IDs. Same lock mechanics as the journal's.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { CloudTarget } from '../client';

/** `$XDG_CONFIG_HOME/vpclink/locks`, else `$HOME/.config/vpclink/locks` (the app's config folder). */
export function userLockDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.config');
  return join(base, 'vpclink', 'locks');
}

/** The lock's path without `.lock` (acquireJournalLock adds it). */
export function targetLockBase(dir: string, target: CloudTarget, accountIds: readonly string[]): string {
  const where = target.kind === 'endpoint' ? target.endpoint : 'aliyun';
  const key = createHash('sha256')
    .update(`${where}\n${[...accountIds].sort().join(',')}`)
    .digest('hex')
    .slice(0, 16);
  return join(dir, `${target.kind === 'endpoint' ? 'endpoint' : 'aliyun'}-${key}`);
}

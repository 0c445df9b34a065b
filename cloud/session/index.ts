/**
 * cloud/session — the one orchestration core of the CLI and the app (design.md §5). See session.ts.
 */
export { openSession, timingForTarget, type CloudSession, type SessionRunResult } from './session';
export { accountsOf, accountNames } from './accounts';
export { connectAccounts, readersOf } from './connect';
export { refuseViolatedIntents, violatedIntents } from './intentGate';
export { userLockDir } from './targetLock';
export { acquireJournalLock, lockPathOf, STALE_AFTER_MS, JournalLockedError } from './lock';

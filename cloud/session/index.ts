/**
 * cloud/session — the one orchestration core of the CLI and the app (design.md §5). See session.ts.
 */
export { openSession, timingForTarget, type CloudSession, type SessionRunResult } from './session';
export { accountsOf, accountNames } from './accounts';
export {
  credentialOptionsOf,
  providerForSource,
  profilesFileOf,
  storeAccessKey,
  type ResolvedSource,
  type SecretVault,
} from './credentialSources';
export { connectAccounts, readersOf } from './connect';
export { findLeftovers } from './leftovers';
export { refuseViolatedIntents, violatedIntents } from './intentGate';
export { failingFlows } from './flowGate';
export { driftReport, intentsBrokenLive, readLiveDrift, recordedIds, type DriftReport } from './drift';
export { userLockDir } from './targetLock';
export { acquireJournalLock, lockPathOf, STALE_AFTER_MS, JournalLockedError } from './lock';

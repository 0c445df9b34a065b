/**
 * cloud/session — the one orchestration core of the CLI and the app (design.md §5). See session.ts.
 */
export {
  openSession,
  timingForTarget,
  type CloudSession,
  type RunRequest,
  type SessionOptions,
  type SessionPlan,
  type SessionRunResult,
} from './session';
export { accountsOf, accountNames } from './accounts';
export {
  credentialOptionsOf,
  providerForSource,
  profilesFileOf,
  storeAccessKey,
  type CredentialChoice,
  type ResolvedSource,
  type SecretVault,
  type SourceContext,
} from './credentialSources';
export { connectAccounts, readersOf, type ConnectOptions } from './connect';
export { findLeftovers, type Leftover } from './leftovers';
export { refuseViolatedIntents, violatedIntents } from './intentGate';
export { failingFlows, type FailingFlow } from './flowGate';
export {
  driftReport,
  intentsBrokenLive,
  readLiveDrift,
  recordedIds,
  type DriftReport,
  type IntentBrokenLive,
  type LiveDrift,
} from './drift';
export { userLockDir, targetLockBase } from './targetLock';
export {
  acquireJournalLock,
  lockPathOf,
  staleReason,
  HEARTBEAT_MS,
  STALE_AFTER_MS,
  JournalLockedError,
  type JournalLock,
  type LockOwner,
} from './lock';

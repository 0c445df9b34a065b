/** A sandbox with the cross-account example and one real pop-core client per account. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudError, createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import { startSandbox, type FaultOptions, type RunningSandbox, type TimingOptions } from '../../../cloud/sandbox';
import { SANDBOX_TIMING, type ApplyEvent, type ApplyTiming } from '../../../cloud/apply';
import type { Topology } from '../../../simulator/document';

/** Sandbox transitions short enough for CI (fractions of a second). */
export const FAST_SANDBOX = { connectMs: 300, activateMs: 150, deactivateMs: 200, deleteMs: 150, routeMs: 150 };

/** Engine timing for tests: fast polls and retries; a lost response times out after 1 s. */
export const TEST_TIMING: Partial<ApplyTiming> = {
  ...SANDBOX_TIMING,
  retryBaseMs: 20,
  retryMaxMs: 200,
  maxAttempts: 15,
  pollInitialMs: 30,
  pollMaxMs: 200,
  waitTimeoutMs: 60_000,
  connectNotSetBudgetMs: 10_000,
  deleteRetryBudgetMs: 20_000,
  callTimeoutMs: 1000,
  // The sandbox's FAST_SANDBOX durations (peering reuses them: cloud/sandbox engine schedulePeer).
  expected: {
    connectMs: FAST_SANDBOX.connectMs,
    activateMs: FAST_SANDBOX.activateMs,
    deactivateMs: FAST_SANDBOX.deactivateMs,
    deleteMs: FAST_SANDBOX.deleteMs,
    modifyMs: FAST_SANDBOX.activateMs,
    routeMs: FAST_SANDBOX.routeMs,
    peeringCreateMs: FAST_SANDBOX.connectMs,
    peeringAcceptMs: FAST_SANDBOX.activateMs,
    peeringDeleteMs: FAST_SANDBOX.deleteMs,
  },
};

export interface Harness {
  readonly sandbox: RunningSandbox;
  readonly clients: Map<string, CloudClient>;
  readonly dir: string;
  readonly journalPath: string;
  readonly events: ApplyEvent[];
  /** Every failed call seen by the clients: which action, which code. */
  readonly failures: { action: string; code: string }[];
  /** From now on, calls for which `predicate(action)` is true reach the sandbox, but their answer is replaced by a timeout. */
  loseFirstResponse(predicate: (action: string) => boolean): void;
  close(): Promise<void>;
}

export async function startHarness(
  seed: Topology,
  options: { faults?: FaultOptions; seedMode?: 'base' | 'full'; timing?: TimingOptions } = {},
): Promise<Harness> {
  const sandbox = await startSandbox({
    seed,
    seedMode: options.seedMode ?? 'base',
    port: 0,
    timing: options.timing ?? FAST_SANDBOX,
    lostResponseHoldMs: 1500,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const clients = new Map<string, CloudClient>();
  const failures: { action: string; code: string }[] = [];
  let lose: (action: string) => boolean = () => false;
  for (const account of sandbox.accounts) {
    const real = createCloudClient({
      target: { kind: 'endpoint', endpoint: sandbox.endpoint },
      credentials: staticProvider(
        { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
        `sandbox ${account.accountId}`,
      ),
      timeoutMs: 1000,
    });
    // Observes failures (for assertions that faults really happened); the call itself is the real one.
    clients.set(account.accountId, {
      ...real,
      call: async (product, regionId, action, params, options) => {
        try {
          const response = await real.call(product, regionId, action, params, options);
          if (lose(action)) {
            failures.push({ action, code: 'REQUEST_TIMEOUT' });
            throw new CloudError({
              code: 'REQUEST_TIMEOUT',
              action,
              message: `${action} timed out (response lost in the test)`,
              retryable: true,
              ambiguous: true,
            });
          }
          return response;
        } catch (error) {
          if (error instanceof CloudError && error.message.includes('lost in the test')) throw error;
          failures.push({ action, code: (error as { code?: string }).code ?? '?' });
          throw error;
        }
      },
      callCount: () => real.callCount(),
      close: () => real.close?.(),
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-apply-'));
  return {
    sandbox,
    clients,
    dir,
    journalPath: join(dir, 'doc.journal.json'),
    events: [],
    failures,
    loseFirstResponse(predicate) {
      lose = predicate;
    },
    async close() {
      for (const c of clients.values()) c.close?.();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Counts of what the sandbox holds that apply creates. */
export function inventory(doc: Topology) {
  const routesViaRi = doc.routeTables.flatMap((t) =>
    t.routeEntries.filter((e) => e.nextHopType === 'RouterInterface').map((e) => ({ table: t.routeTableId, ...e })),
  );
  return {
    routerInterfaces: doc.routerInterfaces,
    routes: routesViaRi,
    rules: doc.securityGroups.flatMap((g) => g.permissions.map((p) => ({ group: g.securityGroupId, ...p }))),
  };
}

/**
 * From now on the first answer of each mutating action is thrown away after the sandbox did the
 * work: what a lost response looks like to the client (aliyun-api.md §1.8 timeouts). Returns the
 * actions whose answer was lost (filled as the run goes).
 */
export function loseFirstAnswerOfEachWrite(harness: Harness): Set<string> {
  const lost = new Set<string>();
  harness.loseFirstResponse((action) => {
    if (/^(Describe|List|Get)/.test(action) || lost.has(action)) return false;
    lost.add(action);
    return true;
  });
  return lost;
}

/** The kinds of step (`create-ri`, `create-pcc` …) whose ambiguous failure a look-up showed had taken effect. */
export function stepsThatTookEffect(events: readonly ApplyEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => e.kind === 'step-ambiguous' && e.outcome === 'took-effect')
      .map((e) => (e as { stepId: string }).stepId.split(':')[0]!),
  );
}

/**
 * The sandbox: a local emulator of the Alibaba Cloud OpenAPI calls vpclink makes (VPC 2016-04-28,
 * ECS 2014-05-26, STS 2015-04-01), spoken to by the real @alicloud/pop-core client over HTTP on
 * 127.0.0.1. It is the app's default target until real credentials are added.
 *
 * Programmatic API for the apply engine, the app and the benchmarks; keep it stable.
 */
import type { AddressInfo } from 'node:net';
import type { Topology } from '../../simulator/document';
import { SandboxClock, SandboxCloud, type TimingOptions } from './engine';
import { FaultInjector, faultOptionsProblem, type FaultOptions } from './faults';
import { loadStateFile as loadState, writeFileAtomic } from './persist';
import { createApiServer } from './server';
import { exportTopology, seedState } from './world';

export type { FaultOptions } from './faults';
export { parseFaultSpec, FaultSpecError } from './faults';
export type { TimingOptions } from './engine';
export { TIMING_PRESETS } from './engine';
export { SeedError, SANDBOX_ROLE, sandboxAccessKey } from './world';

export interface SandboxOptions {
  /** The world to start from; absent = two empty accounts. Ignored when `statePath` exists. */
  readonly seed?: Topology;
  /**
   * `base` (default): the world before the plan — accounts, VPCs, vSwitches, route tables,
   * instances, security groups, but no router interfaces, no routes through them and no rules.
   * `full`: everything in the seed (for rehearsing teardown or import).
   */
  readonly seedMode?: 'base' | 'full';
  /** State file: loaded at start when it exists, written after every change and on close. */
  readonly statePath?: string;
  /**
   * Told when a background save of `statePath` fails (disk full, folder removed…). Default: one line
   * on stderr per change of failure, so a state file that stops following the sandbox is never silent.
   */
  readonly onSaveError?: (error: Error) => void;
  /** Port on 127.0.0.1; 0 (default) = any free port. */
  readonly port?: number;
  readonly faults?: FaultOptions;
  /** Durations of asynchronous transitions, ms; default "fast" (~1.5 s connect, 0.5 s route). */
  readonly timing?: TimingOptions;
  /** `manual`: time moves only through {@link RunningSandbox.advance} (tests). Default `real`. */
  readonly clock?: 'real' | 'manual';
  /** Seed of generated IDs (router interfaces, routes, rules, order IDs). Default 1. */
  readonly rngSeed?: number;
  /** How long a "lost" response holds its connection before dropping it, ms (default 60 000). */
  readonly lostResponseHoldMs?: number;
}

export interface SandboxAccountCredentials {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Region of the account's first VPC (for the profile's region_id); absent when it has none. */
  readonly regionId?: string;
  /**
   * A RAM user's key of the same account. The keys above are the account's own (root) key, which
   * STS AssumeRole refuses (`NoPermission`, aliyun-links.md §5.3); this one may assume roles.
   */
  readonly ramUser: { readonly userName: string; readonly accessKeyId: string; readonly accessKeySecret: string };
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`: pass it as pop-core's `endpoint` for every product. */
  readonly endpoint: string;
  readonly accounts: ReadonlyArray<SandboxAccountCredentials>;
  /** True when the state came from an existing `statePath` rather than the seed. */
  readonly loadedFromState: boolean;
  /** Moves the sandbox clock forward (any clock mode) and completes due transitions. */
  advance(ms: number): void;
  /** Current state as a topology document with live statuses. */
  exportDocument(): Topology;
  /** Writes the state file now (no-op without `statePath`). */
  save(): Promise<void>;
  /** Stops listening, drops held connections, saves. Idempotent. */
  close(): Promise<void>;
  /** HTTP requests received so far (for benchmarks). */
  callCount(): number;
}

export { SandboxStateError } from './persist';

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const faults = options.faults ?? {};
  const problem = faultOptionsProblem(faults);
  if (problem) throw new RangeError(`faults: ${problem}`);
  const rngSeed = options.rngSeed ?? 1;
  const loaded = options.statePath ? await loadState(options.statePath) : undefined;
  const start = loaded ? loaded.now : Date.now();
  const state = loaded ?? seedState(options.seed, options.seedMode ?? 'base', start, rngSeed);
  const clock = new SandboxClock(options.clock ?? 'real', start);
  const cloud = new SandboxCloud(state, clock, options.timing ?? {}, faults.slowTransitions ?? 1);
  cloud.settle();

  let saving: Promise<void> = Promise.resolve();
  let saveQueued = false;
  const save = (): Promise<void> => {
    if (!options.statePath) return Promise.resolve();
    const path = options.statePath;
    if (saveQueued) return saving;
    saveQueued = true;
    // Serialised: one write at a time, the latest state wins. A failed write does not poison the
    // chain: the next change tries again.
    saving = saving
      .catch(() => undefined)
      .then(async () => {
        saveQueued = false;
        cloud.settle();
        cloud.dirty = false;
        await writeFileAtomic(path, JSON.stringify(cloud.snapshot(), null, 1) + '\n', 0o600);
      });
    return saving;
  };
  let lastSaveFailure = '';
  const reportSaveError =
    options.onSaveError ??
    ((error: Error) => {
      if (error.message === lastSaveFailure) return;
      lastSaveFailure = error.message;
      process.stderr.write(`vpclink sandbox: cannot save the state file ${options.statePath}: ${error.message}\n`);
    });
  const saveSoon = () => {
    if (!options.statePath) return;
    save().then(
      () => (lastSaveFailure = ''),
      (error: unknown) => reportSaveError(error instanceof Error ? error : new Error(String(error))),
    );
  };

  const api = createApiServer({
    cloud,
    faults: new FaultInjector(faults),
    onChange: saveSoon,
    lostHoldMs: options.lostResponseHoldMs ?? 60_000,
  });
  await new Promise<void>((resolve, reject) => {
    api.server.once('error', reject);
    api.server.listen(options.port ?? 0, '127.0.0.1', () => {
      api.server.off('error', reject);
      resolve();
    });
  });
  const { port } = api.server.address() as AddressInfo;

  // With the real clock, transitions finish while nobody calls: settle and save now and then so
  // the state file shows them.
  const ticker =
    clock.mode === 'real' && options.statePath
      ? setInterval(() => {
          if (cloud.hasPendingTasks()) {
            cloud.settle();
            if (cloud.dirty) saveSoon();
          }
        }, 500)
      : undefined;
  ticker?.unref();
  if (options.statePath && !loaded) await save();

  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accounts: state.accounts.map((a) => {
      const regionId = state.vpcs.find((v) => v.accountId === a.accountId)?.regionId;
      const root = a.accessKeys.find((k) => !k.ramUserName)!;
      const ram = a.accessKeys.find((k) => k.ramUserName)!;
      return {
        accountId: a.accountId,
        accessKeyId: root.accessKeyId,
        accessKeySecret: root.accessKeySecret,
        ...(regionId ? { regionId } : {}),
        ramUser: { userName: ram.ramUserName!, accessKeyId: ram.accessKeyId, accessKeySecret: ram.accessKeySecret },
      };
    }),
    loadedFromState: loaded !== undefined,
    advance(ms: number) {
      clock.advance(ms);
      cloud.settle();
      if (cloud.dirty) saveSoon();
    },
    exportDocument() {
      cloud.settle();
      return exportTopology(cloud.state);
    },
    save,
    callCount: () => api.callCount(),
    close() {
      closed ??= (async () => {
        if (ticker) clearInterval(ticker);
        await new Promise<void>((resolve) => {
          api.server.close(() => resolve());
          api.shutdown();
        });
        await save();
      })();
      return closed;
    },
  };
}

/**
 * Writes an aliyun CLI config file (aliyun-api.md §7.3) with one AK profile per sandbox account,
 * named by account ID, so `--profiles FILE` works with nothing else configured, and one for each
 * account's RAM user, `<accountId>-ram-user`. Mode 0600, atomic.
 */
export async function writeProfilesFile(
  path: string,
  sandbox: {
    readonly accounts: ReadonlyArray<
      Omit<SandboxAccountCredentials, 'ramUser'> & Partial<Pick<SandboxAccountCredentials, 'ramUser'>>
    >;
  },
  defaultRegionId = 'cn-hangzhou',
): Promise<void> {
  // Each account's root key named by account ID (what `apply` finds, topology-format.md §3.4);
  // after them each RAM user's key as `<accountId>-ram-user` (the key that may AssumeRole, links §5.3).
  const keys = [
    ...sandbox.accounts.map((a) => ({ ...a, name: a.accountId })),
    ...sandbox.accounts.flatMap((a) =>
      a.ramUser ? [{ ...a.ramUser, regionId: a.regionId, name: `${a.accountId}-ram-user` }] : [],
    ),
  ];
  const profiles = keys.map((a) => ({
    name: a.name,
    mode: 'AK',
    access_key_id: a.accessKeyId,
    access_key_secret: a.accessKeySecret,
    sts_token: '',
    sts_region: '',
    ram_role_name: '',
    ram_role_arn: '',
    ram_session_name: '',
    source_profile: '',
    private_key: '',
    key_pair_name: '',
    expired_seconds: 0,
    verified: '',
    region_id: a.regionId ?? defaultRegionId,
    output_format: 'json',
    language: 'en',
    site: '',
    retry_timeout: 0,
    connect_timeout: 0,
    retry_count: 0,
    process_command: '',
    credentials_uri: '',
  }));
  const config = { current: sandbox.accounts[0]?.accountId ?? '', profiles, meta_path: '' };
  // The aliyun CLI writes it tab-indented (aliyun-api.md §7.3).
  await writeFileAtomic(path, JSON.stringify(config, null, '\t') + '\n', 0o600);
}

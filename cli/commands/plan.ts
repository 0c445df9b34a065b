/**
 * `vpclink plan FILE [--against live|SNAPSHOT_FILE] [--destroy] [--endpoint URL] [--profiles FILE] [--json]`
 * — the ordered API calls that make the cloud match FILE (or, with --destroy, that remove it),
 * with account, region, parameters, costs and the reachability delta. Changes nothing.
 * Exit 0 planned, 1 the cloud refused (or the plan cannot be applied), 2 bad input.
 *
 * Also the shared plumbing of plan/apply/destroy: target, credentials and identity per account.
 */
import { resolve } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import { endpointTarget } from '../cloudTarget';
import { CloudError, createCloudClient, type CloudClient, type CloudTarget } from '../../cloud/client';
import { credentialProviderFor, isInputError, verifyCallerIdentity } from '../../cloud/credentials';
import { importTopology } from '../../cloud/import';
import {
  CLOUD_TIMING,
  formatPlanText,
  regionsOf,
  SANDBOX_TIMING,
  seededRandom,
  withReadRetries,
  type ApplyTiming,
} from '../../cloud/apply';
import type { Account, Topology } from '../../simulator/document';
import { planChanges, planTeardown, type Plan } from '../../simulator/plan';

export const CLOUD_FLAGS = {
  endpoint: {
    type: 'string',
    valueName: 'URL',
    description: 'send every call to this endpoint (a sandbox) instead of Alibaba Cloud',
  },
  profiles: {
    type: 'string',
    valueName: 'FILE',
    description: 'aliyun CLI profiles file (default ~/.aliyun/config.json)',
  },
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
} as const;

export const spec: CommandSpec = {
  name: 'plan',
  summary: 'Show the ordered API calls that make the cloud match FILE (costs, reachability delta). Changes nothing.',
  positionals: ['FILE'],
  flags: {
    against: {
      type: 'string',
      valueName: 'live|FILE',
      description: 'compare with the live accounts (default) or with a snapshot document',
    },
    destroy: { type: 'boolean', description: 'plan the teardown (what vpclink destroy would do) instead' },
    ...CLOUD_FLAGS,
  },
};

export class InputError extends Error {}

/** `--endpoint URL` → a sandbox target; absent → the real regional endpoints. */
export function targetOf(args: ParsedArgs): CloudTarget {
  const parsed = endpointTarget(args.flags.endpoint as string | undefined);
  if (!parsed.ok) throw new InputError(parsed.message);
  return parsed.target;
}

/** Timing for the target: short polls against a sandbox, terraform's 5 s against the cloud. */
export function timingFor(target: CloudTarget): ApplyTiming {
  return target.kind === 'endpoint' ? SANDBOX_TIMING : CLOUD_TIMING;
}

/** Every account the document's resources belong to, with its profile when the document names one. */
export function accountsOf(document: Topology): Account[] {
  const byId = new Map(document.accounts.map((a) => [a.accountId, a]));
  for (const id of [...document.vpcs.map((v) => v.accountId), ...document.routerInterfaces.map((r) => r.accountId)]) {
    if (!byId.has(id)) byId.set(id, { accountId: id });
  }
  return [...byId.values()];
}

export interface Connected {
  readonly clients: Map<string, CloudClient>;
  close(): void;
}

/**
 * Credentials for each account (cloud/credentials: accounts[].profile, else a profile named by the
 * account ID, else the environment), then STS GetCallerIdentity: refuse before any change when a
 * key belongs to another account.
 */
export async function connectAccounts(document: Topology, args: ParsedArgs, io: CliIo): Promise<Connected> {
  const target = targetOf(args);
  const timing = timingFor(target);
  const profilesFile = args.flags.profiles as string | undefined;
  const clients = new Map<string, CloudClient>();
  const all: CloudClient[] = [];
  const close = () => {
    for (const c of all) c.close?.();
  };
  try {
    for (const account of accountsOf(document)) {
      const provider = await credentialProviderFor(account, {
        env: io.env,
        target,
        ...(profilesFile !== undefined ? { profilesFile: resolve(io.cwd, profilesFile) } : {}),
      });
      const client = createCloudClient({
        target,
        credentials: provider,
        userAgent: 'vpclink/0.1.0',
        timeoutMs: timing.callTimeoutMs,
      });
      all.push(client);
      await verifyCallerIdentity(
        withReadRetries(client, timing, seededRandom(1), io.signal),
        account.accountId,
        provider.description,
      );
      clients.set(account.accountId, client);
    }
  } catch (error) {
    close();
    throw error;
  }
  return { clients, close };
}

/** Reads FILE for a command: the document, or an exit code after a clear message. */
export async function readDesired(
  file: string,
  io: CliIo,
  command: string,
): Promise<{ document: Topology; path: string } | number> {
  const read = await readDocumentFile(file, io.cwd);
  if (read.kind === 'unreadable') {
    io.stderr(`vpclink ${command}: ${read.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (read.kind === 'invalid') {
    io.stderr(`vpclink ${command}: ${describeSchemaIssues(file, read.issues)}`);
    return EXIT.BAD_INPUT;
  }
  return { document: read.document, path: read.path };
}

/** Maps a failure of plan/apply/destroy to its message and exit code. */
export function reportError(command: string, error: unknown, io: CliIo): number {
  if (error instanceof InputError) {
    io.stderr(`vpclink ${command}: ${error.message}\n`);
    return EXIT.BAD_INPUT;
  }
  if (error instanceof CloudError) {
    const request =
      error.requestId && !error.message.includes(error.requestId) ? ` [RequestId ${error.requestId}]` : '';
    io.stderr(`vpclink ${command}: ${error.message}${request} [${error.code}]\n`);
    return isInputError(error) ? EXIT.BAD_INPUT : EXIT.FAILED;
  }
  throw error;
}

export function accountNames(document: Topology): Map<string, string> {
  return new Map(document.accounts.filter((a) => a.name).map((a) => [a.accountId, a.name!]));
}

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const json = args.flags.json === true;
  const desired = await readDesired(file, io, 'plan');
  if (typeof desired === 'number') return desired;
  const against = (args.flags.against as string | undefined) ?? 'live';

  let current: Topology;
  let connected: Connected | undefined;
  try {
    if (against === 'live') {
      connected = await connectAccounts(desired.document, args, io);
      const target = targetOf(args);
      const timing = timingFor(target);
      const random = seededRandom(1);
      const imported = await importTopology({
        accounts: [...connected.clients].map(([accountId, client]) => ({
          accountId,
          client: withReadRetries(client, timing, random, io.signal),
        })),
        regions: regionsOf(desired.document),
        signal: io.signal,
      });
      for (const warning of imported.warnings) io.stderr(`vpclink plan: warning: ${warning}\n`);
      current = imported.document;
    } else {
      if (args.flags.endpoint !== undefined || args.flags.profiles !== undefined)
        throw new InputError(`--against ${against}: a snapshot needs no --endpoint or --profiles (nothing is called)`);
      const snapshot = await readDocumentFile(against, io.cwd);
      if (snapshot.kind === 'unreadable') throw new InputError(`--against ${snapshot.message}`);
      if (snapshot.kind === 'invalid')
        throw new InputError(`--against ${describeSchemaIssues(against, snapshot.issues).trimEnd()}`);
      current = snapshot.document;
    }
  } catch (error) {
    if (io.signal.aborted) {
      io.stderr('vpclink plan: cancelled\n');
      return 130;
    }
    return reportError('plan', error, io);
  } finally {
    connected?.close();
  }

  const plan: Plan =
    args.flags.destroy === true ? planTeardown(desired.document, current) : planChanges(desired.document, current);
  if (json) {
    io.stdout(`${JSON.stringify({ document: file, against, ...plan })}\n`);
  } else {
    io.stdout(formatPlanText(plan, { accountNames: accountNames(desired.document) }));
  }
  return plan.problems.some((p) => p.severity === 'error') ? EXIT.FAILED : EXIT.OK;
}

/**
 * `vpclink plan FILE [--against live|SNAPSHOT_FILE] [--destroy] [--endpoint URL] [--profiles FILE] [--json]`
 * (and `--migrate LINK-ID --to peering`, planMigrate.ts)
 * — the ordered API calls that make the cloud match FILE (or, with --destroy, that remove it),
 * with account, region, parameters, costs and the reachability delta. Changes nothing.
 * Exit 0 planned, 1 the cloud refused (or the plan cannot be applied), 2 bad input.
 *
 * The orchestration (accounts, credentials, identity, import, planning) is cloud/session's; this
 * file parses the flags and renders. Also the shared flag parsing of plan/apply/destroy.
 */
import { basename, dirname, join } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import { cliCredentials, endpointTarget } from '../cloudTarget';
import { CloudError, type CloudTarget } from '../../cloud/client';
import { isInputError } from '../../cloud/credentials';
import { formatPlanText } from '../../cloud/apply';
import { accountNames, openSession, timingForTarget, userLockDir, type CloudSession } from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import { planChanges, planTeardown, type Plan } from '../../simulator/plan';
import { migrateFlagsProblem, runMigrate } from './planMigrate';

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
    migrate: {
      type: 'string',
      valueName: 'LINK-ID',
      description: 'plan the make-before-break migration of this router-interface link (either end) to --to peering',
    },
    to: { type: 'string', valueName: 'peering', description: 'with --migrate: the link kind to migrate to' },
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

/** Opens the session of FILE for a cloud command: target, credentials and journal from the flags. */
export function sessionFor(
  desired: { readonly document: Topology; readonly path: string },
  args: ParsedArgs,
  io: CliIo,
  options: { readonly journalPath: string; readonly documentPath: string },
): CloudSession {
  const target = targetOf(args);
  return openSession({
    document: desired.document,
    target,
    credentialsFor: cliCredentials(target, io, args.flags.profiles as string | undefined),
    journalPath: options.journalPath,
    documentPath: options.documentPath,
    documentId: desired.path,
    timing: timingForTarget(target),
    userAgent: 'vpclink/0.1.0',
    lockDir: userLockDir(io.env),
  });
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

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const json = args.flags.json === true;
  if (args.flags.to !== undefined && args.flags.migrate === undefined) {
    io.stderr('vpclink plan: --to needs --migrate LINK-ID\n');
    return EXIT.BAD_INPUT;
  }
  const migrateProblem = args.flags.migrate !== undefined ? migrateFlagsProblem(args) : undefined;
  if (migrateProblem) {
    io.stderr(`vpclink plan: ${migrateProblem}\n`);
    return EXIT.BAD_INPUT;
  }
  const desired = await readDesired(file, io, 'plan');
  if (typeof desired === 'number') return desired;
  if (args.flags.migrate !== undefined) return runMigrate(file, desired.document, args, io);
  const against = (args.flags.against as string | undefined) ?? 'live';

  const operation = args.flags.destroy === true ? 'destroy' : 'apply';
  let plan: Plan;
  let session: CloudSession | undefined;
  try {
    if (against === 'live') {
      session = sessionFor(desired, args, io, { journalPath: defaultJournalPath(desired.path), documentPath: file });
      const result = await session.plan(operation, io.signal);
      for (const warning of result.warnings) io.stderr(`vpclink plan: warning: ${warning}\n`);
      plan = result.plan;
    } else {
      if (args.flags.endpoint !== undefined || args.flags.profiles !== undefined)
        throw new InputError(`--against ${against}: a snapshot needs no --endpoint or --profiles (nothing is called)`);
      const snapshot = await readDocumentFile(against, io.cwd);
      if (snapshot.kind === 'unreadable') throw new InputError(`--against ${snapshot.message}`);
      if (snapshot.kind === 'invalid')
        throw new InputError(`--against ${describeSchemaIssues(against, snapshot.issues).trimEnd()}`);
      plan =
        operation === 'destroy'
          ? planTeardown(desired.document, snapshot.document)
          : planChanges(desired.document, snapshot.document);
    }
  } catch (error) {
    if (io.signal.aborted) {
      io.stderr('vpclink plan: cancelled\n');
      return 130;
    }
    return reportError('plan', error, io);
  } finally {
    session?.close();
  }

  if (json) {
    io.stdout(`${JSON.stringify({ document: file, against, ...plan })}\n`);
  } else {
    io.stdout(formatPlanText(plan, { accountNames: accountNames(desired.document) }));
  }
  return plan.problems.some((p) => p.severity === 'error') ? EXIT.FAILED : EXIT.OK;
}

/** `examples/x.vpclink.json` → `examples/x.vpclink.journal.json`. */
export function defaultJournalPath(documentPath: string): string {
  const name = basename(documentPath);
  return join(dirname(documentPath), `${name.endsWith('.json') ? name.slice(0, -'.json'.length) : name}.journal.json`);
}

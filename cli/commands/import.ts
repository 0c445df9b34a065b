/**
 * `vpclink import --account A [--account B …] [--region R …] [--output FILE] [--merge FILE]
 * [--endpoint URL] [--profiles FILE] [--json]` — describe live accounts into a topology document
 * (topology-format.md §3.4). Exit 0 written, 1 the cloud refused, 2 bad input.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { cliCredentials, endpointTarget } from '../cloudTarget';
import { CloudError, isValidRegionId, type CloudClient } from '../../cloud/client';
import { isInputError } from '../../cloud/credentials';
import { writeFileAtomic } from '../../cloud/files';
import { importTopology } from '../../cloud/import';
import { connectAccounts, readersOf, timingForTarget } from '../../cloud/session';
import { serializeDocument, type Account, type Topology } from '../../simulator/document';

export const spec: CommandSpec = {
  name: 'import',
  summary: 'Describe live Alibaba Cloud accounts (or a sandbox) into a topology document.',
  positionals: [],
  shortFlags: { o: 'output' },
  flags: {
    account: {
      type: 'string',
      multiple: true,
      valueName: 'ACCOUNT_ID',
      description: 'account UID to import (repeat for several; at least one)',
    },
    region: {
      type: 'string',
      multiple: true,
      valueName: 'REGION',
      description:
        'region to describe, e.g. cn-beijing (repeat; default: the regions of --merge, else all VPC regions)',
    },
    output: {
      type: 'string',
      valueName: 'FILE',
      description: 'write the document to FILE (atomically) instead of stdout',
    },
    merge: {
      type: 'string',
      valueName: 'FILE',
      description: 'merge into this document: keep its layout, names, profiles and other accounts/regions',
    },
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
  },
};

class InputError extends Error {
  constructor(
    message: string,
    readonly code = 'BAD_INPUT',
  ) {
    super(message);
  }
}

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const json = args.flags.json === true;
  // Failures go to stderr only, with --json too: stdout holds a result or nothing, and the exit
  // code tells a script which case it is (the convention of `vpclink validate`).
  const fail = (code: number, error: { code: string; message: string; requestId?: string }) => {
    const request =
      error.requestId && !error.message.includes(error.requestId) ? ` [RequestId ${error.requestId}]` : '';
    io.stderr(`vpclink import: ${error.message}${request} [${error.code}]\n`);
    return code;
  };

  let input: Awaited<ReturnType<typeof readInput>>;
  try {
    input = await readInput(args, io);
  } catch (error) {
    if (error instanceof InputError) return fail(EXIT.BAD_INPUT, { code: error.code, message: error.message });
    throw error;
  }

  let clients: Map<string, CloudClient> | undefined;
  try {
    const timing = timingForTarget(input.target);
    // Identity first (issue "One-click apply"): never describe with another account's keys (cloud/session).
    clients = await connectAccounts(input.accounts, {
      target: input.target,
      credentialsFor: cliCredentials(input.target, io, input.profilesFile),
      timing,
      signal: io.signal,
    });
    // Describe calls ride out throttling and temporary errors with the apply engine's read policy.
    const accounts = readersOf(clients, timing, io.signal);
    const { document, warnings } = await importTopology({
      accounts,
      ...(input.regions.length ? { regions: input.regions } : {}),
      ...(input.existing ? { existing: input.existing } : {}),
      signal: io.signal,
    });
    const text = serializeDocument(document);
    for (const warning of warnings) io.stderr(`vpclink import: warning: ${warning}\n`);
    const counts = countsOf(document);
    if (input.output) {
      try {
        await writeFileAtomic(input.output, text);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        const why =
          code === 'ENOENT'
            ? 'no such directory'
            : code === 'EACCES' || code === 'EPERM'
              ? 'permission denied'
              : code === 'EISDIR'
                ? 'is a directory'
                : code;
        return fail(EXIT.BAD_INPUT, {
          code: 'OUTPUT_UNWRITABLE',
          message: `cannot write ${input.outputLabel}: ${why}`,
        });
      }
      if (json)
        io.stdout(
          JSON.stringify({ output: input.output, accounts: input.accounts.map((a) => a.accountId), counts, warnings }) +
            '\n',
        );
      else
        io.stdout(
          `wrote ${input.outputLabel}: ${describeCounts(counts)}${warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'} above)` : ''}\n`,
        );
    } else {
      io.stdout(text);
    }
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CloudError) {
      return fail(isInputError(error) ? EXIT.BAD_INPUT : EXIT.FAILED, {
        code: error.code,
        message: error.message,
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
      });
    }
    throw error;
  } finally {
    for (const client of clients?.values() ?? []) client.close?.();
  }
}

async function readInput(args: ParsedArgs, io: CliIo) {
  const accountIds = (args.flags.account as readonly string[] | undefined) ?? [];
  if (accountIds.length === 0)
    throw new InputError(
      'missing --account: name at least one account UID to import (e.g. --account 1231579085529123)',
    );
  const seen = new Set<string>();
  for (const id of accountIds) {
    // Account UIDs are numeric (16 digits for a main account, topology-format.md §2).
    if (!/^\d{1,20}$/.test(id))
      throw new InputError(`--account "${id}" is not an account UID (digits only, e.g. 1231579085529123)`);
    if (seen.has(id)) throw new InputError(`--account ${id} is given twice`);
    seen.add(id);
  }
  const regions = [...new Set((args.flags.region as readonly string[] | undefined) ?? [])];
  for (const region of regions) {
    if (!isValidRegionId(region)) throw new InputError(`--region "${region}" is not a region ID (e.g. cn-beijing)`);
  }
  const outputFlag = args.flags.output as string | undefined;
  if (outputFlag === '') throw new InputError('--output needs a file name');

  const parsedEndpoint = endpointTarget(args.flags.endpoint as string | undefined);
  if (!parsedEndpoint.ok) throw new InputError(parsedEndpoint.message);
  const target = parsedEndpoint.target;

  let existing: Topology | undefined;
  const mergeFile = args.flags.merge as string | undefined;
  if (mergeFile !== undefined) {
    const result = await readDocumentFile(mergeFile, io.cwd);
    if (result.kind === 'unreadable') throw new InputError(`--merge ${result.message}`);
    if (result.kind === 'invalid')
      throw new InputError(`--merge ${describeSchemaIssues(mergeFile, result.issues).trimEnd()}`);
    existing = result.document;
  }
  // Check the output directory before any cloud call, so a typo does not cost a whole import.
  if (outputFlag !== undefined) {
    const outputDir = dirname(resolve(io.cwd, outputFlag));
    const isDir = await stat(outputDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new InputError(`cannot write ${outputFlag}: no such directory ${outputDir}`, 'OUTPUT_UNWRITABLE');
  }
  const accounts: Account[] = accountIds.map(
    (accountId) => existing?.accounts.find((a) => a.accountId === accountId) ?? { accountId },
  );
  const profilesFlag = args.flags.profiles as string | undefined;
  return {
    accounts,
    regions,
    target,
    existing,
    output: outputFlag !== undefined ? resolve(io.cwd, outputFlag) : undefined,
    outputLabel: outputFlag ?? '',
    profilesFile: profilesFlag !== undefined ? resolve(io.cwd, profilesFlag) : undefined,
  };
}

function countsOf(document: Topology) {
  return {
    accounts: document.accounts.length,
    vpcs: document.vpcs.length,
    vSwitches: document.vSwitches.length,
    routeTables: document.routeTables.length,
    routeEntries: document.routeTables.reduce((n, t) => n + t.routeEntries.length, 0),
    routerInterfaces: document.routerInterfaces.length,
    securityGroups: document.securityGroups.length,
    permissions: document.securityGroups.reduce((n, g) => n + g.permissions.length, 0),
    instances: document.instances.length,
    ...(document.vpcPeerConnections?.length ? { vpcPeerConnections: document.vpcPeerConnections.length } : {}),
  };
}

function describeCounts(c: ReturnType<typeof countsOf>): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(c.vpcs, 'VPC'),
    plural(c.vSwitches, 'vSwitch', 'vSwitches'),
    plural(c.routeTables, 'route table'),
    plural(c.routeEntries, 'custom route'),
    plural(c.routerInterfaces, 'router interface'),
    plural(c.securityGroups, 'security group'),
    plural(c.permissions, 'rule'),
    plural(c.instances, 'instance'),
    ...(c.vpcPeerConnections ? [plural(c.vpcPeerConnections, 'VPC peering connection')] : []),
  ].join(', ');
}

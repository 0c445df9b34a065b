/**
 * `vpclink sandbox`: run the local Alibaba Cloud OpenAPI emulator until SIGINT/SIGTERM
 * (topology-format.md §3, §3.4). Exit 0 when stopped cleanly, 2 on bad input.
 */
import { resolve } from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args';
import { describeSchemaIssues, readDocumentFile } from '../document';
import { EXIT, type CliIo } from '../io';
import type { Topology } from '../../simulator/document';
import {
  FaultSpecError,
  parseFaultSpec,
  SandboxStateError,
  SeedError,
  startSandbox,
  TIMING_PRESETS,
  writeProfilesFile,
  type FaultOptions,
  type RunningSandbox,
} from '../../cloud/sandbox';

export const spec: CommandSpec = {
  name: 'sandbox',
  summary: 'Run the local Alibaba Cloud OpenAPI emulator (VPC, ECS, STS) on 127.0.0.1 until Ctrl-C.',
  positionals: [],
  flags: {
    seed: {
      type: 'string',
      valueName: 'FILE',
      description: 'topology document to start from (default: two empty accounts)',
    },
    'seed-mode': {
      type: 'string',
      choices: ['base', 'full'],
      description: 'base: the world before the plan (default); full: also interfaces, routes, rules',
    },
    port: {
      type: 'integer',
      min: 0,
      max: 65535,
      valueName: 'N',
      description: 'port on 127.0.0.1; 0 = any free port (default)',
    },
    state: {
      type: 'string',
      valueName: 'FILE',
      description: 'load the state from FILE if it exists; save it there after every change',
    },
    profiles: {
      type: 'string',
      valueName: 'FILE',
      description: 'write an aliyun CLI config file with one AK profile per account',
    },
    faults: {
      type: 'string',
      valueName: 'SPEC',
      description: 'e.g. throttle=0.3,unavailable=0.05,lost=0.1,html502=0.02,latency=100,slow=5,seed=42',
    },
    timing: {
      type: 'string',
      choices: ['fast', 'realistic'],
      description: 'durations of asynchronous transitions (default fast)',
    },
    json: { type: 'boolean', description: 'print one JSON line {endpoint, accounts} once listening' },
  },
};

export async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const flags = args.flags;
  const json = flags.json === true;
  const fail = (message: string) => {
    io.stderr(`vpclink sandbox: ${message}\n`);
    return EXIT.BAD_INPUT;
  };

  let faults: FaultOptions = {};
  if (typeof flags.faults === 'string') {
    try {
      faults = parseFaultSpec(flags.faults);
    } catch (error) {
      if (error instanceof FaultSpecError) return fail(`--faults: ${error.message}`);
      throw error;
    }
  }

  let seed: Topology | undefined;
  const seedFile = typeof flags.seed === 'string' ? flags.seed : undefined;
  if (seedFile !== undefined) {
    const read = await readDocumentFile(seedFile, io.cwd);
    if (read.kind === 'unreadable') return fail(`--seed ${read.message}`);
    if (read.kind === 'invalid') return fail(`--seed ${describeSchemaIssues(seedFile, read.issues).trimEnd()}`);
    seed = read.document;
  }
  const statePath = typeof flags.state === 'string' ? resolve(io.cwd, flags.state) : undefined;
  const seedMode = flags['seed-mode'] === 'full' ? 'full' : 'base';
  const port = typeof flags.port === 'number' ? flags.port : 0;

  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      ...(seed ? { seed } : {}),
      seedMode,
      ...(statePath ? { statePath } : {}),
      port,
      faults,
      timing: TIMING_PRESETS[flags.timing === 'realistic' ? 'realistic' : 'fast'],
    });
  } catch (error) {
    if (error instanceof SeedError) return fail(`--seed ${seedFile}: ${error.message.replace(/^seed: /, '')}`);
    if (error instanceof SandboxStateError) return fail(`--state ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return fail(`--port ${port}: the port is already in use on 127.0.0.1`);
    if (code === 'EACCES') return fail(`--port ${port}: not allowed to listen on this port`);
    throw error;
  }

  try {
    let profilesPath: string | undefined;
    if (typeof flags.profiles === 'string') {
      profilesPath = resolve(io.cwd, flags.profiles);
      try {
        await writeProfilesFile(profilesPath, sandbox);
      } catch (error) {
        await sandbox.close();
        return fail(`--profiles ${flags.profiles}: cannot write: ${(error as Error).message}`);
      }
    }

    const note = (text: string) => (json ? io.stderr(text) : io.stdout(text));
    if (json) {
      // The three documented fields per account (topology-format.md §3.4), then the account's RAM
      // user key, the one STS AssumeRole accepts (aliyun-links.md §5.3; issue 13).
      const line = {
        endpoint: sandbox.endpoint,
        accounts: sandbox.accounts.map((a) => ({
          accountId: a.accountId,
          accessKeyId: a.accessKeyId,
          accessKeySecret: a.accessKeySecret,
          ramUser: a.ramUser,
        })),
      };
      io.stdout(JSON.stringify(line) + '\n');
    } else {
      io.stdout(
        humanBanner(sandbox, {
          seed,
          seedFile,
          seedMode,
          statePath,
          stateLoaded: sandbox.loadedFromState,
          profilesPath,
          faults,
          timing: flags.timing === 'realistic' ? 'realistic' : 'fast',
        }),
      );
    }
    if (json && sandbox.loadedFromState)
      note(`vpclink sandbox: state loaded from ${statePath}${seedFile ? ` (--seed ${seedFile} ignored)` : ''}\n`);

    await waitForAbort(io.signal);
    await sandbox.close();
    if (!json) io.stdout(`\nvpclink sandbox: stopped${statePath ? `; state saved to ${statePath}` : ''}.\n`);
    return EXIT.OK;
  } finally {
    await sandbox.close();
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

interface BannerInfo {
  readonly seed?: Topology;
  readonly seedFile?: string;
  readonly seedMode: 'base' | 'full';
  readonly statePath?: string;
  readonly stateLoaded: boolean;
  readonly profilesPath?: string;
  readonly faults: FaultOptions;
  readonly timing: 'fast' | 'realistic';
}

function humanBanner(sandbox: RunningSandbox, info: BannerInfo): string {
  const lines: string[] = [];
  lines.push(`vpclink sandbox: local Alibaba Cloud OpenAPI emulator (VPC 2016-04-28, ECS 2014-05-26, STS 2015-04-01)`);
  lines.push('');
  lines.push(`  Endpoint   ${sandbox.endpoint}`);
  if (info.stateLoaded)
    lines.push(
      `  State      loaded from ${info.statePath}${info.seedFile ? ` (--seed ${info.seedFile} ignored: delete the state file to reseed)` : ''}`,
    );
  else if (info.seedFile)
    lines.push(
      `  Seed       ${info.seedFile} (${
        info.seedMode === 'base'
          ? 'base: the world before the plan — no router interfaces, routes through them, rules or network ACLs yet'
          : 'full: everything in the document'
      })`,
    );
  else lines.push('  Seed       none: two empty accounts');
  if (info.statePath && !info.stateLoaded) lines.push(`  State      saved to ${info.statePath} after every change`);
  lines.push(`  Timing     ${info.timing}`);
  const f = info.faults;
  const faultParts = [
    f.throttleRate ? `throttle ${f.throttleRate}` : '',
    f.unavailableRate ? `unavailable ${f.unavailableRate}` : '',
    f.lostResponseRate ? `lost ${f.lostResponseRate}` : '',
    f.html502Rate ? `html502 ${f.html502Rate}` : '',
    f.latencyMs ? `latency ${f.latencyMs} ms` : '',
    f.slowTransitions ? `slow x${f.slowTransitions}` : '',
    f.seed !== undefined ? `seed ${f.seed}` : '',
  ].filter(Boolean);
  if (faultParts.length) lines.push(`  Faults     ${faultParts.join(', ')}`);
  lines.push('');
  lines.push('Accounts (sandbox keys: not secrets, valid only here):');
  for (const account of sandbox.accounts) {
    const name = info.seed?.accounts.find((a) => a.accountId === account.accountId)?.name;
    lines.push(`  ${account.accountId}${name ? `  ${name}` : ''}`);
    lines.push(`    AccessKeyId      ${account.accessKeyId}`);
    lines.push(`    AccessKeySecret  ${account.accessKeySecret}`);
    lines.push(`    AssumeRole       acs:ram::${account.accountId}:role/vpclink-admin`);
  }
  lines.push('');
  if (info.profilesPath) {
    lines.push(`Profiles: ${info.profilesPath} (aliyun CLI format, one AK profile per account, named by account ID)`);
    if (info.seedFile)
      lines.push(
        `  Try:  vpclink apply ${info.seedFile} --endpoint ${sandbox.endpoint} --profiles ${info.profilesPath} --yes`,
      );
  } else {
    lines.push('Tip: add --profiles FILE to write an aliyun CLI profile file for these accounts.');
  }
  lines.push('');
  lines.push('Press Ctrl-C to stop.');
  return lines.join('\n') + '\n';
}

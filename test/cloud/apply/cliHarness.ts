/** In-process CLI runs for the plan/apply/destroy tests, plus a sandbox with a profiles file. */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import type { CliIo } from '../../../cli/io';
import { createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import { startSandbox, writeProfilesFile, type RunningSandbox } from '../../../cloud/sandbox';
import type { Topology } from '../../../simulator/document';
import { ROOT } from '../../simulator/plan/fixtures';
import { FAST_SANDBOX } from './harness';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `vpclink …args` in-process with captured output; `onStdout` sees each write (to abort mid-way). */
export async function vpclink(
  args: readonly string[],
  options: { cwd: string; signal?: AbortSignal; onStdout?: (text: string) => void; env?: Record<string, string> },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
      options.onStdout?.(t);
    },
    stderr: (t) => (stderr += t),
    cwd: options.cwd,
    // No ambient credentials: only the profiles file counts.
    env: { HOME: options.cwd, ...options.env },
    signal: options.signal ?? new AbortController().signal,
    isTty: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export interface CliSandbox {
  readonly sandbox: RunningSandbox;
  readonly dir: string;
  /** `--endpoint URL --profiles p.json` */
  readonly cloudArgs: string[];
  close(): Promise<void>;
}

/** A sandbox seeded from `seed` (base mode), a temp dir holding `doc.json` (a copy of the example) and `p.json`. */
export async function startCliSandbox(
  seed: Topology,
  example = 'cross-account',
  timing: Partial<typeof FAST_SANDBOX> = {},
): Promise<CliSandbox> {
  const sandbox = await startSandbox({ seed, seedMode: 'base', port: 0, timing: { ...FAST_SANDBOX, ...timing } });
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-cli-'));
  copyFileSync(join(ROOT, 'examples', `${example}.vpclink.json`), join(dir, 'doc.json'));
  await writeProfilesFile(join(dir, 'p.json'), sandbox);
  return {
    sandbox,
    dir,
    cloudArgs: ['--endpoint', sandbox.endpoint, '--profiles', 'p.json'],
    async close() {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `node cli/vpclink.js …args` as a child process (a real, separate process: real locks, real signals). */
export function spawnVpclink(args: readonly string[], cwd: string) {
  const child = spawn(process.execPath, [join(ROOT, 'cli/vpclink.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done };
}

/** A real client on `sandbox` for one of its accounts (to change the world behind vpclink's back). */
export function sandboxClient(sandbox: RunningSandbox, accountId: string): CloudClient {
  const account = sandbox.accounts.find((a) => a.accountId === accountId)!;
  return createCloudClient({
    target: { kind: 'endpoint', endpoint: sandbox.endpoint },
    credentials: staticProvider({ accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret }, 'test'),
  });
}

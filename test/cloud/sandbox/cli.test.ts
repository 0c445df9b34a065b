/** `vpclink sandbox` as a user runs it (topology-format.md §3, §3.4). */
import RPCClient from '@alicloud/pop-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import type { CliIo } from '../../../cli/io';
import { A, call, ROOT, VPC_VERSION } from './helpers';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-sandbox-cli-'));
});
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  readonly child: ChildProcess;
  readonly firstLine: Promise<string>;
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function runCli(args: string[]): Running {
  const child = spawn(process.execPath, ['cli/vpclink.js', 'sandbox', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void;
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const nl = stdout.indexOf('\n');
    if (nl >= 0) resolveLine(stdout.slice(0, nl));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, firstLine, exit };
}

describe('vpclink sandbox', () => {
  it('--json prints one line once listening, serves pop-core, writes profiles, stops with exit 0 on SIGINT', async () => {
    const profiles = join(dir, 'p.json');
    const state = join(dir, 'state.json');
    const run = runCli([
      '--seed',
      'examples/cross-account.vpclink.json',
      '--port',
      '0',
      '--json',
      '--profiles',
      profiles,
      '--state',
      state,
    ]);
    const line = JSON.parse(await run.firstLine);
    expect(Object.keys(line).sort()).toEqual(['accounts', 'endpoint']);
    expect(line.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([
      '1231579085529123',
      '1564982317654321',
    ]);
    // The contract's three fields, plus the RAM user's key that may AssumeRole (issue 13).
    for (const account of line.accounts) {
      expect(Object.keys(account).sort()).toEqual(['accessKeyId', 'accessKeySecret', 'accountId', 'ramUser']);
      expect(Object.keys(account.ramUser).sort()).toEqual(['accessKeyId', 'accessKeySecret', 'userName']);
      expect(account.ramUser.accessKeyId).not.toBe(account.accessKeyId);
    }

    const config = JSON.parse(await readFile(profiles, 'utf8'));
    expect(config.profiles.map((p: { name: string }) => p.name)).toEqual([
      '1231579085529123',
      '1564982317654321',
      '1231579085529123-ram-user',
      '1564982317654321-ram-user',
    ]);
    expect(config.profiles[2].access_key_id).toBe(line.accounts[0].ramUser.accessKeyId);
    const profile = config.profiles.find((p: { name: string }) => p.name === A.accountId);
    const client = new RPCClient({
      endpoint: line.endpoint,
      apiVersion: VPC_VERSION,
      accessKeyId: profile.access_key_id,
      accessKeySecret: profile.access_key_secret,
    });
    const vpcs = await call(client, 'DescribeVpcs', { RegionId: A.region });
    expect(vpcs.Vpcs.Vpc[0].VpcId).toBe(A.vpcId);
    await call(client, 'CreateRouterInterface', {
      RegionId: A.region,
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      RouterId: A.vRouterId,
      Spec: 'Mini.2',
      OppositeRegionId: 'cn-beijing',
    });

    run.child.kill('SIGINT');
    const result = await run.exit;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const saved = JSON.parse(await readFile(state, 'utf8'));
    expect(saved.routerInterfaces).toHaveLength(1);

    // Restart from the state file: the seed is ignored, and it says so on stderr.
    const again = runCli(['--seed', 'examples/cross-account.vpclink.json', '--json', '--state', state]);
    const line2 = JSON.parse(await again.firstLine);
    const client2 = new RPCClient({
      endpoint: line2.endpoint,
      apiVersion: VPC_VERSION,
      accessKeyId: profile.access_key_id,
      accessKeySecret: profile.access_key_secret,
    });
    expect((await call(client2, 'DescribeRouterInterfaces', { RegionId: A.region })).TotalCount).toBe(1);
    again.child.kill('SIGTERM');
    const result2 = await again.exit;
    expect(result2.code).toBe(0);
    expect(result2.stderr).toMatch(/state loaded from .*state\.json/);
  });

  it('human mode prints the endpoint, the credentials of each account and how to stop', async () => {
    const controller = new AbortController();
    const io = memoryIo(controller.signal);
    const done = main(
      ['sandbox', '--seed', 'examples/cross-account.vpclink.json', '--profiles', join(dir, 'p.json')],
      io,
    );
    while (!io.out.join('').includes('Ctrl-C')) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await done).toBe(0);
    const stdout = io.out.join('');
    expect(stdout).toMatch(/Endpoint\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain('1231579085529123  Account A (initiator)');
    expect(stdout).toMatch(/AccessKeyId\s+SANDBOX/);
    expect(stdout).toMatch(/AccessKeySecret\s+\S+/);
    expect(stdout).toContain(join(dir, 'p.json'));
    expect(stdout).toMatch(/stopped/);
  });

  it('bad input → exit 2 naming the argument', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"hello": 1}');
    const cases: Array<[string[], RegExp]> = [
      [['--seed', 'examples/no-such-file.json'], /--seed examples\/no-such-file\.json: cannot read: no such file/],
      [['--seed', bad], /not a topology document/],
      [['--faults', 'throttle=1.5'], /--faults: throttle=1\.5: a rate must be between 0 and 1/],
      [['--faults', 'bogus=1'], /--faults: unknown fault "bogus"/],
      [['--port', '70000'], /--port: 70000 is above the maximum 65535/],
      [['--seed-mode', 'half'], /--seed-mode: "half" is not one of base, full/],
      [['--state', join(dir, 'bad.json')], /--state .*bad\.json: not a sandbox state file/],
    ];
    for (const [args, message] of cases) {
      const io = memoryIo(new AbortController().signal);
      expect(await main(['sandbox', ...args], io), args.join(' ')).toBe(2);
      expect(io.err.join('')).toMatch(message);
      expect(io.out.join('')).toBe('');
    }
  });
});

function memoryIo(signal: AbortSignal): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: ROOT, env: {}, signal, isTty: false };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { tempDir } from '../electron/helpers';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'cli', 'vpclink.js');
const EXAMPLE = join(ROOT, 'examples', 'cross-account.vpclink.json');

let work: { dir: string; cleanup: () => Promise<void> };
let env: Record<string, string>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = await tempDir('vpclink-serve-');
  const ui = join(work.dir, 'ui');
  await mkdir(ui);
  await writeFile(
    join(ui, 'index.html'),
    '<!doctype html><html><head><title>vpclink</title></head><body>ui</body></html>',
  );
  env = {
    ...(process.env as Record<string, string>),
    VPCLINK_UI_DIR: ui,
    XDG_CONFIG_HOME: join(work.dir, 'config'),
    NO_COLOR: '1',
    VPCLINK_NO_ELECTRON: '1',
  };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => work.cleanup());

interface Running {
  readonly child: ChildProcess;
  readonly firstLine: Promise<string>;
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: work.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const firstLine = new Promise<string>((resolveLine, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const nl = stdout.indexOf('\n');
      if (nl >= 0) resolveLine(stdout.slice(0, nl));
    });
    child.on('exit', () => reject(new Error(`exited before printing a line; stderr: ${stderr}`)));
  });
  firstLine.catch(() => {});
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveExit) =>
    child.on('exit', (code) => resolveExit({ code, stdout, stderr })),
  );
  return { child, firstLine, exit };
}

async function callApi(url: string, token: string | null, body: unknown): Promise<Response> {
  const u = new URL(url);
  return fetch(`${u.origin}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-vpclink-token': token } : {}) },
    body: JSON.stringify(body),
  });
}

describe('vpclink serve', () => {
  it('--json prints one line {url} once listening; the URL serves the app; the API needs the token; SIGTERM exits 0', async () => {
    const run = start(['serve', EXAMPLE, '--json', '--port', '0', '--no-sandbox']);
    const line = await run.firstLine;
    const printed = JSON.parse(line);
    expect(Object.keys(printed)).toEqual(['url']);
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(printed.url).searchParams.get('token')!;

    const page = await fetch(printed.url);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(token);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    expect((await callApi(printed.url, null, { method: 'getStartup', args: [] })).status).toBe(401);
    const startup = await (await callApi(printed.url, token, { method: 'getStartup', args: [] })).json();
    expect(startup).toMatchObject({
      ok: true,
      value: { document: { path: EXAMPLE, origin: 'file' }, mode: 'browser' },
    });

    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    expect(exit.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('by default runs the in-process sandbox seeded with FILE as the default apply target', async () => {
    const run = start(['serve', EXAMPLE, '--json']);
    const { url } = JSON.parse(await run.firstLine);
    const token = new URL(url).searchParams.get('token');
    const startup = await (await callApi(url, token, { method: 'getStartup', args: [] })).json();
    expect(startup.value.defaultTargetId).toBe('sandbox');
    const targets = await (await callApi(url, token, { method: 'listTargets', args: [] })).json();
    expect(targets.value[0]).toMatchObject({ id: 'sandbox', kind: 'sandbox', available: true });
    const identity = await (
      await callApi(url, token, { method: 'checkIdentity', args: ['sandbox', '1231579085529123'] })
    ).json();
    expect(identity.value.status).toMatchObject({ kind: 'verified', accountId: '1231579085529123' });
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('human mode prints the URL and how to stop; SIGINT exits 0', async () => {
    const run = start(['serve', '--port', '0', '--no-sandbox']);
    expect(await run.firstLine).toMatch(/^vpclink is running at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    run.child.kill('SIGINT');
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('Ctrl-C to stop');
  });

  it.each([
    [['serve', 'missing.vpclink.json'], /missing\.vpclink\.json: cannot read: no such file/],
    [['serve', 'package.json'], /not a topology document/],
    [['serve', '--port', '70000'], /--port: 70000 is above the maximum 65535/],
    [['serve', 'a', 'b'], /unexpected argument "b"/],
    [['serve', '--token', 'x'], /unknown option --token/],
  ])('bad input %j → exit 2 with a clear message', async (args, message) => {
    await writeFile(join(work.dir, 'package.json'), '{"name":"x"}');
    const result = await inProcess(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('a port in use → exit 2 naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await inProcess(['serve', '--port', String(port), '--no-sandbox']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});

/** Runs the CLI in this process (fast) with its own io; the signal is already aborted so a server would stop at once. */
async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  controller.abort();
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: work.dir,
    env,
    signal: controller.signal,
    isTty: false,
  });
  return { code, stdout, stderr };
}

describe('vpclink app without the Electron runtime', () => {
  it('says so plainly, how to get it, and starts the browser mode with the cross-account example', async () => {
    const run = start(['app', '--json', '--no-sandbox']);
    const { url } = JSON.parse(await run.firstLine);
    const token = new URL(url).searchParams.get('token');
    const startup = await (await callApi(url, token, { method: 'getStartup', args: [] })).json();
    expect(startup.value.document).toMatchObject({ path: null, origin: 'example', title: 'cross-account (example)' });
    run.child.kill('SIGTERM');
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('The Electron runtime is not installed (VPCLINK_NO_ELECTRON=1 is set)');
    expect(exit.stderr).toContain('npm install electron');
    expect(exit.stderr).toContain('Starting the browser mode instead.');
  });
});

/** `vpclink import` (topology-format.md §3.4) in-process against the real sandbox, plus one real spawn. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { CliIo } from '../../cli/io';
import { startSandbox, writeProfilesFile, type RunningSandbox } from '../../cloud/sandbox';
import { loadDocumentText, type Topology } from '../../simulator/document';

const A = '1231579085529123';
const B = '1564982317654321';
const EXAMPLE = new URL('../../examples/cross-account.vpclink.json', import.meta.url).pathname;

let dir: string;
let sandbox: RunningSandbox;
let profiles: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-import-cli-'));
  const seed = JSON.parse(await readFile(EXAMPLE, 'utf8'));
  sandbox = await startSandbox({ seed, seedMode: 'full', clock: 'manual' });
  profiles = join(dir, 'profiles.json');
  await writeProfilesFile(profiles, sandbox);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: dir,
    env,
    signal: new AbortController().signal,
    isTty: false,
  };
  const code = await main(['import', ...argv], io);
  return { code, stdout, stderr };
}

const base = () => ['--endpoint', sandbox.endpoint, '--profiles', profiles];

function parse(text: string): Topology {
  const loaded = loadDocumentText(text);
  if (loaded.kind !== 'ok') throw new Error(`not a loadable document: ${JSON.stringify(loaded)}`);
  return loaded.document;
}

function secretsOf(): string[] {
  return sandbox.accounts.map((a) => a.accessKeySecret);
}

describe('vpclink import: success', () => {
  it('writes both accounts to -o FILE (--output) atomically and says what it wrote (exit 0)', async () => {
    const r = await run([
      '--account',
      A,
      '--account',
      B,
      '--region',
      'cn-qingdao',
      '--region',
      'cn-beijing',
      '-o',
      'out.vpclink.json',
      ...base(),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote out\.vpclink\.json: 2 VPCs, 2 vSwitches, 2 route tables, 2 custom routes, 2 router interfaces, 2 security groups, 2 rules, 2 instances\n$/,
    );
    const doc = parse(await readFile(join(dir, 'out.vpclink.json'), 'utf8'));
    expect(doc.routerInterfaces.map((ri) => [ri.routerInterfaceId, ri.status])).toEqual([
      ['ri-2zeix2q86uoyisagyz0pn', 'Active'],
      ['ri-m5e33r3n78zyi5573kf85', 'Active'],
    ]);
  });

  it('without --output prints the document on stdout; --json with --output prints a summary', async () => {
    const plain = await run(['--account', A, '--region', 'cn-qingdao', ...base()]);
    expect(plain.code).toBe(0);
    expect(parse(plain.stdout).vpcs.map((v) => v.vpcId)).toEqual(['vpc-m5eh2wln3wdeovmrvvr4a']);

    const json = await run([
      '--account',
      A,
      '--account',
      B,
      '--region',
      'cn-qingdao',
      '--region',
      'cn-beijing',
      '--output',
      'summary.json',
      '--json',
      ...base(),
    ]);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({
      output: join(dir, 'summary.json'),
      accounts: [A, B],
      counts: { vpcs: 2, routerInterfaces: 2, routeEntries: 2, permissions: 2, instances: 2 },
      warnings: [],
    });
  });

  it('--merge keeps names, profiles and the regions of the merged document', async () => {
    const existing = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    existing.accounts[0].profile = A;
    existing.layout = { positions: { 'vpc-m5eh2wln3wdeovmrvvr4a': { x: 1, y: 2 } } };
    await writeFile(join(dir, 'merge-me.json'), JSON.stringify(existing));
    const r = await run([
      '--account',
      A,
      '--account',
      B,
      '--merge',
      'merge-me.json',
      '--output',
      'merged.json',
      ...base(),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = parse(await readFile(join(dir, 'merged.json'), 'utf8'));
    expect(doc.name).toBe(existing.name);
    expect(doc.accounts[0]).toEqual({ accountId: A, name: 'Account A (initiator)', profile: A });
    expect(doc.layout).toEqual(existing.layout);
  });
});

describe('vpclink import: credentials through STS AssumeRole', () => {
  it("account B through a ChainableRamRoleArn profile named in the document (source: account A's AK profile)", async () => {
    const a = sandbox.accounts.find((x) => x.accountId === A)!;
    await writeFile(
      join(dir, 'role-profiles.json'),
      JSON.stringify({
        current: '',
        profiles: [
          // A's RAM user: STS refuses AssumeRole with a root account's key (aliyun-links.md §5.3).
          {
            name: 'a-keys',
            mode: 'AK',
            access_key_id: a.ramUser.accessKeyId,
            access_key_secret: a.ramUser.accessKeySecret,
          },
          {
            name: 'b-via-role',
            mode: 'ChainableRamRoleArn',
            source_profile: 'a-keys',
            ram_role_arn: `acs:ram::${B}:role/vpclink-admin`,
            ram_session_name: 'vpclink-import',
          },
        ],
      }),
    );
    const existing = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    existing.accounts[0].profile = 'a-keys';
    existing.accounts[1].profile = 'b-via-role';
    await writeFile(join(dir, 'role-doc.json'), JSON.stringify(existing));
    const calls = sandbox.callCount();
    const r = await run([
      '--account',
      B,
      '--merge',
      'role-doc.json',
      '--output',
      'role-out.json',
      '--endpoint',
      sandbox.endpoint,
      '--profiles',
      'role-profiles.json',
    ]);
    // Account A was not imported: its part of the merged document stays as written.
    expect(r.stderr).toBe(
      'vpclink import: warning: kept 6 resources of the merged document outside the imported accounts/regions unchanged\n',
    );
    expect(r.code).toBe(0);
    const doc = parse(await readFile(join(dir, 'role-out.json'), 'utf8'));
    expect(doc.routerInterfaces.find((ri) => ri.accountId === B)?.status).toBe('Active');
    expect(doc.accounts.map((x) => x.profile)).toEqual(['a-keys', 'b-via-role']);
    expect(sandbox.callCount() - calls).toBeGreaterThan(2);
  });
});

describe('vpclink import: bad input (exit 2)', () => {
  it.each([
    ['no --account', [], /missing --account/],
    ['an account that is not a UID', ['--account', 'account-a'], /--account "account-a" is not an account UID/],
    ['the same account twice', ['--account', A, '--account', A], /given twice/],
    ['a malformed region', ['--account', A, '--region', 'Beijing'], /--region "Beijing" is not a region ID/],
    ['a URL that is not one', ['--account', A, '--endpoint', 'not a url'], /--endpoint "not a url" is not a URL/],
    ['a URL of another scheme', ['--account', A, '--endpoint', 'ftp://127.0.0.1:1'], /only http:\/\/ and https:\/\//],
    [
      'an unreadable --merge file',
      ['--account', A, '--merge', 'nope.json'],
      /--merge nope\.json: cannot read: no such file/,
    ],
    ['an unknown option', ['--account', A, '--acount', B], /unknown option --acount/],
  ])('%s', async (_label, argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('an --output path in a directory that does not exist', async () => {
    const calls = sandbox.callCount();
    const r = await run(['--account', A, '--region', 'cn-qingdao', '--output', 'no/such/dir/out.json', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write no/such/dir/out.json: no such directory ${join(dir, 'no/such/dir')}`);
    expect(sandbox.callCount()).toBe(calls); // refused before any call
  });

  it('a --merge file that is not a topology document', async () => {
    await writeFile(join(dir, 'not-topology.json'), '{"hello": 1}');
    const r = await run(['--account', A, '--merge', 'not-topology.json', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not-topology\.json: not a topology document/);
  });

  it('a profile named in the merged document that the profiles file lacks', async () => {
    const existing = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    existing.accounts[0].profile = 'prod-a';
    await writeFile(join(dir, 'with-profile.json'), JSON.stringify(existing));
    const r = await run(['--account', A, '--merge', 'with-profile.json', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("profile 'prod-a' (set in accounts[].profile) is not in");
    expect(r.stderr).toContain('[PROFILE_NOT_FOUND]');
  });

  it('a missing --profiles file', async () => {
    const r = await run(['--account', A, '--endpoint', sandbox.endpoint, '--profiles', 'missing.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/profiles file .*missing\.json: no such file \[PROFILES_FILE_UNREADABLE\]/);
  });

  it('no credentials anywhere: says which file, profile and variables were tried', async () => {
    await writeFile(join(dir, 'empty-profiles.json'), '{"current":"","profiles":[]}');
    const r = await run(['--account', A, '--endpoint', sandbox.endpoint, '--profiles', 'empty-profiles.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`profile '${A}' in ${join(dir, 'empty-profiles.json')}`);
    expect(r.stderr).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(r.stderr).toContain('[CREDENTIALS_NOT_FOUND]');
  });

  it('keys of another account: IDENTITY_MISMATCH before any Describe call, naming both accounts', async () => {
    const b = sandbox.accounts.find((x) => x.accountId === B)!;
    await writeFile(
      join(dir, 'swapped.json'),
      JSON.stringify({
        profiles: [{ name: A, mode: 'AK', access_key_id: b.accessKeyId, access_key_secret: b.accessKeySecret }],
      }),
    );
    const calls = sandbox.callCount();
    const r = await run(['--account', A, '--endpoint', sandbox.endpoint, '--profiles', 'swapped.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`belongs to account ${B}`);
    expect(r.stderr).toContain(`the document says account ${A}`);
    expect(r.stderr).toContain(`aliyun CLI profile '${A}' (AK)`);
    expect(r.stderr).toContain('[IDENTITY_MISMATCH]');
    expect(sandbox.callCount() - calls).toBe(1); // GetCallerIdentity only
    for (const s of secretsOf()) expect(r.stderr).not.toContain(s);
  });
});

describe('vpclink import: the cloud refuses (exit 1)', () => {
  it('a wrong secret: the API code and request ID, and no secret or signature in the message', async () => {
    const a = sandbox.accounts.find((x) => x.accountId === A)!;
    const wrongSecret = 'wrong-secret-0123456789abcdef';
    await writeFile(
      join(dir, 'wrong.json'),
      JSON.stringify({
        profiles: [
          {
            name: A,
            mode: 'StsToken',
            access_key_id: a.accessKeyId,
            access_key_secret: wrongSecret,
            sts_token: 'token-abcdefghijklmnop',
          },
        ],
      }),
    );
    const r = await run(['--account', A, '--endpoint', sandbox.endpoint, '--profiles', 'wrong.json', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/GetCallerIdentity failed: [A-Za-z.]+: .*RequestId [0-9A-F-]+/);
    for (const s of [wrongSecret, a.accessKeyId, 'token-abcdefghijklmnop', ...secretsOf()])
      expect(r.stderr).not.toContain(s);
  });

  it('nothing listening at --endpoint: CONNECTION_REFUSED', async () => {
    const r = await run(['--account', A, '--endpoint', 'http://127.0.0.1:9', '--profiles', profiles]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[CONNECTION_REFUSED]');
  });
});

describe('vpclink import: the installed binary', () => {
  it('runs as a real process and writes the file', async () => {
    const bin = new URL('../../cli/vpclink.js', import.meta.url).pathname;
    const out = join(dir, 'spawned.json');
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (/^(ALIBABA|ALICLOUD|ALIBABACLOUD)_/.test(key)) delete env[key];
    const child = spawn(
      process.execPath,
      [
        bin,
        'import',
        '--account',
        A,
        '--account',
        B,
        '--region',
        'cn-qingdao',
        '--region',
        'cn-beijing',
        '--output',
        out,
        ...base(),
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('wrote');
    expect(parse(await readFile(out, 'utf8')).vpcs).toHaveLength(2);
  });
});

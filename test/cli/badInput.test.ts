/**
 * Bad input that used to escape (issue 10, defect 5): deeply nested JSON, FIFOs and devices as
 * FILE, malformed sandbox state files, control characters in names, and `matrix --json` beyond
 * what one string can hold. Each gets a message naming the argument, exit 2, nothing written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocumentText } from '../../bench/generate';
import { writeMatrixJson } from '../../cli/commands/matrix';
import { readJournal } from '../../cloud/apply';
import { terminalSafe } from '../../cli/io';
import type { MatrixResult } from '../../simulator/reach';
import { ROOT, run } from '../simulator/reach/cliRun';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vpclink-bad-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const CROSS = join(ROOT, 'examples', 'cross-account.vpclink.json');

function nested(depth: number, where: 'array' | 'object'): string {
  const open = where === 'array' ? '['.repeat(depth) : '{"a":'.repeat(depth);
  const close = where === 'array' ? ']'.repeat(depth) : '}'.repeat(depth);
  return `{"format":"vpclink/topology","version":1,"accounts":[],"vpcs":[],"extra":${open}${where === 'object' ? '1' : ''}${close}}`;
}

describe('deeply nested JSON', () => {
  it.each([
    ['validate', []],
    ['check', ['--from', 'i-a', '--to', 'i-b']],
    ['matrix', ['--json']],
    ['plan', []],
  ] as const)('%s refuses it with exit 2 and a message, no stack trace', async (command, extra) => {
    for (const [depth, shape] of [
      [100_000, 'array'],
      [20_000, 'object'],
    ] as const) {
      const file = join(dir, `deep-${shape}.json`);
      await writeFile(file, nested(depth, shape));
      const r = await run([command, file, ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /deep-\w+\.json: not a topology document: JSON nested more than 64 levels deep \(line 1/,
      );
      expect(r.stderr).not.toMatch(/internal error|RangeError|\n\s+at /);
    }
  });

  it('a document nested within the limit still loads (the limit does not refuse real documents)', async () => {
    const file = join(dir, 'shallow.json');
    await writeFile(file, nested(40, 'object'));
    const r = await run(['validate', file]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('FILE that is not a regular file', () => {
  let fifo: string;
  beforeAll(() => {
    fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
  });

  it.each([
    ['a FIFO', () => fifo, /is a named pipe \(FIFO\), not a regular file/],
    ['/dev/zero', () => '/dev/zero', /is a character device, not a regular file/],
    ['/dev/null', () => '/dev/null', /is a character device, not a regular file/],
    ['a folder', () => dir, /is a directory, not a file/],
  ])('%s is refused before it is read (exit 2, names the argument)', async (_name, path, message) => {
    for (const argv of [
      ['validate', path()],
      ['matrix', path()],
      ['check', path(), '--from', 'a', '--to', 'b'],
      ['sandbox', '--seed', path()],
    ]) {
      const r = await run(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(path());
    }
  });
});

describe('sandbox --state that is malformed', () => {
  const valid = {
    format: 'vpclink/sandbox-state',
    version: 1,
    now: 0,
    rng: [1, 2, 3, 4],
    accounts: [
      { accountId: '1', accessKeys: [{ accessKeyId: 'AK1', accessKeySecret: 'S1' }], roles: ['vpclink-admin'] },
    ],
    vpcs: [],
    vSwitches: [],
    routeTables: [],
    routeEntries: [],
    routerInterfaces: [],
    securityGroups: [],
    rules: [],
    instances: [],
    tasks: [],
    nextTaskId: 1,
    sessions: [],
    idempotency: [],
  };
  const bad: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['not JSON', '{"format": ', /the state file is not valid JSON/],
    ['an array', '[]', /not a JSON object/],
    ['another format', JSON.stringify({ ...valid, format: 'x' }), /not a sandbox state file/],
    ['a newer version', JSON.stringify({ ...valid, version: 2 }), /unsupported state version 2/],
    ['no accounts', JSON.stringify({ ...valid, accounts: undefined }), /"accounts": must be an array, found nothing/],
    [
      'an account without keys',
      JSON.stringify({ ...valid, accounts: [{ accountId: '1', accessKeys: [], roles: [] }] }),
      /"accounts"\[0\]\.accessKeys: .*at least one key/,
    ],
    [
      'an account that is a number',
      JSON.stringify({ ...valid, accounts: [7] }),
      /"accounts"\[0\]: must be an object, found number 7/,
    ],
    [
      'accessKeys that are not an array',
      JSON.stringify({ ...valid, accounts: [{ accountId: '1', accessKeys: {}, roles: [] }] }),
      /"accounts"\[0\]\.accessKeys: must be an array, found an object/,
    ],
    [
      'a rule with an unknown direction',
      JSON.stringify({
        ...valid,
        rules: [{ securityGroupRuleId: 'r', securityGroupId: 's', createTime: '', direction: 'sideways' }],
      }),
      /"rules"\[0\]\.direction: must be one of ingress, egress, found "sideways"/,
    ],
    ['rng of the wrong length', JSON.stringify({ ...valid, rng: [1] }), /"rng"/],
    [
      'a VPC of an unknown account',
      JSON.stringify({
        ...valid,
        vpcs: [
          {
            vpcId: 'vpc-1',
            accountId: '9',
            regionId: 'cn-beijing',
            cidrBlock: '10.0.0.0/16',
            secondaryCidrBlocks: [],
            vRouterId: 'vrt-1',
            name: '',
            description: '',
            creationTime: '',
          },
        ],
      }),
      /"vpcs"\[0\]\.accountId: no account "9"/,
    ],
    [
      'nested too deep',
      JSON.stringify({ ...valid, x: 0 }).replace('"x":0', `"x":${'['.repeat(5000)}${']'.repeat(5000)}`),
      /nested more than 64 levels/,
    ],
  ];

  it.each(bad)(
    '%s: exit 2, names --state, the file and the problem; the file is left as it was',
    async (_name, text, message) => {
      const file = join(dir, 'state.json');
      await writeFile(file, text);
      const r = await run(['sandbox', '--state', file, '--port', '0']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`vpclink sandbox: --state ${file}: `);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(await readFile(file, 'utf8')).toBe(text);
    },
  );

  it('a FIFO as --journal is refused, not waited on (the journal reader takes regular files only)', async () => {
    const fifo = join(dir, 'journal-pipe');
    execFileSync('mkfifo', [fifo]);
    // Before, readFile blocked on the pipe forever; now the reader refuses it at once.
    const read = await readJournal(fifo);
    expect(read).toMatchObject({ kind: 'invalid' });
    expect((read as { message: string }).message).toMatch(/journal-pipe: cannot read the journal: is a named pipe/);
  });

  it('a FIFO as --state is refused, not waited on', async () => {
    const fifo = join(dir, 'state-pipe');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['sandbox', '--state', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--state .*state-pipe: cannot read the state file: is a named pipe/);
  });
});

describe('control characters in names', () => {
  const ESC = '\u001b';
  const hostile = `web${ESC}]0;owned\u0007${ESC}[2J\rX\u009b31m\u202egnp.exe`;

  async function hostileDocument(): Promise<string> {
    const doc = JSON.parse(await readFile(CROSS, 'utf8'));
    doc.name = hostile;
    doc.instances[0].name = hostile;
    doc.vpcs[0].name = hostile;
    const file = join(dir, 'hostile.json');
    await writeFile(file, JSON.stringify(doc, null, 2));
    return file;
  }

  it('terminalSafe escapes C0 (but newline and tab), DEL, C1 and bidi controls visibly', () => {
    expect(terminalSafe(`a\tb\nc${ESC}[31md\r\u007f\u0085\u202e\u2066e`)).toBe(
      'a\tb\nc\\u001b[31md\\u000d\\u007f\\u0085\\u202e\\u2066e',
    );
    expect(terminalSafe('plain ✓ ✗ → text')).toBe('plain ✓ ✗ → text');
  });

  it('human output of validate, check and matrix carries no raw control character', async () => {
    const file = await hostileDocument();
    const doc = JSON.parse(await readFile(file, 'utf8'));
    const [a, b] = doc.instances.map((i: { instanceId: string }) => i.instanceId);
    for (const argv of [
      ['validate', file],
      ['check', file, '--from', a, '--to', b],
      ['matrix', file],
      ['check', file, '--from', `${ESC}[2Jx`, '--to', b],
      [`bogus${ESC}[2J`],
      ['validate', file, `--x${ESC}]0;t\u0007`],
    ]) {
      const r = await run(argv);
      const all = r.stdout + r.stderr;
      // eslint-disable-next-line no-control-regex
      expect(all, argv.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    const matrix = await run(['matrix', file]);
    expect(matrix.stdout).toContain('web\\u001b]0;owned\\u0007');
  });

  it('--json output is unchanged: the name round-trips exactly', async () => {
    const file = await hostileDocument();
    const doc = JSON.parse(await readFile(file, 'utf8'));
    const [a, b] = doc.instances.map((i: { instanceId: string }) => i.instanceId);
    const r = await run(['check', file, '--from', a, '--to', b, '--json']);
    expect(r.code).toBeLessThanOrEqual(1);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(hostile).slice(1, -1));
  });
});

describe('matrix --json streams', () => {
  it('a large result is written in bounded chunks (memory stays flat however large) that concatenate to valid JSON', async () => {
    // XL (10,000 instances) is ~550 MB of JSON, beyond V8's longest string; 3,000 instances
    // (~50 MB) shows the same chunking at a tenth of the cost.
    const n = 3_000;
    const row = Array.from({ length: n }, (_, d) => d % 3 === 0);
    const result: MatrixResult = {
      protocol: 'icmp',
      port: null,
      instances: Array.from({ length: n }, (_, i) => `i-${String(i).padStart(20, '0')}`),
      reachable: Array.from({ length: n }, () => row),
      undetermined: [],
    } as MatrixResult;
    const chunks: string[] = [];
    // Backpressure: the next chunk is written only after the previous one has drained (the header
    // and the closing pieces are small writes around the chunks).
    let undrained = 0;
    let mostUndrained = 0;
    await writeMatrixJson(
      result,
      (text) => {
        chunks.push(text);
        mostUndrained = Math.max(mostUndrained, ++undrained);
      },
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        undrained = 0;
      },
    );
    expect(mostUndrained).toBeLessThanOrEqual(3);
    expect(chunks.length).toBeGreaterThan(40);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 * 1024 * 1024);
    const json = JSON.parse(chunks.join(''));
    expect(json.instances).toEqual(result.instances);
    expect(json.reachable).toHaveLength(n);
    expect(json.reachable[n - 1]).toEqual(row);
  });

  it('a reader that stops early (`| head`) ends the command quietly with its exit code, not an EPIPE crash', async () => {
    const file = join(dir, 'M-head.vpclink.json');
    await writeFile(file, generateDocumentText('M'));
    // 500 × 500 booleans are ~1.5 MB of JSON, far more than a pipe holds once `head` has gone.
    const script = `node "${join(ROOT, 'cli', 'vpclink.js')}" matrix "${file}" --json 2>"${file}.err" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const status = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim();
    expect(status).toBe('0');
    expect(await readFile(`${file}.err`, 'utf8')).toBe('');
  });

  it('a generated estate (size M, 500 instances) through the CLI gives JSON that parses, same shape', async () => {
    const file = join(dir, 'M.vpclink.json');
    await writeFile(file, generateDocumentText('M'));
    let chunks = 0;
    let stdout = '';
    const { main } = await import('../../cli/main');
    const code = await main(['matrix', file, '--json'], {
      stdout: (t) => {
        chunks++;
        stdout += t;
      },
      stderr: (t) => expect.fail(t),
      cwd: ROOT,
      env: {},
      signal: new AbortController().signal,
      isTty: false,
    });
    expect(code).toBe(0);
    expect(chunks).toBeGreaterThan(1);
    const json = JSON.parse(stdout);
    expect(json.instances).toHaveLength(500);
    expect(json.reachable).toHaveLength(500);
    expect(json.reachable.every((r: boolean[]) => r.length === 500)).toBe(true);
  });
});

// `vpclink validate`: exit codes, stdout/stderr and --json, in-process through main() and for real.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { CliIo } from '../../cli/io';

const ROOT = resolve(__dirname, '../..');
const BROKEN = 'examples/broken-acceptor-not-configured.vpclink.json';
const CROSS = 'examples/cross-account.vpclink.json';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function vpclink(args: string[], cwd = ROOT): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env: {},
    signal: new AbortController().signal,
    isTty: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let dir: string;
const file = (name: string, content: string | object) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};
const cross = () => JSON.parse(readFileSync(resolve(ROOT, CROSS), 'utf8'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpclink-validate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('vpclink validate (human output)', () => {
  it('a clean document: exit 0, a one-line summary, nothing on stderr', async () => {
    const run = await vpclink(['validate', CROSS]);
    expect(run).toEqual({ code: 0, stdout: `${CROSS}: valid, no findings\n`, stderr: '' });
  });

  it('the broken example: exit 1, one line per finding with its fix, then the counts', async () => {
    const run = await vpclink(['validate', BROKEN]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      'error    RI_OPPOSITE_NOT_SET  /routerInterfaces/1/oppositeInterfaceId  ' +
        "ri-2zeix2q86uoyisagyz0pn (AcceptingSide) has no oppositeInterfaceId: it was never given the initiator's " +
        'details (ri-m5e33r3n78zyi5573kf85 on vrt-m5e0yd4q6gptnc9y7bvsr, account 1231579085529123), so ConnectRouterInterface ' +
        'on ri-m5e33r3n78zyi5573kf85 fails and the link stays Idle',
    );
    const fix = lines[lines.findIndex((l) => l.includes('RI_OPPOSITE_NOT_SET')) + 1]!;
    expect(fix).toMatch(/^ {9}fix: on ri-2zeix2q86uoyisagyz0pn set oppositeInterfaceId: ri-m5e33r3n78zyi5573kf85/);
    expect(lines.filter((l) => l.startsWith('warning  ROUTE_NEXT_HOP_NOT_ACTIVE  '))).toHaveLength(2);
    expect(lines.at(-1)).toBe(`${BROKEN}: 1 error, 2 warnings`);
  });

  it('warnings only: exit 0, findings still shown', async () => {
    const doc = cross();
    doc.vpcs[1].cidrBlock = '172.16.0.0/14';
    doc.vSwitches[1].cidrBlock = '172.16.1.0/24';
    const run = await vpclink(['validate', file('warn.vpclink.json', doc)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^warning  VPC_CIDR_MASK_NOT_RECOMMENDED  \/vpcs\/1\/cidrBlock  /m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/: 0 errors, 1 warning$/);
  });

  it('a document that does not match the schema: exit 1 with the schema problems as findings', async () => {
    const doc = cross();
    delete doc.vpcs[1].cidrBlock;
    doc.routerInterfaces[0].role = 'Initiator';
    const run = await vpclink(['validate', file('schema.vpclink.json', doc)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^error    REQUIRED_FIELD_MISSING  \/vpcs\/1\/cidrBlock  cidrBlock: required field is missing$/m,
    );
    expect(run.stdout).toMatch(
      /^error    INVALID_ENUM_VALUE  \/routerInterfaces\/0\/role  role: "Initiator" is not one of/m,
    );
    expect(run.stdout).toMatch(
      /2 errors, 0 warnings \(the document does not match the topology schema; fix these first\)\n$/,
    );
  });

  it('resolves the file against the working directory', async () => {
    const run = await vpclink(['validate', 'cross-account.vpclink.json'], resolve(ROOT, 'examples'));
    expect(run.code).toBe(0);
  });
});

describe('vpclink validate --json', () => {
  it('prints exactly { valid, findings } for a document with errors', async () => {
    const run = await vpclink(['validate', BROKEN, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['valid', 'findings']);
    expect(out.valid).toBe(false);
    expect(out.findings).toHaveLength(3);
    const error = out.findings.find((f: { severity: string }) => f.severity === 'error');
    expect(Object.keys(error)).toEqual(['severity', 'code', 'message', 'path', 'resourceId', 'suggestion']);
    expect(error).toMatchObject({
      code: 'RI_OPPOSITE_NOT_SET',
      path: '/routerInterfaces/1/oppositeInterfaceId',
      resourceId: 'ri-2zeix2q86uoyisagyz0pn',
    });
  });

  it('prints { valid: true, findings: [] } for a clean document', async () => {
    const run = await vpclink(['validate', '--json', CROSS]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ valid: true, findings: [] });
  });

  it('reports schema problems as findings too', async () => {
    const doc = cross();
    doc.instances[0].securityGroupIds = [];
    const run = await vpclink(['validate', file('schema2.vpclink.json', doc), '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      findings: [
        {
          severity: 'error',
          code: 'INVALID_VALUE',
          path: '/instances/0/securityGroupIds',
          message: 'securityGroupIds: needs at least 1 item',
          suggestion: expect.any(String),
        },
      ],
    });
  });
});

describe('not a topology document: exit 2, the reason on stderr, nothing on stdout', () => {
  const cases: Array<{ name: string; make: () => string; stderr: RegExp }> = [
    {
      name: 'invalid JSON',
      make: () => file('bad.json', '{ "format": "vpclink/topology", '),
      stderr: /bad\.json: not valid JSON: .*\[DOCUMENT_NOT_JSON\]/,
    },
    {
      name: 'a JSON array',
      make: () => file('array.json', '[1, 2]'),
      stderr: /array\.json: not a topology document: expected a JSON object .*got an array \[DOCUMENT_NOT_TOPOLOGY\]/,
    },
    {
      name: 'another format',
      make: () => file('other.json', { format: 'excalidraw', version: 2 }),
      stderr: /other\.json: .*found "format": "excalidraw" \[DOCUMENT_NOT_TOPOLOGY\]/,
    },
    {
      name: 'a newer version',
      make: () => file('v2.json', { format: 'vpclink/topology', version: 2 }),
      stderr: /v2\.json: document version 2 is newer than this vpclink supports.*\[DOCUMENT_VERSION_UNSUPPORTED\]/,
    },
    {
      name: 'version as text',
      make: () => file('v1text.json', { format: 'vpclink/topology', version: '1' }),
      stderr: /v1text\.json: "version" must be a positive integer.*found "1"/,
    },
    {
      name: 'a missing file',
      make: () => join(dir, 'nope.vpclink.json'),
      stderr: /nope\.vpclink\.json: cannot read: no such file \[FILE_UNREADABLE\]/,
    },
    {
      name: 'a directory',
      make: () => {
        const d = join(dir, 'folder.vpclink.json');
        mkdirSync(d, { recursive: true });
        return d;
      },
      stderr: /folder\.vpclink\.json: cannot read: is a directory/,
    },
  ];
  for (const json of [false, true]) {
    it.each(cases)(`$name${json ? ' (--json)' : ''}`, async ({ make, stderr }) => {
      const run = await vpclink(['validate', make(), ...(json ? ['--json'] : [])]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^vpclink validate: /);
      expect(run.stderr).toMatch(stderr);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('no FILE argument is a usage error (exit 2)', async () => {
    const run = await vpclink(['validate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing argument FILE/);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const run = await vpclink(['validate', CROSS, '--strict']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --strict/);
  });

  it('--help describes the exit codes', async () => {
    const run = await vpclink(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: vpclink validate FILE/);
    expect(run.stdout).toMatch(/Exit 0 no errors \(warnings allowed\), 1 errors found, 2/);
  });
});

describe('the real binary (node cli/vpclink.js)', () => {
  const spawn = (args: string[]) =>
    spawnSync(process.execPath, [resolve(ROOT, 'cli/vpclink.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('validate --json on the broken example exits 1 with the JSON report on stdout', () => {
    const result = spawn(['validate', BROKEN, '--json']);
    expect(result.status).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.valid).toBe(false);
    expect(out.findings.map((f: { code: string }) => f.code)).toContain('RI_OPPOSITE_NOT_SET');
  });

  it('validate on a clean example exits 0', () => {
    const result = spawn(['validate', 'examples/same-account.vpclink.json']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('examples/same-account.vpclink.json: valid, no findings\n');
  });

  it('validate on a file that is not JSON exits 2 with a one-line message on stderr', () => {
    const result = spawn(['validate', resolve(ROOT, 'README.md'), '--json']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    ).toHaveLength(1);
    expect(result.stderr).toMatch(/README\.md: not valid JSON/);
  });
});

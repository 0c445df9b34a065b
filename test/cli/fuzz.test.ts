/**
 * Fuzz (issue 10, "Done when"): thousands of generated bad documents and command lines, seeded
 * so a failure replays, run in-process through the CLI's `main` with its io injected, plus a
 * few runs of the real binary. Every run must end with an exit code in {0, 1, 2, 130}, print no
 * stack trace or "internal error", never hang, and print parseable JSON when `--json` succeeds.
 *
 * Size: VPCLINK_FUZZ_RUNS scales the case counts (default 1 ≈ 30–60 s on 2 cores; CI may raise it).
 * Safety: every path the fuzzer may WRITE (--state, --profiles of sandbox, --output, --journal)
 * is a relative name inside this test's temp folder; cloud commands always get a profiles file
 * that does not exist, so no run can find credentials or reach a real cloud.
 */
import * as fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type CommandSpec } from '../../cli/args';
import { COMMANDS } from '../../cli/commands';
import type { CliIo } from '../../cli/io';
import { main } from '../../cli/main';
import { ROOT, spawnCli } from '../simulator/reach/cliRun';

const SCALE = Number(process.env.VPCLINK_FUZZ_RUNS ?? '1') || 1;
const SEED = Number(process.env.VPCLINK_FUZZ_SEED ?? '20261207');
const ALLOWED_EXIT = new Set([0, 1, 2, 130]);
/** A stack frame, or the CLI's bug path: neither may ever reach a user. */
const STACK_TRACE =
  /internal error|\n\s+at \S.*:\d+:\d+\)?|RangeError|TypeError|ReferenceError|SyntaxError: Unexpected/;
const RUN_TIMEOUT_MS = 15_000;

let root: string;
/** The fuzzer's working directory, two levels down: `../x` still lands inside `root`. */
let cwd: string;
let exampleText: string;
let example: Record<string, unknown>;
let instanceIds: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vpclink-fuzz-'));
  cwd = join(root, 'a', 'b');
  await mkdir(join(cwd, 'folder.json'), { recursive: true });
  exampleText = await readFile(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8');
  example = JSON.parse(exampleText);
  instanceIds = (example.instances as { instanceId: string }[]).map((i) => i.instanceId);
  await writeFile(join(cwd, 'ok.vpclink.json'), exampleText);
  await writeFile(join(cwd, 'not-json.json'), '{"format": "vpclink/topology", ');
  await writeFile(join(cwd, 'empty.json'), '');
  await writeFile(join(cwd, 'state.json'), '{"format":"vpclink/sandbox-state","version":1,"accounts":[{}]}');
  execFileSync('mkfifo', [join(cwd, 'pipe.json')]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface Outcome {
  readonly argv: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One in-process run: signal already aborted, so servers (sandbox) stop as soon as they start. */
async function runCli(argv: readonly string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  controller.abort(new Error('fuzz: stop at once'));
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env: { HOME: root },
    signal: controller.signal,
    isTty: false,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`hung for ${RUN_TIMEOUT_MS} ms: ${JSON.stringify(argv)}`)),
      RUN_TIMEOUT_MS,
    );
  });
  try {
    const code = await Promise.race([main(argv, io), hung]);
    return { argv, code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

function check(outcome: Outcome): void {
  const where = `vpclink ${JSON.stringify(outcome.argv).slice(0, 300)} (seed ${SEED})`;
  expect(ALLOWED_EXIT.has(outcome.code), `${where} exited ${outcome.code}: ${outcome.stderr.slice(0, 500)}`).toBe(true);
  const all = outcome.stdout + outcome.stderr;
  expect(STACK_TRACE.test(all), `${where} printed a stack trace:\n${all.slice(0, 1500)}`).toBe(false);
  const json = outcome.argv.includes('--json') && !outcome.argv.includes('--') && !outcome.argv.includes('--help');
  if (
    json &&
    outcome.code <= 1 &&
    outcome.stdout.trim() !== '' &&
    !['sandbox', 'serve', 'app'].includes(outcome.argv[0]!)
  ) {
    // One JSON value, or JSON lines (apply and destroy stream their events).
    const parses = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const lines = outcome.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(
      parses(outcome.stdout) || lines.every(parses),
      `${where}: --json output does not parse:\n${outcome.stdout.slice(0, 600)}`,
    ).toBe(true);
  }
}

// ───────────────────────────── documents ─────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every location in the example (as key paths), to replace or delete. */
function locations(
  value: Json,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => locations(v, [...path, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) locations(v, [...path, k], out);
  return out;
}

function setAt(doc: Json, path: readonly (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  const copy: Json = structuredClone(doc);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const CONTROL = ['\u0000', '\u0007', '\u001b[2J', '\u001b]0;title\u0007', '\r', '\u009b', '\u202e', '\u2028'];
const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...CONTROL).chain((c) => fc.string({ maxLength: 8 }).map((s) => `${s}${c}${s}`)),
  fc.constantFrom('', ' ', '10.0.0.0/33', '999.1.1.1', '0.0.0.0/0', 'cn-beijing', 'x'.repeat(5000), '-1', '1e309'),
);
const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom<Json>(-1, 0, 1e308, -0, 2 ** 53 + 1, 65536, 4.5, true, null, [], {}) },
  {
    weight: 1,
    // A marker string, replaced by the nesting in the text (building it as a value would overflow here).
    arbitrary: fc.integer({ min: 60, max: 100_000 }).map((d) => `__DEEP_${d}__`),
  },
);

function documentText(): fc.Arbitrary<string> {
  const paths = locations(example as Json);
  const mutated = fc
    .array(fc.tuple(fc.constantFrom(...paths), fc.option(nastyValue, { freq: 4 })), { minLength: 1, maxLength: 4 })
    .map((edits) => {
      let doc = example as Json;
      for (const [path, value] of edits) {
        try {
          doc = setAt(doc, path, value === null ? undefined : value);
        } catch {
          /* the path went away with an earlier edit */
        }
      }
      return JSON.stringify(doc, null, 2).replace(/"__DEEP_(\d+)__"/g, (_m, d: string) => {
        const depth = Number(d);
        return '['.repeat(depth) + ']'.repeat(depth);
      });
    });
  const textual = fc.oneof(
    fc.nat({ max: exampleText.length }).map((n) => exampleText.slice(0, n)),
    fc
      .tuple(fc.nat({ max: exampleText.length }), fc.string({ minLength: 1, maxLength: 3 }))
      .map(([n, s]) => exampleText.slice(0, n) + s + exampleText.slice(n)),
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 4 }),
    fc
      .integer({ min: 1, max: 200_000 })
      .map((d) => `{"format":"vpclink/topology","version":1,"x":${'['.repeat(d)}${']'.repeat(d)}}`),
    fc.constantFrom(
      '\uFEFF' + exampleText,
      exampleText.replace(/"/g, "'"),
      'null',
      '[]',
      '"text"',
      '{"format":"vpclink/topology","version":99}',
    ),
  );
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: textual });
}

describe('fuzz: generated bad documents through the loader and every offline command', () => {
  it('never a stack trace, never an exit code outside 0/1/2/130', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(documentText(), fc.constantFrom(...[0, 1]), async (text, pick) => {
        const file = `doc-${n++ % 4}.vpclink.json`;
        await writeFile(join(cwd, file), text);
        const [a, b] = [instanceIds[pick]!, instanceIds[1 - pick]!];
        for (const argv of [
          ['validate', file, '--json'],
          ['validate', file],
          ['check', file, '--from', a, '--to', b],
          ['check', file, '--from', a, '--to', b, '--protocol', 'tcp', '--port', '443', '--json'],
          ['matrix', file],
          ['matrix', file, '--json'],
          ['sandbox', '--seed', file, '--json'],
        ])
          check(await runCli(argv));
      }),
      { seed: SEED, numRuns: 1000 * SCALE, endOnFailure: true },
    );
  }, 600_000);

  it('cloud commands (plan, apply, destroy) with a bad document: same guarantees, no credentials or cloud involved', async () => {
    await fc.assert(
      fc.asyncProperty(documentText(), fc.constantFrom('plan', 'apply', 'destroy'), async (text, command) => {
        await writeFile(join(cwd, 'cloud.vpclink.json'), text);
        check(await runCli([command, 'cloud.vpclink.json', '--profiles', 'no-such-profiles.json', '--json']));
      }),
      { seed: SEED + 1, numRuns: 100 * SCALE, endOnFailure: true },
    );
  }, 600_000);
});

// ───────────────────────────── command lines ─────────────────────────────

/** Paths the fuzzer may read: good, bad, missing, a folder, a FIFO, devices. */
const READ_PATHS = [
  'ok.vpclink.json',
  'not-json.json',
  'empty.json',
  'missing.json',
  'folder.json',
  'pipe.json',
  '/dev/null',
  '/dev/zero',
  'state.json',
  '../../a/b/ok.vpclink.json',
];
/** Paths the fuzzer may write: relative names inside the temp folder only. */
const WRITE_PATHS = [
  'out.json',
  'sub/none/x.json',
  'folder.json',
  'new-state.json',
  'state.json',
  'j.journal.json',
  '../w.json',
];
/** Flags whose value is a file vpclink writes (or reads then rewrites). */
const WRITES: Readonly<Record<string, ReadonlySet<string>>> = {
  sandbox: new Set(['state', 'profiles']),
  import: new Set(['output']),
  apply: new Set(['journal']),
  destroy: new Set(['journal']),
};
/** The journal reader (cloud/apply) still uses readFile: no FIFOs there until it uses cloud/files. */
const SAFE_READ_PATHS = READ_PATHS.filter((p) => p !== 'pipe.json' && !p.startsWith('/dev/'));

const badValue = fc.oneof(
  fc.constantFrom(
    '',
    '-',
    '--',
    '-1',
    '0',
    '65536',
    '99999999999999999999',
    '1.5',
    'abc',
    'ICMP',
    'TCP',
    'all',
    'live',
    'full',
    'realistic',
  ),
  fc.constantFrom(
    'http://127.0.0.1:1',
    'https://',
    'ftp://x',
    'cn-beijing',
    '1231579085529123',
    'throttle=2',
    'seed=x,lost=0.5',
    'latency=-1',
  ),
  fc.constantFrom(...CONTROL.map((c) => `x${c}y`)),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[/\\~]/g, '_')),
);

function commandLine(name: string, spec: CommandSpec): fc.Arbitrary<string[]> {
  const flagNames = Object.keys(spec.flags);
  const writes = WRITES[name] ?? new Set<string>();
  const valueFor = (flag: string): fc.Arbitrary<string> => {
    const f = spec.flags[flag]!;
    if (writes.has(flag)) return fc.constantFrom(...WRITE_PATHS);
    const isFile = f.type === 'string' && /FILE/.test(f.valueName ?? '');
    if (isFile)
      return fc.oneof(
        fc.constantFrom(...(name === 'apply' || name === 'destroy' ? SAFE_READ_PATHS : READ_PATHS)),
        badValue,
      );
    if (f.type === 'string' && f.choices) return fc.oneof(fc.constantFrom(...f.choices), badValue);
    if (f.type === 'string' && f.valueName === 'INSTANCE') return fc.oneof(fc.constantFrom(...instanceIds), badValue);
    if (f.type === 'integer') return fc.oneof(fc.integer({ min: -5, max: 70000 }).map(String), badValue);
    return badValue;
  };
  const token: fc.Arbitrary<readonly string[]> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...flagNames).chain((flag) => {
        const f = spec.flags[flag]!;
        if (f.type === 'boolean') return fc.constantFrom([`--${flag}`], [`--${flag}=1`]);
        return valueFor(flag).chain((v) => fc.constantFrom([`--${flag}`, v], [`--${flag}=${v}`], [`--${flag}`]));
      }),
    },
    { weight: 2, arbitrary: fc.constantFrom(...READ_PATHS).map((p) => [p]) },
    { weight: 1, arbitrary: badValue.map((v) => [v]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['--nope'],
        ['-x'],
        ['--'],
        ['-'],
        ['--json=yes'],
        ['-o'],
        ['--prot', 'icmp'],
        ['--help'],
      ),
    },
  );
  return fc.array(token, { maxLength: 7 }).map((tokens) => {
    const argv = [name, ...tokens.flat()];
    // Never real credentials, never a real cloud: cloud commands read a profiles file that does not exist.
    if (flagNames.includes('profiles') && !writes.has('profiles')) {
      const i = argv.indexOf('--profiles');
      if (i >= 0) argv.splice(i, 2);
      for (let j = argv.length - 1; j >= 1; j--) if (argv[j]!.startsWith('--profiles=')) argv.splice(j, 1);
      argv.push('--profiles', 'no-such-profiles.json');
    }
    return argv;
  });
}

describe('fuzz: generated command lines', () => {
  it('every command: argument parsing refuses with UsageError or accepts, never anything else', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const { spec } = await load();
      fc.assert(
        fc.property(commandLine(name, spec), (argv) => {
          try {
            parseArgs(spec, argv.slice(1));
          } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            expect(error.message).not.toMatch(/undefined|\[object Object\]/);
          }
        }),
        { seed: SEED, numRuns: 300 * SCALE },
      );
    }
  });

  it('runs them through main for every command but serve and app (they start a browser or Electron)', async () => {
    const names = Object.keys(COMMANDS).filter((n) => n !== 'serve' && n !== 'app');
    const lines = await Promise.all(names.map(async (name) => commandLine(name, (await COMMANDS[name]!()).spec)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(...lines), async (argv) => check(await runCli(argv))),
      { seed: SEED, numRuns: 3000 * SCALE, endOnFailure: true },
    );
  }, 600_000);

  it('serve and app: bad command lines are refused with exit 2 before anything starts', async () => {
    for (const name of ['serve', 'app']) {
      const { spec } = await COMMANDS[name]!();
      const bad = commandLine(name, spec).filter((argv) => {
        try {
          parseArgs(spec, argv.slice(1));
          return false;
        } catch {
          return !argv.includes('--help');
        }
      });
      await fc.assert(
        fc.asyncProperty(bad, async (argv) => {
          const outcome = await runCli(argv);
          check(outcome);
          expect(outcome.code).toBe(2);
        }),
        { seed: SEED, numRuns: 60 * SCALE },
      );
    }
  }, 120_000);
});

describe('fuzz: the real binary', () => {
  it('a handful of the nastiest inputs as a user runs them: exit 2 with a message, no stack trace', async () => {
    const deep = join(cwd, 'deep.json');
    await writeFile(deep, `{"format":"vpclink/topology","version":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const hostile = JSON.parse(exampleText);
    hostile.instances[0].name = '\u001b]0;owned\u0007\u001b[2J';
    await writeFile(join(cwd, 'hostile.json'), JSON.stringify(hostile));
    const cases: [string[], number][] = [
      [['validate', deep], 2],
      [['matrix', join(cwd, 'pipe.json')], 2],
      [['check', '/dev/zero', '--from', 'a', '--to', 'b'], 2],
      [['sandbox', '--state', join(cwd, 'state.json')], 2],
      [['matrix', join(cwd, 'hostile.json')], 0],
      [['plan', join(cwd, 'not-json.json'), '--profiles', join(cwd, 'pipe.json')], 2],
    ];
    const runs = await Promise.all(cases.map(([argv]) => spawnCli(argv, cwd)));
    runs.forEach((run, i) => {
      const [argv, code] = cases[i]!;
      expect(run.code, `${argv.join(' ')}: ${run.stderr}`).toBe(code);
      expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
      // eslint-disable-next-line no-control-regex
      expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    });
  }, 120_000);
});

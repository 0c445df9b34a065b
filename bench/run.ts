/**
 * `npm run bench` = `tsx bench/run.ts [--sizes S,M,L,XL] [--json FILE] [--skip-ui] [--skip-apply] [--seed N]`
 *
 * Measures each size in its own child process (so peak memory is per size), then the UI (L in
 * Chromium) and apply (sandbox with 100 ms latency) benches, and prints one table: rows are
 * measurements, columns sizes, each time as milliseconds and as a ratio to the floor — JSON.parse
 * of the same document, measured in the same run — so runs on different machines compare.
 * The whole run keeps to a 10-minute budget: a job that overruns its share is stopped and its
 * unfinished figures say so.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCH_SIZES, type BenchSize, SIZES } from './generate';
import type { Figure } from './lib/measure';
import { APPLY_ROWS, UI_ROWS } from './rows';
import { SIZE_ROWS } from './sizeBench';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

export interface BenchOptions {
  readonly sizes: readonly BenchSize[];
  readonly json?: string;
  readonly skipUi: boolean;
  readonly skipApply: boolean;
  readonly seed: number;
  /** Size of the document the UI bench renders (default L). */
  readonly uiSize: BenchSize;
  /** Total wall-time budget of the run in seconds (default 570: under 10 minutes). */
  readonly budgetSeconds: number;
}

export interface JobResult {
  readonly figures: Record<string, Figure>;
  /** Seconds the job took. */
  readonly seconds: number;
  readonly status: 'done' | 'timeout' | 'failed';
  readonly error?: string;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly options: {
    readonly sizes: readonly BenchSize[];
    readonly seed: number;
    readonly skipUi: boolean;
    readonly skipApply: boolean;
    readonly uiSize?: BenchSize;
  };
  readonly sizes: Partial<Record<BenchSize, JobResult>>;
  readonly ui?: JobResult;
  readonly apply?: JobResult;
  readonly targets: readonly TargetResult[];
  readonly totalSeconds: number;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
}

export interface TargetResult {
  readonly target: string;
  readonly status: 'met' | 'missed' | 'not measured';
  readonly detail: string;
}

export class UsageError extends Error {}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let sizes: BenchSize[] = [...BENCH_SIZES];
  let json: string | undefined;
  let skipUi = false;
  let skipApply = false;
  let seed = 1;
  let budgetSeconds = 570;
  let uiSize: BenchSize = 'L';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name}: expects a value`);
      return v;
    };
    switch (name) {
      case '--sizes': {
        const list = value()
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean);
        const bad = list.filter((s) => !(BENCH_SIZES as readonly string[]).includes(s));
        if (bad.length || list.length === 0)
          throw new UsageError(
            `--sizes: expected a comma-separated list of ${BENCH_SIZES.join(', ')}, got ${JSON.stringify(bad.join(',') || list.join(','))}`,
          );
        sizes = BENCH_SIZES.filter((s) => list.includes(s));
        break;
      }
      case '--json':
        json = value();
        break;
      case '--skip-ui':
        skipUi = true;
        break;
      case '--skip-apply':
        skipApply = true;
        break;
      case '--seed': {
        const v = value();
        seed = Number(v);
        if (!Number.isSafeInteger(seed) || seed < 0)
          throw new UsageError(`--seed: expected a non-negative integer, got ${JSON.stringify(v)}`);
        break;
      }
      case '--ui-size': {
        const v = value().toUpperCase();
        if (!(BENCH_SIZES as readonly string[]).includes(v))
          throw new UsageError(`--ui-size: expected one of ${BENCH_SIZES.join(', ')}, got ${JSON.stringify(v)}`);
        uiSize = v as BenchSize;
        break;
      }
      case '--budget': {
        const v = value();
        budgetSeconds = Number(v);
        if (!Number.isFinite(budgetSeconds) || budgetSeconds < 10)
          throw new UsageError(`--budget: expected seconds (at least 10), got ${JSON.stringify(v)}`);
        break;
      }
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return { sizes, skipUi, skipApply, seed, uiSize, budgetSeconds, ...(json !== undefined ? { json } : {}) };
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** Runs one job (`size:L`, `ui`, `apply`) in its own Node process and collects its figures. */
export async function runJobInChild(
  job: string,
  options: Record<string, unknown>,
  budgetMs: number,
  log: (line: string) => void = () => {},
): Promise<JobResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-bench-'));
  const eventsFile = join(dir, 'events.jsonl');
  writeFileSync(eventsFile, '');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=6144',
      '--import',
      'tsx',
      join(HERE, 'child.ts'),
      job,
      eventsFile,
      JSON.stringify(options),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, budgetMs);
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  clearTimeout(timer);
  const figures: Record<string, Figure> = {};
  let phase: string | undefined;
  let error: string | undefined;
  let finished = false;
  for (const line of readFileSync(eventsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as { key?: string; figure?: Figure; phase?: string; error?: string; done?: boolean };
    if (event.key && event.figure) figures[event.key] = event.figure;
    else if (event.phase) phase = event.phase;
    else if (event.error) error = event.error;
    else if (event.done) finished = true;
  }
  rmSync(dir, { recursive: true, force: true });
  const seconds = (Date.now() - started) / 1000;
  if (timedOut) {
    if (phase && !figures[phase])
      figures[phase] = { kind: 'na', reason: `skipped: over the ${Math.round(budgetMs / 1000)} s budget` };
    log(`   ${job}: stopped after ${seconds.toFixed(0)} s (budget) during ${phase ?? 'start-up'}`);
    return { figures, seconds, status: 'timeout' };
  }
  if (!finished || code !== 0) {
    const reason = error ?? (stderr.split('\n').find((l) => /Error|error:/.test(l)) ?? `exit code ${code}`).trim();
    if (phase && !figures[phase]) figures[phase] = { kind: 'na', reason: `failed: ${reason.slice(0, 100)}` };
    log(`   ${job}: failed (${reason.slice(0, 200)})`);
    return { figures, seconds, status: 'failed', error: reason };
  }
  return { figures, seconds, status: 'done' };
}

// ───────────────────────────── formatting ─────────────────────────────

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '?×';
  if (ratio < 0.001) return `${ratio.toFixed(5)}×`;
  if (ratio < 0.01) return `${ratio.toFixed(4)}×`;
  if (ratio < 1) return `${ratio.toFixed(3)}×`;
  if (ratio < 10) return `${ratio.toFixed(2)}×`;
  return `${ratio.toFixed(1)}×`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One cell: `12.3 ms (0.8×)` for a time, relative to `floorMs`. */
export function formatCell(figure: Figure | undefined, floorMs: number | undefined): string {
  if (!figure) return '—';
  switch (figure.kind) {
    case 'time':
      return (
        (floorMs && floorMs > 0
          ? `${formatMs(figure.ms)} (${formatRatio(figure.ms / floorMs)})`
          : formatMs(figure.ms)) + (figure.note?.includes('DIFFER') ? ' ⚠ verdicts differ' : '')
      );
    case 'bytes':
      return formatBytes(figure.bytes);
    case 'count':
      return `${figure.value.toLocaleString('en-US')} ${figure.unit}`;
    case 'ratio':
      return `${figure.value.toFixed(2)}×`;
    case 'na':
      return figure.reason;
  }
}

function floorOf(result: JobResult | undefined): number | undefined {
  const floor = result?.figures.floor;
  return floor?.kind === 'time' ? floor.ms : undefined;
}

function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => '| ' + cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const out: string[] = [];
  out.push(`vpclink benchmarks — ${m.date}`);
  out.push(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}; seed ${report.options.seed}`,
  );
  out.push(
    'times as "ms (ratio to the floor: the fastest JSON.parse of the same document in the same process)"; other times are medians unless noted',
  );
  out.push('');
  const sizes = report.options.sizes;
  const sizeHeader = sizes.map((s) => {
    const spec = SIZES[s];
    return `${s} (${spec.vpcs} VPCs, ${spec.instances} inst., ${spec.rules} rules)`;
  });
  const floorRow = SIZE_ROWS.find((r) => r.key === 'floor')!;
  const ordered = [floorRow, ...SIZE_ROWS.filter((r) => r !== floorRow)];
  const rows = ordered.map((row) => [
    row.label,
    ...sizes.map((s) => formatCell(report.sizes[s]?.figures[row.key], floorOf(report.sizes[s]))),
  ]);
  rows.push([
    'size process wall time',
    ...sizes.map((s) => {
      const r = report.sizes[s];
      return r ? `${r.seconds.toFixed(1)} s${r.status === 'done' ? '' : ` (${r.status})`}` : '—';
    }),
  ]);
  out.push(alignedTable(['measurement', ...sizeHeader], rows));
  const extra: string[][] = [];
  const uiSize = report.options.uiSize ?? 'L';
  const uiFloor = floorOf(report.sizes[uiSize]);
  if (report.ui)
    for (const row of UI_ROWS)
      extra.push([`UI (${uiSize}) ${row.label}`, formatCell(report.ui.figures[row.key], uiFloor)]);
  if (report.apply)
    for (const row of APPLY_ROWS) extra.push([row.label, formatCell(report.apply.figures[row.key], undefined)]);
  if (extra.length) {
    out.push('');
    out.push(alignedTable(['UI and apply', uiFloor ? `value (UI ratios to the ${uiSize} floor)` : 'value'], extra));
  }
  out.push('');
  out.push(
    alignedTable(
      ['target', 'status', 'detail'],
      report.targets.map((t) => [t.target, t.status, t.detail]),
    ),
  );
  out.push('');
  out.push(`total: ${report.totalSeconds.toFixed(0)} s`);
  return out.join('\n');
}

// ───────────────────────────── targets ─────────────────────────────

export function evaluateTargets(report: Omit<BenchReport, 'targets'>): TargetResult[] {
  const targets: TargetResult[] = [];
  const l = report.sizes.L;
  const floor = floorOf(l);
  const ratioTarget = (target: string, keys: readonly string[], max: number) => {
    if (!l || !floor) return targets.push({ target, status: 'not measured', detail: 'L not run' });
    const figures = keys.map((k) => l.figures[k]);
    const missing = figures.find((f) => f?.kind !== 'time');
    if (missing !== undefined || figures.some((f) => f === undefined)) {
      return targets.push({
        target,
        status: 'not measured',
        detail: missing?.kind === 'na' ? missing.reason : 'no figure',
      });
    }
    const ratios = figures.map((f) => (f as { ms: number }).ms / floor);
    const worst = Math.max(...ratios);
    targets.push({
      target,
      status: worst <= max ? 'met' : 'missed',
      detail: ratios.map(formatRatio).join(', ') + ` (limit ${formatRatio(max)})`,
    });
  };
  ratioTarget('L load + validate ≤ 3×', ['loadValidate'], 3);
  ratioTarget('L single check, full trace ≤ 0.01× (median)', ['checkMedian'], 0.01);
  // Issue 16's targets: ahead of every verifier, and intents and diff fit in a commit hook.
  ratioTarget('L full ICMP matrix ≤ 1×', ['matrixIcmp'], 1);
  ratioTarget('L re-check after one edit ≤ 0.1×', ['recheckAddRule', 'recheckRemoveRoute'], 0.1);
  ratioTarget('L assert well under 1× (≤ 0.5×), from a built index', ['assertFromIndex'], 0.5);
  ratioTarget('L diff well under 1× (≤ 0.5×), from a built BEFORE index', ['diffFromIndex'], 0.5);
  // Edit → verdict in the app (L in Chromium): the worker's incremental compute and the whole way to the screen.
  const edit = report.ui?.figures;
  const uiTarget = (
    target: string,
    figure: Figure | undefined,
    ok: (ms: number) => boolean,
    detail: (ms: number) => string,
  ) =>
    targets.push(
      figure?.kind === 'time'
        ? { target, status: ok(figure.ms) ? 'met' : 'missed', detail: detail(figure.ms) }
        : {
            target,
            status: 'not measured',
            detail: figure?.kind === 'na' ? figure.reason : report.ui ? 'no figure' : 'skipped',
          },
    );
  // A ratio needs the L floor: without the L size job (--sizes without L) it is not measured.
  if (floor)
    uiTarget(
      'L edit → verdict, worker compute ≤ 0.1×',
      edit?.uiEditCompute,
      (ms) => ms / floor <= 0.1,
      (ms) => `${formatRatio(ms / floor)} (limit ${formatRatio(0.1)})`,
    );
  else targets.push({ target: 'L edit → verdict, worker compute ≤ 0.1×', status: 'not measured', detail: 'L not run' });
  uiTarget(
    'L edit → verdict on screen ≤ 50 ms',
    edit?.uiEditToScreen,
    (ms) => ms <= 50,
    (ms) => `${Math.round(ms)} ms`,
  );
  const memory = l?.figures.peakMemory;
  targets.push(
    memory?.kind === 'bytes'
      ? {
          target: 'L peak memory < 500 MB',
          status: memory.bytes < 500 * 2 ** 20 ? 'met' : 'missed',
          detail: formatBytes(memory.bytes) + (l?.status === 'done' ? '' : ' (job incomplete)'),
        }
      : { target: 'L peak memory < 500 MB', status: 'not measured', detail: 'L not run' },
  );
  const xl = report.sizes.XL;
  const xlFloor = floorOf(xl);
  const xlMatrix = xl?.figures.matrixIcmp;
  targets.push(
    xlMatrix?.kind === 'time' && xlFloor
      ? {
          target: 'XL full ICMP matrix ≤ 3×',
          status: xlMatrix.ms / xlFloor <= 3 ? 'met' : 'missed',
          detail: `${formatRatio(xlMatrix.ms / xlFloor)} (limit ${formatRatio(3)})`,
        }
      : { target: 'XL full ICMP matrix ≤ 3×', status: 'not measured', detail: xl ? 'no figure' : 'XL not run' },
  );
  const xlMemory = xl?.figures.peakMemory;
  targets.push(
    xlMemory?.kind === 'bytes'
      ? {
          target: 'XL peak memory < 1 GB',
          status: xlMemory.bytes < 2 ** 30 ? 'met' : 'missed',
          detail: formatBytes(xlMemory.bytes),
        }
      : { target: 'XL peak memory < 1 GB', status: 'not measured', detail: 'XL not run' },
  );
  if (!xl) targets.push({ target: 'XL completes', status: 'not measured', detail: 'XL not run' });
  else {
    const missing = SIZE_ROWS.filter((r) => xl.figures[r.key] === undefined || xl.figures[r.key]!.kind === 'na').map(
      (r) => r.key,
    );
    targets.push({
      target: 'XL completes',
      status: xl.status === 'done' && missing.length === 0 ? 'met' : 'missed',
      detail:
        xl.status === 'done'
          ? missing.length
            ? `finished; no figure for ${missing.join(', ')}`
            : `every figure in ${xl.seconds.toFixed(0)} s`
          : `${xl.status}; no figure for ${missing.join(', ')}`,
    });
  }
  for (const [prefix, name] of [
    ['cross', 'cross-account apply'],
    ['pairs', '20-pair apply'],
  ] as const) {
    const ratio = report.apply?.figures[`${prefix}Ratio`];
    targets.push(
      ratio?.kind === 'ratio'
        ? {
            target: `${name} ≤ 1.2× critical path`,
            status: ratio.value <= 1.2 ? 'met' : 'missed',
            detail: `${ratio.value.toFixed(2)}×`,
          }
        : {
            target: `${name} ≤ 1.2× critical path`,
            status: 'not measured',
            detail: ratio?.kind === 'na' ? ratio.reason : report.apply ? 'no figure' : 'skipped',
          },
    );
  }
  return targets;
}

// ───────────────────────────── main ─────────────────────────────

export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchReport> {
  const started = Date.now();
  const deadline = started + options.budgetSeconds * 1000;
  const caps: Record<string, number> = {
    'size:S': 60,
    'size:M': 120,
    'size:L': 200,
    'size:XL': 300,
    ui: 200,
    apply: 260,
  };
  const jobs: string[] = [
    ...options.sizes.filter((s) => s !== 'XL').map((s) => `size:${s}`),
    ...(options.skipUi ? [] : ['ui']),
    ...(options.skipApply ? [] : ['apply']),
    ...(options.sizes.includes('XL') ? ['size:XL'] : []),
  ];
  const results: Record<string, JobResult> = {};
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    const reserve = (jobs.length - i - 1) * 30_000; // leave every later job at least 30 s
    const budget = Math.max(10_000, Math.min(caps[job]! * 1000, deadline - Date.now() - reserve));
    log(`== ${job} (budget ${Math.round(budget / 1000)} s)`);
    results[job] = await runJobInChild(
      job,
      job === 'ui' ? { seed: options.seed, size: options.uiSize } : { seed: options.seed },
      budget,
      log,
    );
    log(`   ${job}: ${results[job]!.status} in ${results[job]!.seconds.toFixed(1)} s`);
  }
  const partial = {
    machine: machineInfo(),
    options: {
      sizes: options.sizes,
      seed: options.seed,
      skipUi: options.skipUi,
      skipApply: options.skipApply,
      uiSize: options.uiSize,
    },
    sizes: Object.fromEntries(options.sizes.map((s) => [s, results[`size:${s}`]!])) as Partial<
      Record<BenchSize, JobResult>
    >,
    ...(results.ui ? { ui: results.ui } : {}),
    ...(results.apply ? { apply: results.apply } : {}),
    totalSeconds: (Date.now() - started) / 1000,
  };
  return { ...partial, targets: evaluateTargets(partial) };
}

function writeAtomically(file: string, text: string): void {
  const temp = join(dirname(resolve(file)), `.${Date.now()}-${process.pid}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, file);
}

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `bench: ${error.message}\nusage: npm run bench -- [--sizes S,M,L,XL] [--json FILE] [--skip-ui] [--skip-apply] [--seed N] [--ui-size S|M|L|XL] [--budget SECONDS]\n`,
      );
      return 2;
    }
    throw error;
  }
  if (options.json !== undefined && !existsSync(dirname(resolve(options.json)))) {
    process.stderr.write(`bench: --json: folder ${dirname(resolve(options.json))} does not exist\n`);
    return 2;
  }
  const report = await runBench(options, (line) => process.stderr.write(line + '\n'));
  process.stdout.write(renderReport(report) + '\n');
  if (options.json !== undefined) writeAtomically(options.json, JSON.stringify(report, null, 2) + '\n');
  const failed = [...Object.values(report.sizes), report.ui, report.apply].some((r) => r?.status === 'failed');
  return failed ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * CI smoke test of the benchmark (issue "Benchmarks"): `npm run bench` on the S size, end to end,
 * once. It asserts only that every figure was produced — never a timing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../bench/run';
import { SIZE_ROWS } from '../../bench/sizeBench';

const dir = mkdtempSync(join(tmpdir(), 'vpclink-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Figures that depend on a module: a cell may say "n/a (module not available)" only while that module is absent. */
const MODULE_OF: Partial<Record<string, string>> = {
  loadValidate: 'simulator/validate/index.ts',
  reachBuild: 'simulator/reach/index.ts',
  checkMedian: 'simulator/reach/index.ts',
  checkP99: 'simulator/reach/index.ts',
  checkCold: 'simulator/reach/index.ts',
  recheckAddRule: 'simulator/reach/index.ts',
  recheckRemoveRoute: 'simulator/reach/index.ts',
  matrixIcmp: 'simulator/reach/index.ts',
  matrixTcp22: 'simulator/reach/index.ts',
  matrixReachable: 'simulator/reach/index.ts',
};

describe('npm run bench -- --sizes S (smoke)', () => {
  const jsonFile = join(dir, 'bench.json');
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/run.ts', '--sizes', 'S', '--skip-ui', '--skip-apply', '--json', jsonFile],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

  it('exits 0 and prints one table with the floor row first', () => {
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| measurement'));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 2]).toMatch(/^\| floor: JSON\.parse of the document +\| [\d.]+ ms \(1\.00×\)/);
    expect(run.stdout).toMatch(/^machine: .+, \d+ cores, .*Node v\d+/m);
  }, 130_000);

  it('writes every figure of the S column to --json, each a number unless its module is absent', () => {
    expect(existsSync(jsonFile)).toBe(true);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchReport;
    const s = report.sizes.S!;
    expect(s.status).toBe('done');
    for (const row of SIZE_ROWS) {
      const figure = s.figures[row.key];
      expect(figure, row.key).toBeDefined();
      const module = MODULE_OF[row.key];
      if (figure!.kind === 'na') {
        expect(module, `${row.key}: ${figure!.reason}`).toBeDefined();
        expect(existsSync(module!), `${row.key} is n/a although ${module} exists: ${figure!.reason}`).toBe(false);
      }
    }
    expect(s.figures.floor).toMatchObject({ kind: 'time' });
    expect(s.figures.peakMemory).toMatchObject({ kind: 'bytes' });
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.targets.length).toBeGreaterThan(0);
  });

  it('refuses a bad --sizes with exit 2 and names the argument', () => {
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--sizes', 'S,XXL'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--sizes: expected a comma-separated list of S, M, L, XL, got "XXL"');
  });
});

/**
 * The CI recipe of the README ("Guard a network in CI"), run as written — its `run:` block is
 * taken from the README — on commits of a fixture git repository: a pull request that breaks a
 * ping fails the build, a harmless one passes, a first one (no document on the base) passes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../simulator/reach/cliRun';

const A = 'i-m5e8s3ti3g1xtn0gmaus';
const B = 'i-2ze6pb1ti4wkxo4mnwo3';
const DOC = 'network.vpclink.json';
const work = mkdtempSync(join(tmpdir(), 'vpclink-ci-'));
const repo = join(work, 'repo');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The `run: |` block between the README's ci-recipe markers, dedented, calling this checkout's CLI. */
function recipeScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const recipe = /<!-- ci-recipe:start -->([\s\S]*?)<!-- ci-recipe:end -->/.exec(readme)?.[1];
  if (!recipe) throw new Error('README has no ci-recipe block');
  const lines = recipe.split('\n');
  const start = lines.findIndex((l) => /^\s*run: \|\s*$/.test(l));
  if (start < 0) throw new Error('the ci recipe has no multi-line run: block');
  const indent = lines[start]!.search(/\S/);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim() === '```') break;
    if (line.search(/\S/) <= indent) break;
    body.push(line);
  }
  const dedent = Math.min(...body.map((l) => l.search(/\S/)));
  return body
    .map((l) => l.slice(dedent))
    .join('\n')
    .replaceAll('npx vpclink', `node ${JSON.stringify(join(ROOT, 'cli', 'vpclink.js'))}`);
}

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
}

function commitDocument(message: string, edit: (raw: any) => void): void {
  const raw = JSON.parse(readFileSync(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8'));
  raw.intents = [{ name: 'A pings B', from: A, to: B, expect: 'reachable' }];
  edit(raw);
  writeFileSync(join(repo, DOC), JSON.stringify(raw, null, 2) + '\n');
  git('add', DOC);
  git('commit', '-q', '-m', message);
}

function runRecipe(): { status: number | null; out: string } {
  const temp = mkdtempSync(join(work, 'runner-'));
  const r = spawnSync('bash', ['-c', recipeScript()], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, DOC, BASE: 'origin/main', RUNNER_TEMP: temp, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('the README CI recipe on a fixture repository', () => {
  beforeAll(() => {
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    commitDocument('the network', () => {});
    // What actions/checkout with fetch-depth 0 gives a pull request: the base as origin/<base>.
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  });

  it('fails a pull request that breaks the ping: the intent and the diff both say why', () => {
    git('checkout', '-q', '-b', 'pr-break', 'main');
    commitDocument('drop the route to VPC2', (raw) => (raw.routeTables[0].routeEntries = []));
    const r = runRecipe();
    expect(r.status, r.out).toBe(1);
    expect(r.out).toContain('✗ 1. A pings B');
    expect(r.out).toMatch(/✗ lost 2 pairs: route 172\.16\.0\.0\/16 → ri-\S+ of vtb-\S+ removed/);
  }, 90_000);

  it('passes a harmless pull request', () => {
    git('checkout', '-q', '-b', 'pr-rename', 'main');
    commitDocument('rename a VPC', (raw) => (raw.vpcs[0].name = 'VPC one'));
    const r = runRecipe();
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('✓ 1. A pings B');
    expect(r.out).toContain('no pair gained or lost');
  }, 90_000);

  it('fails a pull request whose document is not valid, and passes the first one (no base document)', () => {
    git('checkout', '-q', '-b', 'pr-bad', 'main');
    commitDocument('typo', (raw) => (raw.intents[0].to = 'i-typo'));
    const bad = runRecipe();
    expect(bad.status, bad.out).toBe(1);
    expect(bad.out).toContain('INTENT_END_UNKNOWN');

    git('checkout', '-q', '--orphan', 'first');
    commitDocument('first document', () => {});
    git(
      'update-ref',
      'refs/remotes/origin/main',
      git('commit-tree', '-m', 'empty', '4b825dc642cb6eb9a060e54bf8d69288fbee4904').trim(),
    );
    const first = runRecipe();
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain('nothing to diff against');
  }, 90_000);
});

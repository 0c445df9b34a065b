/** Finding and building the renderer for the web host: missing, stale and fresh UI; the build runs vite in a child process. */
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureUiBuilt, UiBuildError, uiStatus } from '../../electron/web/ui';
import { tempDir } from './helpers';

let work: { dir: string; cleanup: () => Promise<void> };
let root: string;
let ui: string;

// A stand-in for node_modules/vite/bin/vite.js: records its arguments and writes index.html into --outDir.
const FAKE_VITE = `
const { mkdirSync, writeFileSync, appendFileSync } = require('node:fs');
const { join } = require('node:path');
const args = process.argv.slice(2);
appendFileSync(join(process.cwd(), 'vite-calls.txt'), JSON.stringify(args) + '\\n');
if (process.env.FAKE_VITE_FAIL) { console.error('boom: syntax error in App.tsx'); process.exit(1); }
const out = args[args.indexOf('--outDir') + 1];
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.html'), '<!doctype html><title>built</title>');
`;

beforeEach(async () => {
  work = await tempDir('vpclink-ui-');
  root = work.dir;
  ui = join(root, 'dist', 'renderer');
  await mkdir(join(root, 'renderer'), { recursive: true });
  await mkdir(join(root, 'node_modules', 'vite', 'bin'), { recursive: true });
  await writeFile(join(root, 'node_modules', 'vite', 'bin', 'vite.js'), FAKE_VITE);
  await writeFile(join(root, 'renderer', 'vite.config.ts'), 'export default {}');
  await writeFile(join(root, 'renderer', 'App.tsx'), 'export {}');
});
afterEach(async () => {
  delete process.env.FAKE_VITE_FAIL;
  await work.cleanup();
});

describe('the UI build', () => {
  it('builds a missing UI once, saying so, then finds it fresh', async () => {
    expect(await uiStatus(root, ui)).toEqual({ kind: 'missing' });
    const lines: string[] = [];
    await ensureUiBuilt(root, ui, (l) => lines.push(l));
    expect(lines).toEqual(['building the UI… (first run; this takes a little while)']);
    expect(await readFile(join(ui, 'index.html'), 'utf8')).toContain('built');
    const calls = (await readFile(join(root, 'vite-calls.txt'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(calls).toEqual([
      [
        'build',
        '--config',
        join(root, 'renderer', 'vite.config.ts'),
        '--outDir',
        ui,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
    ]);
    expect(await uiStatus(root, ui)).toEqual({ kind: 'fresh' });
    await ensureUiBuilt(root, ui, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
  });

  it('rebuilds when a renderer source is newer than the build', async () => {
    await ensureUiBuilt(root, ui, () => {});
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'renderer', 'App.tsx'), later, later);
    expect(await uiStatus(root, ui)).toEqual({ kind: 'stale' });
    const lines: string[] = [];
    await ensureUiBuilt(root, ui, (l) => lines.push(l));
    expect(lines).toEqual(['building the UI… (its sources changed)']);
  });

  it('reports a failed build with vite’s output', async () => {
    process.env.FAKE_VITE_FAIL = '1';
    const error = await ensureUiBuilt(root, ui, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UiBuildError);
    expect((error as Error).message).toMatch(
      /building the UI failed \(vite exited with 1\):\nboom: syntax error in App\.tsx/,
    );
  });

  it('serves what is there when an installation has no renderer sources', async () => {
    await work.cleanup();
    await mkdir(join(root, 'dist', 'renderer'), { recursive: true });
    expect(await uiStatus(root, ui)).toEqual({ kind: 'no-sources' });
    await writeFile(join(ui, 'index.html'), 'x');
    expect(await uiStatus(root, ui)).toEqual({ kind: 'fresh' });
  });
});

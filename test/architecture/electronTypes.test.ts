// electron/main and electron/preload are typed against `electron-types` (the Electron package's own
// electron.d.ts, shipped without an install script) so that they typecheck on a machine where the
// optional `electron` package was dropped. These checks keep the two packages on one major version.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const major = (version: string) => Number(/^\D*(\d+)\./.exec(version)?.[1]);

describe('Electron types without the electron package', () => {
  it('electron-types has the major version of the pinned electron runtime', () => {
    const runtime: string = pkg.optionalDependencies.electron;
    const types: string = pkg.devDependencies['electron-types'];
    expect(Number.isNaN(major(runtime))).toBe(false);
    expect(major(types)).toBe(major(runtime));
  });

  it.each(['electron/tsconfig.json', 'tsconfig.json'])('%s maps "electron" to a file that is installed', (config) => {
    const text = readFileSync(resolve(ROOT, config), 'utf8');
    const paths: string[] = JSON.parse(text).compilerOptions.paths.electron;
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/node_modules\/electron-types\//);
    expect(existsSync(resolve(ROOT, config, '..', paths[0]!))).toBe(true);
  });
});

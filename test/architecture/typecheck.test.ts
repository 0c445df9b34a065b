// Each area is type-checked with its own tsconfig: the `lib`/`types` of each one are the
// compile-time half of the import rules (simulator/ sees neither Node nor DOM types).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const PROJECTS = ['simulator', 'cloud', 'cli', 'electron', 'renderer', '.'];

describe('typecheck', () => {
  it.each(PROJECTS.filter((p) => existsSync(resolve(ROOT, p, 'tsconfig.json'))))(
    '%s/tsconfig.json compiles cleanly',
    (project) => {
      const result = spawnSync(
        process.execPath,
        [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', resolve(ROOT, project, 'tsconfig.json')],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    180_000,
  );
});

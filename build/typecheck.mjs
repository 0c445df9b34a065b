// Type-checks every area with its own tsconfig, so the per-area `lib`/`types` settings enforce
// the runtime boundaries of design.md §2 (e.g. simulator/ has no Node or DOM types at all).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = ['simulator', 'cloud', 'cli', 'electron', 'renderer', '.'];
let failed = 0;
for (const project of projects) {
  const config = project === '.' ? 'tsconfig.json' : `${project}/tsconfig.json`;
  if (!existsSync(config)) continue;
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], { stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`typecheck ${config}: ${ok ? 'ok' : 'FAILED'}`);
  if (!ok) failed++;
}
process.exit(failed ? 1 : 0);

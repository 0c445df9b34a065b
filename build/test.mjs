// `npm test`: the README's one test command. Runs every check in turn (Prettier, ESLint, the
// typecheck, knip's dependency check) and then vitest, going on after a failure so one run shows
// every problem; exits 1 if anything failed. Arguments after `npm test --` go to vitest.
// With VPCLINK_CHECKS_REPORT=file it also writes [{ name, ok, seconds }] for .ci/summary.mjs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const CHECKS = ['format:check', 'lint', 'typecheck', 'deps:check'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** @param {string} script @param {readonly string[]} args */
function run(script, args = []) {
  console.log(`\n== npm run ${script}${args.length ? ` -- ${args.join(' ')}` : ''}`);
  const started = Date.now();
  const result = spawnSync(npm, ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const ok = result.status === 0;
  console.log(`== ${script}: ${ok ? 'passed' : 'FAILED'} (${seconds} s)`);
  return { name: script, ok, seconds };
}

const checks = CHECKS.map((script) => run(script));
const unit = run('test:unit', process.argv.slice(2));

const report = process.env.VPCLINK_CHECKS_REPORT;
if (report) writeFileSync(report, JSON.stringify(checks, null, 2) + '\n');

const failed = checks.filter((c) => !c.ok).map((c) => c.name);
if (!unit.ok) failed.push('test:unit');
console.log(failed.length ? `\nnpm test: FAILED (${failed.join(', ')})` : '\nnpm test: every check passed');
process.exit(failed.length ? 1 : 0);

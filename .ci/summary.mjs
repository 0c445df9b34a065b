// Reads the checks report of `npm test` (build/test.mjs) and vitest's JSON report, and prints the
// one line CI understands: each check (format, lint, typecheck, dependencies) counts as one test.
import { existsSync, readFileSync } from 'node:fs';

const [checksFile, vitestFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (checksFile && existsSync(checksFile)) {
  for (const check of JSON.parse(readFileSync(checksFile, 'utf8'))) {
    if (check.ok) passed++;
    else {
      failed++;
      console.log(`check failed: ${check.name}`);
    }
  }
} else {
  console.log('npm test wrote no checks report (it crashed before finishing)');
  failed++;
}

if (vitestFile && existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  // Suites that fail to load count as failures even when no test inside them ran.
  const failedSuites = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
  ).length;
  failed += (report.numFailedTests ?? 0) + failedSuites;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if ((report.numPassedTests ?? 0) === 0) {
    console.log('vitest passed no test');
    failed++;
  }
} else {
  console.log('vitest wrote no report (it crashed before finishing)');
  failed++;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

/** `vpclink apply` and the document's intents, against the sandbox through the official clients. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CROSS, loadExample } from '../simulator/plan/fixtures';
import { startCliSandbox, vpclink, type CliSandbox } from '../cloud/apply/cliHarness';
import { inventory } from '../cloud/apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** doc.json with these intents added. */
function withIntents(sandbox: CliSandbox, intents: readonly Record<string, unknown>[]): void {
  const path = join(sandbox.dir, 'doc.json');
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), intents }, null, 2));
}

const EMPTY = { routerInterfaces: [], routes: [], rules: [] };

describe('vpclink apply refuses a document that violates its intents', () => {
  it(
    'exit 1 listing the violated intent and changing nothing; with --allow-intent-violations it applies, and verification reports the intent failing live',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(cross);
      withIntents(s, [
        { name: 'A isolated from B', from: CROSS.iA, to: CROSS.iB, expect: 'unreachable' },
        { from: CROSS.iB, to: CROSS.iA, expect: 'reachable' },
      ]);
      const refused = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `vpclink apply: intent "A isolated from B" is violated: ${CROSS.iA} → ${CROSS.iB} is reachable`,
      );
      expect(refused.stderr).toContain('[INTENT_VIOLATED]');
      // Only the violated one is listed.
      expect(refused.stderr.match(/INTENT_VIOLATED/g)).toHaveLength(1);
      expect(inventory(s.sandbox.exportDocument())).toEqual(EMPTY);

      const forced = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes', '--allow-intent-violations'], {
        cwd: s.dir,
      });
      expect(forced.stdout).toContain('apply finished: 15 steps done');
      expect(inventory(s.sandbox.exportDocument()).routerInterfaces.map((x) => x.status)).toEqual(['Active', 'Active']);
      // Verification evaluates the intents on the imported live state: the override did not make it hold.
      expect(forced.code).toBe(1);
      expect(forced.stdout).toContain(`INTENT FAILED live: intent "A isolated from B" is violated`);
      expect(forced.stdout).toMatch(/verified: intent ".*must reach.*" holds live/);
      expect(forced.stderr).toContain('verification: 1 intent fails on the live state');
    },
  );

  it('a document whose intents hold applies with exit 0 and verifies them live', { timeout: 60_000 }, async () => {
    s = await startCliSandbox(cross);
    withIntents(s, [{ name: 'A reaches B', from: CROSS.iA, to: CROSS.iB, expect: 'reachable' }]);
    const r = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verified: intent "A reaches B" holds live');
  });

  it('the flag is in the command help', async () => {
    s = await startCliSandbox(cross);
    const r = await vpclink(['apply', '--help'], { cwd: s.dir });
    expect(r.stdout).toContain('--allow-intent-violations');
  });
});

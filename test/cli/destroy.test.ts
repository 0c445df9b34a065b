import { afterEach, describe, expect, it } from 'vitest';
import { loadExample } from '../simulator/plan/fixtures';
import { startCliSandbox, vpclink, type CliSandbox } from '../cloud/apply/cliHarness';
import { inventory } from '../cloud/apply/harness';

const cross = loadExample('cross-account');
let s: CliSandbox | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('vpclink destroy', () => {
  it(
    'removes everything apply made (routes, interfaces, rules); a second destroy has nothing to do',
    { timeout: 60_000 },
    async () => {
      s = await startCliSandbox(cross);
      expect((await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir })).code).toBe(0);
      const before = inventory(s.sandbox.exportDocument());
      expect(before.routerInterfaces).toHaveLength(2);

      const refused = await vpclink(['destroy', 'doc.json', ...s.cloudArgs], { cwd: s.dir });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toContain('Plan to destroy');
      expect(inventory(s.sandbox.exportDocument())).toEqual(before);

      const r = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('DeactivateRouterInterface');
      expect(r.stdout).toContain('destroy finished');
      expect(inventory(s.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
      // The rest of the world is untouched.
      const live = s.sandbox.exportDocument();
      expect(live.vpcs).toHaveLength(2);
      expect(live.instances).toHaveLength(2);
      expect(live.securityGroups).toHaveLength(2);

      const again = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('nothing to destroy');
    },
  );

  it('refuses while an apply is unfinished in the journal (exit 2)', { timeout: 60_000 }, async () => {
    s = await startCliSandbox(cross);
    const controller = new AbortController();
    const cut = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes'], {
      cwd: s.dir,
      signal: controller.signal,
      onStdout: (t) => t.includes('] done') && controller.abort(),
    });
    expect(cut.code).toBe(130);
    const r = await vpclink(['destroy', 'doc.json', ...s.cloudArgs, '--yes'], { cwd: s.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('JOURNAL_OTHER_OPERATION');
    // Roll the unfinished run back: nothing billable left.
    const rb = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--rollback', '--yes'], { cwd: s.dir });
    expect(rb.code).toBe(0);
    expect(inventory(s.sandbox.exportDocument()).routerInterfaces).toEqual([]);
  });
});

describe('journals are per document', () => {
  it('an unfinished journal of another document is refused (exit 2), never resumed', { timeout: 60_000 }, async () => {
    s = await startCliSandbox(cross);
    const controller = new AbortController();
    const cut = await vpclink(['apply', 'doc.json', ...s.cloudArgs, '--yes', '--journal', 'shared.journal.json'], {
      cwd: s.dir,
      signal: controller.signal,
      onStdout: (t) => t.includes('] done') && controller.abort(),
    });
    expect(cut.code).toBe(130);
    const { copyFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    copyFileSync(join(s.dir, 'doc.json'), join(s.dir, 'other.json'));
    const r = await vpclink(['apply', 'other.json', ...s.cloudArgs, '--yes', '--journal', 'shared.journal.json'], {
      cwd: s.dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('JOURNAL_OTHER_DOCUMENT');
  });
});

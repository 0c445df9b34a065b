/**
 * One document, one plan, whichever shell asks (design.md §5, issue 10): the CLI's `plan --json`
 * and the app host's `plan` call, against the same sandbox, on the three examples and an
 * `"accounts": []` variant (which used to plan 15 steps in the CLI and refuse in the app).
 * And the app's Apply is single-flight: 20 start calls at once → one run, one set of resources.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, writeProfilesFile, type RunningSandbox } from '../../../cloud/sandbox';
import type { HostEvent, PlanView, RunView } from '../../../electron/common/hostApi';
import { defaultCloudWiring } from '../../../electron/web/cloudEngines';
import { createCloudHost, type CloudHost } from '../../../electron/web/cloudHost';
import { createEventHub } from '../../../electron/web/events';
import { loadDocumentValue } from '../../../simulator/document';
import { ROOT } from '../../simulator/plan/fixtures';
import { vpclink } from '../apply/cliHarness';
import { FAST_SANDBOX, inventory } from '../apply/harness';

interface Shells {
  readonly sandbox: RunningSandbox;
  readonly dir: string;
  readonly host: CloudHost;
  readonly events: HostEvent[];
  close(): Promise<void>;
}

let shells: Shells | undefined;
afterEach(async () => {
  await shells?.close();
  shells = undefined;
});

/** One sandbox; the CLI reaches it with --endpoint/--profiles, the app host holds it as its sandbox target. */
async function startShells(text: string): Promise<Shells> {
  const loaded = loadDocumentValue(JSON.parse(text));
  if (loaded.kind !== 'ok') throw new Error('example does not load');
  const sandbox = await startSandbox({ seed: loaded.document, seedMode: 'base', port: 0, timing: FAST_SANDBOX });
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-shells-'));
  await writeProfilesFile(join(dir, 'p.json'), sandbox);
  const hub = createEventHub();
  const events: HostEvent[] = [];
  hub.subscribe((e) => events.push(e));
  const wiring = defaultCloudWiring({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') }, { homeDir: dir });
  const host = createCloudHost({
    events: hub,
    engines: wiring.engines,
    sandbox: { endpoint: sandbox.endpoint, accounts: sandbox.accounts, close: async () => undefined },
  });
  return {
    sandbox,
    dir,
    host,
    events,
    async close() {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const examples = ['cross-account', 'same-account', 'broken-acceptor-not-configured', 'transit-router'] as const;
const variants = [
  ...examples.map((name) => ({ name, transform: (doc: Record<string, unknown>) => doc })),
  {
    name: 'cross-account',
    label: 'cross-account with "accounts": []',
    transform: (doc: Record<string, unknown>) => ({ ...doc, accounts: [] }),
  },
];

describe('the CLI and the app plan the same document the same way', () => {
  for (const v of variants) {
    it(`${'label' in v ? v.label : v.name}`, { timeout: 60_000 }, async () => {
      const original = JSON.parse(readFileSync(join(ROOT, 'examples', `${v.name}.vpclink.json`), 'utf8'));
      const text = JSON.stringify(v.transform(original), null, 2);
      shells = await startShells(JSON.stringify(original));
      writeFileSync(join(shells.dir, 'doc.json'), text);
      const cli = await vpclink(
        ['plan', 'doc.json', '--json', '--endpoint', shells.sandbox.endpoint, '--profiles', 'p.json'],
        { cwd: shells.dir },
      );
      expect([0, 1], cli.stderr).toContain(cli.code);
      const cliPlan = JSON.parse(cli.stdout) as {
        fingerprint: string;
        steps: { id: string; action: string; accountId: string; regionId: string }[];
        problems: { code: string; severity: string }[];
      };
      const appPlan = await shells.host.plan('sandbox', text);
      expect(appPlan.fingerprint).toBe(cliPlan.fingerprint);
      expect(appPlan.steps.map((s) => [s.id, s.action, s.accountId, s.regionId])).toEqual(
        cliPlan.steps.map((s) => [s.id, s.action, s.accountId, s.regionId]),
      );
      expect(appPlan.problems.map((p) => [p.code, p.severity])).toEqual(
        cliPlan.problems.map((p) => [p.code, p.severity]),
      );
      if (v.name === 'cross-account') expect(appPlan.steps).toHaveLength(15);
    });
  }
});

describe('the app applies only the confirmed plan, once', () => {
  const text = readFileSync(join(ROOT, 'examples', 'cross-account.vpclink.json'), 'utf8');
  const finished = (events: HostEvent[], runId: string) =>
    events.find(
      (e): e is Extract<HostEvent, { kind: 'run.finished' }> => e.kind === 'run.finished' && e.run.runId === runId,
    );

  async function waitFinished(s: Shells, runId: string): Promise<RunView> {
    for (let i = 0; i < 2400; i++) {
      const f = finished(s.events, runId);
      if (f) return f.run;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`run ${runId} did not finish`);
  }

  it('20 concurrent start calls join one run: one run ID, one set of resources', { timeout: 90_000 }, async () => {
    shells = await startShells(text);
    const plan: PlanView = await shells.host.plan('sandbox', text);
    const starts = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        shells!.host.startApply('sandbox', text, { mode: 'apply', planFingerprint: plan.fingerprint }),
      ),
    );
    const views = starts.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    expect(
      views.every((v) => v !== undefined),
      JSON.stringify(starts.find((s) => s.status === 'rejected')),
    ).toBe(true);
    const ids = new Set(views.map((v) => v!.runId));
    expect(ids.size).toBe(1);
    const run = await waitFinished(shells, [...ids][0]!);
    expect(run.state).toBe('succeeded');
    expect(shells.events.filter((e) => e.kind === 'run.finished')).toHaveLength(1);
    const inv = inventory(shells.sandbox.exportDocument());
    expect(inv.routerInterfaces.map((r) => `${r.role}:${r.status}`).sort()).toEqual([
      'AcceptingSide:Active',
      'InitiatingSide:Active',
    ]);
    expect(inv.routes).toHaveLength(2);
    expect(inv.rules).toHaveLength(2);

    // Destroy from the app: its own plan and fingerprint; the re-list finds nothing left.
    const teardown = await shells.host.plan('sandbox', text, 'destroy');
    expect(teardown.steps.some((x) => x.action === 'DeleteRouterInterface')).toBe(true);
    const destroy = await shells.host.startApply('sandbox', text, {
      mode: 'destroy',
      planFingerprint: teardown.fingerprint,
    });
    const destroyed = await waitFinished(shells, destroy.runId);
    expect(destroyed.state, JSON.stringify(destroyed.error)).toBe('succeeded');
    expect(destroyed.leftovers).toEqual([]);
    expect(inventory(shells.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
  });

  it(
    'a confirmed plan that no longer matches is refused with the new plan; nothing runs',
    { timeout: 60_000 },
    async () => {
      shells = await startShells(text);
      const seen = await shells.host.plan('sandbox', text);
      // The document changes after the user reviewed the plan (a rule dropped, another account's edit …).
      const doc = JSON.parse(text);
      doc.securityGroups[0].permissions = [];
      const edited = JSON.stringify(doc);
      // Dropping the rule breaks one ping: the user confirmed that (else the host's flow gate refuses first).
      const view = await shells.host.startApply('sandbox', edited, {
        mode: 'apply',
        planFingerprint: seen.fingerprint,
        allowFailingFlows: true,
      });
      const run = await waitFinished(shells, view.runId);
      expect(run.state).toBe('planChanged');
      expect(run.changedPlan?.fingerprint).not.toBe(seen.fingerprint);
      expect(run.changedPlan?.steps.length).toBeLessThan(seen.steps.length);
      expect(inventory(shells.sandbox.exportDocument())).toEqual({ routerInterfaces: [], routes: [], rules: [] });
      // Confirming the new plan runs it.
      const again = await shells.host.startApply('sandbox', edited, {
        mode: 'apply',
        planFingerprint: run.changedPlan!.fingerprint,
        allowFailingFlows: true,
      });
      expect((await waitFinished(shells, again.runId)).state).toBe('succeeded');
      expect(inventory(shells.sandbox.exportDocument()).rules).toHaveLength(1);
    },
  );

  it(
    'a CLI apply and the app on the same accounts and target exclude each other (two journals, one lock)',
    { timeout: 60_000 },
    async () => {
      shells = await startShells(text);
      const s = shells;
      writeFileSync(join(s.dir, 'doc.json'), text);
      const env = { XDG_CONFIG_HOME: join(s.dir, 'config') };
      let cliStarted!: () => void;
      const started = new Promise<void>((resolve) => (cliStarted = resolve));
      const cli = vpclink(
        ['apply', 'doc.json', '--endpoint', s.sandbox.endpoint, '--profiles', 'p.json', '--yes', '--json'],
        {
          cwd: s.dir,
          env,
          onStdout: (t) => t.includes('"kind":"step-started"') && cliStarted(),
        },
      );
      await started;
      const plan = await s.host.plan('sandbox', text);
      await expect(
        s.host.startApply('sandbox', text, { mode: 'apply', planFingerprint: plan.fingerprint }),
      ).rejects.toMatchObject({
        error: { code: 'RUN_IN_PROGRESS', message: expect.stringContaining(`apply by pid ${process.pid}`) },
      });
      expect((await cli).code).toBe(0);
      expect(inventory(s.sandbox.exportDocument()).routerInterfaces).toHaveLength(2);
    },
  );
});

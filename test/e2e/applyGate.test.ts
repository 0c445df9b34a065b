/**
 * Apply in Chromium, guarded and per document: when the plan's own simulation says a ping across
 * the link still fails, Apply lists those pings first and needs a second, explicit confirmation;
 * run states read as words ("rolled back", never `rolledBack`); and opening another document starts
 * a new session — no plan, run or Roll back of the previous one, the sandbox reseeded from the new
 * document (and reseedable on demand).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, openDiagram, SKIP_E2E, type AppSession } from './harness';

const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';

describe.skipIf(SKIP_E2E)('the apply gate and per-document sessions in Chromium', () => {
  let app: AppSession;
  let page: Page;
  const confirm = () => page.getByTestId('apply-confirm');
  const progress = () => page.getByTestId('run-progress');
  const plan = async () => {
    await page.getByTestId('tab-apply').click();
    await page.getByTestId('apply-plan').click();
    await page.getByTestId('plan-preview').waitFor({ timeout: 30_000 });
  };
  const finished = () =>
    expect.poll(() => progress().getAttribute('data-state'), { timeout: 60_000 }).not.toMatch(/running|cancelling/);

  beforeAll(async () => {
    app = await openDiagram('cross-account');
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows the pings that still fail after the plan and needs a second confirmation', async () => {
    await page.getByTestId(`vpc-${VPC2}`).locator('.vpc-header').click();
    await page.getByTestId(`routes-${VPC2}`).getByTestId('route-delete-0').click();
    await plan();
    const gate = page.getByTestId('apply-failing-flows');
    await gate.waitFor();
    const text = await gate.innerText();
    expect(text).toContain('2 pings still fail');
    expect(text).toContain('InstanceID_A → InstanceID_B (icmp): not reachable');
    expect(text).toContain('InstanceID_B → InstanceID_A (icmp): not reachable');
    expect(await confirm().isDisabled()).toBe(true);
    await app.shot('apply-gate');
    await page.getByTestId('apply-flows-override').check();
    expect(await confirm().isEnabled()).toBe(true);
    await page.getByTestId('apply-flows-override').uncheck();
    expect(await confirm().isDisabled()).toBe(true);
    // Ticked, the apply goes through: the panel carries the override the host requires
    // (without it the host refuses with FLOWS_FAILING, test/electron/sandboxSessions.test.ts).
    await page.getByTestId('apply-flows-override').check();
    await confirm().click();
    await progress().waitFor({ timeout: 30_000 });
    await finished();
    expect(await progress().getAttribute('data-state')).toBe('succeeded');
    expect(await page.getByTestId('apply-error').count()).toBe(0);
    await progress().getByRole('button', { name: 'Done' }).click();

    // Put the route back: the plan no longer warns, Apply is one confirmation again.
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await plan();
    expect(await page.getByTestId('apply-failing-flows').count()).toBe(0);
    expect(await confirm().isEnabled()).toBe(true);
  }, 90_000);

  it('names run states in words: applied, then rolled back', async () => {
    await confirm().click();
    await progress().waitFor({ timeout: 30_000 });
    await finished();
    const head = () => progress().locator('.plan-head strong').innerText();
    expect(await head()).toBe('Apply: succeeded');
    expect(await progress().innerText()).toMatch(/\d+ of \d+ steps?\b/);
    await page.getByTestId('run-rollback').click();
    await expect.poll(head, { timeout: 60_000 }).toBe('Rollback: rolled back');
    // The panel's own words (the step titles and the log come from the engines as they are).
    expect(await progress().locator('.plan-head').innerText()).not.toMatch(/rolledBack|\w\(s\)/);
    await app.shot('apply-rolled-back');
  }, 120_000);

  it('starts a new session for another document: nothing of the old run, the sandbox reseeded', async () => {
    await page.getByTestId('tab-apply').click();
    await progress().waitFor();
    await page.getByTestId('example-same-account').click();
    await expect.poll(() => page.getByTestId('doc-title').innerText()).toContain('same-account');
    await page.getByTestId('tab-apply').click();
    expect(await page.getByTestId('run-progress').count()).toBe(0);
    expect(await page.getByTestId('run-rollback').count()).toBe(0);
    expect(await page.getByTestId('plan-preview').count()).toBe(0);
    // The sandbox was started afresh with this document: one account, as in the new document.
    await expect
      .poll(() => page.getByTestId('apply-panel').innerText(), { timeout: 30_000 })
      .toContain('seeded with the opened document (1 account)');
    await plan();
    expect(await page.getByTestId('apply-failing-flows').count()).toBe(0);
    await confirm().click();
    await progress().waitFor({ timeout: 30_000 });
    await finished();
    expect(await progress().getAttribute('data-state')).toBe('succeeded');

    // The command reseeds on demand: the world before the plan again, so there is work to do.
    await page.getByTestId('run-progress').getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('sandbox-reseed').click();
    await expect
      .poll(() => page.locator('.notice').allInnerTexts(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('The sandbox now holds the world before')]));
    await plan();
    expect(await page.getByTestId('plan-preview').innerText()).not.toContain('Nothing to do');
  }, 150_000);

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});

/**
 * The intents checklist in real Chromium (browser mode, the cross-account example): keep a ping
 * check as an intent, add one by hand, watch both re-evaluate as the document is edited, show a
 * violated intent on the graph, fix it, delete and undo.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, SKIP_E2E, type AppSession } from './harness';

// Example IDs (examples/cross-account.vpclink.json).
const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';

describe.skipIf(SKIP_E2E)('the intents checklist in Chromium', () => {
  let app: AppSession;
  let page: Page;
  const rows = () => page.getByTestId('intent-row');
  const stateOf = (n: number) => rows().nth(n).getAttribute('data-state');
  const verdict = () => page.getByTestId('verdict');

  beforeAll(async () => {
    app = await openApp('cross-account');
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('keeps a ping check as an intent in one click, and adds one by hand', async () => {
    await expect.poll(() => page.locator('.react-flow__node-instance').count(), { timeout: 30_000 }).toBe(2);
    // Without intents the checklist is a narrow strip beside the diagram; it opens on request.
    expect(await page.getByTestId('intents-summary').count()).toBe(0);
    await page.getByTestId('intents-toggle').click();
    expect(await page.getByTestId('intents-summary').innerText()).toBe('none');
    await page.getByTestId('tab-ping').click();
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill(INSTANCE_B);
    await page.getByTestId('ping-protocol').selectOption('icmp');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    const keep = page.getByTestId('keep-intent');
    expect(await keep.innerText()).toContain('must reach');
    await keep.click();
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => stateOf(0)).toBe('holds');
    expect(await rows().nth(0).getByTestId('intent-mark').innerText()).toBe('✓');
    // The same intent twice is not offered.
    expect(await keep.isDisabled()).toBe(true);

    await page.getByTestId('intent-add').click();
    const form = page.getByTestId('intent-form');
    await form.getByTestId('intent-from').fill(INSTANCE_B);
    await form.getByTestId('intent-to').fill(INSTANCE_A);
    await form.getByTestId('intent-protocol').selectOption('tcp');
    expect(await form.getByTestId('intent-save').isDisabled()).toBe(true); // no port yet
    await form.getByTestId('intent-port').fill('22');
    await form.getByTestId('intent-expect').selectOption('unreachable');
    await form.getByTestId('intent-save').click();
    await expect.poll(() => rows().count()).toBe(2);
    // The example's groups allow only ICMP: B → A on tcp/22 is unreachable, as the intent says.
    await expect.poll(() => stateOf(1)).toBe('holds');
    await app.shot('intents-01-checklist');
  }, 60_000);

  it('an edit that breaks the path turns the intent ✗; clicking it shows the blocker; the fix turns it ✓', async () => {
    await page.getByTestId(`vpc-${VPC2}`).locator('.vpc-header').click();
    const routes = page.getByTestId(`routes-${VPC2}`);
    await routes.waitFor();
    await routes.getByTestId('route-delete-0').click();
    await expect.poll(() => stateOf(0)).toBe('violated');
    expect(await rows().nth(0).getByTestId('intent-mark').innerText()).toBe('✗');
    expect(await page.getByTestId('intents-summary').innerText()).toContain('1 violated');

    // Show it on the graph: the ping check runs the violating pair, with its blocker callouts.
    // A different query first (tcp), so the click is what sets the ping check back to this intent's flow.
    await page.getByTestId('ping-protocol').selectOption('tcp');
    await rows().nth(0).locator('.intent-show').click();
    await expect.poll(() => page.getByTestId('ping-protocol').inputValue()).toBe('icmp');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    const blocker = page.getByTestId('blocker-NO_ROUTE');
    await blocker.waitFor();
    await app.shot('intents-02-violated');

    await blocker.getByTestId('fix-button').click();
    await expect.poll(() => stateOf(0)).toBe('holds');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
  }, 60_000);

  it('deletes an intent and undoes the delete', async () => {
    await rows().nth(1).getByTestId('intent-delete').click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => rows().count()).toBe(2);
    expect(app.consoleErrors).toEqual([]);
  }, 30_000);

  it('apply lists the violated intent and runs only after a second confirmation; verification reports it live', async () => {
    await page.getByTestId('intent-add').click();
    const form = page.getByTestId('intent-form');
    await form.getByTestId('intent-from').fill(INSTANCE_A);
    await form.getByTestId('intent-to').fill(INSTANCE_B);
    await form.getByTestId('intent-expect').selectOption('unreachable');
    await form.getByTestId('intent-save').click();
    await expect.poll(() => stateOf(2)).toBe('violated');

    await page.getByTestId('tab-apply').click();
    const target = page.getByTestId('apply-target');
    await expect.poll(async () => (await target.locator('option').allInnerTexts()).join('|')).toMatch(/sandbox/i);
    await page.getByTestId('apply-plan').click();
    await page.getByTestId('plan-preview').waitFor({ timeout: 30_000 });
    const listed = page.getByTestId('apply-intents');
    expect(await listed.innerText()).toContain('must not reach');
    const confirm = page.getByTestId('apply-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('apply-intents-override').check();
    expect(await confirm.isDisabled()).toBe(false);
    await app.shot('intents-03-apply-override');
    await confirm.click();
    const progress = page.getByTestId('run-progress');
    await progress.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => progress.getAttribute('data-state'), { timeout: 60_000 })
      .toMatch(/succeeded|failed|cancelled|refused/);
    expect(await progress.getAttribute('data-state')).toBe('succeeded');
    const failed = page.getByTestId('verification-intent');
    await failed.waitFor();
    expect(await failed.innerText()).toContain(`${INSTANCE_A} → ${INSTANCE_B} is reachable`);
    expect(await page.getByTestId('verification').innerText()).toContain('Verification failed');
  }, 120_000);
});

/**
 * End to end in real Chromium (playwright-core, the Debian `chromium` package) against the real
 * browser mode: `vpclink serve` with the cross-account example. A new user's path: see the
 * example, ask whether the ping works, break a route and fix it from the blocker, look at the
 * matrix, apply to the sandbox. Screenshots of the main screens go to VPCLINK_SCREENSHOTS (CI
 * keeps that folder) or test-results/screenshots.
 *
 * Skipped only when Chromium is absent AND this is not CI; on CI it must run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, SKIP_E2E, type AppSession } from './harness';

// Example IDs (examples/cross-account.vpclink.json).
const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const RI_INITIATOR = 'ri-m5e33r3n78zyi5573kf85';

describe.skipIf(SKIP_E2E)('the app in Chromium (browser mode)', () => {
  let app: AppSession;
  let page: Page;
  let work: string;
  let docPath: string;
  let url: string;
  const shot = (name: string) => app.shot(name);
  const verdict = () => page.getByTestId('verdict');

  beforeAll(async () => {
    app = await openApp('cross-account');
    ({ page, work, docPath, url } = app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('draws the example: accounts, VPCs with their CIDR blocks, the router-interface pair', async () => {
    await expect.poll(() => page.locator('.react-flow__node-vpc').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => page.locator('.react-flow__node-instance').count()).toBe(2);
    const vpc1 = page.getByTestId(`vpc-${VPC1}`);
    const vpc2 = page.getByTestId(`vpc-${VPC2}`);
    expect(await vpc1.innerText()).toContain('192.168.0.0/16');
    expect(await vpc2.innerText()).toContain('172.16.0.0/16');
    const edge = page.getByTestId(`ri-edge-${RI_INITIATOR}`);
    await edge.waitFor();
    expect(await edge.innerText()).toMatch(/Mini\.2\s+Active/);
    expect(await edge.getAttribute('class')).toContain('ri-label-active');
    // The two accounts are separate groups side by side, not overlapping.
    const boxes = await page
      .locator('.react-flow__node-account')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes).toHaveLength(2);
    const [a, b] = boxes.sort((x, y) => x.left - y.left);
    expect(a.right).toBeLessThanOrEqual(b.left);
    expect(page.url()).not.toContain('token=');
    await shot('01-main-canvas');
  }, 60_000);

  it('answers "would this ping work?" with Reachable and highlights both paths', async () => {
    await page.getByTestId('tab-ping').click();
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill(INSTANCE_B);
    await page.getByTestId('ping-protocol').selectOption('icmp');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    expect(await verdict().innerText()).toContain('Reachable');
    expect(await page.getByTestId('trace-forward').innerText()).toMatch(/delivered/i);
    expect(await page.getByTestId('trace-return').innerText()).toMatch(/delivered/i);
    // On the graph: both instances and the RI edge are on the path.
    for (const id of [INSTANCE_A, INSTANCE_B])
      expect(await page.getByTestId(`instance-${id}`).getAttribute('class')).toMatch(/path-(forward|return|both)/);
    expect(await page.locator('.react-flow__edge-path.ri-edge').first().getAttribute('class')).toMatch(
      /path-(forward|both)/,
    );
    await shot('02-ping-reachable');
  }, 60_000);

  it('shows the blocker of a broken route with its fix, and the fix makes it reachable again', async () => {
    // Delete the route back to VPC1 from VPC2's table in the inspector.
    await page.getByTestId(`vpc-${VPC2}`).locator('.vpc-header').click();
    const routes = page.getByTestId(`routes-${VPC2}`);
    await routes.waitFor();
    expect(await routes.locator('input').first().inputValue()).toBe('192.168.0.0/16');
    await routes.getByTestId('route-delete-0').click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    expect(await verdict().innerText()).toContain('Not reachable');
    const blocker = page.getByTestId('blocker-NO_ROUTE');
    await blocker.waitFor();
    expect(await blocker.innerText()).toMatch(/reply/i);
    const fix = blocker.getByTestId('fix-button');
    expect(await fix.innerText()).toContain('192.168.0.0/16');
    await shot('03-blocker-and-fix');

    // Clicking the blocker selects the resource it names (VPC2's route table → VPC2's inspector).
    await blocker.locator('.blocker-main').click();
    await routes.waitFor();

    await fix.click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    expect(await routes.locator('input').first().inputValue()).toBe('192.168.0.0/16');

    // Undo and redo the fix from the keyboard (focus on the canvas, not in a field).
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
  }, 60_000);

  it('saves with Ctrl+S through the host, and the unsaved-changes marker goes away', async () => {
    const title = page.getByTestId('doc-title');
    expect(await title.locator('.dirty-dot').count()).toBe(1);
    await page.keyboard.press('Control+s');
    await expect.poll(() => title.locator('.dirty-dot').count()).toBe(0);
    const saved = JSON.parse(readFileSync(docPath, 'utf8')) as {
      routeTables: { routeEntries: { destinationCidrBlock: string; nextHopId: string }[] }[];
    };
    expect(saved.routeTables[1].routeEntries).toEqual([
      expect.objectContaining({ destinationCidrBlock: '192.168.0.0/16', nextHopId: 'ri-2zeix2q86uoyisagyz0pn' }),
    ]);
  }, 30_000);

  it('validates as you type: a bad CIDR is flagged at the field', async () => {
    await page.getByTestId(`vpc-${VPC1}`).locator('.vpc-header').click();
    const cidr = page.getByTestId('vpc-cidr');
    await cidr.fill('192.168.0.0/33');
    await expect.poll(() => cidr.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.inspector .field-error').first().innerText()).toContain('192.168.0.0/33');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await page.getByTestId(`vpc-${VPC1}`).locator('.vpc-header').click();
    await expect.poll(() => page.getByTestId('vpc-cidr').inputValue()).toBe('192.168.0.0/16');
  }, 60_000);

  it('shows the reachability matrix, each cell explaining itself', async () => {
    await page.getByTestId('tab-matrix').click();
    const panel = page.getByTestId('matrix-panel');
    await panel.waitFor();
    await expect.poll(() => page.locator('.matrix td.cell-ok').count()).toBe(2);
    const cell = page.getByTestId('cell-0-1');
    expect(await cell.getAttribute('title')).toMatch(/reachable/);
    await cell.hover();
    expect(await panel.locator('.matrix-explain').innerText()).toMatch(/InstanceID_A.*InstanceID_B.*reachable/s);
    await shot('04-matrix');
  }, 60_000);

  it('applies to the local sandbox: plan preview, confirmation, progress to the end, verification', async () => {
    await page.getByTestId('tab-apply').click();
    const target = page.getByTestId('apply-target');
    await expect.poll(async () => (await target.locator('option').allInnerTexts()).join('|')).toMatch(/sandbox/i);
    await page.getByTestId('apply-plan').click();
    const preview = page.getByTestId('plan-preview');
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.innerText()).toMatch(/CreateRouterInterface/);
    await shot('05-apply-plan');
    await page.getByTestId('apply-confirm').click();
    const progress = page.getByTestId('run-progress');
    await progress.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => progress.getAttribute('data-state'), { timeout: 60_000 })
      .toMatch(/succeeded|failed|cancelled/);
    expect(await progress.getAttribute('data-state')).toBe('succeeded');
    const verification = page.getByTestId('verification');
    await verification.waitFor();
    expect(await verification.innerText()).toMatch(/Verified/);
    await shot('06-apply-finished');
  }, 120_000);

  it('connects two VPCs by dragging, offers the routes and rules, and undoes it', async () => {
    await page.getByTestId('tab-ping').click();
    const edgesBefore = await page.locator('.react-flow__edge').count();
    const from = page.getByTestId(`vpc-${VPC1}`).locator('.react-flow__handle-bottom');
    const to = page.getByTestId(`vpc-${VPC2}`).locator('.react-flow__handle-bottom');
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, a.y + 40, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    const dialog = page.getByTestId('connect-dialog');
    await dialog.waitFor();
    // The proposal: the pair, a route each way to the peer vSwitch (rules exist already), simulated reachable.
    await expect.poll(() => page.getByTestId('connect-change').count()).toBe(3);
    expect(await dialog.innerText()).toMatch(/route 172\.16\.1\.0\/24 \(.*\) through router interface/);
    await page.getByTestId('connect-confirm').click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore + 1);
    // The new pair is consistent: its edge is green (Active), not red. The status comes from the
    // simulator worker, a moment after the edge is drawn: poll for it.
    await expect.poll(() => page.locator('.ri-label-active').count(), { timeout: 10_000 }).toBe(2);
    // The inspector shows the new initiator.
    await expect.poll(() => page.getByTestId('ri-status').innerText(), { timeout: 10_000 }).toContain('Active');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z'); // the pair with its routes and rules: one step
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore);
  }, 60_000);

  it('asks before deleting a router interface that routes still use, listing what it repairs', async () => {
    await page.getByTestId(`ri-edge-${RI_INITIATOR}`).click();
    await page.locator('.react-flow__pane').hover();
    await page.keyboard.press('Delete');
    const dialog = page.getByTestId('delete-dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('routeEntries[0].nextHopId');
    expect(text).toMatch(/route 172\.16\.0\.0\/16 is removed/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
  }, 30_000);

  it('exports the diagram as SVG and PNG', async () => {
    await page.getByTestId('export-menu').click();
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('cmd-export.svg').click(),
    ]);
    expect(svgDownload.suggestedFilename()).toMatch(/\.svg$/);
    const svgPath = join(work, 'export.svg');
    await svgDownload.saveAs(svgPath);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg).toContain('<svg');
    for (const text of ['VPC1', 'VPC2', '192.168.0.0/16', '172.16.0.0/16', 'InstanceID_A', 'Mini.2'])
      expect(svg).toContain(text);

    await page.getByTestId('export-menu').click();
    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('cmd-export.png').click(),
    ]);
    expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
    const pngPath = join(work, 'export.png');
    await pngDownload.saveAs(pngPath);
    const png = readFileSync(pngPath);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(5_000);
  }, 60_000);

  it('the host refuses an API request without the token', async () => {
    const origin = new URL(url).origin;
    const body = JSON.stringify({ method: 'listExamples', args: [] });
    const refused = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect([401, 403]).toContain(refused.status);
    const token = new URL(url).searchParams.get('token')!;
    const wrong = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vpclink-token': token.slice(0, -2) + 'xx' },
      body,
    });
    expect([401, 403]).toContain(wrong.status);
    // The same request with the token works, so the refusal is about the token.
    const accepted = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vpclink-token': token },
      body,
    });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});

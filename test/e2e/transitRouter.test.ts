/**
 * Example 4 in real Chromium: the transit router is drawn as a hub with an edge to each of its
 * three VPCs, nothing logs an error, and a click on the hub selects it and shows it (read-only)
 * in the inspector with its attachments and route tables. The screenshot goes to
 * VPCLINK_SCREENSHOTS (or test-results/screenshots).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, SKIP_E2E, type AppSession } from './harness';

const TR = 'tr-bp1hangzhou0000000001';

describe.skipIf(SKIP_E2E)('the transit-router example in the app', () => {
  let app: AppSession;
  beforeAll(async () => {
    app = await openApp('transit-router');
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('draws the hub and its three attachments', async () => {
    const { page } = app;
    const hub = page.getByTestId(`tr-${TR}`);
    await hub.waitFor({ state: 'visible' });
    await expect(hub.textContent()).resolves.toContain('hangzhou-hub');
    await expect(hub.textContent()).resolves.toContain('cn-hangzhou · 3 VPCs');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge.tr-edge').length === 3);
    await hub.click();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="tr-${id}"]`)?.classList.contains('selected') === true,
      TR,
    );
    const inspector = page.getByTestId('inspector');
    await expect(inspector.textContent()).resolves.toContain('Transit router');
    await expect(page.getByTestId('tr-attachments').locator('li').count()).resolves.toBe(3);
    await expect(page.getByTestId('tr-table-vtb-bp1trspokes0000000002').textContent()).resolves.toContain(
      '10.0.0.0/8 → BlackHole',
    );
    await app.shot('transit-router');
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});

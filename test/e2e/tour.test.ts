/**
 * The README's app tour, screen by screen, in the light and the dark theme (the app follows the
 * system's `prefers-color-scheme`; Chromium is told which one). Each screen is written to
 * VPCLINK_SCREENSHOTS as `tour-<NN>-<screen>-<theme>.png` — CI keeps them and the README links
 * them — and the dark screens pass the same axe-core check as the light ones.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, openApp, SKIP_E2E, type AppSession } from './harness';

const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';

/** Relative luminance of a CSS `rgb(…)` colour (0 black … 1 white). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function serious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(SKIP_E2E).each(['light', 'dark'] as const)('the app tour, %s theme', (theme) => {
  let app: AppSession;
  let page: Page;
  const shot = (n: number, name: string) => app.shot(`tour-${String(n).padStart(2, '0')}-${name}-${theme}`);
  const vpcHeader = (id: string) => page.getByTestId(`vpc-${id}`).locator('.vpc-header');

  beforeAll(async () => {
    app = await openApp('cross-account', { colorScheme: theme });
    page = app.page;
    await page.locator('.react-flow__node-vpc').nth(1).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('follows the system theme', async () => {
    const colours = await page.evaluate(() => {
      const panel = getComputedStyle(document.querySelector('.inspector')!).backgroundColor;
      const text = getComputedStyle(document.body).color;
      return { panel, text };
    });
    if (theme === 'dark') {
      expect(luminance(colours.panel)).toBeLessThan(0.05);
      expect(luminance(colours.text)).toBeGreaterThan(0.6);
    } else {
      expect(luminance(colours.panel)).toBeGreaterThan(0.9);
      expect(luminance(colours.text)).toBeLessThan(0.05);
    }
  });

  it('walks the main screens, writing a screenshot of each', async () => {
    const problems: string[] = [];
    await clickPane(page);
    // Each VPC names its region on the diagram; the region groups give the full name.
    expect(await page.getByTestId(`vpc-region-${VPC1}`).innerText()).toBe('cn-qingdao');
    expect(await page.getByTestId(`vpc-region-${VPC2}`).innerText()).toBe('cn-beijing');
    expect(await page.locator('.react-flow__node-region').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('China (Qingdao) · cn-qingdao')]),
    );
    await shot(1, 'diagram');

    await page.getByTestId('tab-ping').click();
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill(INSTANCE_B);
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
    await vpcHeader(VPC2).click();
    await shot(2, 'ping-reachable');
    problems.push(...(await serious(page)));

    await page.getByTestId(`routes-${VPC2}`).getByTestId('route-delete-0').click();
    await page.getByTestId(`graph-blockers-${VPC2}`).waitFor();
    await shot(3, 'blocker-on-graph');
    problems.push(...(await serious(page)));
    await page.getByTestId(`graph-blockers-${VPC2}`).getByTestId('graph-fix').click();
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');

    await vpcHeader(VPC1).click();
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_A' }).click();
    await page.getByTestId('rules-ingress').waitFor();
    await shot(4, 'rules');

    await vpcHeader(VPC1).click();
    await page.getByTestId('connect-to-button').click();
    await page.getByTestId('connect-dialog').waitFor();
    await shot(5, 'connect-dialog');
    problems.push(...(await serious(page)));
    await page.keyboard.press('Escape');

    await page.getByTestId('tab-matrix').click();
    await page.locator('.matrix td.cell-ok').first().waitFor();
    await shot(6, 'matrix');

    await page.getByTestId('tab-apply').click();
    await page.getByTestId('apply-target').waitFor();
    await shot(7, 'apply');

    await page.getByTestId('tab-findings').click();
    await page.getByTestId('findings-panel').waitFor();
    await shot(8, 'findings');

    await page.getByTestId('tab-accounts').click();
    await page.getByTestId('account-row-1231579085529123').waitFor();
    await shot(9, 'accounts');
    problems.push(...(await serious(page)));

    await page.getByTestId('tab-drift').click();
    await page.getByTestId('drift-check').click();
    await page.getByTestId('drift-summary').waitFor({ timeout: 30_000 });
    await shot(10, 'drift');
    problems.push(...(await serious(page)));

    await page.getByTestId('export-menu').click();
    await page.getByRole('menu', { name: 'Export' }).waitFor();
    await shot(11, 'export-menu');
    problems.push(...(await serious(page)));
    await page.keyboard.press('Escape');
    expect([...new Set(problems)]).toEqual([]);
  }, 240_000);

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});

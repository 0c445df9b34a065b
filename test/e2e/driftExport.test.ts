/**
 * Issue 15 in the app, in Chromium: the drift view against the in-process sandbox (before the apply
 * the links are missing and the pings lost; after it every resource is in sync; a rule deleted from
 * the document shows its group changed and the ping the live state still allows), and the Export
 * menu writing SVG, PNG, draw.io and Terraform HCL (browser mode: downloads) whose contents match
 * the document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, openDiagram, SKIP_E2E, type AppSession } from './harness';

const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const SG_B = 'sg-2zeh6s0f7hcwt1xp6cgl';
const RI_INITIATOR = 'ri-m5e33r3n78zyi5573kf85';

describe.skipIf(SKIP_E2E)('drift view and export menu in Chromium', () => {
  let app: AppSession;
  let page: Page;
  const row = (id: string) => page.getByTestId(`drift-row-${id}`);
  const checkDrift = async () => {
    await page.getByTestId('tab-drift').click();
    await page.getByTestId('drift-check').click();
    await expect.poll(() => page.getByTestId('drift-check').innerText(), { timeout: 30_000 }).toBe('Check drift');
    await page.getByTestId('drift-summary').waitFor();
  };

  beforeAll(async () => {
    app = await openDiagram('cross-account');
    page = app.page;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows each resource’s drift and the reachability consequence, before and after the apply', async () => {
    await checkDrift();
    expect(await page.getByTestId('drift-summary').innerText()).toMatch(/^\d+ resources drifted on Sandbox \(local\)$/);
    expect(await row(RI_INITIATOR).getAttribute('data-state')).toBe('missing');
    expect(await row(VPC1).getAttribute('data-state')).toBe('inSync');
    expect(await row(VPC1).innerText()).toContain('in sync');
    expect(await row(SG_B).innerText()).toContain('changed outside vpclink');
    const consequence = await page.getByTestId('drift-reachability').innerText();
    expect(consequence).toContain('Live stops InstanceID_A → InstanceID_B');
    expect(consequence).toMatch(/has no route for/);
    expect(consequence).toContain('Live stops InstanceID_B → InstanceID_A');
    await app.shot('drift-before-apply');

    await page.getByTestId('tab-apply').click();
    await page.getByTestId('apply-plan').click();
    await page.getByTestId('apply-confirm').click();
    await expect
      .poll(() => page.getByTestId('run-progress').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('succeeded');

    await checkDrift();
    expect(await page.getByTestId('drift-summary').innerText()).toBe('In sync with Sandbox (local)');
    expect(await row(RI_INITIATOR).getAttribute('data-state')).toBe('inSync');
    expect(await page.getByTestId('drift-reachability').innerText()).toContain(
      'Every ping behaves live as the document says',
    );
  }, 120_000);

  it('a rule the document no longer has: its group drifts, and live still lets the ping through', async () => {
    await page.getByTestId(`vpc-vpc-2zeo9pbx3kvs1gd7pu3gs`).locator('.vpc-header').click();
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_B' }).click();
    await page
      .getByTestId('rules-ingress')
      .getByRole('button', { name: /delete|remove/i })
      .first()
      .click();
    await clickPane(page);
    await checkDrift();
    expect(await row(SG_B).getAttribute('data-state')).toBe('changed');
    expect(await page.getByTestId('drift-reachability').innerText()).toContain(
      'Live lets InstanceID_A reach InstanceID_B; the document does not',
    );
    await app.shot('drift-changed');
    await page.keyboard.press('Control+z');
  }, 60_000);

  it('exports SVG, PNG, draw.io and Terraform HCL from one menu', async () => {
    const download = async (name: string) => {
      await page.getByTestId('export-menu').click();
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`cmd-export.${name}`).click()]);
      const path = join(app.work, file.suggestedFilename());
      await file.saveAs(path);
      return { name: file.suggestedFilename(), path };
    };
    await page.getByTestId('export-menu').click();
    expect(await page.getByRole('menu', { name: 'Export' }).getByRole('menuitem').allInnerTexts()).toEqual([
      expect.stringContaining('SVG image'),
      expect.stringContaining('PNG image'),
      expect.stringContaining('draw.io diagram'),
      expect.stringContaining('Terraform HCL'),
    ]);
    await app.shot('export-menu');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('menu', { name: 'Export' }).count()).toBe(0);

    const svg = await download('svg');
    expect(svg.name).toMatch(/\.svg$/);
    expect(readFileSync(svg.path, 'utf8')).toContain('<svg');
    const png = await download('png');
    expect(readFileSync(png.path).subarray(1, 4).toString('latin1')).toBe('PNG');
    const drawio = await download('drawio');
    expect(drawio.name).toMatch(/\.drawio$/);
    const xml = readFileSync(drawio.path, 'utf8');
    expect(xml).toContain('<mxfile');
    for (const text of ['VPC1', 'VPC2', '192.168.0.0/16']) expect(xml).toContain(text);
    const hcl = await download('terraform');
    expect(hcl.name).toMatch(/\.tf$/);
    const tf = readFileSync(hcl.path, 'utf8');
    expect(tf).toContain('required_providers');
    expect(tf).toContain('resource "alicloud_');
    expect(tf).toContain(VPC1);
  }, 60_000);

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});

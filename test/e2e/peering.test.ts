/**
 * VPC peering in the app (issue 12) and connect by intent (issue 14), in Chromium, light and dark:
 * drop a VPC on another, pick peering and the flows, read the proposal, accept it; the peering is
 * drawn as its own kind of line with its status, the legend names both kinds, the inspector shows
 * status, bandwidth, both sides and the routes through it, and the ping takes the peering.
 * Screenshots: `peering-<step>-<theme>.png`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appForSuite, clickPane, dragTo, SKIP_E2E } from './harness';

// IDs of examples/cross-account.vpclink.json.
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';

/** Words a user should never read in these screens: API enum spellings, "1 routes", leaked values. */
const RAW_WORDS = /\bVpcPeer\b|\bActivated\b|undefined|\[object|\b1 (routes|rules|changes)\b/;

describe.skipIf(SKIP_E2E).each(['light', 'dark'] as const)('VPC peering in the app, %s theme', (theme) => {
  const session = appForSuite('cross-account', { colorScheme: theme });
  let page: Page;
  beforeAll(() => {
    page = session().page;
  });
  const vpcHeader = (id: string) => page.getByTestId(`vpc-${id}`).locator('.vpc-header');
  const peeringEdge = () => page.locator('[data-testid^="peer-edge-"]');
  const shot = (step: string) => session().shot(`peering-${step}-${theme}`);

  it('connects by intent over a peering: the flows asked for, a proposal that says what it changes, one click', async () => {
    await dragTo(page, vpcHeader(VPC1), vpcHeader(VPC2));
    const dialog = page.getByTestId('connect-dialog');
    await dialog.waitFor();
    // This document links its VPCs with router interfaces: that stays the default here.
    expect(await page.getByTestId('link-kind-routerInterface').isChecked()).toBe(true);
    await page.getByTestId('link-kind-vpcPeer').click();
    await page.getByTestId('connect-ports').fill('22, x');
    expect(await dialog.getByRole('alert').innerText()).toMatch(/TCP ports: "x" is not a port/);
    expect(await page.getByTestId('connect-confirm').isDisabled()).toBe(true);
    await page.getByTestId('connect-ports').fill('22');
    const changes = page.getByTestId('connect-change');
    await expect.poll(() => changes.first().innerText()).toMatch(/Create the VPC peering connection VPC1-to-VPC2/);
    const texts = await changes.allInnerTexts();
    expect(texts[0]).toMatch(/accepted by account 1564982317654321, cn-qingdao to cn-beijing, 1024 Mbit\/s/);
    expect(texts.filter((t) => /route .* through the peering connection/.test(t))).toHaveLength(2);
    // ICMP is already allowed from the peer VPC; only TCP 22 needs a rule on each side, from the peer vSwitch.
    expect(texts.filter((t) => /allow TCP 22 in from 192\.168\.1\.0\/24/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /allow TCP 22 in from 172\.16\.1\.0\/24/.test(t))).toHaveLength(1);
    expect(texts).toHaveLength(5);
    expect(texts.join('\n')).not.toContain('0.0.0.0/0');
    const verdicts = page.getByTestId('connect-verdicts').locator('li');
    expect(await verdicts.count()).toBe(4);
    expect(await verdicts.evaluateAll((li) => li.map((l) => l.getAttribute('data-verdict')))).toEqual(
      Array(4).fill('reachable'),
    );
    expect(await page.getByTestId('connect-confirm').innerText()).toBe('Accept all 5 changes');
    expect(await dialog.innerText()).not.toMatch(RAW_WORDS);
    await shot('1-proposal');
    await page.getByTestId('connect-confirm').click();
    await expect.poll(() => peeringEdge().count()).toBe(1);
    expect(await peeringEdge().getAttribute('data-state')).toBe('active');
    expect(await peeringEdge().innerText()).toMatch(/Peering\s*1024 Mbit\/s\s*Active/);
    // The legend names both kinds of line.
    expect(await page.getByTestId('link-legend').innerText()).toMatch(/VPC peering[\s\S]*Router-interface pair/);
  }, 90_000);

  it('the ping takes the peering (the more specific route) and the line lights up', async () => {
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
    expect(await page.locator('.trace').first().innerText()).toMatch(/pcc-/);
    await expect.poll(() => page.locator('.peer-edge').getAttribute('class')).toMatch(/path-(both|forward)/);
    await shot('2-ping');
  }, 60_000);

  it('the exported diagram draws the peering too', async () => {
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cmd-export.svg').click()]);
    const path = join(session().work, 'peering.svg');
    await download.saveAs(path);
    const svg = readFileSync(path, 'utf8');
    expect(svg).toContain('Peering · 1024 Mbit/s · Active');
    expect(svg).toContain('Mini.2');
  }, 60_000);

  it('the inspector shows the status, bandwidth, both sides and the routes through it', async () => {
    await peeringEdge().click();
    await expect.poll(() => page.getByTestId('peering-status').innerText()).toMatch(/Active/);
    expect(await page.getByTestId('peering-bandwidth').innerText()).toMatch(
      /1024 Mbit\/s · across accounts: the accepting account accepts it/,
    );
    expect(await page.getByTestId('peering-requester').innerText()).toMatch(
      /VPC1[\s\S]*1231579085529123[\s\S]*cn-qingdao/,
    );
    expect(await page.getByTestId('peering-accepter').innerText()).toMatch(
      /VPC2[\s\S]*1564982317654321[\s\S]*cn-beijing/,
    );
    expect(await page.getByTestId('peering-routes').locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/^172\.16\.1\.0\/24 in VPC1/),
      expect.stringMatching(/^192\.168\.1\.0\/24 in VPC2/),
    ]);
    expect(await page.locator('.inspector').innerText()).not.toMatch(RAW_WORDS);
    await shot('3-inspector');
    // Bandwidth is editable across regions.
    await page.getByTestId('peering-bandwidth-input').fill('200');
    await expect.poll(() => peeringEdge().innerText()).toMatch(/200 Mbit\/s/);
    // The route table offers the peering as a next hop by name.
    await vpcHeader(VPC1).click();
    expect(await page.getByTestId(`routes-${VPC1}`).innerText()).toMatch(/Peering VPC1-to-VPC2/);
    expect(await page.getByTestId('vpc-peerings').innerText()).toMatch(/VPC1-to-VPC2 with VPC2 · Active/);
  }, 60_000);

  it('deleting the connection takes its routes along; undo brings both back', async () => {
    await peeringEdge().click();
    await page.getByTestId('peering-delete').click();
    await expect.poll(() => peeringEdge().count()).toBe(0);
    // The router-interface pair still carries the ping.
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
    expect(await page.locator('.trace').first().innerText()).not.toMatch(/pcc-/);
    await clickPane(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => peeringEdge().count()).toBe(1);
    await page.keyboard.press('Control+z'); // the bandwidth edit
    await page.keyboard.press('Control+z'); // the whole proposal, one step
    await expect.poll(() => peeringEdge().count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
  }, 60_000);

  it('logged no errors in the browser console', () => {
    expect(session().consoleErrors).toEqual([]);
  });
});

/**
 * "Migrate to VPC peering…" in the app (issue 12 "Migration"), in Chromium: select the
 * router-interface pair of the cross-account example, run the command from the keyboard, read the
 * steps and their proof, use the final design (one edit), see the peering drawn and the ping still
 * reachable through it, undo brings the pair back; the inspector's button opens the same dialog.
 * Light and dark; the dialog has no serious or critical accessibility violation (axe-core).
 * Screenshots: `migrate-<step>-<theme>.png`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appForSuite, clickPane, ROOT, SKIP_E2E } from './harness';

// IDs of examples/cross-account.vpclink.json.
const RI_INITIATOR = 'ri-m5e33r3n78zyi5573kf85';

/** Words a user should never read in this dialog: API enum spellings, leaked values. */
const RAW_WORDS = /\bVpcPeer\b|\bActivated\b|undefined|\[object|\b1 (routes|rules|flows)\b/;

describe.skipIf(SKIP_E2E).each(['light', 'dark'] as const)(
  'migrating a router-interface pair to VPC peering in the app, %s theme',
  (theme) => {
    const session = appForSuite('cross-account', { colorScheme: theme });
    let page: Page;
    beforeAll(() => {
      page = session().page;
    });
    const riEdge = () => page.getByTestId(`ri-edge-${RI_INITIATOR}`);
    const peeringEdge = () => page.locator('[data-testid^="peer-edge-"]');
    const dialog = () => page.getByTestId('migrate-dialog');

    it('the command is disabled until a pair is selected', async () => {
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
      await clickPane(page);
      await page.keyboard.press('Control+Shift+M');
      expect(await dialog().count()).toBe(0);
    }, 60_000);

    it('selecting the pair and pressing Ctrl+Shift+M shows the steps, each with its proof', async () => {
      await riEdge().click();
      await page.keyboard.press('Control+Shift+M');
      await dialog().waitFor();
      const steps = page.getByTestId('migrate-step');
      await expect.poll(() => steps.count()).toBe(11);
      const texts = await steps.allInnerTexts();
      expect(texts[0]).toMatch(/^Create a VPC peering connection from VPC1 to VPC2 \(across accounts/);
      expect(texts[1]).toMatch(/^Account 1564982317654321 accepts the peering connection/);
      expect(texts[10]).toMatch(/^Deactivate and delete the router-interface pair vpc1-to-vpc2 and vpc2-from-vpc1/);
      expect(await page.getByTestId('migrate-kept').allInnerTexts()).toEqual(Array(11).fill('✓ 2 of 2 flows kept'));
      expect(await page.getByTestId('migrate-proof').innerText()).toBe(
        'All 2 flows reachable today stay reachable after every one of the 11 steps (simulated).',
      );
      expect(await page.getByTestId('migrate-how').innerText()).toMatch(
        new RegExp(`keeps every ping up: vpclink plan FILE --migrate ${RI_INITIATOR} --to peering --json`),
      );
      expect(await dialog().innerText()).not.toMatch(RAW_WORDS);
      const axe = await new AxeBuilder({ page })
        .include('[data-testid="migrate-dialog"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        axe.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help}`),
      ).toEqual([]);
      await session().shot(`migrate-1-steps-${theme}`);
    }, 60_000);

    it('"Use the final design" draws the peering instead of the pair and the ping still goes through', async () => {
      await page.getByTestId('migrate-use-final').click();
      await expect.poll(() => dialog().count()).toBe(0);
      await expect.poll(() => peeringEdge().count()).toBe(1);
      expect(await riEdge().count()).toBe(0);
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
      await expect.poll(() => page.locator('.trace').first().innerText()).toMatch(/pcc-/);
      await session().shot(`migrate-2-final-${theme}`);
    }, 60_000);

    it('one Undo brings the pair back; its inspector opens the same dialog', async () => {
      await clickPane(page);
      await page.keyboard.press('Control+z');
      await expect.poll(() => riEdge().count()).toBe(1);
      expect(await peeringEdge().count()).toBe(0);
      await expect.poll(() => page.getByTestId('verdict').getAttribute('data-verdict')).toBe('reachable');
      await riEdge().click();
      await page.getByTestId('ri-migrate').click();
      await expect.poll(() => page.getByTestId('migrate-step').count()).toBe(11);
      await page.getByTestId('migrate-close').click();
      await expect.poll(() => dialog().count()).toBe(0);
      expect(await riEdge().count()).toBe(1);
    }, 60_000);

    it('logged no errors in the browser console', () => {
      expect(session().consoleErrors).toEqual([]);
    });
  },
);

describe.skipIf(SKIP_E2E)('a migration the planner refuses, in the app', () => {
  const session = appForSuite('cross-account');

  it('says which flow would break and offers no final design', async () => {
    const { page, work } = session();
    // The same-account seed with its route to VPC2 narrowed to a /32: it cannot be bridged, and
    // deleting it loses the ping (the planner's own refusal case, test/simulator/plan/migrate.test.ts).
    const text = readFileSync(join(ROOT, 'examples', 'same-account.vpclink.json'), 'utf8').replace(
      '"172.16.100.0/24", "nextHopType": "RouterInterface"',
      '"172.16.100.10/32", "nextHopType": "RouterInterface"',
    );
    expect(text).toContain('172.16.100.10/32');
    const path = join(work, 'narrow.vpclink.json');
    writeFileSync(path, text);
    await page.getByTestId('cmd-file.open').click();
    await page.getByTestId('path-input').fill(path);
    await page.getByTestId('path-input').press('Enter');
    await page.getByTestId('doc-title').filter({ hasText: 'narrow' }).waitFor();
    await page.locator('[data-testid^="ri-edge-"]').click();
    await page.keyboard.press('Control+Shift+M');
    const refused = page.getByTestId('migrate-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(
      /^vpclink will not migrate this link: no order of the remaining steps keeps every flow that works today\./,
    );
    // The planner's own words follow, for the details (the step and the route).
    expect(await refused.innerText()).toMatch(/delete 172\.16\.100\.10\/32/);
    expect(await page.getByTestId('migrate-broken-flow').innerText()).toMatch(
      /^a ping from .*\(i-2zeaabj1instancea0001\) to .*\(i-bp1bhz2instanceb0002\)$/,
    );
    // The steps proven before the refusal are listed; nothing can be used.
    expect(await page.getByTestId('migrate-step').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('migrate-use-final').isDisabled()).toBe(true);
    await session().shot('migrate-3-refused');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('migrate-dialog').count()).toBe(0);
    expect(session().consoleErrors).toEqual([]);
  }, 90_000);
});

/**
 * The usability pass (issue 14) in real Chromium, one test per defect a new user met: each would
 * have failed before the fix. Then the accessibility check (axe-core: no serious or critical
 * violation on the main screens) and the tour screenshots, light and dark (the theme follows
 * `prefers-color-scheme`), written to VPCLINK_SCREENSHOTS as `tour-<screen>-<theme>.png`.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, dragTo, openApp, ROOT, SKIP_E2E, type AppSession } from './harness';

// IDs of examples/cross-account.vpclink.json.
const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const SG_B = 'sg-2zeh6s0f7hcwt1xp6cgl';
const ACCOUNT_A = '1231579085529123';

/** Words a user should never read: raw enum values, "1 rules"-style plurals, "(s)". */
const RAW_WORDS =
  /Undeclared account|rolledBack|noChange|InitiatingSide|AcceptingSide|AcceptingConnecting|NOT_EVALUATED|\b1 (rules|VPCs|accounts|instances|blockers|vSwitches)\b|\w\(s\)/;

/** WCAG contrast ratio of two CSS colours `rgb(r, g, b)`. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function colours(locator: Locator): Promise<{ color: string; background: string }> {
  return locator.evaluate((el) => {
    const style = getComputedStyle(el);
    return { color: style.color, background: style.backgroundColor };
  });
}

/** Words of an element's text that the browser split across two lines. */
async function wordsBrokenAcrossLines(locator: Locator): Promise<string[]> {
  return locator.evaluate((el) => {
    const text = el.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return ['(no text)'];
    const broken: string[] = [];
    const value = text.textContent ?? '';
    for (const match of value.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
    return broken;
  });
}

/**
 * The page's text without the simulator's own sentences (hop descriptions, blocker messages), which
 * simulator/reach writes and the renderer shows as they are; everything else is the renderer's wording.
 */
async function textOutsideSimulator(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = '.trace ol, .blocker-msg, .blocker-suggestion, .callout-msg, script, style, option';
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (!node.parentElement?.closest(skip)) texts.push(node.textContent ?? '');
    return texts.join('\n');
  });
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(SKIP_E2E)('usability in Chromium (issue 14)', () => {
  let app: AppSession;
  let page: Page;
  const verdict = () => page.getByTestId('verdict');
  const vpcHeader = (id: string) => page.getByTestId(`vpc-${id}`).locator('.vpc-header');
  const undo = async (times = 1) => {
    await clickPane(page);
    for (let n = 0; n < times; n++) await page.keyboard.press('Control+z');
  };

  beforeAll(async () => {
    app = await openApp('cross-account');
    page = app.page;
    await page.locator('.react-flow__node-vpc').nth(1).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('picks ping endpoints by name, ID or any IPv4 address (the "IP address" destination works)', async () => {
    await page.getByTestId('tab-ping').click();
    const from = page.getByTestId('ping-from');
    const to = page.getByTestId('ping-to');
    await from.fill('InstanceID_A');
    await to.fill(INSTANCE_B);
    expect(await from.getAttribute('data-value')).toBe(INSTANCE_A);
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    // Any IPv4 address as the destination, per the contract's `--to`.
    await to.fill('172.16.1.100');
    await expect.poll(() => to.getAttribute('data-value')).toBe('172.16.1.100');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    await to.fill('10.9.9.9');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    expect(await page.getByTestId('blockers').innerText()).toMatch(/10\.9\.9\.9/);
    // A name that is no instance is refused with a reason; the last good destination stays.
    await to.fill('no-such-box');
    expect(await page.locator('.picker-error').innerText()).toMatch(/no instance named or with the ID "no-such-box"/);
    expect(await to.getAttribute('data-value')).toBe('10.9.9.9');
    await to.fill('InstanceID_B');
    await expect.poll(() => to.getAttribute('data-value')).toBe(INSTANCE_B);
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
  }, 60_000);

  it('edits an account UID (sketch names allowed, flagged before apply) and refuses a duplicate', async () => {
    await page.locator('.react-flow__node-account .group-title').first().click();
    const uid = page.getByTestId('account-uid');
    await uid.waitFor();
    expect(await uid.inputValue()).toBe(ACCOUNT_A);
    expect(await uid.getAttribute('readonly')).toBeNull();
    await uid.fill('team-a');
    await uid.press('Enter');
    await expect.poll(() => page.getByTestId('account-uid').inputValue()).toBe('team-a');
    // The VPCs of the account follow it, and the simulator asks for the real UID before apply.
    await page.getByTestId('finding-ACCOUNT_ID_NOT_NUMERIC').first().waitFor();
    // (The diagram is laid out again in a worker, so the account's group follows a moment later.)
    await expect.poll(() => page.locator('.react-flow__node-account').first().innerText()).toContain('team-a');
    // Another account's UID is refused at the field; the document keeps "team-a".
    await page.getByTestId('account-uid').fill('1564982317654321');
    await page.getByTestId('account-uid').press('Enter');
    expect(await page.locator('.inspector .field-error').first().innerText()).toMatch(/already another account/);
    await page.getByTestId('account-uid').press('Escape');
    await page.getByTestId('account-uid').fill('1231579085529999');
    await page.getByTestId('account-uid').press('Enter');
    await expect.poll(() => page.getByTestId('finding-ACCOUNT_ID_NOT_NUMERIC').count()).toBe(0);
    await undo(2);
    await expect.poll(() => page.locator('.react-flow__node-account').first().innerText()).toContain(ACCOUNT_A);
  }, 60_000);

  it('picks a VPC region from the Alibaba Cloud region IDs and refuses free text', async () => {
    await vpcHeader(VPC1).click();
    const region = page.getByTestId('vpc-region');
    await region.fill('qingdao');
    expect(await page.locator('.inspector [role=alert]').first().innerText()).toMatch(
      /"qingdao" is not an Alibaba Cloud region ID — pick one from the list/,
    );
    expect(await page.locator('.react-flow__node-region').first().innerText()).toContain('cn-qingdao');
    await region.fill('cn-hangzhou');
    await expect
      .poll(() => page.locator('.react-flow__node-region').allInnerTexts())
      .toContainEqual(expect.stringContaining('cn-hangzhou'));
    expect(await page.locator('.inspector [role=alert]').count()).toBe(0);
    await undo();
    await expect
      .poll(() => page.locator('.react-flow__node-region').allInnerTexts())
      .toContainEqual(expect.stringContaining('cn-qingdao'));
  }, 60_000);

  it('shows security-group rules in evaluation order, editable inline, with safe defaults', async () => {
    await vpcHeader(VPC1).click();
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_A' }).click();
    const inbound = page.getByTestId('rules-ingress');
    await inbound.waitFor();
    const rows = inbound.getByTestId('rule-row');
    expect(await rows.count()).toBe(1);
    // + Inbound: from the connected peer VPC's CIDR, never the whole internet.
    await page.getByTestId('add-rule-ingress').click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).getByTestId('rule-peer').inputValue()).toBe('172.16.0.0/16');
    expect(await page.locator('.inspector').innerText()).not.toContain('0.0.0.0/0');
    // A Deny at the same priority is evaluated first: it moves to the top.
    await rows.nth(1).getByTestId('rule-policy').selectOption('Drop');
    await expect.poll(() => rows.first().getAttribute('data-index')).toBe('1');
    // Priority is editable inline; the row takes its place when the edit is confirmed.
    const priority = rows.first().getByTestId('rule-priority');
    await priority.fill('0');
    expect(await priority.getAttribute('aria-invalid')).toBe('true');
    await priority.fill('5');
    await priority.press('Enter');
    await expect.poll(() => rows.first().getAttribute('data-index')).toBe('0');
    expect(await rows.nth(1).getByTestId('rule-priority').inputValue()).toBe('5');
    // Every other field too: protocol, ports, peer, description, direction.
    const moved = rows.nth(1);
    await moved.getByTestId('rule-protocol').selectOption('TCP');
    expect(await moved.getByTestId('rule-ports').inputValue()).toBe('1/65535');
    await moved.getByTestId('rule-ports').fill('22/22');
    await moved.getByTestId('rule-peer').fill('172.16.1.0/24');
    await page
      .locator('[data-testid=rule-row][data-index="1"] + tr')
      .getByTestId('rule-description')
      .fill('ssh from B');
    await undo(7);
    await vpcHeader(VPC1).click();
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_A' }).click();
    await expect.poll(() => rows.count()).toBe(1);
  }, 60_000);

  it('a new rule in a VPC connected to nothing has an empty source that must be filled', async () => {
    await clickPane(page);
    await page.getByTestId('palette-add.vpc').click();
    await page.getByTestId('palette-add.securityGroup').click();
    await page.getByTestId('add-rule-ingress').click();
    const row = page.getByTestId('rules-ingress').getByTestId('rule-row').first();
    expect(await row.getByTestId('rule-peer').inputValue()).toBe('');
    expect(await row.getByTestId('rule-peer').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.inspector').innerText()).toMatch(/source: required/);
    await undo(3);
    await expect.poll(() => page.locator('.react-flow__node-vpc').count()).toBe(2);
  }, 60_000);

  it('connects two VPCs by dropping one on the other; the dialog’s primary button is readable', async () => {
    const edgesBefore = await page.locator('.react-flow__edge').count();
    const before = (await page.getByTestId(`vpc-${VPC1}`).boundingBox())!;
    await dragTo(page, vpcHeader(VPC1), vpcHeader(VPC2), async () => {
      await expect.poll(() => page.getByTestId(`vpc-${VPC2}`).getAttribute('class')).toContain('drop-target');
      await app.shot('connect-by-drop');
    });
    const dialog = page.getByTestId('connect-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Connect VPC1 and VPC2/);
    expect(await dialog.getByRole('radio', { name: /Router-interface pair/ }).isChecked()).toBe(true);
    // The dropped VPC went back where it was: a drop is a request to connect, not a move.
    const after = (await page.getByTestId(`vpc-${VPC1}`).boundingBox())!;
    expect(Math.abs(after.x - before.x) + Math.abs(after.y - before.y)).toBeLessThan(2);
    const confirm = page.getByTestId('connect-confirm');
    const { color, background } = await colours(confirm);
    expect(contrast(color, background)).toBeGreaterThanOrEqual(4.5);
    await confirm.hover();
    const hovered = await colours(confirm);
    expect(contrast(hovered.color, hovered.background)).toBeGreaterThanOrEqual(4.5);
    await confirm.click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore + 1);
    await undo();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore);
  }, 60_000);

  it('shows where the ping stops on the graph, both directions, and a Fix there updates it at once', async () => {
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill(INSTANCE_B);
    // Break both directions: B's group admits nothing, VPC2 has no route back.
    await vpcHeader(VPC2).click();
    await page.getByTestId(`routes-${VPC2}`).getByTestId('route-delete-0').click();
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_B' }).click();
    await page.getByTestId('rules-ingress').getByTestId('rule-delete').click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    const atB = page.getByTestId(`graph-blockers-${INSTANCE_B}`);
    const atVpc2 = page.getByTestId(`graph-blockers-${VPC2}`);
    await atB.getByTestId('graph-blocker-SG_INGRESS_DENIED-request').waitFor();
    await atVpc2.getByTestId('graph-blocker-NO_ROUTE-reply').waitFor();
    expect(await page.getByTestId(`instance-${INSTANCE_B}`).getAttribute('class')).toContain('path-blocked');
    expect(await page.getByTestId(`vpc-${VPC2}`).getAttribute('class')).toContain('path-blocked');
    await app.shot('blocker-on-graph');
    // Fix the request's blocker on the graph: its callout goes at once, the reply's stays.
    await atB.getByTestId('graph-fix').click();
    await expect.poll(() => atB.count()).toBe(0);
    expect(await atVpc2.getByTestId('graph-blocker-NO_ROUTE-reply').count()).toBe(1);
    await atVpc2.getByTestId('graph-fix').click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    expect(await page.locator('.blocker-callout').count()).toBe(0);
    // A Deny rule that decides is marked in the rules table and drawn on the graph.
    await vpcHeader(VPC2).click();
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_B' }).click();
    await page.getByTestId('add-rule-ingress').click();
    const denied = page.getByTestId('rules-ingress').locator('[data-testid=rule-row][data-index="1"]');
    await denied.getByTestId('rule-policy').selectOption('Drop');
    await expect.poll(() => denied.getAttribute('data-blocked')).toBe('true');
    await page.getByTestId(`graph-blockers-${INSTANCE_B}`).waitFor();
    await undo(6);
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    expect(JSON.parse(readFileSync(app.docPath, 'utf8')).securityGroups[1].securityGroupId).toBe(SG_B);
  }, 60_000);

  it('never shows raw enum words or "1 rules"; titles do not break mid-word', async () => {
    await vpcHeader(VPC1).click();
    await page.getByTestId('vpc-name').fill('Payments production network in Qingdao');
    const title = page.locator('.inspector .insp-title');
    expect(await title.innerText()).toBe('Payments production network in Qingdao');
    expect(await wordsBrokenAcrossLines(title)).toEqual([]);
    const screens: string[] = [];
    for (const select of [() => vpcHeader(VPC1).click(), () => vpcHeader(VPC2).click()]) {
      await select();
      screens.push(await textOutsideSimulator(page));
    }
    await vpcHeader(VPC1).click();
    await page.locator('.inspector').getByRole('button', { name: 'vpc1-to-vpc2' }).click();
    screens.push(await textOutsideSimulator(page));
    for (const tab of ['matrix', 'findings', 'ping']) {
      await page.getByTestId(`tab-${tab}`).click();
      screens.push(await textOutsideSimulator(page));
    }
    for (const text of screens) expect(text).not.toMatch(RAW_WORDS);
    expect(screens.join('\n')).toMatch(/\b1 rule\b/);
    await undo();
  }, 60_000);

  it('names an account that VPCs use but the document does not list, and offers to add it', async () => {
    const doc = JSON.parse(readFileSync(resolve(ROOT, 'examples/cross-account.vpclink.json'), 'utf8')) as {
      accounts: unknown[];
    };
    doc.accounts = doc.accounts.slice(1);
    const path = join(app.work, 'unlisted.vpclink.json');
    writeFileSync(path, JSON.stringify(doc));
    await page.getByTestId('cmd-file.open').click();
    // Unsaved edits from earlier tests were undone; the document may still count as changed.
    await page.getByTestId('path-input').fill(path);
    await page.getByTestId('path-input').press('Enter');
    await expect.poll(() => page.getByTestId('doc-title').innerText()).toContain('unlisted');
    const account = page.locator('.react-flow__node-account').filter({ hasText: ACCOUNT_A });
    await account.waitFor();
    expect(await account.innerText()).toMatch(new RegExp(`Account ${ACCOUNT_A}`));
    expect(await textOutsideSimulator(page)).not.toMatch(RAW_WORDS);
    await account.locator('.group-title').click();
    await page.getByTestId('declare-account').click();
    await expect.poll(() => page.getByTestId('account-uid').inputValue()).toBe(ACCOUNT_A);
  }, 60_000);

  it('works from the keyboard: focus is visible, nodes select with Enter, connect without a mouse', async () => {
    await page.getByTestId('example-cross-account').click();
    await expect.poll(() => page.getByTestId('doc-title').innerText()).toContain('cross-account');
    await page.locator('.react-flow__node-vpc').first().waitFor();
    // Tab from the page start reaches the toolbar, with a visible focus ring.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    // A node focused and Enter: the inspector shows it.
    await page.locator(`.react-flow__node[data-id="${VPC2}"]`).focus();
    expect(
      await page.locator(`.react-flow__node[data-id="${VPC2}"]`).evaluate((el) => getComputedStyle(el).outlineStyle),
    ).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.inspector .insp-title').innerText()).toBe('VPC2');
    // Connect from the inspector: a select and a button, then the same dialog.
    await page.getByTestId('connect-to-button').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('connect-dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('connect-dialog').count()).toBe(0);
    // The matrix: a focused cell explains itself, Enter opens its check.
    await page.getByTestId('tab-matrix').click();
    await page.getByTestId('cell-1-0').focus();
    expect(await page.locator('.matrix-explain').innerText()).toMatch(/InstanceID_B.*InstanceID_A/s);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('ping-from').getAttribute('data-value')).toBe(INSTANCE_B);
    expect(await page.getByTestId('ping-to').getAttribute('data-value')).toBe(INSTANCE_A);
  }, 60_000);

  it('has no serious or critical accessibility violations on the main screens (axe-core)', async () => {
    const problems: string[] = [];
    await clickPane(page);
    problems.push(...(await seriousAxeViolations(page)));
    await vpcHeader(VPC1).click();
    problems.push(...(await seriousAxeViolations(page)));
    await page.locator('.inspector').getByRole('button', { name: 'SecurityGroupID_A' }).click();
    problems.push(...(await seriousAxeViolations(page)));
    for (const tab of ['matrix', 'apply', 'findings', 'ping']) {
      await page.getByTestId(`tab-${tab}`).click();
      problems.push(...(await seriousAxeViolations(page)));
    }
    await page.getByTestId(`vpc-${VPC1}`).locator('.vpc-header').click();
    await page.getByTestId('connect-to-button').click();
    await page.getByTestId('connect-dialog').waitFor();
    problems.push(...(await seriousAxeViolations(page)));
    await page.keyboard.press('Escape');
    expect([...new Set(problems)]).toEqual([]);
  }, 120_000);

  it('logged no errors in the browser console', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});

/**
 * The data plane in real Chromium: a document with a network ACL, a secondary ENI, a prefix list
 * and a route to a NAT gateway (built from the cross-account example). The undetermined verdict is
 * shown as such, an ACL drop names its entry and the Fix button clears it, the ACL's entry table is
 * edited, the ENI and the prefix list are reachable from the inspector. Screenshots go to
 * VPCLINK_SCREENSHOTS (or test-results/screenshots).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, openApp, openWrittenDocument, ROOT, SKIP_E2E, type AppSession } from './harness';

const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VSW_B = 'vsw-2ze1vkm1i9p7s5q1wjb8f';
const ACL = 'nacl-2zebeijing01';
const ENI = 'eni-2zesecondary01';
const PREFIX_LIST = 'pl-m5evpc2blocks';

/** cross-account + a NAT route in VPC1, an ACL dropping ICMP from VPC1 on B's vSwitch, a secondary ENI on B, a prefix list. */
function dataplaneDocument(): string {
  const doc = JSON.parse(readFileSync(resolve(ROOT, 'examples/cross-account.vpclink.json'), 'utf8')) as Record<
    string,
    unknown
  > & {
    routeTables: { routeEntries: unknown[] }[];
    securityGroups: { permissions: unknown[] }[];
  };
  doc.routeTables[0]!.routeEntries.push({
    destinationCidrBlock: '10.0.0.0/8',
    nextHopType: 'NatGateway',
    nextHopId: 'ngw-m5eexample1',
  });
  doc.networkAcls = [
    {
      networkAclId: ACL,
      vpcId: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
      networkAclName: 'acl-beijing',
      resources: [{ resourceId: VSW_B, resourceType: 'VSwitch' }],
      ingressAclEntries: [
        {
          policy: 'drop',
          protocol: 'icmp',
          port: '-1/-1',
          sourceCidrIp: '192.168.0.0/16',
          networkAclEntryName: 'no-ping-from-vpc1',
        },
        {
          policy: 'accept',
          protocol: 'tcp',
          port: '22/22',
          sourceCidrIp: '192.168.0.0/16',
          networkAclEntryName: 'ssh',
        },
      ],
      egressAclEntries: [
        {
          policy: 'accept',
          protocol: 'all',
          port: '-1/-1',
          destinationCidrIp: '0.0.0.0/0',
          networkAclEntryName: 'all-out',
        },
      ],
    },
  ];
  doc.networkInterfaces = [
    {
      networkInterfaceId: ENI,
      vSwitchId: VSW_B,
      privateIpAddress: '172.16.1.101',
      securityGroupIds: ['sg-2zeh6s0f7hcwt1xp6cgl'],
      type: 'Secondary',
      instanceId: INSTANCE_B,
      name: 'eni-data',
      privateIpSets: [{ privateIpAddress: '172.16.1.101', primary: true }, { privateIpAddress: '172.16.1.102' }],
    },
  ];
  doc.prefixLists = [
    {
      prefixListId: PREFIX_LIST,
      accountId: '1231579085529123',
      regionId: 'cn-qingdao',
      prefixListName: 'vpc2-blocks',
      entries: [{ cidr: '172.16.0.0/16' }],
    },
  ];
  doc.securityGroups[0]!.permissions.push({
    direction: 'ingress',
    ipProtocol: 'TCP',
    portRange: '22/22',
    sourcePrefixListId: PREFIX_LIST,
    policy: 'Accept',
    priority: 2,
  });
  return JSON.stringify(doc, null, 2);
}

describe.skipIf(SKIP_E2E)('the data plane in the app (Chromium)', () => {
  let app: AppSession;
  let page: Page;
  const verdict = () => page.getByTestId('verdict');

  beforeAll(async () => {
    app = await openApp('cross-account');
    page = app.page;
    await openWrittenDocument(app, 'dataplane.vpclink.json', dataplaneDocument());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows a path that leaves what vpclink models as Undetermined, with the hop where it stops', async () => {
    await page.getByTestId('tab-ping').click();
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill('10.1.2.3');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('undetermined');
    const text = await verdict().innerText();
    expect(text).toContain('Undetermined');
    expect(text).not.toMatch(/Not reachable|Reachable/);
    expect(await verdict().getAttribute('class')).toContain('verdict-unknown');
    expect(await page.getByTestId('verdict-sub').innerText()).toContain('vtb-m5e64ujkb7xn5i2ukwzd1');
    await page.getByTestId('blocker-NEXT_HOP_NOT_SIMULATED').waitFor();
    const stop = page.locator('[data-testid^="hop-forward-"][data-action="NOT_SIMULATED"]');
    expect(await stop.innerText()).toMatch(/NatGateway/);
    expect(await page.getByTestId('trace-forward').innerText()).toMatch(/undetermined/i);
    await app.shot('dataplane-01-undetermined');
  }, 60_000);

  it('names the ACL entry that drops a ping to a secondary ENI, and the Fix button clears it', async () => {
    await page.getByTestId('ping-to').fill(ENI);
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    const blocker = page.getByTestId('blocker-NACL_INGRESS_DENIED');
    await blocker.waitFor();
    expect(await blocker.getByTestId('blocker-cause').getAttribute('data-cause')).toBe('EXPLICIT_DROP');
    expect(await blocker.getByTestId('blocker-detail').innerText()).toContain('explicit drop rule');
    const decisions = await page.getByTestId('trace-forward').getByTestId('hop-decision').allInnerTexts();
    expect(decisions.join('\n')).toContain(
      `${ACL} ingress entry #0 “no-ping-from-vpc1”: drop icmp -1/-1 from 192.168.0.0/16`,
    );
    // The ACL is drawn on its vSwitch, marked as where the packet is dropped.
    const badge = page.getByTestId(`acl-badge-${VSW_B}`);
    expect(await badge.innerText()).toContain('acl-beijing');
    expect(await badge.getAttribute('class')).toContain('path-blocked');
    // The ENI is drawn under its instance, with its addresses.
    const eniTag = page.getByTestId(`eni-tag-${INSTANCE_B}`);
    expect(await eniTag.innerText()).toBe('+1 ENI');
    expect(await eniTag.getAttribute('title')).toContain('eni-data 172.16.1.101, 172.16.1.102');
    await page.getByTestId('trace-forward').getByTestId('hop-decision').first().scrollIntoViewIfNeeded();
    await app.shot('dataplane-02-acl-drop');

    await blocker.getByTestId('fix-button').click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    // The secondary IP resolves too.
    await page.getByTestId('ping-to').fill('172.16.1.102');
    await expect.poll(() => page.getByTestId('ping-to').getAttribute('data-value')).toBe('172.16.1.102');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
  }, 60_000);

  it('edits the ACL as an ordered entry table, implied entries shown read-only', async () => {
    // From the keyboard: focus the ACL badge on the vSwitch and press Enter.
    await page.getByTestId(`acl-badge-${VSW_B}`).focus();
    await page.keyboard.press('Enter');
    const ingress = page.getByTestId('acl-ingress');
    await ingress.waitFor();
    // 3 cloud-service allows + the deny-all, each direction.
    expect(await ingress.locator('.acl-implied').count()).toBe(4);
    expect(await ingress.locator('.acl-implied').last().innerText()).toContain('deny all');
    // The fix inserted an accept entry first; the drop entry is now #1.
    expect(await page.getByTestId('acl-ingress-0-cidr').inputValue()).toBe('192.168.1.100/32');
    expect(await page.getByTestId('acl-ingress-1-policy').inputValue()).toBe('drop');
    // Move the drop entry above the fix: the ping is dropped again, by that entry.
    await page.getByRole('button', { name: 'ingress entry 1 move up' }).click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    await expect.poll(() => page.getByTestId('acl-ingress-row-0').getAttribute('data-blocked')).toBe('true');
    await app.shot('dataplane-03-acl-table');
    // Edit the drop entry's policy in the table: reachable again.
    await page.getByTestId('acl-ingress-0-policy').selectOption('accept');
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
    // Add an entry and remove it again.
    await page.getByTestId('acl-add-egress').click();
    await page.getByTestId('acl-egress-1-port').waitFor();
    expect(await page.getByTestId('acl-egress-1-port').inputValue()).toBe('22/22');
    await page.getByRole('button', { name: 'egress entry 1 remove' }).click();
    await expect.poll(() => page.getByTestId('acl-egress-1-port').count()).toBe(0);
  }, 60_000);

  it('lists the ENIs of an instance with their IPs and groups, and opens a secondary ENI', async () => {
    await clickPane(page);
    await page.getByTestId(`instance-${INSTANCE_B}`).click();
    const list = page.getByTestId('eni-list');
    await list.waitFor();
    const row = list.getByTestId(`eni-${ENI}`);
    expect(await row.innerText()).toMatch(
      /Secondary[\s\S]*172\.16\.1\.101, 172\.16\.1\.102[\s\S]*sg-2zeh6s0f7hcwt1xp6cgl/,
    );
    await row.getByRole('button', { name: 'eni-data' }).click();
    const inspector = page.getByTestId('inspector');
    await expect.poll(() => inspector.innerText()).toMatch(/Secondary ENI/i);
    expect(await inspector.getByTestId('eni-ip').allInnerTexts()).toEqual(['172.16.1.101 (primary)', ', 172.16.1.102']);
    await app.shot('dataplane-04-eni');
  }, 60_000);

  it('reaches a prefix list from the rule that uses it, and edits its entries', async () => {
    await clickPane(page);
    await page.getByTestId(`instance-${INSTANCE_A}`).click();
    await page.getByTestId('inspector').getByRole('button', { name: 'SecurityGroupID_A' }).click();
    await page.getByTestId('inspector').getByRole('button', { name: PREFIX_LIST }).click();
    const entry = page.getByTestId('pl-entry-0');
    await entry.waitFor();
    expect(await entry.inputValue()).toBe('172.16.0.0/16');
    await entry.fill('172.16.1.0/24');
    await app.shot('dataplane-05-prefix-list');
    await page.getByTestId('pl-add').click();
    expect(await page.getByTestId('pl-entry-1').inputValue()).toBe('10.0.0.0/8');
    await app.shot('dataplane-05-prefix-list');
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});

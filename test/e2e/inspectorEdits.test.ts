/**
 * The editing tables and forms in real Chromium, for what the other page tests do not drive: the
 * router-interface form (role and spec, an inconsistent pair and its fix, the ping helpers), a
 * security-group rule's peer and direction, an ACL entry's protocol, order and name, and the
 * connect dialog's endpoint and service choices. Each edit is checked where the user sees it and,
 * for field patches, in the saved document. Document: the cross-account example plus an ACL on
 * VPC2's vSwitch that lets everything through (so it changes no verdict) and a prefix list.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickPane, openApp, openWrittenDocument, ROOT, SKIP_E2E, type AppSession } from './harness';

// IDs of examples/cross-account.vpclink.json.
const INSTANCE_A = 'i-m5e8s3ti3g1xtn0gmaus';
const INSTANCE_B = 'i-2ze6pb1ti4wkxo4mnwo3';
const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const VSW_B = 'vsw-2ze1vkm1i9p7s5q1wjb8f';
const RI_INITIATOR = 'ri-m5e33r3n78zyi5573kf85';
const RI_ACCEPTOR = 'ri-2zeix2q86uoyisagyz0pn';
const SG_B = 'sg-2zeh6s0f7hcwt1xp6cgl';
const ACL = 'nacl-2zeopen01';
const PREFIX_LIST = 'pl-m5evpc2blocks';
const ACCOUNT_A = '1231579085529123';
const VPC2_BLOCK = '172.16.0.0/16';

interface SavedDocument {
  readonly securityGroups: { readonly permissions: Record<string, unknown>[] }[];
  readonly networkAcls: { readonly ingressAclEntries: Record<string, unknown>[] }[];
  readonly routerInterfaces: { readonly routerInterfaceId: string; readonly role: string; readonly spec: string }[];
}

/** An ACL entry that lets a source in (the ACL must change no verdict: the tests edit its fields only). */
const allowFrom = (protocol: string, port: string, sourceCidrIp: string) => ({
  policy: 'accept',
  protocol,
  port,
  sourceCidrIp,
});

function documentWithAcl(): string {
  const doc = JSON.parse(readFileSync(resolve(ROOT, 'examples/cross-account.vpclink.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  doc.networkAcls = [
    {
      networkAclId: ACL,
      vpcId: VPC2,
      networkAclName: 'acl-open',
      resources: [{ resourceId: VSW_B, resourceType: 'VSwitch' }],
      ingressAclEntries: [
        allowFrom('icmp', '-1/-1', '192.168.0.0/16'),
        allowFrom('tcp', '22/22', '10.0.0.0/8'),
        allowFrom('all', '-1/-1', '0.0.0.0/0'),
      ],
      egressAclEntries: [{ policy: 'accept', protocol: 'all', port: '-1/-1', destinationCidrIp: '0.0.0.0/0' }],
    },
  ];
  // The list a rule's peer names (its one entry is VPC2's block): the rule's cell links to it.
  doc.prefixLists = [
    { prefixListId: PREFIX_LIST, accountId: ACCOUNT_A, regionId: 'cn-qingdao', entries: [{ cidr: VPC2_BLOCK }] },
  ];
  return JSON.stringify(doc, null, 2);
}

describe.skipIf(SKIP_E2E)('editing forms and tables in Chromium', () => {
  let app: AppSession;
  let page: Page;
  let docPath: string;
  const verdict = () => page.getByTestId('verdict');
  const vpcHeader = (id: string) => page.getByTestId(`vpc-${id}`).locator('.vpc-header');
  const inspector = () => page.getByTestId('inspector');
  /** Saves through the host (as Ctrl+S does) and reads the file back. */
  const saved = async (): Promise<SavedDocument> => {
    await page.getByTestId('cmd-file.save').click();
    await expect.poll(() => page.getByTestId('doc-title').locator('.dirty-dot').count()).toBe(0);
    return JSON.parse(readFileSync(docPath, 'utf8')) as SavedDocument;
  };

  beforeAll(async () => {
    app = await openApp('cross-account');
    page = app.page;
    docPath = await openWrittenDocument(app, 'acl-open.vpclink.json', documentWithAcl());
    await page.getByTestId('tab-ping').click();
    await page.getByTestId('ping-from').fill(INSTANCE_A);
    await page.getByTestId('ping-to').fill(INSTANCE_B);
    await page.locator('[data-testid=verdict][data-verdict=reachable]').waitFor();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('router interface: the role sets the spec, a broken pair is offered its fix, the ping helpers add what is missing', async () => {
    await page.getByTestId(`ri-edge-${RI_INITIATOR}`).click();
    const status = page.getByTestId('ri-status');
    await expect.poll(() => status.innerText()).toContain('Active');
    const role = inspector().getByLabel('Role');
    const spec = inspector().getByLabel('Spec');
    // An acceptor passes Negative; back as initiator it needs a real spec, the smallest.
    await role.selectOption('AcceptingSide');
    await expect.poll(() => spec.inputValue()).toBe('Negative');
    await role.selectOption('InitiatingSide');
    await expect.poll(() => spec.inputValue()).toBe('Mini.2');
    await spec.selectOption('Small.1');
    const ri = (await saved()).routerInterfaces.find((r) => r.routerInterfaceId === RI_INITIATOR)!;
    expect([ri.role, ri.spec]).toEqual(['InitiatingSide', 'Small.1']);

    // Forget the opposite end: the pair is inconsistent, and one button makes both ends point at each other.
    await page.getByTestId('ri-opposite').selectOption('');
    const problems = inspector().locator('.problem-box');
    await expect.poll(() => problems.innerText()).toContain('The pair is not consistent');
    expect(await status.getAttribute('class')).toContain('status-bad');
    await page.getByTestId('ri-align').click();
    await expect.poll(() => problems.count()).toBe(0);
    expect(await page.getByTestId('ri-opposite').inputValue()).toBe(RI_ACCEPTOR);
    await expect.poll(() => status.innerText()).toContain('Active');

    // The name field edits the interface (its title follows).
    await inspector().getByLabel('Name').fill('qingdao-to-beijing');
    await expect.poll(() => inspector().locator('.insp-title').innerText()).toBe('qingdao-to-beijing');

    // "Add routes both ways" puts back the route VPC2 lost; "Allow ICMP both ways" the rule B lost.
    await vpcHeader(VPC2).click();
    await page.getByTestId(`routes-${VPC2}`).getByTestId('route-delete-0').click();
    await inspector().getByRole('button', { name: 'SecurityGroupID_B' }).click();
    await page.getByTestId('rules-ingress').getByTestId('rule-delete').click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('unreachable');
    await page.getByTestId(`ri-edge-${RI_INITIATOR}`).click();
    await inspector().getByRole('button', { name: 'Add routes both ways' }).click();
    await page.getByTestId('blocker-SG_INGRESS_DENIED').waitFor();
    await inspector().getByRole('button', { name: 'Allow ICMP both ways' }).click();
    await expect.poll(() => verdict().getAttribute('data-verdict')).toBe('reachable');
  }, 90_000);

  it('security-group rule: the peer typed sets exactly one field; turned round, the range moves to the other side', async () => {
    await vpcHeader(VPC1).click();
    await inspector().getByRole('button', { name: 'SecurityGroupID_A' }).click();
    await page.getByTestId('add-rule-ingress').click();
    const row = page.getByTestId('rules-ingress').locator('[data-testid=rule-row][data-index="1"]');
    const peer = row.getByTestId('rule-peer');
    const added = async () => (await saved()).securityGroups[0]!.permissions[1]!;

    await peer.fill(PREFIX_LIST);
    await row.getByRole('button', { name: PREFIX_LIST }).waitFor();
    expect(await peer.getAttribute('aria-invalid')).toBe('false');
    expect(await added()).toMatchObject({ sourcePrefixListId: PREFIX_LIST });
    expect(await added()).not.toHaveProperty('sourceCidrIp');

    await peer.fill(SG_B);
    expect(await row.getByRole('button', { name: PREFIX_LIST }).count()).toBe(0);
    const group = await added();
    expect(group).toMatchObject({ sourceGroupId: SG_B });
    expect(group).not.toHaveProperty('sourcePrefixListId');

    await peer.fill('10.0.0.0/8x');
    expect(await peer.getAttribute('aria-invalid')).toBe('true');
    await peer.fill('10.0.0.0/8');
    expect(await peer.getAttribute('aria-invalid')).toBe('false');
    const cidr = await added();
    expect(cidr).toMatchObject({ sourceCidrIp: '10.0.0.0/8' });
    expect(cidr).not.toHaveProperty('sourceGroupId');

    // Ingress → egress: the rule moves to the outbound table with its range as the destination.
    await page
      .getByTestId('rules-ingress')
      .locator('[data-testid=rule-row][data-index="1"] + tr')
      .getByTestId('rule-direction')
      .selectOption('egress');
    const outbound = page.getByTestId('rules-egress').locator('[data-testid=rule-row][data-index="1"]');
    await expect.poll(() => outbound.getByTestId('rule-peer').inputValue()).toBe('10.0.0.0/8');
    expect(await outbound.getByTestId('rule-peer').getAttribute('aria-label')).toBe('Outbound rule 1 destination');
    const turned = await added();
    expect(turned).toMatchObject({ direction: 'egress', destCidrIp: '10.0.0.0/8' });
    expect(turned).not.toHaveProperty('sourceCidrIp');
    expect(await page.getByTestId('rules-ingress').getByTestId('rule-row').count()).toBe(1);
  }, 60_000);

  it('typing in the middle of a field bound to the document keeps the caret where the user put it', async () => {
    // A ping query is set (beforeAll), so a click's edit is held until its verdict; typing never is:
    // a keystroke published a moment late is first restored to the old value and the caret jumps to the end.
    await vpcHeader(VPC1).click();
    await inspector().getByRole('button', { name: 'SecurityGroupID_A' }).click();
    const ports = page
      .getByTestId('rules-ingress')
      .locator('[data-testid=rule-row][data-index="0"]')
      .getByTestId('rule-ports');
    const before = await ports.inputValue();
    await ports.click();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('99', { delay: 20 });
    expect(await ports.inputValue()).toBe(`${before.slice(0, 1)}99${before.slice(1)}`);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    expect(await ports.inputValue()).toBe(before);
  }, 60_000);

  it('ACL entries: a protocol change sets the port range it needs, entries move down, names are edited', async () => {
    await clickPane(page);
    await page.getByTestId(`acl-badge-${VSW_B}`).click();
    await page.getByTestId('acl-ingress').waitFor();
    const protocol = (n: number) => page.getByRole('combobox', { name: `ingress entry ${n} protocol` });
    const port = (n: number) => page.getByTestId(`acl-ingress-${n}-port`);
    const cidr = (n: number) => page.getByTestId(`acl-ingress-${n}-cidr`);

    // icmp → udp: every port (a ranged protocol refuses -1/-1); tcp 22/22 → udp keeps its range; back to icmp: -1/-1.
    await protocol(0).selectOption('udp');
    await expect.poll(() => port(0).inputValue()).toBe('1/65535');
    await protocol(1).selectOption('udp');
    await expect.poll(() => protocol(1).inputValue()).toBe('udp');
    expect(await port(1).inputValue()).toBe('22/22');
    await protocol(0).selectOption('icmp');
    await expect.poll(() => port(0).inputValue()).toBe('-1/-1');

    // Move down: the first entry becomes the second; the last cannot move further down.
    expect(await page.getByRole('button', { name: 'ingress entry 2 move down' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'ingress entry 0 move up' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'ingress entry 0 move down' }).click();
    await expect.poll(() => cidr(0).inputValue()).toBe('10.0.0.0/8');
    expect(await cidr(1).inputValue()).toBe('192.168.0.0/16');

    await page.getByRole('textbox', { name: 'ingress entry 1 name' }).fill('ping-from-vpc1');
    const entries = (await saved()).networkAcls[0]!.ingressAclEntries;
    expect(entries.map((e) => [e.protocol, e.port, e.sourceCidrIp, e.networkAclEntryName])).toEqual([
      ['udp', '22/22', '10.0.0.0/8', undefined],
      ['icmp', '-1/-1', '192.168.0.0/16', 'ping-from-vpc1'],
      ['all', '-1/-1', '0.0.0.0/0', undefined],
    ]);
  }, 60_000);

  it('connect dialog: the endpoints and services chosen are the flows proposed and simulated', async () => {
    await vpcHeader(VPC1).click();
    await page.getByTestId('connect-to-button').click();
    const dialog = page.getByTestId('connect-dialog');
    await dialog.waitFor();
    const verdicts = page.getByTestId('connect-verdicts').locator('li');
    const confirm = page.getByTestId('connect-confirm');
    // One instance each side: ping both ways.
    expect(await page.getByTestId('connect-from').inputValue()).toBe(INSTANCE_A);
    await expect.poll(() => verdicts.count()).toBe(2);
    await page.getByTestId('connect-both-ways').uncheck();
    await expect.poll(() => verdicts.count()).toBe(1);
    await page.getByTestId('connect-ports').fill('22, 443');
    await expect.poll(() => verdicts.count()).toBe(3);
    expect((await verdicts.allInnerTexts()).join('\n')).toMatch(/443/);
    await page.getByTestId('connect-icmp').uncheck();
    await expect.poll(() => verdicts.count()).toBe(2);
    expect(await confirm.innerText()).toMatch(/^Accept (the change|all \d+ changes)$/);
    // Nothing asked for: nothing to accept.
    await page.getByTestId('connect-ports').fill('');
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    expect(await confirm.innerText()).toBe('Accept');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});

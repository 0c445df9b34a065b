/**
 * Network ACLs and rules with every field, applied to the sandbox through the real clients:
 * apply → re-import gives the document's ACLs and rules; destroy removes exactly what vpclink
 * made (tagged) and never an ACL it did not; a lost CreateNetworkAcl answer, resolved in the
 * same run or by a resumed one, leaves exactly one ACL; rollback removes the ACLs a run created.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rollbackRun, runApply, runDestroy, verifyApply, type ApplyEvent } from '../../../cloud/apply';
import { CloudError, type CloudClient } from '../../../cloud/client';
import { importTopology } from '../../../cloud/import';
import type { NetworkAcl, Permission, Topology } from '../../../simulator/document';
import { markedDescription, ownerMarker } from '../../../simulator/plan';
import { CROSS, load, loadExample } from '../../simulator/plan/fixtures';
import { startHarness, TEST_TIMING, type Harness } from './harness';

const cross = loadExample('cross-account');
const VSW_A = 'vsw-m5e5e5rgx2ol5dzn1hc8a';
const VSW_B = 'vsw-2ze1vkm1i9p7s5q1wjb8f';
const VPC_A = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC_B = 'vpc-2zeo9pbx3kvs1gd7pu3gs';

/** The cross-account tutorial with an ACL on each side (ping both ways passes them) and rules with the new fields. */
const withAcls: Topology = load({
  ...cross,
  prefixLists: [
    {
      prefixListId: 'pl-ops',
      accountId: CROSS.accountA,
      regionId: 'cn-qingdao',
      prefixListName: 'ops',
      entries: [{ cidr: '10.10.0.0/16' }],
      maxEntries: 5,
    },
  ],
  networkAcls: [
    {
      networkAclId: 'nacl-design-a',
      vpcId: VPC_A,
      networkAclName: 'vpc1-web',
      description: 'web tier',
      resources: [{ resourceId: VSW_A, resourceType: 'VSwitch' }],
      ingressAclEntries: [
        { policy: 'drop', protocol: 'tcp', port: '23/23', sourceCidrIp: '0.0.0.0/0', networkAclEntryName: 'no-telnet' },
        { policy: 'accept', protocol: 'icmp', port: '-1/-1', sourceCidrIp: '172.16.0.0/16', description: 'ping' },
        { policy: 'accept', protocol: 'tcp', port: '22/22', sourceCidrIp: 'pl-ops' },
      ],
      egressAclEntries: [{ policy: 'accept', protocol: 'icmp', port: '-1/-1', destinationCidrIp: '172.16.0.0/16' }],
    },
    {
      networkAclId: 'nacl-design-b',
      vpcId: VPC_B,
      resources: [{ resourceId: VSW_B, resourceType: 'VSwitch' }],
      ingressAclEntries: [{ policy: 'accept', protocol: 'icmp', port: '-1/-1', sourceCidrIp: '192.168.0.0/16' }],
      egressAclEntries: [{ policy: 'accept', protocol: 'icmp', port: '-1/-1', destinationCidrIp: '192.168.0.0/16' }],
    },
  ],
  securityGroups: cross.securityGroups.map((g) =>
    g.securityGroupId === CROSS.sgA
      ? {
          ...g,
          permissions: [
            ...g.permissions,
            {
              direction: 'ingress',
              ipProtocol: 'TCP',
              portRange: '22/22',
              sourcePortRange: '1024/65535',
              sourcePrefixListId: 'pl-ops',
              destCidrIp: '192.168.1.100/32',
              policy: 'Accept',
              priority: 5,
              description: 'ssh from ops to A only',
            },
            {
              direction: 'egress',
              ipProtocol: 'TCP',
              portRange: '443/443',
              sourceCidrIp: '192.168.1.0/24',
              destCidrIp: '0.0.0.0/0',
              policy: 'Drop',
              priority: 10,
            },
          ],
        }
      : g,
  ),
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function reimport(clients: ReadonlyMap<string, CloudClient>): Promise<Topology> {
  const { document } = await importTopology({
    accounts: [...clients].map(([accountId, client]) => ({ accountId, client })),
    regions: ['cn-beijing', 'cn-qingdao'],
  });
  return document;
}

/** What an ACL means and says: its VPC, name, bindings and custom entries in order (IDs aside). */
function aclShape(acl: NetworkAcl) {
  const entry = (e: Record<string, unknown>) => ({
    policy: e.policy,
    protocol: e.protocol,
    port: e.port,
    peer: e.sourceCidrIp ?? e.destinationCidrIp,
    name: e.networkAclEntryName ?? '',
    description: e.description ?? '',
  });
  const custom = (list: readonly Record<string, unknown>[] | undefined) =>
    (list ?? []).filter((e) => e.entryType === undefined || e.entryType === 'custom').map(entry);
  return {
    vpcId: acl.vpcId,
    name: acl.networkAclName ?? '',
    resources: (acl.resources ?? []).map((r) => r.resourceId).sort(),
    ingress: custom(acl.ingressAclEntries),
    egress: custom(acl.egressAclEntries),
  };
}

/** Every field of a rule the document can hold; undefined ones dropped (what the import would omit). */
function ruleShape(p: Permission) {
  const { securityGroupRuleId: _id, ...rest } = p as Permission & { securityGroupRuleId?: string };
  return Object.fromEntries(Object.entries({ nicType: 'intranet', ...rest }).filter(([, v]) => v !== undefined));
}

function liveAcls(doc: Topology): NetworkAcl[] {
  return doc.networkAcls ?? [];
}

describe('network ACLs and rules with every field: apply, re-import, destroy', () => {
  it(
    'apply makes the ACLs and rules; they re-import identical; a second apply does nothing; destroy removes only what vpclink made',
    { timeout: 90_000 },
    async () => {
      h = await startHarness(withAcls);
      expect(liveAcls(h.sandbox.exportDocument())).toEqual([]); // the base world has no ACLs
      const events: ApplyEvent[] = [];
      const result = await runApply({
        desired: withAcls,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
        seed: 1,
        onEvent: (e) => events.push(e),
      });
      expect(result.error).toBeUndefined();
      expect(result.problems ?? []).toEqual([]);
      expect(result.outcome).toBe('succeeded');
      // Binding is asynchronous (BINDING → BINDED): the engine waited for it.
      expect(
        events.some(
          (e) => e.kind === 'step-polling' && e.stepId.startsWith('wait-nacl-bound:') && e.status.includes('BINDING'),
        ),
      ).toBe(true);
      // The ping passes both stateless ACLs both ways, live as planned.
      expect(result.verify?.differences).toEqual([]);
      expect(result.verify?.unconverged).toEqual([]);
      expect(result.verify?.flows.find((f) => f.from === CROSS.iA && f.to === CROSS.iB)?.live).toBe('reachable');

      const marker = ownerMarker(withAcls);
      const live = await reimport(h.clients);
      const acls = liveAcls(live);
      expect(acls).toHaveLength(2);
      for (const designed of withAcls.networkAcls!) {
        const made = acls.filter((a) => a.vpcId === designed.vpcId);
        expect(made).toHaveLength(1);
        expect(aclShape(made[0]!)).toEqual(aclShape(designed));
        expect(made[0]!.description).toBe(
          markedDescription(designed.description, `${marker} ${designed.networkAclId}`),
        );
        expect(made[0]!.resources?.map((r) => r.status)).toEqual(['BINDED']);
      }
      // Every rule re-imports with every field it was written with (the description gains the owner marker).
      const liveA = live.securityGroups.find((g) => g.securityGroupId === CROSS.sgA)!;
      for (const wanted of withAcls.securityGroups.find((g) => g.securityGroupId === CROSS.sgA)!.permissions) {
        const expected = ruleShape({ ...wanted, description: markedDescription(wanted.description, marker) });
        expect(liveA.permissions.map(ruleShape)).toContainEqual(expected);
      }

      // A second apply finds everything in place (the ACLs by their owner tag): no step.
      const again = await runApply({
        desired: withAcls,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
        verify: false,
      });
      expect(again.outcome).toBe('no-op');
      expect(again.plan?.steps).toEqual([]);

      // An entry changed by hand fails verification (same verdicts, not the document's ACL) and a new apply restores it.
      const clientA = h.clients.get(CROSS.accountA)!;
      const madeA = acls.find((a) => a.vpcId === VPC_A)!;
      await clientA.call('vpc', 'cn-qingdao', 'UpdateNetworkAclEntries', {
        NetworkAclId: madeA.networkAclId,
        UpdateIngressAclEntries: true,
        'IngressAclEntries.1.Policy': 'accept',
        'IngressAclEntries.1.Protocol': 'icmp',
        'IngressAclEntries.1.Port': '-1/-1',
        'IngressAclEntries.1.SourceCidrIp': '172.16.0.0/16',
      });
      const drifted = await verifyApply({ desired: withAcls, clients: h.clients, timing: TEST_TIMING });
      expect(drifted.differences).toEqual([]);
      expect(drifted.unconverged).toEqual([expect.stringContaining(`entries of ${madeA.networkAclId}`)]);
      const restored = await runApply({
        desired: withAcls,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
      });
      expect(restored.plan?.steps.map((s) => s.kind)).toEqual(['updateNetworkAclEntries', 'waitNetworkAcl']);
      expect(restored.verify?.unconverged).toEqual([]);

      // An ACL made by hand in the same VPC must survive destroy.
      const hand = await clientA.call('vpc', 'cn-qingdao', 'CreateNetworkAcl', {
        VpcId: VPC_A,
        NetworkAclName: 'by-hand',
        Description: 'not vpclink',
      });
      const destroyed = await runDestroy({
        desired: withAcls,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
      });
      expect(destroyed.error).toBeUndefined();
      expect(destroyed.outcome).toBe('succeeded');
      const after = await reimport(h.clients);
      expect(liveAcls(after).map((a) => a.networkAclId)).toEqual([hand.NetworkAclId]);
      expect(after.securityGroups.flatMap((g) => g.permissions)).toEqual([]);
    },
  );
});

describe('a lost CreateNetworkAcl answer', () => {
  it('is resolved in the run by its owner tag: exactly one ACL per document ACL', { timeout: 60_000 }, async () => {
    h = await startHarness(withAcls);
    const lost: string[] = [];
    h.loseFirstResponse((action) => {
      if (action !== 'CreateNetworkAcl' && action !== 'AssociateNetworkAcl' && action !== 'UpdateNetworkAclEntries')
        return false;
      if (lost.filter((a) => a === action).length >= 1) return false;
      lost.push(action);
      return true;
    });
    const events: ApplyEvent[] = [];
    const result = await runApply({
      desired: withAcls,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
      onEvent: (e) => events.push(e),
    });
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('succeeded');
    expect(lost.sort()).toEqual(['AssociateNetworkAcl', 'CreateNetworkAcl', 'UpdateNetworkAclEntries']);
    expect(
      events.some(
        (e) => e.kind === 'step-ambiguous' && e.stepId.startsWith('create-nacl:') && e.outcome === 'took-effect',
      ),
    ).toBe(true);
    const acls = liveAcls(h.sandbox.exportDocument());
    expect(acls.map((a) => a.vpcId).sort()).toEqual([VPC_A, VPC_B].sort());
    expect(result.verify?.differences).toEqual([]);
  });

  it(
    'when the run stops before it can look (Ctrl-C), the resumed run finds the ACL by its tag and creates no second one',
    { timeout: 60_000 },
    async () => {
      h = await startHarness(withAcls);
      const controller = new AbortController();
      let blind = false;
      // The first CreateNetworkAcl reaches the sandbox, its answer is lost, and every look-up after it
      // is throttled until the user presses Ctrl-C: the run ends without knowing the ACL's ID.
      const flaky = new Map<string, CloudClient>();
      for (const [accountId, client] of h.clients)
        flaky.set(accountId, {
          ...client,
          call: async (product, regionId, action, params, options) => {
            if (blind && action === 'DescribeNetworkAcls') {
              controller.abort();
              throw new CloudError({ code: 'Throttling.User', action, message: 'throttled', retryable: true });
            }
            const response = await client.call(product, regionId, action, params, options);
            if (action === 'CreateNetworkAcl' && params?.VpcId === VPC_A && !blind) {
              blind = true;
              throw new CloudError({
                code: 'REQUEST_TIMEOUT',
                action,
                message: `${action} timed out (response lost)`,
                retryable: true,
                ambiguous: true,
              });
            }
            return response;
          },
        });
      const first = await runApply({
        desired: withAcls,
        clients: flaky,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
        signal: controller.signal,
        verify: false,
      });
      expect(first.outcome).toBe('cancelled');
      expect(blind).toBe(true);
      // VPC1's ACL was made, but the run never learnt its ID.
      expect(liveAcls(h.sandbox.exportDocument()).filter((a) => a.vpcId === VPC_A)).toHaveLength(1);
      const record = first.created.find((c) => c.stepId === 'create-nacl:nacl-design-a');
      expect(record).toMatchObject({ kind: 'networkAcl', vpcId: VPC_A });
      expect(record && 'networkAclId' in record ? record.networkAclId : undefined).toBeUndefined();

      const events: ApplyEvent[] = [];
      const second = await runApply({
        desired: withAcls,
        clients: h.clients,
        journalPath: h.journalPath,
        timing: TEST_TIMING,
        onEvent: (e) => events.push(e),
      });
      expect(second.error).toBeUndefined();
      expect(second.outcome).toBe('succeeded');
      expect(second.resumed).toBe(true);
      const acls = liveAcls(h.sandbox.exportDocument());
      expect(acls.map((a) => a.vpcId).sort()).toEqual([VPC_A, VPC_B].sort());
      expect(second.verify?.differences).toEqual([]);
      expect(events.some((e) => e.kind === 'step-succeeded' && e.stepId === 'create-nacl:nacl-design-a')).toBe(true);

      // Rollback of that run deletes both ACLs it created (and nothing else).
      const rb = await rollbackRun({ clients: h.clients, journalPath: h.journalPath, timing: TEST_TIMING });
      expect(rb.error).toBeUndefined();
      expect(rb.outcome).toBe('succeeded');
      expect(liveAcls(h.sandbox.exportDocument())).toEqual([]);
    },
  );
});

describe('destroy while a binding is still under way', () => {
  it('waits for BINDING to settle, unbinds, deletes: nothing tagged is left', { timeout: 60_000 }, async () => {
    h = await startHarness(withAcls);
    const clientA = h.clients.get(CROSS.accountA)!;
    // An ACL tagged as vpclink's for this document (an earlier run), bound a moment ago.
    const made = await clientA.call('vpc', 'cn-qingdao', 'CreateNetworkAcl', {
      VpcId: VPC_A,
      Description: `${ownerMarker(withAcls)} nacl-design-a`,
    });
    await clientA.call('vpc', 'cn-qingdao', 'AssociateNetworkAcl', {
      NetworkAclId: String(made.NetworkAclId),
      'Resource.1.ResourceId': VSW_A,
      'Resource.1.ResourceType': 'VSwitch',
    });
    const destroyed = await runDestroy({
      desired: withAcls,
      clients: h.clients,
      journalPath: h.journalPath,
      timing: TEST_TIMING,
    });
    expect(destroyed.error).toBeUndefined();
    expect(destroyed.outcome).toBe('succeeded');
    expect(destroyed.plan?.steps.map((s) => s.id)).toEqual([
      `delete-nacl:${String(made.NetworkAclId)}`,
      `wait-nacl-gone:${String(made.NetworkAclId)}`,
    ]);
    expect(liveAcls(await reimport(h.clients))).toEqual([]);
  });
});

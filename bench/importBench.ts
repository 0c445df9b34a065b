/**
 * Import bench: `importTopology` (cloud/import) of the L estate from the sandbox, every account
 * and every region of its VPCs, through the real pop-core client over HTTP. Reports the wall time
 * and the calls the sandbox received against the API minimum for the same estate: per (account,
 * region) one page per list API at its maximum page size (aliyun-api.md §6: PageSize ≤ 50 for
 * VPCs, vSwitches, route tables, router interfaces; MaxResults ≤ 100 for instances, groups, ENIs,
 * prefix lists, route entries, peering connections), where a region without VPCs needs only the
 * DescribeVpcs that finds none; one DescribeCens per account; plus the calls no list API
 * replaces: one GetVpcPrefixListEntries per prefix list, one DescribeSecurityGroupAttribute per
 * group (≤ 1,000 rules a page) and DescribeRouteEntryList pages per route table.
 */
import { performance } from 'node:perf_hooks';
import type { Topology } from '../simulator/document/schema';
import type { ClientModule, CredentialsModule, SandboxModule } from './applyBench';
import { generateTopology } from './generate';
import type { Figure } from './lib/measure';

/** Page maxima of the list APIs (aliyun-api.md §6; network ACLs: assumed like the other VPC lists). */
const PAGE = { vpcList: 50, ecsList: 100, routeEntries: 100, groupRules: 1000 } as const;

const pages = (count: number, size: number) => Math.max(1, Math.ceil(count / size));

/** The fewest calls that read `doc` whole from `accounts` × `regions`. */
function importMinimumCalls(doc: Topology, accounts: readonly string[], regions: readonly string[]): number {
  const scopeOfVpc = new Map(doc.vpcs.map((v) => [v.vpcId, `${v.accountId}|${v.regionId}`]));
  const vpcOfVSwitch = new Map(doc.vSwitches.map((s) => [s.vSwitchId, s.vpcId]));
  const perScope = new Map<string, Record<string, number>>();
  const add = (scope: string | undefined, kind: string) => {
    if (scope === undefined) return;
    const counts = perScope.get(scope) ?? {};
    counts[kind] = (counts[kind] ?? 0) + 1;
    perScope.set(scope, counts);
  };
  for (const v of doc.vpcs) add(`${v.accountId}|${v.regionId}`, 'vpcs');
  for (const s of doc.vSwitches) add(scopeOfVpc.get(s.vpcId), 'vSwitches');
  for (const i of doc.instances) add(scopeOfVpc.get(vpcOfVSwitch.get(i.vSwitchId) ?? ''), 'instances');
  for (const g of doc.securityGroups) add(scopeOfVpc.get(g.vpcId), 'groups');
  for (const t of doc.routeTables) add(scopeOfVpc.get(t.vpcId), 'tables');
  for (const r of doc.routerInterfaces) add(`${r.accountId}|${r.regionId}`, 'interfaces');
  for (const a of doc.networkAcls ?? []) add(scopeOfVpc.get(a.vpcId), 'acls');
  for (const n of doc.networkInterfaces ?? []) add(scopeOfVpc.get(vpcOfVSwitch.get(n.vSwitchId) ?? ''), 'enis');
  // A connection is listed in the regions of both its ends (each end's account sees it).
  for (const p of doc.vpcPeerConnections ?? []) {
    add(scopeOfVpc.get(p.vpcId), 'peerings');
    const accepting = scopeOfVpc.get(p.acceptingVpcId);
    if (accepting !== scopeOfVpc.get(p.vpcId)) add(accepting, 'peerings');
  }
  let calls = 0;
  for (const account of accounts)
    for (const region of regions) {
      const c = perScope.get(`${account}|${region}`);
      if (!c?.vpcs) {
        calls += 1; // DescribeVpcs: none here
        continue;
      }
      calls +=
        pages(c.vpcs, PAGE.vpcList) +
        pages(c.vSwitches ?? 0, PAGE.vpcList) +
        pages(c.tables ?? 0, PAGE.vpcList) +
        pages(c.interfaces ?? 0, PAGE.vpcList) +
        pages(c.acls ?? 0, PAGE.vpcList) +
        pages(c.instances ?? 0, PAGE.ecsList) +
        pages(c.groups ?? 0, PAGE.ecsList) +
        pages(c.enis ?? 0, PAGE.ecsList) +
        1 + // ListPrefixLists (the estate's lists fit one page)
        pages(c.peerings ?? 0, PAGE.ecsList); // ListVpcPeerConnections (MaxResults ≤ 100, aliyun-links.md §1.2)
    }
  // DescribeCens once per account (aliyun-links.md §2): the estates the bench imports have no CEN,
  // so nothing follows it; a CEN estate would add its transit routers' lists here.
  calls += accounts.length;
  for (const g of doc.securityGroups) calls += pages(g.permissions.length, PAGE.groupRules);
  // GetVpcPrefixListEntries per list: ListPrefixLists gives CidrBlocks without the entries'
  // descriptions (aliyun-dataplane.md §2.1), and an import is lossless.
  for (const list of doc.prefixLists ?? []) calls += pages(list.entries.length, PAGE.ecsList);
  for (const t of doc.routeTables)
    calls += pages(t.routeEntries.filter((e) => e.nextHopType !== 'Local').length, PAGE.routeEntries);
  return calls;
}

export interface ImportModule {
  importTopology(request: Record<string, unknown>): Promise<{ document: Topology }>;
}

interface Modules {
  readonly startSandbox: SandboxModule['startSandbox'];
  readonly createCloudClient: ClientModule['createCloudClient'];
  readonly staticProvider: CredentialsModule['staticProvider'];
  readonly importTopology: ImportModule['importTopology'];
}

/** Imports L from a sandbox seeded with it; the figures for the wall time and the calls. */
export async function importOnce(
  modules: Modules,
  latencyMs: number,
  seed = 1,
): Promise<{ wall: Figure; calls: Figure }> {
  const doc = generateTopology('L', seed);
  const sandbox = await modules.startSandbox({
    seed: doc,
    seedMode: 'full',
    port: 0,
    faults: { latencyMs },
    clock: 'real',
  });
  const clients = sandbox.accounts.map((a) => ({
    accountId: a.accountId,
    client: modules.createCloudClient({
      target: { kind: 'endpoint', endpoint: sandbox.endpoint },
      credentials: modules.staticProvider(
        { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret },
        `sandbox ${a.accountId}`,
      ),
    }),
  }));
  try {
    const regions = [...new Set(doc.vpcs.map((v) => v.regionId))];
    const before = sandbox.callCount();
    const started = performance.now();
    const result = await modules.importTopology({ accounts: clients, regions });
    const ms = performance.now() - started;
    const calls = sandbox.callCount() - before;
    const minimum = importMinimumCalls(
      doc,
      clients.map((c) => c.accountId),
      regions,
    );
    const note = `${clients.length} accounts × ${regions.length} regions; ${result.document.vpcs.length} VPCs, ${result.document.instances.length} instances imported`;
    return {
      wall: { kind: 'time', ms, note: `${note}; ${latencyMs} ms per call` },
      calls: { kind: 'count', value: calls, unit: `calls (minimum ${minimum}: ${(calls / minimum).toFixed(2)}×)` },
    };
  } finally {
    for (const { client } of clients) client.close?.();
    await sandbox.close();
  }
}

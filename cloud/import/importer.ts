/** The import run: Describe* per account and region, mapping, merge, check (see index.ts). */
import {
  CloudError,
  DEFAULT_REGIONS,
  type CallOptions,
  type CallParams,
  type CloudClient,
  type Product,
} from '../client';
import { CURRENT_VERSION, FORMAT, loadDocumentValue, type Topology } from '../../simulator/document';
import type { ImportRequest, ImportResult } from './index';
import { describeCen, mergeCen } from './cen';
import { importFinding } from './codes';
import { limiter } from './limit';
import type {
  InstanceInput,
  NetworkAclInput,
  NetworkInterfaceInput,
  PrefixListInput,
  RouteTableInput,
  RouterInterfaceInput,
  SecurityGroupInput,
  VpcInput,
  VSwitchInput,
} from './map';
import { mergePeerings, type VpcPeerInput } from './peering';
import { describeRegion, type RegionSlice } from './region';
import { countOf } from '../../simulator/text/count';

// Codes that mean "this account cannot use this region" (only tolerated for the default region
// list; a region the user asked for must work). Exact code set for disabled regions: UNCONFIRMED.
const REGION_UNAVAILABLE = new Set([
  'InvalidRegionId.NotFound',
  'InvalidRegionId.Malformed',
  'ENDPOINT_NOT_FOUND',
  'Forbidden.Region',
  'UnsupportedRegion',
]);

export async function importTopology(request: ImportRequest): Promise<ImportResult> {
  const { existing, signal } = request;
  const seenIds = new Set<string>();
  for (const { accountId } of request.accounts) {
    if (seenIds.has(accountId)) throw new Error(`importTopology: account ${accountId} listed twice`);
    seenIds.add(accountId);
  }
  const explicitRegions = request.regions !== undefined && request.regions.length > 0;
  const regions = explicitRegions ? [...new Set(request.regions)] : (regionsOf(existing) ?? [...DEFAULT_REGIONS]);
  const run = limiter(request.concurrency ?? 4);
  // One failure stops the whole import: the other calls are cancelled and awaited, so nothing is
  // left running after importTopology settles.
  const internal = new AbortController();
  const onAbort = () => internal.abort();
  if (signal?.aborted) internal.abort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const options: CallOptions = { signal: internal.signal };

  const tasks = request.accounts.flatMap(({ accountId, client }) => {
    const limited: CloudClient = {
      call: (product: Product, regionId: string, action: string, params?: CallParams, callOptions?: CallOptions) =>
        run(() => {
          if (internal.signal.aborted)
            return Promise.reject(
              new CloudError({ code: 'ABORTED', action, message: `${action} was cancelled before it was sent` }),
            );
          return client.call(product, regionId, action, params, { ...options, ...callOptions });
        }),
      callCount: () => client.callCount(),
    };
    return regions.map((regionId) => ({ accountId, regionId, client: limited }));
  });

  const skippedRegions: string[] = [];
  let firstSkip: CloudError | undefined;
  let firstError: unknown;
  const settled = await Promise.allSettled(
    tasks.map(async (task) => {
      try {
        return await describeRegion(task.client, task.accountId, task.regionId, options);
      } catch (error) {
        if (
          !explicitRegions &&
          error instanceof CloudError &&
          REGION_UNAVAILABLE.has(error.code) &&
          !internal.signal.aborted
        ) {
          skippedRegions.push(`${task.regionId} (account ${task.accountId})`);
          firstSkip ??= error;
          return 'skipped' as const;
        }
        if (firstError === undefined) firstError = error;
        internal.abort();
        throw error;
      }
    }),
  );
  signal?.removeEventListener('abort', onAbort);
  if (firstError !== undefined) throw firstError;
  // Every region "unavailable" is not an empty account but a broken connection or endpoint.
  if (firstSkip && skippedRegions.length === tasks.length) throw firstSkip;
  const slices = settled.map((r) => (r.status === 'fulfilled' && r.value !== 'skipped' ? r.value : undefined));
  const warnings: string[] = [];
  if (skippedRegions.length)
    warnings.push(`skipped regions the account cannot use: ${skippedRegions.sort().join(', ')}`);
  const present = slices.filter((s): s is RegionSlice => s !== undefined);
  for (const slice of present) warnings.push(...slice.warnings);

  // CEN transit routers each account owns (cen.ts), after the regions: their VPCs are known then.
  const cenSlices = await Promise.all(
    request.accounts.map(({ accountId }) => {
      const client = tasks.find((t) => t.accountId === accountId)!.client;
      return describeCen(client, accountId, regions[0]!, regions, options);
    }),
  );
  for (const slice of cenSlices) warnings.push(...slice.warnings);
  const document = withCen(
    assemble(request, present, warnings),
    mergeCen(cenSlices, new Set(request.accounts.map((a) => a.accountId)), existing),
  );
  const loaded = loadDocumentValue(document);
  if (loaded.kind !== 'ok') {
    // A bug in the mapping: report it with the first problems (no secrets can be in a document).
    const detail =
      loaded.kind === 'invalid'
        ? loaded.issues
            .slice(0, 5)
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')
        : loaded.message;
    throw new Error(`importTopology produced a document that does not load (${detail})`);
  }
  return { document: loaded.document, warnings, findings: warnings.map(importFinding) };
}

/** The document with the merged CEN arrays in place of whatever CEN arrays it carried over. */
function withCen(
  document: Record<string, unknown>,
  cen: Record<string, unknown[] | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...document };
  for (const key of CEN_ARRAYS) delete out[key];
  return { ...out, ...cen };
}

const CEN_ARRAYS = [
  'cenInstances',
  'transitRouters',
  'transitRouterVpcAttachments',
  'transitRouterPeerAttachments',
  'transitRouterRouteTables',
  'transitRouterRouteTableAssociations',
  'transitRouterRouteTablePropagations',
] as const;

/** The regions named in a document (VPCs and router interfaces), or undefined when it has none. */
function regionsOf(document: Topology | undefined): string[] | undefined {
  if (!document) return undefined;
  const regions = new Set<string>([
    ...document.vpcs.map((v) => v.regionId),
    ...document.routerInterfaces.map((r) => r.regionId),
  ]);
  return regions.size ? [...regions].sort() : undefined;
}

/** Merges the slices (and `existing`) into one document. */
function assemble(request: ImportRequest, slices: readonly RegionSlice[], warnings: string[]): Record<string, unknown> {
  const existing = request.existing;
  const importedAccounts = new Set(request.accounts.map((a) => a.accountId));
  // Resources of `existing` outside the imported scopes are kept as they are.
  const kept = keptFromExisting(existing, importedScopes(request, importedAccounts));
  if (kept.count > 0)
    warnings.push(
      `kept ${countOf(kept.count, 'resource')} of the merged document outside the imported accounts/regions unchanged`,
    );
  const imported = importedResources(slices, existingNames(existing), warnings);
  const importedIds = new Set(importedIdsOf(imported));
  const merge = <T>(items: T[], keptItems: readonly T[], id: (t: T) => string): T[] =>
    [...items, ...keptItems.filter((k) => !importedIds.has(id(k)))].sort(byIdOf(id));

  const mergedEnis = merge(
    imported.networkInterfaces,
    kept.networkInterfaces as NetworkInterfaceInput[],
    (n) => n.networkInterfaceId,
  );
  const mergedGroups = merge(
    imported.securityGroups,
    kept.securityGroups as SecurityGroupInput[],
    (g) => g.securityGroupId,
  );
  warnings.push(...foreignGroupWarnings(mergedEnis, mergedGroups));
  const accountIds = new Set<string>([...importedAccounts, ...(existing?.accounts.map((a) => a.accountId) ?? [])]);
  const accounts = [...accountIds].sort().map((accountId) => {
    const before = existing?.accounts.find((a) => a.accountId === accountId);
    return before ? { ...before } : { accountId };
  });

  const {
    accounts: _a,
    vpcs: _v,
    vSwitches: _s,
    routeTables: _t,
    routerInterfaces: _r,
    securityGroups: _g,
    instances: _i,
    networkAcls: _n,
    networkInterfaces: _e,
    prefixLists: _p,
    vpcPeerConnections: _pc,
    format: _f,
    version: _ver,
    ...rest
  } = existing ?? ({} as Partial<Topology>);
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    ...(existing ? {} : { name: 'Imported from Alibaba Cloud' }),
    ...rest,
    accounts,
    vpcs: merge(imported.vpcs, kept.vpcs as VpcInput[], (v) => v.vpcId),
    vSwitches: merge(imported.vSwitches, kept.vSwitches as VSwitchInput[], (v) => v.vSwitchId),
    routeTables: merge(imported.routeTables, kept.routeTables as RouteTableInput[], (t) => t.routeTableId),
    routerInterfaces: merge(
      imported.routerInterfaces,
      kept.routerInterfaces as RouterInterfaceInput[],
      (r) => r.routerInterfaceId,
    ),
    securityGroups: mergedGroups,
    instances: merge(imported.instances, kept.instances as InstanceInput[], (i) => i.instanceId),
    ...optionalArray(
      'networkAcls',
      merge(imported.networkAcls, kept.networkAcls as NetworkAclInput[], (a) => a.networkAclId),
    ),
    ...optionalArray('networkInterfaces', mergedEnis),
    ...optionalArray(
      'prefixLists',
      merge(imported.prefixLists, kept.prefixLists as PrefixListInput[], (l) => l.prefixListId),
    ),
    ...optionalArray(
      'vpcPeerConnections',
      merge(imported.vpcPeerConnections, kept.vpcPeerConnections as VpcPeerInput[], (p) => p.instanceId),
    ),
  };
}

/**
 * Every (account, region) the import looked at, as `account\0region`: each is replaced, found or
 * not, so a VPC deleted in the cloud disappears from the document.
 */
function importedScopes(request: ImportRequest, importedAccounts: ReadonlySet<string>): Set<string> {
  const regions =
    request.regions !== undefined && request.regions.length > 0
      ? request.regions
      : (regionsOf(request.existing) ?? DEFAULT_REGIONS);
  const scopes = new Set<string>();
  for (const accountId of importedAccounts) for (const regionId of regions) scopes.add(`${accountId}\u0000${regionId}`);
  return scopes;
}

/** Ascending order of an ID, for sort(). */
function byIdOf<T>(id: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/** One of each ID, sorted; a second description of an ID (an account sharing it?) is a warning, the first kept. */
function dedupeById<T>(items: readonly T[], id: (t: T) => string, kind: string, warnings: string[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = id(item);
    if (seen.has(key)) {
      warnings.push(`${kind} ${key} was described twice (shared between accounts?); kept the first`);
      continue;
    }
    seen.set(key, item);
  }
  return [...seen.values()].sort(byIdOf(id));
}

/** The slices' resources, one of each ID, named as the merged document named them when the cloud gives no name. */
function importedResources(
  slices: readonly RegionSlice[],
  names: ReadonlyMap<string, string>,
  warnings: string[],
): Omit<RegionSlice, 'accountId' | 'regionId' | 'warnings'> {
  const withName = <T extends { name?: string | undefined }>(id: string, item: T): T =>
    item.name || !names.has(id) ? item : { ...item, name: names.get(id) };
  const all = <K extends keyof RegionSlice>(key: K) => slices.flatMap((s) => s[key] as unknown as never[]);
  const dedupe = <T>(items: readonly T[], id: (t: T) => string, kind: string) => dedupeById(items, id, kind, warnings);
  // In this order (the order of the warnings); peering connections merge their two ends' views.
  return {
    vpcs: dedupe(all('vpcs') as VpcInput[], (v) => v.vpcId, 'VPC').map((v) => withName(v.vpcId, v)),
    vSwitches: dedupe(all('vSwitches') as VSwitchInput[], (v) => v.vSwitchId, 'vSwitch').map((v) =>
      withName(v.vSwitchId, v),
    ),
    routeTables: dedupe(all('routeTables') as RouteTableInput[], (t) => t.routeTableId, 'route table'),
    routerInterfaces: dedupe(
      all('routerInterfaces') as RouterInterfaceInput[],
      (r) => r.routerInterfaceId,
      'router interface',
    ).map((r) => withName(r.routerInterfaceId, r)),
    securityGroups: dedupe(
      all('securityGroups') as SecurityGroupInput[],
      (g) => g.securityGroupId,
      'security group',
    ).map((g) => withName(g.securityGroupId, g)),
    instances: dedupe(all('instances') as InstanceInput[], (i) => i.instanceId, 'instance').map((i) =>
      withName(i.instanceId, i),
    ),
    networkAcls: dedupe(all('networkAcls') as NetworkAclInput[], (a) => a.networkAclId, 'network ACL'),
    networkInterfaces: dedupe(
      all('networkInterfaces') as NetworkInterfaceInput[],
      (n) => n.networkInterfaceId,
      'ENI',
    ).map((n) => withName(n.networkInterfaceId, n)),
    prefixLists: dedupe(all('prefixLists') as PrefixListInput[], (l) => l.prefixListId, 'prefix list'),
    vpcPeerConnections: mergePeerings(all('vpcPeerConnections') as VpcPeerInput[], warnings),
  };
}

/** Every ID the import described (a kept resource with one of them is replaced by the imported one). */
function importedIdsOf(imported: ReturnType<typeof importedResources>): string[] {
  return [
    ...imported.vpcs.map((v) => v.vpcId),
    ...imported.vSwitches.map((v) => v.vSwitchId),
    ...imported.routeTables.map((t) => t.routeTableId),
    ...imported.routerInterfaces.map((r) => r.routerInterfaceId),
    ...imported.securityGroups.map((g) => g.securityGroupId),
    ...imported.instances.map((i) => i.instanceId),
    ...imported.networkAcls.map((a) => a.networkAclId),
    ...imported.networkInterfaces.map((n) => n.networkInterfaceId),
    ...imported.prefixLists.map((l) => l.prefixListId),
    ...imported.vpcPeerConnections.map((p) => p.instanceId),
  ];
}

/**
 * An ENI may sit in groups of an account that was not imported (a shared vSwitch, a service's
 * ENI): name each such group rather than leave a silent hole.
 */
function foreignGroupWarnings(enis: readonly NetworkInterfaceInput[], groups: readonly SecurityGroupInput[]): string[] {
  const knownGroups = new Set(groups.map((g) => g.securityGroupId));
  return enis.flatMap((eni) =>
    eni.securityGroupIds
      .filter((groupId) => !knownGroups.has(groupId))
      .map(
        (groupId) =>
          `ENI ${eni.networkInterfaceId}: security group ${groupId} is not in the imported accounts (another ` +
          `account's group?); import its account too, until then validate reports it`,
      ),
  );
}

/** The release-2 arrays are written only when they hold something (absent = empty, topology-format.md §4). */
function optionalArray<K extends string, T>(key: K, items: readonly T[]): { [P in K]?: readonly T[] } {
  return (items.length ? { [key]: items } : {}) as { [P in K]?: readonly T[] };
}

function existingNames(existing: Topology | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (!existing) return names;
  const add = (id: string, name: string | undefined) => {
    if (name) names.set(id, name);
  };
  for (const v of existing.vpcs) add(v.vpcId, v.name);
  for (const v of existing.vSwitches) add(v.vSwitchId, v.name);
  for (const r of existing.routerInterfaces) add(r.routerInterfaceId, r.name);
  for (const g of existing.securityGroups) add(g.securityGroupId, g.name);
  for (const i of existing.instances) add(i.instanceId, i.name);
  for (const n of existing.networkInterfaces ?? []) add(n.networkInterfaceId, n.name);
  return names;
}

/** The resources of `existing` whose (account, region) the import did not cover. */
function keptFromExisting(existing: Topology | undefined, scopes: ReadonlySet<string>) {
  const empty = {
    vpcs: [],
    vSwitches: [],
    routeTables: [],
    routerInterfaces: [],
    securityGroups: [],
    instances: [],
    networkAcls: [],
    networkInterfaces: [],
    prefixLists: [],
    vpcPeerConnections: [],
    count: 0,
  };
  if (!existing) return empty;
  const inScope = (accountId: string, regionId: string) => scopes.has(`${accountId}\u0000${regionId}`);
  const vpcs = existing.vpcs.filter((v) => !inScope(v.accountId, v.regionId));
  const replacedVpcs = new Set(existing.vpcs.filter((v) => inScope(v.accountId, v.regionId)).map((v) => v.vpcId));
  const keepVpc = (vpcId: string) => !replacedVpcs.has(vpcId);
  const vSwitches = existing.vSwitches.filter((v) => keepVpc(v.vpcId));
  const replacedVSwitches = new Set(existing.vSwitches.filter((v) => !keepVpc(v.vpcId)).map((v) => v.vSwitchId));
  const routeTables = existing.routeTables.filter((t) => keepVpc(t.vpcId));
  const routerInterfaces = existing.routerInterfaces.filter((r) => !inScope(r.accountId, r.regionId));
  const securityGroups = existing.securityGroups.filter((g) => keepVpc(g.vpcId));
  const instances = existing.instances.filter((i) => !replacedVSwitches.has(i.vSwitchId));
  const networkAcls = (existing.networkAcls ?? []).filter((a) => keepVpc(a.vpcId));
  const networkInterfaces = (existing.networkInterfaces ?? []).filter((n) => !replacedVSwitches.has(n.vSwitchId));
  const prefixLists = (existing.prefixLists ?? []).filter((l) => !inScope(l.accountId, l.regionId));
  // A connection with an end in an imported scope is described again from that end (or is gone).
  const vpcPeerConnections = (existing.vpcPeerConnections ?? []).filter(
    (p) => keepVpc(p.vpcId) && keepVpc(p.acceptingVpcId),
  );
  const count =
    vpcs.length +
    vSwitches.length +
    routeTables.length +
    routerInterfaces.length +
    securityGroups.length +
    instances.length +
    networkAcls.length +
    networkInterfaces.length +
    prefixLists.length +
    vpcPeerConnections.length;
  return {
    vpcs,
    vSwitches,
    routeTables,
    routerInterfaces,
    securityGroups,
    instances,
    networkAcls,
    networkInterfaces,
    prefixLists,
    vpcPeerConnections,
    count,
  };
}

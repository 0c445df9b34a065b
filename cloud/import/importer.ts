/** The import run: Describe* per account and region, mapping, merge, check (see index.ts). */
import {
  CloudError,
  DEFAULT_REGIONS,
  collect,
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
import {
  compareRouteEntries,
  list,
  mapInstance,
  mapNetworkAcl,
  mapNetworkInterface,
  mapPrefixList,
  mapRouteEntry,
  mapRouterInterface,
  mapSecurityGroup,
  mapVpc,
  mapVSwitch,
  text,
  type InstanceInput,
  type Mapped,
  type NetworkAclInput,
  type NetworkInterfaceInput,
  type PrefixListInput,
  type RouteEntryInput,
  type RouteTableInput,
  type RouterInterfaceInput,
  type SecurityGroupInput,
  type VpcInput,
  type VSwitchInput,
} from './map';
import { describePeerings, mapVpcPeerConnection, mergePeerings, type VpcPeerInput } from './peering';
import { countOf } from '../../simulator/text/count';

type Item = Readonly<Record<string, unknown>>;

/** What one (account, region) holds, mapped. */
interface RegionSlice {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcs: VpcInput[];
  readonly vSwitches: VSwitchInput[];
  readonly routeTables: RouteTableInput[];
  readonly routerInterfaces: RouterInterfaceInput[];
  readonly securityGroups: SecurityGroupInput[];
  readonly instances: InstanceInput[];
  readonly networkAcls: NetworkAclInput[];
  readonly networkInterfaces: NetworkInterfaceInput[];
  readonly prefixLists: PrefixListInput[];
  readonly vpcPeerConnections: VpcPeerInput[];
  readonly warnings: string[];
}

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

async function describeRegion(
  client: CloudClient,
  accountId: string,
  regionId: string,
  options: CallOptions,
): Promise<RegionSlice | undefined> {
  const warnings: string[] = [];
  const take = <T>(result: Mapped<T> | undefined, into: T[]) => {
    if (!result) return;
    if (result.kind === 'skipped') warnings.push(result.warning);
    else {
      into.push(result.value);
      warnings.push(...result.warnings);
    }
  };
  const page = { client, regionId, options } as const;

  // DescribeVpcs first: a region without VPCs has nothing the document can show (§5.1).
  const vpcItems = await collect({
    ...page,
    product: 'vpc',
    action: 'DescribeVpcs',
    style: { kind: 'pageNumber', pageSize: 50 },
    items: ['Vpcs', 'Vpc'],
  });
  const vpcs: VpcInput[] = [];
  for (const item of vpcItems) take(mapVpc(item, accountId, regionId), vpcs);
  if (vpcs.length === 0) return undefined;
  const vpcIds = new Set(vpcs.map((v) => v.vpcId));
  const vpcOfRouter = new Map(vpcs.map((v) => [v.vRouterId, v.vpcId]));

  // The data plane (aliyun-dataplane.md §1–§3). An endpoint that does not offer one of these calls
  // (an older emulator) is said in a warning: leaving ACLs out can make verdicts too permissive.
  // Absent answers are named after all three settle, in this fixed order (deterministic warnings).
  const notOffered: string[] = [];
  const optional = async (action: string, run: () => Promise<Item[]>): Promise<Item[] | undefined> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof CloudError) || !isUnsupportedAction(error)) throw error;
      notOffered.push(action);
      return undefined;
    }
  };
  const dataplane = Promise.all([
    optional('DescribeNetworkAcls', () =>
      collect({
        ...page,
        product: 'vpc',
        action: 'DescribeNetworkAcls',
        style: { kind: 'pageNumber', pageSize: 50 },
        items: ['NetworkAcls', 'NetworkAcl'],
      }),
    ),
    optional('DescribeNetworkInterfaces', () =>
      collect({
        ...page,
        product: 'ecs',
        action: 'DescribeNetworkInterfaces',
        style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
        items: ['NetworkInterfaceSets', 'NetworkInterfaceSet'],
      }),
    ),
    optional('ListPrefixLists', () => describePrefixLists(client, regionId, options)),
  ]);
  const peerings = optional('ListVpcPeerConnections', () => describePeerings(client, regionId, options));
  const [vSwitchItems, tables, riItems, groups, instanceItems, dataplaneItems, peerItems] = await Promise.all([
    collect({
      ...page,
      product: 'vpc',
      action: 'DescribeVSwitches',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['VSwitches', 'VSwitch'],
    }),
    describeRouteTables(client, regionId, vpcs, vpcOfRouter, options),
    collect({
      ...page,
      product: 'vpc',
      action: 'DescribeRouterInterfaces',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['RouterInterfaceSet', 'RouterInterfaceType'],
    }),
    describeSecurityGroups(client, regionId, options),
    collect({
      ...page,
      product: 'ecs',
      action: 'DescribeInstances',
      style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
      items: ['Instances', 'Instance'],
    }),
    dataplane,
    peerings,
  ]);

  const customTableOfVSwitch = new Map<string, string>();
  for (const table of tables) {
    if (table.routeTableType !== 'Custom' || table.warnings.length) continue;
    for (const vsw of table.vSwitchIds) customTableOfVSwitch.set(vsw, table.routeTableId);
  }
  const vSwitches: VSwitchInput[] = [];
  for (const item of vSwitchItems) take(mapVSwitch(item, customTableOfVSwitch.get(text(item, 'VSwitchId'))), vSwitches);

  const routeTables: RouteTableInput[] = [];
  for (const table of tables) {
    if (table.warnings.length) {
      warnings.push(...table.warnings);
      continue;
    }
    const entries: RouteEntryInput[] = [];
    for (const entry of table.entries) take(mapRouteEntry(entry, table.routeTableId), entries);
    routeTables.push({
      routeTableId: table.routeTableId,
      vpcId: table.vpcId,
      routeTableType: table.routeTableType,
      routeEntries: dedupeRoutes(entries.sort(compareRouteEntries)),
      ...(table.name ? { name: table.name } : {}),
      ...(table.status ? { status: table.status } : {}),
    });
  }

  const routerInterfaces: RouterInterfaceInput[] = [];
  for (const item of riItems) take(mapRouterInterface(item, accountId, regionId), routerInterfaces);

  const securityGroups: SecurityGroupInput[] = [];
  for (const group of groups)
    take(mapSecurityGroup(group.item, group.attribute, group.permissions, accountId), securityGroups);

  const [aclItems, eniItems, prefixListItems] = dataplaneItems;
  for (const action of [
    'DescribeNetworkAcls',
    'DescribeNetworkInterfaces',
    'ListPrefixLists',
    'ListVpcPeerConnections',
  ])
    if (notOffered.includes(action))
      warnings.push(`${regionId} (account ${accountId}): the endpoint does not offer ${action}; not imported`);
  const vpcPeerConnections: VpcPeerInput[] = [];
  for (const item of peerItems ?? []) take(mapVpcPeerConnection(item), vpcPeerConnections);
  const instances: InstanceInput[] = [];
  for (const item of instanceItems) take(mapInstance(item, eniItems !== undefined), instances);
  const networkAcls: NetworkAclInput[] = [];
  for (const item of aclItems ?? []) take(mapNetworkAcl(item), networkAcls);
  const networkInterfaces: NetworkInterfaceInput[] = [];
  for (const item of eniItems ?? []) take(mapNetworkInterface(item), networkInterfaces);
  const prefixLists: PrefixListInput[] = [];
  for (const item of prefixListItems ?? [])
    take(mapPrefixList(item, item[ENTRIES] as Item[] | undefined, accountId, regionId), prefixLists);
  await resolveEcsPrefixLists(
    client,
    accountId,
    regionId,
    options,
    { routeTables, securityGroups, networkAcls },
    prefixLists,
    warnings,
  );
  const vSwitchIds = new Set(vSwitches.map((v) => v.vSwitchId));
  // An ENI in a vSwitch this account does not own (a shared VPC) cannot be placed: say so.
  for (const eni of networkInterfaces)
    if (!vSwitchIds.has(eni.vSwitchId))
      warnings.push(
        `ENI ${eni.networkInterfaceId} (${eni.privateIpAddress}) is in vSwitch ${eni.vSwitchId}, which account ${accountId} does not own in ${regionId} (a shared VPC?); left out`,
      );

  return {
    accountId,
    regionId,
    vpcs,
    vSwitches: vSwitches.filter((v) => vpcIds.has(v.vpcId)),
    routeTables: routeTables.filter((t) => vpcIds.has(t.vpcId)),
    routerInterfaces,
    securityGroups: securityGroups.filter((g) => vpcIds.has(g.vpcId)),
    instances,
    networkAcls: networkAcls.filter((a) => vpcIds.has(a.vpcId)),
    networkInterfaces: networkInterfaces.filter((n) => vSwitchIds.has(n.vSwitchId)),
    prefixLists,
    vpcPeerConnections,
    warnings,
  };
}

/**
 * Prefix lists referenced by routes, rules or ACL entries that the VPC API did not list: the ECS
 * API has its own prefix lists with the same `pl-` IDs (aliyun-dataplane.md §2.3, UNCONFIRMED
 * whether the two are one namespace), so each is looked up there (DescribePrefixListAttributes).
 * One found nowhere (shared from another account?) is named in a warning.
 */
async function resolveEcsPrefixLists(
  client: CloudClient,
  accountId: string,
  regionId: string,
  options: CallOptions,
  users: {
    readonly routeTables: readonly RouteTableInput[];
    readonly securityGroups: readonly SecurityGroupInput[];
    readonly networkAcls: readonly NetworkAclInput[];
  },
  prefixLists: PrefixListInput[],
  warnings: string[],
): Promise<void> {
  const referenced = new Set<string>();
  const add = (value: string | undefined) => {
    if (value?.startsWith('pl-')) referenced.add(value);
  };
  for (const table of users.routeTables) for (const e of table.routeEntries ?? []) add(e.destinationCidrBlock);
  for (const group of users.securityGroups)
    for (const p of group.permissions ?? []) {
      add(p.sourcePrefixListId);
      add(p.destPrefixListId);
    }
  for (const acl of users.networkAcls) {
    for (const e of acl.ingressAclEntries ?? []) add(e.sourceCidrIp);
    for (const e of acl.egressAclEntries ?? []) add(e.destinationCidrIp);
  }
  for (const list of prefixLists) referenced.delete(list.prefixListId);
  for (const prefixListId of [...referenced].sort()) {
    let item: Item | undefined;
    try {
      item = await client.call(
        'ecs',
        regionId,
        'DescribePrefixListAttributes',
        { PrefixListId: prefixListId },
        options,
      );
    } catch (error) {
      if (!(error instanceof CloudError) || !(isUnsupportedAction(error) || /NotFound/i.test(error.code))) throw error;
    }
    if (!item || !text(item, 'PrefixListId')) {
      warnings.push(
        `prefix list ${prefixListId} is referenced in ${regionId} (account ${accountId}) but neither the VPC nor the ECS API of the account lists it ` +
          `(shared from another account?); its CIDR blocks are unknown`,
      );
      continue;
    }
    const entries = list(item, 'Entries', 'Entry').filter((e): e is Item => typeof e === 'object' && e !== null);
    const mapped = mapPrefixList({ ...item, RegionId: regionId }, entries, accountId, regionId);
    if (mapped.kind === 'ok') prefixLists.push(mapped.value);
    else warnings.push(mapped.warning);
  }
}

/** Where describePrefixLists puts each list's GetVpcPrefixListEntries answer on its item. */
const ENTRIES = '\u0000entries';

/**
 * VPC prefix lists (aliyun-dataplane.md §2.1): ListPrefixLists (NextToken/MaxResults, a bare
 * `PrefixLists` array), then GetVpcPrefixListEntries per list for the entries with their
 * descriptions; where that call is not offered, the list's CidrBlocks.
 */
async function describePrefixLists(client: CloudClient, regionId: string, options: CallOptions): Promise<Item[]> {
  const lists = await collect({
    client,
    regionId,
    options,
    product: 'vpc',
    action: 'ListPrefixLists',
    style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
    items: ['PrefixLists'],
  });
  return Promise.all(
    lists.map(async (item) => {
      const prefixListId = text(item, 'PrefixListId');
      if (!prefixListId) return item;
      try {
        const entries = await collect({
          client,
          regionId,
          options,
          product: 'vpc',
          action: 'GetVpcPrefixListEntries',
          params: { PrefixListId: prefixListId },
          style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
          items: ['PrefixListEntry'],
        });
        return { ...item, [ENTRIES]: entries };
      } catch (error) {
        if (error instanceof CloudError && isUnsupportedAction(error)) return item;
        throw error;
      }
    }),
  );
}

function dedupeRoutes(entries: RouteEntryInput[]): RouteEntryInput[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.destinationCidrBlock}\u0000${e.nextHopType}\u0000${e.nextHopId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface RawTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly routeTableType: 'System' | 'Custom';
  readonly vSwitchIds: readonly string[];
  readonly entries: readonly Item[];
  readonly name: string;
  readonly status: string;
  readonly warnings: readonly string[];
}

/**
 * Route tables of the region's VPCs with their entries: DescribeRouteTableList, then
 * DescribeRouteEntryList per table (Custom entries, NextToken/MaxResult paging, §4.1). Where
 * DescribeRouteTableList is not offered (an older endpoint or emulator answers InvalidAction), the
 * deprecated DescribeRouteTables per vRouter, whose tables carry their entries inline.
 */
async function describeRouteTables(
  client: CloudClient,
  regionId: string,
  vpcs: readonly VpcInput[],
  vpcOfRouter: ReadonlyMap<string, string>,
  options: CallOptions,
): Promise<RawTable[]> {
  let listed: Record<string, unknown>[];
  try {
    listed = await collect({
      client,
      regionId,
      options,
      product: 'vpc',
      action: 'DescribeRouteTableList',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['RouterTableList', 'RouterTableListType'],
    });
  } catch (error) {
    if (!(error instanceof CloudError) || !isUnsupportedAction(error)) throw error;
    return describeRouteTablesLegacy(client, regionId, vpcs, vpcOfRouter, options);
  }
  const tables = await Promise.all(
    listed.map(async (item): Promise<RawTable | undefined> => {
      const routeTableId = text(item, 'RouteTableId');
      const routerType = text(item, 'RouterType');
      if (!routeTableId || (routerType !== '' && routerType !== 'VRouter')) return undefined;
      const vpcId = text(item, 'VpcId') || vpcOfRouter.get(text(item, 'RouterId')) || '';
      const type = text(item, 'RouteTableType');
      if (!vpcId) return undefined;
      if (type !== 'System' && type !== 'Custom') {
        return {
          routeTableId,
          vpcId,
          routeTableType: 'Custom',
          vSwitchIds: [],
          entries: [],
          name: '',
          status: '',
          warnings: [`route table ${routeTableId}: type "${type}" is not System or Custom; left out`],
        };
      }
      const entries = await collect({
        client,
        regionId,
        options,
        product: 'vpc',
        action: 'DescribeRouteEntryList',
        // Every type (Custom, and the dynamic BGP / CEN / ECR entries, §4.1); System ones are implied.
        params: { RouteTableId: routeTableId },
        style: { kind: 'nextToken', sizeParam: 'MaxResult', size: 100 },
        items: ['RouteEntrys', 'RouteEntry'],
      });
      return {
        routeTableId,
        vpcId,
        routeTableType: type,
        vSwitchIds: list(item, 'VSwitchIds', 'VSwitchId').map(String),
        entries,
        name: text(item, 'RouteTableName'),
        status: text(item, 'Status'),
        warnings: [],
      };
    }),
  );
  return tables.filter((t): t is RawTable => t !== undefined);
}

async function describeRouteTablesLegacy(
  client: CloudClient,
  regionId: string,
  vpcs: readonly VpcInput[],
  vpcOfRouter: ReadonlyMap<string, string>,
  options: CallOptions,
): Promise<RawTable[]> {
  const perRouter = await Promise.all(
    vpcs.map((vpc) =>
      collect({
        client,
        regionId,
        options,
        product: 'vpc',
        action: 'DescribeRouteTables',
        params: { VRouterId: vpc.vRouterId },
        style: { kind: 'pageNumber', pageSize: 50 },
        items: ['RouteTables', 'RouteTable'],
      }),
    ),
  );
  const out: RawTable[] = [];
  for (const item of perRouter.flat()) {
    const routeTableId = text(item, 'RouteTableId');
    const type = text(item, 'RouteTableType');
    const vpcId = vpcOfRouter.get(text(item, 'VRouterId')) ?? '';
    if (!routeTableId || !vpcId || (type !== 'System' && type !== 'Custom')) continue;
    out.push({
      routeTableId,
      vpcId,
      routeTableType: type,
      vSwitchIds: list(item, 'VSwitchIds', 'VSwitchId').map(String),
      entries: list(item, 'RouteEntrys', 'RouteEntry').filter((e): e is Item => typeof e === 'object' && e !== null),
      name: text(item, 'RouteTableName'),
      status: text(item, 'Status'),
      warnings: [],
    });
  }
  return out;
}

function isUnsupportedAction(error: CloudError): boolean {
  return (
    error.code === 'InvalidAction' || error.code.startsWith('InvalidAction.') || error.code === 'InvalidAction.NotFound'
  );
}

interface RawGroup {
  readonly item: Item;
  readonly attribute: Item;
  readonly permissions: readonly Item[];
}

/** DescribeSecurityGroups, then DescribeSecurityGroupAttribute per VPC group (rules, inner policy; §5.3). */
async function describeSecurityGroups(
  client: CloudClient,
  regionId: string,
  options: CallOptions,
): Promise<RawGroup[]> {
  const items = await collect({
    client,
    regionId,
    options,
    product: 'ecs',
    action: 'DescribeSecurityGroups',
    style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
    items: ['SecurityGroups', 'SecurityGroup'],
  });
  return Promise.all(
    items
      .filter((item) => text(item, 'SecurityGroupId') !== '')
      .map(async (item): Promise<RawGroup> => {
        const securityGroupId = text(item, 'SecurityGroupId');
        if (!text(item, 'VpcId')) return { item, attribute: {}, permissions: [] }; // classic: mapSecurityGroup warns
        const permissions: Item[] = [];
        let attribute: Item = {};
        let token: string | undefined;
        const tokens = new Set<string>();
        // The attribute call pages its rules with NextToken/MaxResults (10-1000) in newer API
        // versions; an answer without NextToken is the whole list.
        for (;;) {
          const response = await client.call(
            'ecs',
            regionId,
            'DescribeSecurityGroupAttribute',
            { SecurityGroupId: securityGroupId, Direction: 'all', MaxResults: 1000, NextToken: token },
            options,
          );
          if (!token) attribute = response;
          for (const p of list(response, 'Permissions', 'Permission'))
            if (typeof p === 'object' && p !== null) permissions.push(p as Item);
          const next = typeof response.NextToken === 'string' ? response.NextToken : '';
          if (!next || tokens.has(next)) break;
          tokens.add(next);
          token = next;
        }
        return { item, attribute, permissions };
      }),
  );
}

/** Merges the slices (and `existing`) into one document. */
function assemble(request: ImportRequest, slices: readonly RegionSlice[], warnings: string[]): Record<string, unknown> {
  const existing = request.existing;
  const importedAccounts = new Set(request.accounts.map((a) => a.accountId));
  const scopes = new Set<string>();
  // Every (account, region) the import looked at is replaced, found or not: a VPC deleted in the
  // cloud disappears from the document.
  const explicitRegions =
    request.regions !== undefined && request.regions.length > 0
      ? request.regions
      : (regionsOf(existing) ?? DEFAULT_REGIONS);
  for (const accountId of importedAccounts)
    for (const regionId of explicitRegions) scopes.add(`${accountId}\u0000${regionId}`);

  const byId = <T>(items: readonly T[], id: (t: T) => string, kind: string): T[] => {
    const seen = new Map<string, T>();
    for (const item of items) {
      const key = id(item);
      if (seen.has(key)) {
        warnings.push(`${kind} ${key} was described twice (shared between accounts?); kept the first`);
        continue;
      }
      seen.set(key, item);
    }
    return [...seen.values()].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  };

  // Resources of `existing` outside the imported scopes are kept as they are.
  const kept = keptFromExisting(existing, scopes);
  if (kept.count > 0)
    warnings.push(
      `kept ${countOf(kept.count, 'resource')} of the merged document outside the imported accounts/regions unchanged`,
    );

  const names = existingNames(existing);
  const withName = <T extends { name?: string | undefined }>(id: string, item: T): T =>
    item.name || !names.has(id) ? item : { ...item, name: names.get(id) };

  const all = <K extends keyof RegionSlice>(key: K) => slices.flatMap((s) => s[key] as unknown as never[]);
  const importedIds = new Set<string>();
  const vpcs = byId(all('vpcs') as VpcInput[], (v) => v.vpcId, 'VPC').map((v) => withName(v.vpcId, v));
  const vSwitches = byId(all('vSwitches') as VSwitchInput[], (v) => v.vSwitchId, 'vSwitch').map((v) =>
    withName(v.vSwitchId, v),
  );
  const routeTables = byId(all('routeTables') as RouteTableInput[], (t) => t.routeTableId, 'route table');
  const routerInterfaces = byId(
    all('routerInterfaces') as RouterInterfaceInput[],
    (r) => r.routerInterfaceId,
    'router interface',
  ).map((r) => withName(r.routerInterfaceId, r));
  const securityGroups = byId(
    all('securityGroups') as SecurityGroupInput[],
    (g) => g.securityGroupId,
    'security group',
  ).map((g) => withName(g.securityGroupId, g));
  const instances = byId(all('instances') as InstanceInput[], (i) => i.instanceId, 'instance').map((i) =>
    withName(i.instanceId, i),
  );
  const networkAcls = byId(all('networkAcls') as NetworkAclInput[], (a) => a.networkAclId, 'network ACL');
  const networkInterfaces = byId(
    all('networkInterfaces') as NetworkInterfaceInput[],
    (n) => n.networkInterfaceId,
    'ENI',
  ).map((n) => withName(n.networkInterfaceId, n));
  const prefixLists = byId(all('prefixLists') as PrefixListInput[], (l) => l.prefixListId, 'prefix list');
  const vpcPeerConnections = mergePeerings(all('vpcPeerConnections') as VpcPeerInput[], warnings);
  for (const list of [
    vpcs.map((v) => v.vpcId),
    vSwitches.map((v) => v.vSwitchId),
    routeTables.map((t) => t.routeTableId),
    routerInterfaces.map((r) => r.routerInterfaceId),
    securityGroups.map((g) => g.securityGroupId),
    instances.map((i) => i.instanceId),
    networkAcls.map((a) => a.networkAclId),
    networkInterfaces.map((n) => n.networkInterfaceId),
    prefixLists.map((l) => l.prefixListId),
    vpcPeerConnections.map((p) => p.instanceId),
  ]) {
    for (const id of list) importedIds.add(id);
  }
  const merge = <T>(imported: T[], keptItems: readonly T[], id: (t: T) => string): T[] =>
    [...imported, ...keptItems.filter((k) => !importedIds.has(id(k)))].sort((a, b) =>
      id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0,
    );

  // An ENI may sit in groups of an account that was not imported (a shared vSwitch, a service's ENI):
  // name each such group rather than leave a silent hole.
  const mergedEnis = merge(
    networkInterfaces,
    kept.networkInterfaces as NetworkInterfaceInput[],
    (n) => n.networkInterfaceId,
  );
  const knownGroups = new Set(
    merge(securityGroups, kept.securityGroups as SecurityGroupInput[], (g) => g.securityGroupId).map(
      (g) => g.securityGroupId,
    ),
  );
  for (const eni of mergedEnis)
    for (const groupId of eni.securityGroupIds)
      if (!knownGroups.has(groupId))
        warnings.push(
          `ENI ${eni.networkInterfaceId}: security group ${groupId} is not in the imported accounts (another account's group?); import its account too, until then validate reports it`,
        );
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
    vpcs: merge(vpcs, kept.vpcs as VpcInput[], (v) => v.vpcId),
    vSwitches: merge(vSwitches, kept.vSwitches as VSwitchInput[], (v) => v.vSwitchId),
    routeTables: merge(routeTables, kept.routeTables as RouteTableInput[], (t) => t.routeTableId),
    routerInterfaces: merge(
      routerInterfaces,
      kept.routerInterfaces as RouterInterfaceInput[],
      (r) => r.routerInterfaceId,
    ),
    securityGroups: merge(securityGroups, kept.securityGroups as SecurityGroupInput[], (g) => g.securityGroupId),
    instances: merge(instances, kept.instances as InstanceInput[], (i) => i.instanceId),
    ...optionalArray(
      'networkAcls',
      merge(networkAcls, kept.networkAcls as NetworkAclInput[], (a) => a.networkAclId),
    ),
    ...optionalArray('networkInterfaces', mergedEnis),
    ...optionalArray(
      'prefixLists',
      merge(prefixLists, kept.prefixLists as PrefixListInput[], (l) => l.prefixListId),
    ),
    ...optionalArray(
      'vpcPeerConnections',
      merge(vpcPeerConnections, kept.vpcPeerConnections as VpcPeerInput[], (p) => p.instanceId),
    ),
  };
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

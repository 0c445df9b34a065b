/**
 * The Describe* calls of one region whose answers need more than one paged list: route tables
 * with their entries, security groups with their rules, VPC prefix lists with their entries. Each
 * returns the cloud's items as they are (raw); region.ts maps them.
 */
import { CloudError, collect, type CallOptions, type CloudClient } from '../client';
import { list, text, type VpcInput } from './map';

export type Item = Readonly<Record<string, unknown>>;

/** Where one region's calls go (collect takes these three as they are). */
export interface RegionCalls {
  readonly client: CloudClient;
  readonly regionId: string;
  readonly options: CallOptions;
}

/** Where describePrefixLists puts each list's GetVpcPrefixListEntries answer on its item. */
export const ENTRIES = '\u0000entries';

/**
 * VPC prefix lists (aliyun-dataplane.md §2.1): ListPrefixLists (NextToken/MaxResults, a bare
 * `PrefixLists` array), then GetVpcPrefixListEntries per list for the entries with their
 * descriptions; where that call is not offered, the list's CidrBlocks.
 */
export async function describePrefixLists(calls: RegionCalls): Promise<Item[]> {
  const lists = await collect({
    ...calls,
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
          ...calls,
          product: 'vpc',
          action: 'GetVpcPrefixListEntries',
          params: { PrefixListId: prefixListId },
          style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
          items: ['PrefixListEntry'],
        });
        return { ...item, [ENTRIES]: entries };
      } catch (error) {
        if (isUnsupportedAction(error)) return item;
        throw error;
      }
    }),
  );
}

export interface RawTable {
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
export async function describeRouteTables(
  calls: RegionCalls,
  vpcs: readonly VpcInput[],
  vpcOfRouter: ReadonlyMap<string, string>,
): Promise<RawTable[]> {
  let listed: Record<string, unknown>[];
  try {
    listed = await collect({
      ...calls,
      product: 'vpc',
      action: 'DescribeRouteTableList',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['RouterTableList', 'RouterTableListType'],
    });
  } catch (error) {
    if (!isUnsupportedAction(error)) throw error;
    return describeRouteTablesLegacy(calls, vpcs, vpcOfRouter);
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
        ...calls,
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
  calls: RegionCalls,
  vpcs: readonly VpcInput[],
  vpcOfRouter: ReadonlyMap<string, string>,
): Promise<RawTable[]> {
  const perRouter = await Promise.all(
    vpcs.map((vpc) =>
      collect({
        ...calls,
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

/** The endpoint does not offer the action (an older endpoint or emulator): InvalidAction or InvalidAction.*. */
export function isUnsupportedAction(error: unknown): boolean {
  return error instanceof CloudError && (error.code === 'InvalidAction' || error.code.startsWith('InvalidAction.'));
}

export interface RawGroup {
  readonly item: Item;
  readonly attribute: Item;
  readonly permissions: readonly Item[];
}

/** DescribeSecurityGroups, then DescribeSecurityGroupAttribute per VPC group (rules, inner policy; §5.3). */
export async function describeSecurityGroups(calls: RegionCalls): Promise<RawGroup[]> {
  const { client, regionId, options } = calls;
  const items = await collect({
    ...calls,
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

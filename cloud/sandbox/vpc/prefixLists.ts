/**
 * VPC prefix lists (VPC 2016-04-28, aliyun-dataplane.md §2.1): CreateVpcPrefixList (IpVersion,
 * not AddressFamily: §0 #8), ListPrefixLists (a bare `PrefixLists` array, NextToken/MaxResults),
 * GetVpcPrefixListEntries, ModifyVpcPrefixList (add/remove entries, MaxEntries), DeleteVpcPrefixList
 * (refused while a route or ACL entry references the list).
 */
import { parseCidr } from '../../../simulator/net';
import { isoTime } from '../world';
import { region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { long } from '../json';
import { boolean, integer, optional, repeatList, repeatObjects, required, tokenPage } from '../params';
import { newResourceId } from '../rng';
import { type PrefixListRec, DEFAULT_PREFIX_LIST_MAX_ENTRIES, dataplaneOf } from './dataplaneState';
import { RESOURCE_GROUP } from './lookups';

/** Quotas (§2.1): lists per account, CIDRs per list. */
const MAX_LISTS_PER_ACCOUNT = 10;
const MAX_ENTRIES = 200;

function ownLists(ctx: CallContext, regionId: string): PrefixListRec[] {
  return dataplaneOf(ctx.cloud.state).prefixLists.filter(
    (l) => l.accountId === ctx.accountId && l.regionId === regionId,
  );
}

function ownList(ctx: CallContext, regionId: string): PrefixListRec {
  const id = required(ctx.params, 'PrefixListId');
  const list = ownLists(ctx, regionId).find((l) => l.prefixListId === id);
  if (!list) throw new ApiError('ResourceNotFound.PrefixList', 404, `The specified prefix list "${id}" is not found.`);
  return list;
}

function checkCidr(list: Pick<PrefixListRec, 'ipVersion'>, cidr: string, name: string): void {
  const v6 = cidr.includes(':');
  if (!v6 && !parseCidr(cidr).ok) throw invalidParameter(name, `"${cidr}" is not a CIDR block.`);
  // One list cannot hold both families (§2.1).
  if (v6 !== (list.ipVersion === 'IPv6')) throw invalidParameter(name, `"${cidr}" is not ${list.ipVersion}.`);
}

function listItem(list: PrefixListRec): Record<string, unknown> {
  return {
    PrefixListId: list.prefixListId,
    PrefixListName: list.name,
    PrefixListDescription: list.description,
    IpVersion: list.ipVersion.toUpperCase(),
    MaxEntries: list.maxEntries,
    CidrBlocks: list.entries.map((e) => e.cidr),
    Status: 'Created',
    PrefixListStatus: 'Created',
    PrefixListType: 'Custom',
    ShareType: '',
    OwnerId: long(list.accountId),
    RegionId: list.regionId,
    ResourceGroupId: RESOURCE_GROUP,
    CreationTime: list.creationTime,
    Tags: [],
  };
}

export const createVpcPrefixList: Handler = (ctx) => {
  const regionId = region(ctx);
  const ipVersion = (optional(ctx.params, 'IpVersion') ?? 'IPv4').toLowerCase() === 'ipv6' ? 'IPv6' : 'IPv4';
  const maxEntries = integer(ctx.params, 'MaxEntries', {
    min: 1,
    max: MAX_ENTRIES,
    fallback: DEFAULT_PREFIX_LIST_MAX_ENTRIES,
  });
  const entries = repeatObjects(ctx.params, 'PrefixListEntries').map((e, n) => {
    const cidr = e.get('Cidr') ?? '';
    checkCidr({ ipVersion }, cidr, `PrefixListEntries.${n + 1}.Cidr`);
    return { cidr, description: e.get('Description') ?? '' };
  });
  if (entries.length > maxEntries)
    throw invalidParameter('PrefixListEntries', `more entries than MaxEntries ${maxEntries}.`);
  if (ownLists(ctx, regionId).length >= MAX_LISTS_PER_ACCOUNT)
    // Code UNCONFIRMED.
    throw new ApiError('QuotaExceeded.PrefixList', 400, `At most ${MAX_LISTS_PER_ACCOUNT} prefix lists per account.`);
  if (boolean(ctx.params, 'DryRun') === true)
    throw new ApiError('DryRunOperation', 400, 'Request validation has been passed with DryRun flag set.');
  const list: PrefixListRec = {
    prefixListId: newResourceId(ctx.cloud.rng, 'pl', regionId),
    accountId: ctx.accountId,
    regionId,
    name: optional(ctx.params, 'PrefixListName') ?? '',
    description: optional(ctx.params, 'PrefixListDescription') ?? '',
    ipVersion,
    maxEntries,
    entries,
    creationTime: isoTime(ctx.cloud.now()),
  };
  dataplaneOf(ctx.cloud.state).prefixLists.push(list);
  return { PrefixListId: list.prefixListId };
};

export const listPrefixLists: Handler = (ctx) => {
  const regionId = region(ctx);
  let lists = ownLists(ctx, regionId);
  const ids = repeatList(ctx.params, 'PrefixListIds');
  if (ids.length) lists = lists.filter((l) => ids.includes(l.prefixListId));
  const name = optional(ctx.params, 'PrefixListName');
  if (name !== undefined) lists = lists.filter((l) => l.name === name);
  const p = tokenPage(ctx.params, lists, 'MaxResults', { min: 1, max: 100, fallback: 20 });
  return { NextToken: p.nextToken, MaxResults: p.size, TotalCount: lists.length, PrefixLists: p.items.map(listItem) };
};

export const getVpcPrefixListEntries: Handler = (ctx) => {
  const regionId = region(ctx);
  const list = ownList(ctx, regionId);
  const p = tokenPage(ctx.params, list.entries, 'MaxResults', { min: 1, max: 100, fallback: 20 });
  return {
    NextToken: p.nextToken,
    Count: p.items.length,
    TotalCount: list.entries.length,
    PrefixListEntry: p.items.map((e) => ({
      Cidr: e.cidr,
      Description: e.description,
      PrefixListId: list.prefixListId,
      RegionId: regionId,
    })),
  };
};

export const modifyVpcPrefixList: Handler = (ctx) => {
  const regionId = region(ctx);
  const list = ownList(ctx, regionId);
  const add = repeatObjects(ctx.params, 'AddPrefixListEntry').map((e, n) => {
    const cidr = e.get('Cidr') ?? '';
    checkCidr(list, cidr, `AddPrefixListEntry.${n + 1}.Cidr`);
    return { cidr, description: e.get('Description') ?? '' };
  });
  const remove = repeatObjects(ctx.params, 'RemovePrefixListEntry').map((e) => e.get('Cidr') ?? '');
  const maxEntries = integer(ctx.params, 'MaxEntries', { min: 1, max: MAX_ENTRIES, fallback: list.maxEntries });
  let entries = list.entries.filter((e) => !remove.includes(e.cidr));
  for (const entry of add) {
    // Adding an existing CIDR only updates its description (§2.1).
    const existing = entries.find((e) => e.cidr === entry.cidr);
    if (existing) entries = entries.map((e) => (e === existing ? { ...e, description: entry.description } : e));
    else entries = [...entries, entry];
  }
  if (entries.length > maxEntries)
    throw invalidParameter('MaxEntries', `the list would hold ${entries.length} entries.`);
  list.entries = entries;
  list.maxEntries = maxEntries;
  const name = optional(ctx.params, 'PrefixListName');
  if (name !== undefined) list.name = name;
  const description = optional(ctx.params, 'PrefixListDescription');
  if (description !== undefined) list.description = description;
  return {};
};

export const deleteVpcPrefixList: Handler = (ctx) => {
  const regionId = region(ctx);
  const list = ownList(ctx, regionId);
  const plane = dataplaneOf(ctx.cloud.state);
  const referenced =
    ctx.cloud.state.routeEntries.some((r) => r.destinationCidrBlock === list.prefixListId) ||
    plane.networkAcls.some((a) => [...a.ingress, ...a.egress].some((e) => e.cidr === list.prefixListId));
  // The owner cannot delete a referenced list (§2.1). Code UNCONFIRMED.
  if (referenced)
    throw new ApiError('DependencyViolation.PrefixList', 400, `Prefix list ${list.prefixListId} is still referenced.`);
  plane.prefixLists = plane.prefixLists.filter((l) => l !== list);
  return {};
};

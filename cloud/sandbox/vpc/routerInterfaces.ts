/**
 * Router interfaces (aliyun-api.md §3, aliyun-links.md §4): describe, create, modify, connect,
 * activate, deactivate, delete, modify spec. The opposite end is looked up across accounts, as the
 * cloud does.
 */
import { RI_SPEC_BANDWIDTH_MBPS, RI_SPECS } from '../../../simulator/document';
import { decideRouterInterface, type LifecycleRouterInterface } from '../../../simulator/lifecycle';
import { checkRegion, region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { Long } from '../json';
import { boolean, filters, oneOf, optional, page, required } from '../params';
import { newResourceId } from '../rng';
import type { RouterInterfaceRec, VpcRec } from '../world';
import { RESOURCE_GROUP, ownRouterInterface } from './lookups';

function vpcOfRouter(ctx: CallContext, routerId: string | undefined): VpcRec | undefined {
  return routerId === undefined ? undefined : ctx.cloud.state.vpcs.find((v) => v.vRouterId === routerId);
}

function bandwidthOf(spec: string): number {
  return (RI_SPEC_BANDWIDTH_MBPS as Record<string, number>)[spec] ?? 0;
}

function routerInterfaceItem(ctx: CallContext, ri: RouterInterfaceRec): Record<string, unknown> {
  const peer = ri.oppositeInterfaceId
    ? ctx.cloud.state.routerInterfaces.find((r) => r.routerInterfaceId === ri.oppositeInterfaceId)
    : undefined;
  return {
    RouterInterfaceId: ri.routerInterfaceId,
    Name: ri.name,
    Description: ri.description,
    RegionId: ri.regionId,
    RouterId: ri.routerId,
    RouterType: ri.routerType,
    Role: ri.role,
    Spec: ri.spec,
    Bandwidth: bandwidthOf(ri.spec),
    Status: ri.status,
    // BusinessStatus "Normal", ChargeType "AfterPay" and empty strings for unset fields are
    // UNCONFIRMED conventions (aliyun-api.md §8a).
    BusinessStatus: 'Normal',
    ChargeType: 'AfterPay',
    CreationTime: ri.creationTime,
    ConnectedTime: ri.connectedTime,
    EndTime: '',
    VpcInstanceId: vpcOfRouter(ctx, ri.routerId)?.vpcId ?? '',
    AccessPointId: '',
    OppositeRegionId: ri.oppositeRegionId,
    OppositeInterfaceId: ri.oppositeInterfaceId ?? '',
    OppositeRouterId: ri.oppositeRouterId ?? '',
    OppositeRouterType: ri.oppositeRouterType ?? '',
    // A string in the current SDK, unlike OwnerId (aliyun-api.md §3.8, §9).
    OppositeInterfaceOwnerId: ri.oppositeInterfaceOwnerId ?? '',
    OppositeVpcInstanceId: vpcOfRouter(ctx, ri.oppositeRouterId)?.vpcId ?? '',
    OppositeAccessPointId: '',
    OppositeInterfaceSpec: peer?.spec ?? '',
    // `Deleted` exists only as an opposite status (aliyun-links.md §4 d/e): an interface whose
    // opposite was deleted reports it so. Its own status is left as it was (not confirmed by a real
    // account).
    OppositeInterfaceStatus: peer?.status ?? (ri.oppositeInterfaceId ? 'Deleted' : ''),
    OppositeInterfaceBusinessStatus: peer ? 'Normal' : '',
    OppositeBandwidth: peer ? bandwidthOf(peer.spec) : 0,
    HealthCheckSourceIp: ri.healthCheckSourceIp,
    HealthCheckTargetIp: ri.healthCheckTargetIp,
    HcRate: 0,
    HcThreshold: 0,
    CrossBorder: false,
    FastLinkMode: false,
    HasReservationData: 'false',
    ReservationActiveTime: '',
    ReservationBandwidth: '',
    ReservationInternetChargeType: '',
    ReservationOrderType: '',
    Ipv6Status: '',
    ResourceGroupId: RESOURCE_GROUP,
    Tags: { Tags: [] },
  };
}

const RI_FILTER_KEYS = [
  'RouterInterfaceId',
  'RouterId',
  'RouterType',
  'RouterInterfaceOwnerId',
  'OppositeInterfaceId',
  'OppositeRouterType',
  'OppositeRouterId',
  'OppositeInterfaceOwnerId',
  'Status',
  'Name',
] as const;

export const describeRouterInterfaces: Handler = (ctx) => {
  const regionId = region(ctx);
  const wanted = filters(ctx.params, RI_FILTER_KEYS);
  const field = (ri: RouterInterfaceRec, key: string): string => {
    switch (key) {
      case 'RouterInterfaceId':
        return ri.routerInterfaceId;
      case 'RouterId':
        return ri.routerId;
      case 'RouterType':
        return ri.routerType;
      case 'RouterInterfaceOwnerId':
        return ri.accountId;
      case 'OppositeInterfaceId':
        return ri.oppositeInterfaceId ?? '';
      case 'OppositeRouterType':
        return ri.oppositeRouterType ?? '';
      case 'OppositeRouterId':
        return ri.oppositeRouterId ?? '';
      case 'OppositeInterfaceOwnerId':
        return ri.oppositeInterfaceOwnerId ?? '';
      case 'Status':
        return ri.status;
      default:
        return ri.name;
    }
  };
  // Values of one key are OR-ed, different keys AND-ed (aliyun-api.md §3.8).
  const items = ctx.cloud.state.routerInterfaces.filter(
    (ri) =>
      ri.accountId === ctx.accountId &&
      ri.regionId === regionId &&
      [...wanted].every(([key, values]) => values.has(field(ri, key))),
  );
  const p = page(ctx.params, items);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    RouterInterfaceSet: { RouterInterfaceType: p.items.map((ri) => routerInterfaceItem(ctx, ri)) },
  };
};

function checkName(value: string | undefined, field: string): void {
  // Name 2-128 chars (aliyun-api.md §3.2); the code's typo is the API's (§3.3).
  if (value !== undefined && (value.length < 2 || value.length > 128 || /^https?:\/\//.test(value))) {
    throw new ApiError(
      field === 'Name' ? 'InvalidName.Malformd' : 'InvalidDescription.Malformed',
      400,
      `${field} must be 2-${field === 'Name' ? 128 : 256} characters and must not start with http:// or https://.`,
    );
  }
}

const ROUTER_TYPES = ['VRouter', 'VBR'] as const;

export const createRouterInterface: Handler = (ctx) => {
  const regionId = region(ctx);
  const role = oneOf(ctx.params, 'Role', ['InitiatingSide', 'AcceptingSide'] as const, { required: true })!;
  const routerType = oneOf(ctx.params, 'RouterType', ROUTER_TYPES, { required: true })!;
  const routerId = required(ctx.params, 'RouterId');
  const spec = oneOf(ctx.params, 'Spec', RI_SPECS, { required: true })!;
  const oppositeRegionId = required(ctx.params, 'OppositeRegionId');
  checkRegion(ctx, oppositeRegionId, 'OppositeRegionId');
  const oppositeRouterType = oneOf(ctx.params, 'OppositeRouterType', ROUTER_TYPES);
  const name = optional(ctx.params, 'Name');
  checkName(name, 'Name');
  const description = optional(ctx.params, 'Description');
  checkName(description, 'Description');
  if (boolean(ctx.params, 'FastLinkMode') === true)
    throw invalidParameter('FastLinkMode', 'FastLinkMode needs a VBR, which the vpclink sandbox does not emulate.');
  const vpc = ctx.cloud.state.vpcs.find((v) => v.vRouterId === routerId);
  if (routerType === 'VBR' || !vpc || vpc.accountId !== ctx.accountId || vpc.regionId !== regionId) {
    // Code UNCONFIRMED.
    throw new ApiError(
      'InvalidRouterId.NotFound',
      404,
      `The specified RouterId "${routerId}" is not a ${routerType} of this account in ${regionId}.`,
    );
  }
  const candidate: LifecycleRouterInterface = {
    routerInterfaceId: '(new)',
    accountId: ctx.accountId,
    regionId,
    routerType: 'VRouter',
    routerId,
    role,
    spec,
    status: 'Idle',
    oppositeRegionId,
    ...optionalField('oppositeInterfaceId', optional(ctx.params, 'OppositeInterfaceId')),
    ...optionalField('oppositeRouterId', optional(ctx.params, 'OppositeRouterId')),
    ...optionalField('oppositeRouterType', oppositeRouterType),
    ...optionalField('oppositeInterfaceOwnerId', optional(ctx.params, 'OppositeInterfaceOwnerId')),
  };
  const decision = decideRouterInterface(ctx.cloud.riWorld(), { kind: 'create', candidate });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  const ri: RouterInterfaceRec = {
    ...candidate,
    routerInterfaceId: newResourceId(ctx.cloud.rng, 'ri', regionId),
    name: name ?? '',
    description: description ?? '',
    creationTime: ctx.cloud.nowIso(),
    connectedTime: '',
    healthCheckSourceIp: optional(ctx.params, 'HealthCheckSourceIp') ?? '',
    healthCheckTargetIp: optional(ctx.params, 'HealthCheckTargetIp') ?? '',
  };
  ctx.cloud.state.routerInterfaces.push(ri);
  ctx.cloud.dirty = true;
  // Creation lands in Idle at once; terraform polls for Idle, which it then sees (aliyun-api.md §3.2).
  // OrderId is a Long (16 digits, beyond 2^53): written literally into the JSON (§8a).
  const orderId = new Long(String(1 + ctx.cloud.rng.int(9)) + ctx.cloud.rng.chars('0123456789', 15));
  return { RouterInterfaceId: ri.routerInterfaceId, OrderId: orderId };
};

function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export const modifyRouterInterfaceAttribute: Handler = (ctx) => {
  const regionId = region(ctx);
  const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
  const oppositeInterfaceId = optional(ctx.params, 'OppositeInterfaceId');
  const oppositeRouterId = optional(ctx.params, 'OppositeRouterId');
  let oppositeRouterType = oneOf(ctx.params, 'OppositeRouterType', ROUTER_TYPES);
  const ownerText = optional(ctx.params, 'OppositeInterfaceOwnerId');
  const changesOpposite =
    oppositeInterfaceId !== undefined ||
    oppositeRouterId !== undefined ||
    oppositeRouterType !== undefined ||
    ownerText !== undefined;
  // The API meta gives OppositeRouterType the DEFAULT `VBR` (aliyun-api.md §3.3): a caller who sets
  // the opposite without it gets VBR, and the connect then fails. Emulated on purpose (UNCONFIRMED
  // whether the real service applies the default on modify).
  if (changesOpposite && oppositeRouterType === undefined) oppositeRouterType = 'VBR';
  const name = optional(ctx.params, 'Name');
  checkName(name, 'Name');
  const description = optional(ctx.params, 'Description');
  checkName(description, 'Description');
  const decision = decideRouterInterface(ctx.cloud.riWorld(), {
    kind: 'modifyAttribute',
    routerInterfaceId: ri.routerInterfaceId,
    changesOpposite,
  });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  if (changesOpposite && oppositeRouterId !== undefined && oppositeRouterId === ri.routerId) {
    throw new ApiError(
      'IncorrectOppositeInterfaceInfo',
      400,
      'Cannot connect on the same router: the opposite router is the local router.',
    );
  }
  if (oppositeInterfaceId !== undefined) ri.oppositeInterfaceId = oppositeInterfaceId;
  if (oppositeRouterId !== undefined) ri.oppositeRouterId = oppositeRouterId;
  if (oppositeRouterType !== undefined) ri.oppositeRouterType = oppositeRouterType;
  if (ownerText !== undefined) ri.oppositeInterfaceOwnerId = ownerText;
  if (name !== undefined) ri.name = name;
  if (description !== undefined) ri.description = description;
  if (boolean(ctx.params, 'DeleteHealthCheckIp') === true) {
    ri.healthCheckSourceIp = '';
    ri.healthCheckTargetIp = '';
  }
  const hcSource = optional(ctx.params, 'HealthCheckSourceIp');
  if (hcSource !== undefined) ri.healthCheckSourceIp = hcSource;
  const hcTarget = optional(ctx.params, 'HealthCheckTargetIp');
  if (hcTarget !== undefined) ri.healthCheckTargetIp = hcTarget;
  ctx.cloud.dirty = true;
  return {};
};

export function lifecycleCall(kind: 'connect' | 'activate' | 'deactivate'): Handler {
  return (ctx) => {
    const regionId = region(ctx);
    const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
    const decision = decideRouterInterface(ctx.cloud.riWorld(), { kind, routerInterfaceId: ri.routerInterfaceId });
    if (decision.kind === 'refused') throw ApiError.from(decision.error);
    ctx.cloud.applyRiEffects(decision.effects);
    return {};
  };
}

export const deleteRouterInterface: Handler = (ctx) => {
  const regionId = region(ctx);
  const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
  const referencingRoutes = ctx.cloud.state.routeEntries.filter(
    (e) => e.nextHopType === 'RouterInterface' && e.nextHopId === ri.routerInterfaceId,
  ).length;
  const decision = decideRouterInterface(ctx.cloud.riWorld(), {
    kind: 'delete',
    routerInterfaceId: ri.routerInterfaceId,
    referencingRoutes,
  });
  if (decision.kind === 'refused') throw deleteRefusal(decision.error);
  ctx.cloud.applyRiEffects(decision.effects);
  return {};
};

/**
 * The lifecycle rules speak the ECS-era codes of DeleteRouterInterface; the current Vpc page lists
 * `InvalidInstance.StatusError` "The router instance status error." and
 * `RouterInterfaceReferredByRouteEntry` "Router interface referred by route entry."
 * (aliyun-links.md §5.1, [DOC:vpc/DeleteRouterInterface-cn]). The sandbox answers with the current
 * page; it lists `ReferredByRouteEntry.RouterInterface` with the same message too — one spelling
 * is picked deliberately, the first one the page lists. The apply engine accepts all of them.
 */
function deleteRefusal(error: { code: string; httpStatus: number; message: string }): ApiError {
  if (error.code === 'IncorrectStatus')
    return new ApiError('InvalidInstance.StatusError', 400, `The router instance status error. ${error.message}`);
  if (error.code === 'DependencyViolation.RouterInterfaceReferedByRouteEntry')
    return new ApiError(
      'RouterInterfaceReferredByRouteEntry',
      400,
      `Router interface referred by route entry. ${error.message}`,
    );
  return ApiError.from(error);
}

export const modifyRouterInterfaceSpec: Handler = (ctx) => {
  const regionId = region(ctx);
  const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
  const spec = oneOf(ctx.params, 'Spec', RI_SPECS, { required: true })!;
  const decision = decideRouterInterface(ctx.cloud.riWorld(), {
    kind: 'modifySpec',
    routerInterfaceId: ri.routerInterfaceId,
    spec,
  });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  ri.spec = spec;
  ctx.cloud.applyRiEffects(decision.effects);
  // Response: RequestId (other fields UNCONFIRMED, aliyun-api.md §3.7); the new spec and bandwidth
  // are added for convenience.
  return { Spec: spec, Bandwidth: bandwidthOf(spec) };
};

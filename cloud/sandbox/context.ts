/** What a handler gets: the cloud, the calling account, the parameters. */
import { REGION_IDS } from '../../simulator/model/regions';
import { ApiError, missingParameter } from './errors';
import type { SandboxCloud } from './engine';
import type { Params } from './params';
import type { AccessKeyRec, StsSessionRec } from './world';

/** Regions the API lists for VPC/ECS (aliyun-api.md §2); regions named in the seed are added. */
export const KNOWN_REGIONS: readonly string[] = REGION_IDS;

export interface CallContext {
  readonly cloud: SandboxCloud;
  /** The account the call acts as (the assumed account for an STS session). */
  readonly accountId: string;
  /** Set when the caller signed with STS credentials. */
  readonly session?: StsSessionRec;
  /** The long-term key the caller signed with (root or RAM user); absent for an STS session. */
  readonly accessKey?: AccessKeyRec;
  readonly params: Params;
  readonly action: string;
}

export type Handler = (ctx: CallContext) => Record<string, unknown>;

export function isKnownRegion(ctx: CallContext, regionId: string): boolean {
  return KNOWN_REGIONS.includes(regionId) || ctx.cloud.state.vpcs.some((v) => v.regionId === regionId);
}

/** The call's RegionId (required by every VPC and ECS action used here, aliyun-api.md §1.2). */
export function region(ctx: CallContext): string {
  const value = ctx.params.get('RegionId');
  if (value === undefined || value === '') throw missingParameter('RegionId');
  checkRegion(ctx, value, 'RegionId');
  return value;
}

export function checkRegion(ctx: CallContext, regionId: string, name: string): void {
  if (!isKnownRegion(ctx, regionId))
    throw new ApiError('InvalidRegionId.NotFound', 404, `The specified ${name} "${regionId}" does not exist.`);
}

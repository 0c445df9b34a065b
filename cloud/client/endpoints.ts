/** Endpoints and API versions (aliyun-api.md §2). */
import { REGION_IDS } from '../../simulator/model/regions';
import type { CloudTarget, Product } from './index';

/** API version per product (aliyun-api.md §2). */
export const API_VERSIONS: Readonly<Record<Product, string>> = {
  vpc: '2016-04-28',
  ecs: '2014-05-26',
  sts: '2015-04-01',
  vpcpeer: '2022-01-01',
  // CEN transit routers, read by the import (aliyun-links.md §2).
  cbn: '2017-09-12',
};

/** Regions listed for VPC and ECS in aliyun-api.md §2 (finance regions left out). */
export const DEFAULT_REGIONS: readonly string[] = REGION_IDS;

/** A region ID as Alibaba spells them (`cn-beijing`, `ap-southeast-1`): safe to put in a host name. */
export function isValidRegionId(regionId: string): boolean {
  return /^[a-z]{2,}(-[a-z0-9]+)+$/.test(regionId);
}

/** Products with no regional endpoints. */
const CENTRAL_ONLY: ReadonlySet<Product> = new Set(['vpcpeer', 'cbn']);

/**
 * The endpoint URL for a call. Real cloud: `https://<product>.<regionId>.aliyuncs.com`
 * (terraform's `vpc.%s.aliyuncs.com` pattern, §2); `regionId` `''` selects the central endpoint
 * `https://<product>.aliyuncs.com` (used for STS, whose central endpoint serves every region).
 * An `endpoint` target sends every product and region to that one URL (the sandbox routes by the
 * `RegionId` parameter, not by host). Throws on a malformed region ID (a bug or bad input that must
 * never reach a host name).
 */
export function endpointFor(target: CloudTarget, product: Product, regionId: string): string {
  if (target.kind === 'endpoint') return target.endpoint.replace(/\/+$/, '');
  // VpcPeer and Cbn answer on one central host for every region (aliyun-links.md §1.1; Cbn: the official SDK's endpoint map).
  if (regionId === '' || CENTRAL_ONLY.has(product)) return `https://${product}.aliyuncs.com`;
  if (!isValidRegionId(regionId))
    throw new Error(`endpointFor: "${regionId}" is not a region ID (expected e.g. cn-beijing)`);
  return `https://${product}.${regionId}.aliyuncs.com`;
}

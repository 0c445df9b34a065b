/**
 * Alibaba Cloud region IDs, the strings the VPC and ECS APIs take as `RegionId`, with the names the
 * console shows: the one table the client (default import regions), the sandbox (regions it
 * answers for) and the app (the region picker) share. Sources: the region list for VPC/ECS in
 * aliyun-api.md §2 [META:products] and Alibaba Cloud's "Regions and zones" page
 * (https://www.alibabacloud.com/help/en/ecs/product-overview/regions-and-zones). Finance and gov
 * regions are left out.
 */
export interface AlibabaRegion {
  readonly id: string;
  readonly name: string;
}

export const ALIBABA_REGIONS: readonly AlibabaRegion[] = [
  { id: 'cn-qingdao', name: 'China (Qingdao)' },
  { id: 'cn-beijing', name: 'China (Beijing)' },
  { id: 'cn-zhangjiakou', name: 'China (Zhangjiakou)' },
  { id: 'cn-huhehaote', name: 'China (Hohhot)' },
  { id: 'cn-wulanchabu', name: 'China (Ulanqab)' },
  { id: 'cn-hangzhou', name: 'China (Hangzhou)' },
  { id: 'cn-shanghai', name: 'China (Shanghai)' },
  { id: 'cn-nanjing', name: 'China (Nanjing - Local Region)' },
  { id: 'cn-fuzhou', name: 'China (Fuzhou - Local Region)' },
  { id: 'cn-shenzhen', name: 'China (Shenzhen)' },
  { id: 'cn-heyuan', name: 'China (Heyuan)' },
  { id: 'cn-guangzhou', name: 'China (Guangzhou)' },
  { id: 'cn-chengdu', name: 'China (Chengdu)' },
  { id: 'cn-hongkong', name: 'China (Hong Kong)' },
  { id: 'ap-northeast-1', name: 'Japan (Tokyo)' },
  { id: 'ap-northeast-2', name: 'South Korea (Seoul)' },
  { id: 'ap-southeast-1', name: 'Singapore' },
  { id: 'ap-southeast-2', name: 'Australia (Sydney)' },
  { id: 'ap-southeast-3', name: 'Malaysia (Kuala Lumpur)' },
  { id: 'ap-southeast-5', name: 'Indonesia (Jakarta)' },
  { id: 'ap-southeast-6', name: 'Philippines (Manila)' },
  { id: 'ap-southeast-7', name: 'Thailand (Bangkok)' },
  { id: 'ap-south-1', name: 'India (Mumbai)' },
  { id: 'us-east-1', name: 'US (Virginia)' },
  { id: 'us-west-1', name: 'US (Silicon Valley)' },
  { id: 'eu-central-1', name: 'Germany (Frankfurt)' },
  { id: 'eu-west-1', name: 'UK (London)' },
  { id: 'me-east-1', name: 'UAE (Dubai)' },
  { id: 'me-central-1', name: 'Saudi Arabia (Riyadh)' },
  { id: 'na-south-1', name: 'Mexico' },
];

/** The region IDs of the table, in its order. */
export const REGION_IDS: readonly string[] = ALIBABA_REGIONS.map((r) => r.id);

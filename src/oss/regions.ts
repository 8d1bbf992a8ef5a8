/**
 * The OSS regions, as data: the ids `region-invalid` accepts (in the V4
 * form, without `oss-`; the `oss-` form is accepted too).
 *
 * Source: Alibaba Cloud, "OSS regions and endpoints",
 * https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints
 * (also https://help.aliyun.com/en/oss/user-guide/regions-and-endpoints),
 * the page whose tables list each region's name, region ID and endpoints.
 * Only the head of that page could be read for this list (China (Hangzhou),
 * China (Shanghai), China (Nanjing - Local Region) "Closing Down", China
 * (Fuzhou - Local Region) "Being decommissioned"); the rest is cross-checked
 * against two more official pages:
 *
 * - "Regions of gateway endpoints supported by OSS",
 *   https://help.aliyun.com/en/oss/oss-supported-gateway-endpoint-regions
 *   (21 regions by name and ID; its Japanese edition also lists Australia
 *   (Sydney) ap-southeast-2 as decommissioned);
 * - EC 0048-00000114,
 *   https://www.alibabacloud.com/help/ja/oss/user-guide/0048-00000114
 *   (China (Ulanqab), (Heyuan), (Guangzhou), (Nanjing - Local Region)).
 *
 * Entries marked `confirmed: false` appear in the region lists of SDKs and
 * tools (OSS endpoint tables in public code), not on a page read for this
 * list. They are accepted, because refusing a real region would block its
 * users; a region that does not exist still fails `check --live` with an
 * error naming the host it could not resolve. When OSS opens a region, add
 * it here.
 *
 * @module
 */

/** One OSS region. */
export interface OssRegion {
  /** The region ID, as V4 signs it: `cn-hangzhou` (the endpoint adds `oss-`). */
  readonly id: string;
  /** The region's name on the Alibaba Cloud pages. */
  readonly name: string;
  /** `decommissioned`: OSS serves no buckets there any more. */
  readonly status?: "decommissioned";
  /** `false` when only SDK and tool region lists name it (see the module). */
  readonly confirmed?: false;
}

/** Every known OSS region, in the order of the Alibaba Cloud page. */
export const OSS_REGIONS: readonly OssRegion[] = [
  // Asia Pacific - Chinese mainland
  { id: "cn-hangzhou", name: "China (Hangzhou)" },
  { id: "cn-shanghai", name: "China (Shanghai)" },
  { id: "cn-nanjing", name: "China (Nanjing - Local Region)" },
  { id: "cn-fuzhou", name: "China (Fuzhou - Local Region)" },
  { id: "cn-wuhan-lr", name: "China (Wuhan - Local Region)", confirmed: false },
  { id: "cn-qingdao", name: "China (Qingdao)" },
  { id: "cn-beijing", name: "China (Beijing)" },
  { id: "cn-zhangjiakou", name: "China (Zhangjiakou)" },
  { id: "cn-huhehaote", name: "China (Hohhot)" },
  { id: "cn-wulanchabu", name: "China (Ulanqab)" },
  { id: "cn-shenzhen", name: "China (Shenzhen)" },
  { id: "cn-heyuan", name: "China (Heyuan)" },
  { id: "cn-guangzhou", name: "China (Guangzhou)" },
  { id: "cn-chengdu", name: "China (Chengdu)" },
  {
    id: "cn-zhengzhou-jva",
    name: "Zhengzhou (China Unicom)",
    confirmed: false,
  },
  // Asia Pacific - others
  { id: "cn-hongkong", name: "China (Hong Kong)" },
  { id: "ap-northeast-1", name: "Japan (Tokyo)" },
  { id: "ap-northeast-2", name: "South Korea (Seoul)", confirmed: false },
  { id: "ap-southeast-1", name: "Singapore" },
  {
    id: "ap-southeast-2",
    name: "Australia (Sydney)",
    status: "decommissioned",
  },
  { id: "ap-southeast-3", name: "Malaysia (Kuala Lumpur)" },
  { id: "ap-southeast-5", name: "Indonesia (Jakarta)" },
  { id: "ap-southeast-6", name: "Philippines (Manila)", confirmed: false },
  { id: "ap-southeast-7", name: "Thailand (Bangkok)", confirmed: false },
  { id: "ap-southeast-8", name: "Malaysia (Johor)", confirmed: false },
  { id: "ap-south-1", name: "India (Mumbai)", confirmed: false },
  // Europe and Americas
  { id: "eu-central-1", name: "Germany (Frankfurt)" },
  { id: "eu-west-1", name: "UK (London)" },
  { id: "eu-west-2", name: "France (Paris)", confirmed: false },
  { id: "us-west-1", name: "US (Silicon Valley)" },
  { id: "us-east-1", name: "US (Virginia)" },
  { id: "na-south-1", name: "Mexico", confirmed: false },
  { id: "sa-east-1", name: "Brazil (São Paulo)", confirmed: false },
  // Middle East
  { id: "me-east-1", name: "UAE (Dubai)" },
  {
    id: "me-central-1",
    name: "Saudi Arabia (Riyadh - Partner Region)",
    confirmed: false,
  },
  // No region attribute, finance and government clouds (endpoint forms).
  {
    id: "rg-china-mainland",
    name: "No region attribute (Chinese mainland)",
    confirmed: false,
  },
  { id: "cn-hzjbp", name: "China East 1 Finance", confirmed: false },
  {
    id: "cn-hzfinance",
    name: "China East 1 Finance (public)",
    confirmed: false,
  },
  {
    id: "cn-hangzhou-finance",
    name: "China East 1 Finance",
    confirmed: false,
  },
  {
    id: "cn-shanghai-finance-1",
    name: "China East 2 Finance",
    confirmed: false,
  },
  {
    id: "cn-shanghai-finance-1-pub",
    name: "China East 2 Finance (public)",
    confirmed: false,
  },
  {
    id: "cn-shenzhen-finance-1",
    name: "China South 1 Finance",
    confirmed: false,
  },
  {
    id: "cn-szfinance",
    name: "China South 1 Finance (public)",
    confirmed: false,
  },
  {
    id: "cn-beijing-finance-1",
    name: "China North 2 Finance",
    confirmed: false,
  },
  {
    id: "cn-beijing-finance-1-pub",
    name: "China North 2 Finance (public)",
    confirmed: false,
  },
  {
    id: "cn-north-2-gov-1",
    name: "China North 2 Ali Gov 1",
    confirmed: false,
  },
];

const BY_ID: ReadonlyMap<string, OssRegion> = new Map(
  OSS_REGIONS.map((region) => [region.id, region]),
);

/**
 * Looks up a region by its id, with or without the `oss-` prefix.
 *
 * @param region The region as written, for example `oss-cn-hangzhou`.
 * @returns The region, or `undefined` when it is not a known OSS region.
 */
export function findOssRegion(region: string): OssRegion | undefined {
  return BY_ID.get(region.replace(/^oss-/, ""));
}

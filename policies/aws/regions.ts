import { EU_REGIONS, isEuRegion } from '../../tenancy/index.ts';

/**
 * AWS region names as they appear inside ARNs, endpoints, service names and availability zones
 * (`arn:aws:kms:us-east-1:…`, `s3.us-east-1.amazonaws.com`, `s3.dualstack.us-east-1…`,
 * `com.amazonaws.us-east-1.s3`, `eu-central-1a`), and S3's dash-style endpoints, where a dash
 * rather than a dot precedes the region (`s3-us-west-2.amazonaws.com`,
 * `bucket.s3-website-us-east-1.amazonaws.com`). Bounded otherwise, so that a name merely
 * containing such letters (`bus-us-east-1x`) does not match.
 */
const REGION = /(?<=(?:^|[^\w-])(?:s3-(?:website-)?)?)((?:us-gov|us-iso|us-isob|us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2})[a-z]?(?![\w-])/g;

export function regionsIn(text: string): string[] {
  if (!text.includes('-')) return [];
  return [...text.matchAll(REGION)].map((m) => m[1]!);
}

export function nonEuRegionsIn(text: string): string[] {
  return regionsIn(text).filter((r) => !isEuRegion(r));
}

export const EU_REGION_LIST = EU_REGIONS.join(', ');
export { isEuRegion };

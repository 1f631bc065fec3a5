import { EU_REGIONS, isEuRegion } from '../../tenancy/index.ts';

/**
 * AWS region names as they appear inside ARNs, endpoints, service names and availability zones
 * (`arn:aws:kms:us-east-1:…`, `s3.us-east-1.amazonaws.com`, `com.amazonaws.us-east-1.s3`,
 * `eu-central-1a`). Bounded so that a name merely containing such letters does not match.
 */
const REGION = /(?<![\w-])((?:us-gov|us-iso|us-isob|us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2})[a-z]?(?![\w-])/g;

export function regionsIn(text: string): string[] {
  if (!text.includes('-')) return [];
  return [...text.matchAll(REGION)].map((m) => m[1]!);
}

export function nonEuRegionsIn(text: string): string[] {
  return regionsIn(text).filter((r) => !isEuRegion(r));
}

export const EU_REGION_LIST = EU_REGIONS.join(', ');
export { isEuRegion };

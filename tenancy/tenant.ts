import type { EuRegion } from './eu-regions.ts';

/**
 * The Tenant: one admitted innovator's sandbox, complete and immutable, the only input of every
 * engine, the data generator and the ledger. It knows nothing of CDK, Terraform, Pulumi or files.
 */

export const PERSON_ROLES = ['innovator', 'data-steward', 'supervisor', 'platform-engineer'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const RISK_CLASSES = ['minimal', 'limited', 'high'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const MEDICAL_DEVICE_CLASSES = ['none', 'I', 'IIa', 'IIb', 'III'] as const;
export type MedicalDeviceClass = (typeof MEDICAL_DEVICE_CLASSES)[number];

/** AI Act Art. 59(1)(a): the areas of substantial public interest a sandbox may serve. */
export const PUBLIC_INTEREST_AREAS = [
  'public-health',
  'public-safety',
  'environment',
  'energy',
  'transport',
  'public-administration',
  'education',
] as const;
export type PublicInterestArea = (typeof PUBLIC_INTEREST_AREAS)[number];

export const TENANT_STATUSES = ['active', 'suspended', 'exited'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const CARE_SETTINGS = ['primary-care', 'hospital', 'emergency'] as const;
export type CareSetting = (typeof CARE_SETTINGS)[number];

export const DATA_CLASSIFICATIONS = ['synthetic', 'anonymised', 'pseudonymised'] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: PersonRole;
  readonly email: string;
}

export interface DatasetRequest {
  /** A dataset profile in sandbox-templates/datasets/. */
  readonly profile: string;
  readonly patients: number;
  readonly seed: number;
  /** Where the (synthetic) records come from; hospital data brings the NEN 7513 floor. */
  readonly careSetting: CareSetting;
  readonly classification: DataClassification;
  /** AI Act Art. 59(1)(b): required when the classification is not synthetic. */
  readonly justification?: string;
}

export interface Compute {
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly gpu: number;
  readonly storageGiB: number;
}

/** One log store per retention class (shared/reference/regulation.md, "Retention classes"). */
export const RETENTION_CLASSES = [
  'ai-system-logs',
  'access-logs',
  'processing-logs',
  'patient-record-logs',
  'documentation',
] as const;
export type RetentionClassName = (typeof RETENTION_CLASSES)[number];

export interface RetentionClass {
  readonly name: RetentionClassName;
  /** The floor, kept as an Object Lock period in COMPLIANCE mode. */
  readonly days: number;
  /** The legal source of the floor, for tags, reports and guardrail messages. */
  readonly source: string;
}

export interface Tenant {
  readonly id: string;
  readonly participant: string;
  readonly profile: string;
  readonly purpose: string;
  readonly publicInterest: PublicInterestArea;
  readonly riskClass: RiskClass;
  readonly medicalDeviceClass: MedicalDeviceClass;
  readonly region: EuRegion;
  /** ISO dates (YYYY-MM-DD). */
  readonly period: { readonly start: string; readonly end: string };
  readonly people: readonly Person[];
  readonly datasets: readonly DatasetRequest[];
  readonly compute: Compute;
  readonly status: TenantStatus;
  /** EC2 / node instance families the profile allows (e.g. m7i, g5). */
  readonly instanceFamilies: readonly string[];
  /** Container registries workloads may pull from (images must also be pinned by digest). */
  readonly allowedRegistries: readonly string[];
  /** The log stores this tenant needs, one per retention class, floors already resolved. */
  readonly retention: readonly RetentionClass[];
  /** Tags every resource carries, in every engine. */
  readonly tags: Readonly<Record<string, string>>;
}

export function peopleWithRole(tenant: Tenant, role: PersonRole): readonly Person[] {
  return tenant.people.filter((p) => p.role === role);
}

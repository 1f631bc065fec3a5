import type { Tenant } from '../tenancy/index.ts';

/**
 * What every engine is: a pure function of the Tenant to files. Same Tenant in, same bytes out;
 * the CLI decides where the files go and writes them atomically.
 */
export const ENGINE_NAMES = ['aws', 'terraform', 'kubernetes'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface Artifact {
  /** POSIX path relative to the tenant's build directory, e.g. `aws/Sandbox-x.template.json`. */
  readonly path: string;
  readonly content: string;
}

export interface EngineOutput {
  readonly engine: EngineName;
  readonly artifacts: readonly Artifact[];
  /** Deployable resources in the output (CloudFormation resources, Terraform resources, Kubernetes objects). */
  readonly resources: number;
}

export type Engine = (tenant: Tenant) => Promise<EngineOutput>;

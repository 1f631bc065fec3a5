/**
 * The Terraform engine's door. cdktf stays behind it: callers get Terraform JSON as text, so the
 * deprecated cdktf could be swapped for a plain JSON writer without anyone else noticing.
 */
import type { Engine } from '../engine.ts';
import { synthesizeTerraform as synthesize } from './synthesize-terraform.ts';

export { TERRAFORM_BACKEND_EXAMPLE_PATH, TERRAFORM_CONFIG_PATH } from './synthesize-terraform.ts';
export { AWS_PROVIDER_CONSTRAINT } from './provider.ts';
export const synthesizeTerraform: Engine = synthesize;

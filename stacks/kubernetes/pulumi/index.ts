import * as pulumi from '@pulumi/pulumi';
import { namespaceName } from '../names.ts';
import { loadTenantById } from './load-tenant.ts';
import { registerWorkloadSpace } from './register-workload-space.ts';

/**
 * The Pulumi program: one stack per tenant (config `sandbox-kubernetes:tenant`), deploying the
 * objects `sandbox synth --engine kubernetes` writes for that tenant. Editing the plan's status
 * and running `pulumi up` suspends (read-only, nothing runs, no network) or removes the tenant.
 */
const tenantId = new pulumi.Config().require('tenant');
const loaded = loadTenantById(tenantId);
if (!loaded.ok) throw new pulumi.RunError(loaded.message);
const { tenant } = loaded;
const resources = registerWorkloadSpace(tenant);

export const namespace = namespaceName(tenant);
export const lifecycle = tenant.status;
export const objects = resources.length;

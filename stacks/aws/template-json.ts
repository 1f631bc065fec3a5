/**
 * A CloudFormation template as the bytes every engine run must reproduce: CDK's own key order
 * (deterministic for a given construct tree), two-space indentation and a final newline.
 */
export function templateText(template: unknown): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

export function countResources(template: unknown): number {
  const resources = (template as { Resources?: Record<string, unknown> }).Resources;
  return resources ? Object.keys(resources).length : 0;
}

/** Where a tenant's template goes, relative to its build directory. */
export function tenantTemplatePath(stackName: string): string {
  return `aws/${stackName}.template.json`;
}

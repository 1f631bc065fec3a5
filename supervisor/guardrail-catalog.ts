import type { GuardrailRule } from './evidence-model.ts';

/**
 * The guardrail catalog as the supervisor's view needs it: each rule with the legal provisions it
 * supports. Loaded once and lazily (the catalog validates itself on load, which takes a moment);
 * if the guardrails room cannot be loaded, reports still build from the references inside
 * findings.json and say that the catalog was not available.
 */
export interface GuardrailCatalog {
  readonly rules: readonly GuardrailRule[];
  /** Legal reference id (policies/legal-references.ts) → the rules that support it. */
  readonly byReference: ReadonlyMap<string, readonly GuardrailRule[]>;
  readonly problem?: string;
}

let loading: Promise<GuardrailCatalog> | undefined;

export function loadGuardrailCatalog(): Promise<GuardrailCatalog> {
  loading ??= load();
  return loading;
}

async function load(): Promise<GuardrailCatalog> {
  try {
    const { RULES, citation } = await import('../policies/index.ts');
    const byReference = new Map<string, GuardrailRule[]>();
    const rules = RULES.map((r) => {
      const rule: GuardrailRule = { id: r.id, title: r.title, severity: r.severity, citations: r.supports.map((s) => citation(s)) };
      for (const ref of r.supports) byReference.set(ref, [...(byReference.get(ref) ?? []), rule]);
      return rule;
    });
    return { rules, byReference };
  } catch (error) {
    return { rules: [], byReference: new Map(), problem: `the guardrail catalog could not be loaded (${(error as Error).message})` };
  }
}

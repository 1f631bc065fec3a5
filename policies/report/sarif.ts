import { PRODUCT_VERSION } from '../../common/version.ts';
import type { Location, Log, ReportingDescriptor, Result, ToolComponent } from 'sarif';
import type { CheckResult } from '../check/check-artifacts.ts';
import { LEGAL_INSTRUMENTS, LEGAL_REFERENCES, type LegalInstrumentName, type LegalReferenceId } from '../legal-references.ts';
import type { RuleDefinition } from '../rule.ts';
import { RULES } from '../catalog/index.ts';

/**
 * SARIF 2.1.0 for code-scanning tools: every catalog rule as a reporting descriptor (title,
 * rationale, remediation as help, severity, cross-references), the legal provisions as one
 * taxonomy per instrument that each rule relates to, and every finding as a result. A waived
 * finding is still a result, with an accepted external suppression naming approver and expiry;
 * an UNKNOWN one is a note of kind "review".
 */
const TOOL = 'eu-ai-sandbox-guardrails';
const LEVEL = { error: 'error', warning: 'warning', note: 'note' } as const;

function taxonomies(): ToolComponent[] {
  const byInstrument = new Map<LegalInstrumentName, LegalReferenceId[]>();
  for (const id of Object.keys(LEGAL_REFERENCES) as LegalReferenceId[]) {
    const instrument = LEGAL_REFERENCES[id].instrument;
    byInstrument.set(instrument, [...(byInstrument.get(instrument) ?? []), id]);
  }
  return [...byInstrument].map(([name, ids]) => {
    const instrument = LEGAL_INSTRUMENTS[name];
    return {
      name,
      fullName: instrument.title,
      ...('uri' in instrument ? { informationUri: instrument.uri } : {}),
      isComprehensive: false,
      taxa: ids.map((id) => ({
        id,
        name: `${name} ${LEGAL_REFERENCES[id].provision}`,
        shortDescription: { text: LEGAL_REFERENCES[id].requirement },
        properties: { verifiedAgainstOfficialText: LEGAL_REFERENCES[id].verified },
      })),
    };
  });
}

function descriptor(rule: RuleDefinition): ReportingDescriptor {
  const cross = [...(rule.crossReferences.cdkNag ?? []).map((x) => `cdk-nag ${x}`), ...(rule.crossReferences.controlTower ?? []), ...(rule.crossReferences.checkov ?? [])];
  const supports = rule.supports.map((id) => `${LEGAL_REFERENCES[id].instrument} ${LEGAL_REFERENCES[id].provision}`);
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.remediation}\nSupports (not: satisfies) ${supports.join(', ')}.`,
      markdown: `${rule.remediation}\n\n**Supports** (a guardrail supports a provision; compliance is the authority’s judgement): ${supports.join(', ')}.${cross.length > 0 ? `\n\n**Equivalent checks:** ${cross.join(', ')}.` : ''}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    relationships: rule.supports.map((id) => ({ target: { id, toolComponent: { name: LEGAL_REFERENCES[id].instrument } }, kinds: ['relevant'] })),
    properties: {
      tags: ['guardrail', ...Object.keys(rule.implementations)],
      formats: Object.keys(rule.implementations),
      crossReferences: rule.crossReferences,
      ...(rule.enforcedAtRunTime ? { enforcedAtRunTime: rule.enforcedAtRunTime } : {}),
    },
  };
}

export function renderSarif(result: CheckResult, rules: readonly RuleDefinition[] = RULES): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = result.findings.map((f) => {
    const location: Location = {
      physicalLocation: { artifactLocation: { uri: f.file.split('\\').join('/') }, ...(f.line !== undefined ? { region: { startLine: f.line } } : {}) },
      logicalLocations: [{ name: f.resource, fullyQualifiedName: f.path ? `${f.resource}.${f.path}` : f.resource, kind: 'resource' }],
    };
    const waiver = f.waiver;
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
      level: LEVEL[f.severity],
      kind: f.outcome === 'UNKNOWN' ? 'review' : 'fail',
      message: { text: f.message },
      locations: [location],
      ...(waiver
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${waiver.reason} (approved by ${waiver.approverName} (${waiver.approver}), until ${waiver.expires})` }] }
        : {}),
      properties: {
        outcome: f.outcome,
        propertyPath: f.path,
        resourceType: f.resourceType,
        format: f.format,
        ...(f.tenant ? { tenant: f.tenant } : {}),
        ...(f.expiredWaiver ? { expiredWaiver: f.expiredWaiver } : {}),
      },
    };
  });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL, version: PRODUCT_VERSION, rules: rules.map(descriptor), supportedTaxonomies: taxonomies().map((t) => ({ name: t.name })) } },
        taxonomies: taxonomies(),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

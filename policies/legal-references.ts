/**
 * Every legal provision a guardrail cites, kept in this one place so that a wrong article number
 * is corrected once (shared/reference/regulation.md asks for exactly that). Guardrails cite these
 * as provisions they *support*: whether a sandbox complies is for the authority to judge, not for
 * a tool.
 *
 * `verified: false` marks wording that was not checked against the Official Journal or the
 * (paid) norm text, as regulation.md lists under "Not checked against the official text".
 */

export interface LegalInstrument {
  readonly name: string;
  readonly title: string;
  readonly uri?: string;
}

export const LEGAL_INSTRUMENTS = {
  'AI Act': { name: 'AI Act', title: 'Regulation (EU) 2024/1689 (Artificial Intelligence Act)', uri: 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj' },
  EHDS: { name: 'EHDS', title: 'Regulation (EU) 2025/327 (European Health Data Space)', uri: 'https://eur-lex.europa.eu/eli/reg/2025/327/oj' },
  GDPR: { name: 'GDPR', title: 'Regulation (EU) 2016/679 (General Data Protection Regulation)', uri: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
  'NEN 7510': { name: 'NEN 7510', title: 'NEN 7510-2:2024 Information security in healthcare (controls numbered as ISO/IEC 27002:2022)' },
  'NEN 7513': { name: 'NEN 7513', title: 'NEN 7513:2024 Logging of actions on electronic patient records' },
  'Dutch decree': { name: 'Dutch decree', title: 'Besluit elektronische gegevensverwerking door zorgaanbieders (decree on electronic data processing by care providers)' },
} as const satisfies Record<string, LegalInstrument>;

export type LegalInstrumentName = keyof typeof LEGAL_INSTRUMENTS;

export interface LegalReference {
  readonly instrument: LegalInstrumentName;
  /** As cited: `Art. 59(1)(d)`, `Chapter V`, `8.24`. */
  readonly provision: string;
  /** What it asks of the infrastructure, paraphrased (regulation.md), not the legal text. */
  readonly requirement: string;
  readonly verified: boolean;
}

export const LEGAL_REFERENCES = {
  'ai-act-12': { instrument: 'AI Act', provision: 'Art. 12', requirement: 'automatic recording of events (logs) over the lifetime of a high-risk AI system', verified: true },
  'ai-act-18': { instrument: 'AI Act', provision: 'Art. 18', requirement: 'technical documentation kept for 10 years', verified: true },
  'ai-act-19-1': { instrument: 'AI Act', provision: 'Art. 19(1)', requirement: 'automatically generated logs kept for at least six months', verified: true },
  'ai-act-26-6': { instrument: 'AI Act', provision: 'Art. 26(6)', requirement: 'deployers keep the logs under their control for at least six months', verified: true },
  'ai-act-57-7': { instrument: 'AI Act', provision: 'Art. 57(7)', requirement: 'exit report at the end of sandbox participation', verified: true },
  'ai-act-59-1-c': { instrument: 'AI Act', provision: 'Art. 59(1)(c)', requirement: 'monitoring of the processing and the means to stop it', verified: false },
  'ai-act-59-1-d': { instrument: 'AI Act', provision: 'Art. 59(1)(d)', requirement: 'personal data processed in a functionally separate, isolated and protected environment under the participant’s control, open only to authorised persons', verified: false },
  'ai-act-59-1-f': { instrument: 'AI Act', provision: 'Art. 59(1)(f)', requirement: 'no decisions affecting data subjects: no route from a tenant to clinical systems', verified: false },
  'ai-act-59-1-e': { instrument: 'AI Act', provision: 'Art. 59(1)(e)', requirement: 'nothing created in the sandbox leaves it; only non-personal results may be taken out', verified: false },
  'ai-act-59-1-g': { instrument: 'AI Act', provision: 'Art. 59(1)(g)', requirement: 'appropriate technical measures (encryption) and deletion of personal data at the end of participation', verified: false },
  'ai-act-59-1-h': { instrument: 'AI Act', provision: 'Art. 59(1)(h)', requirement: 'processing logs kept for the duration of the participation', verified: false },
  'ehds-73-1': { instrument: 'EHDS', provision: 'Art. 73(1)', requirement: 'secure processing environment: access only for named, authorised persons', verified: true },
  'ehds-73-1-e': { instrument: 'EHDS', provision: 'Art. 73(1)(e)', requirement: 'access and activity logs kept for at least one year', verified: true },
  'ehds-73-2': { instrument: 'EHDS', provision: 'Art. 73(2)', requirement: 'only non-personal electronic health data may be downloaded from the secure processing environment', verified: false },
  'ehds-87': { instrument: 'EHDS', provision: 'Art. 87', requirement: 'electronic health data stored and processed in the Union', verified: true },
  'gdpr-32': { instrument: 'GDPR', provision: 'Art. 32', requirement: 'security of processing: encryption, confidentiality, integrity and resilience', verified: true },
  'gdpr-chapter-v': { instrument: 'GDPR', provision: 'Chapter V', requirement: 'no transfer of personal data outside the EU/EEA without safeguards', verified: true },
  'nen-7510-5-15': { instrument: 'NEN 7510', provision: '5.15', requirement: 'access control', verified: false },
  'nen-7510-5-23': { instrument: 'NEN 7510', provision: '5.23', requirement: 'information security for the use of cloud services', verified: false },
  'nen-7510-8-2': { instrument: 'NEN 7510', provision: '8.2', requirement: 'privileged access rights', verified: false },
  'nen-7510-8-5': { instrument: 'NEN 7510', provision: '8.5', requirement: 'secure authentication', verified: false },
  'nen-7510-8-9': { instrument: 'NEN 7510', provision: '8.9', requirement: 'configuration management', verified: false },
  'nen-7510-8-15': { instrument: 'NEN 7510', provision: '8.15', requirement: 'logging: logs produced, stored and protected', verified: false },
  'nen-7510-8-20': { instrument: 'NEN 7510', provision: '8.20', requirement: 'networks security', verified: false },
  'nen-7510-8-22': { instrument: 'NEN 7510', provision: '8.22', requirement: 'segregation of networks', verified: false },
  'nen-7510-8-24': { instrument: 'NEN 7510', provision: '8.24', requirement: 'use of cryptography and key management', verified: false },
  'nen-7513': { instrument: 'NEN 7513', provision: 'logging of actions on patient records', requirement: 'log who did what to which record, when, on whose behalf, from where, through which system', verified: false },
  'dutch-decree-5': { instrument: 'Dutch decree', provision: 'Art. 5', requirement: 'logs of access to patient records kept at least five years where the decree applies', verified: true },
} as const satisfies Record<string, LegalReference>;

export type LegalReferenceId = keyof typeof LEGAL_REFERENCES;

export const LEGAL_REFERENCE_IDS = Object.keys(LEGAL_REFERENCES) as LegalReferenceId[];

/** `AI Act Art. 59(1)(d)`: how findings and reports cite a reference. */
export function citation(id: LegalReferenceId): string {
  const ref: LegalReference = LEGAL_REFERENCES[id];
  return `${ref.instrument} ${ref.provision}`;
}

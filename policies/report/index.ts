import type { CheckResult } from '../check/check-artifacts.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Readonly<Record<ReportFormat, (result: CheckResult) => string>> = {
  text: renderText,
  json: renderJson,
  sarif: (result) => renderSarif(result),
  junit: renderJunit,
};

export function renderReport(result: CheckResult, format: ReportFormat): string {
  return RENDERERS[format](result);
}

export { renderJson, renderJunit, renderSarif, renderText };

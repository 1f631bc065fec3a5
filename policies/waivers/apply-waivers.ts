import type { Finding } from '../evaluate/finding.ts';
import type { Waiver, WaiverUse } from './waiver.ts';

export type { Waiver, WaiverUse } from './waiver.ts';

/**
 * Marks the findings a waiver covers (same rule, tenant and resource). An active waiver keeps the
 * finding visible but out of the error count; an expired one stops waiving, and the finding says
 * so, so nobody mistakes a lapsed exception for a fixed problem.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], today: string): { findings: Finding[]; used: WaiverUse[]; expired: WaiverUse[] } {
  const counts = new Map<Waiver, number>();
  const out = findings.map((finding) => {
    const waiver = waivers.find((w) => w.rule === finding.ruleId && w.tenant === finding.tenant && w.resource === finding.resource);
    if (!waiver) return finding;
    counts.set(waiver, (counts.get(waiver) ?? 0) + 1);
    const applied = { reason: waiver.reason, approver: waiver.approver, approverName: waiver.approverName, expires: waiver.expires };
    if (waiver.expires < today) {
      return { ...finding, expiredWaiver: applied, message: `${finding.message} (the waiver approved by ${waiver.approverName} expired on ${waiver.expires})` };
    }
    return { ...finding, waiver: applied };
  });
  const uses = [...counts.entries()].map(([waiver, n]) => ({ waiver, findings: n }));
  return { findings: out, used: uses.filter((u) => u.waiver.expires >= today), expired: uses.filter((u) => u.waiver.expires < today) };
}

/** A check's result as JSON, for verify and `firewall-catalog verify` (no imports beyond the engine's types: the bin's verify loads no cdktf). */
import type { CheckReport } from "../modules/engine/check";

/** A check's result as JSON: every disagreement with its flow, the catalog's decision (by rule id) and each cloud's. */
export function checkReportJson(report: CheckReport) {
  return {
    flowsChecked: report.flowsChecked,
    agree: report.disagreements.length + report.findings.length === 0,
    disagreements: report.disagreements.map((d) => ({
      explanation: d.explanation,
      flow: d.flow,
      catalog: { action: d.catalog.action, rule: d.catalog.rule?.id ?? null },
      clouds: d.clouds,
    })),
    findings: report.findings,
  };
}

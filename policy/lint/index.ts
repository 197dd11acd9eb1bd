/**
 * The security lint pack. Runs at synthesis for every environment (address
 * sets are bound by then: a set bound to 0.0.0.0/0 is as open as `any`).
 * Errors stop synthesis, warnings are printed, and a finding is waived only in
 * the catalog, on its rule or role, with a written reason.
 */
import { formatLocation } from "../errors";
import { BoundPolicy } from "../model";
import { Finding, LintCheck } from "./check";
import { adminPortOpenToAny } from "./checks/admin-port-open-to-any";
import { allProtocolsOrAllPorts } from "./checks/all-protocols-or-all-ports";
import { egressOpenToWorld } from "./checks/egress-open-to-world";
import { missingOrDefaultDescription } from "./checks/missing-or-default-description";
import { shadowedRule } from "./checks/shadowed-rule";
import { unusedService } from "./checks/unused-service";

export type { Finding, LintCheck } from "./check";
export { administrationPorts } from "./checks/admin-port-open-to-any";

/** Every check the lint runs by default, in report order. */
export const LINT_PACK: readonly LintCheck[] = [adminPortOpenToAny, allProtocolsOrAllPorts, shadowedRule, missingOrDefaultDescription, egressOpenToWorld, unusedService];

/** What the lint found: errors stop synthesis, warnings do not, waived findings carry the catalog's reason. */
export interface LintResult {
  /** Findings that stop synthesis. */
  readonly errors: Finding[];
  /** Findings reported, not fatal. */
  readonly warnings: Finding[];
  /** Findings the catalog accepts, with the waiver's reason and, when it gives one, its review date. */
  readonly waived: (Finding & { readonly reason: string; readonly expires?: string })[];
}

/** Runs the lint checks (default: LINT_PACK) over a bound catalog; waivers in the catalog move findings to `waived`. */
export function lintPolicy(bound: BoundPolicy, pack: readonly LintCheck[] = LINT_PACK): LintResult {
  const result: LintResult = { errors: [], warnings: [], waived: [] };
  const used = new Set<string>();
  const rulesById = new Map(bound.rules.map((r) => [r.id, r]));
  const rolesById = new Map(bound.policy.roles.map((r) => [r.id, r]));
  const waiverOf = (f: Finding) => {
    const owner = f.ruleId ? rulesById.get(f.ruleId) : f.roleId ? rolesById.get(f.roleId) : undefined;
    const w = owner?.waivers.find((x) => x.check === f.check);
    if (w) used.add(`${f.ruleId ?? f.roleId}/${w.check}`);
    return w;
  };
  for (const check of pack) {
    for (const partial of check.check(bound)) {
      const finding: Finding = { ...partial, check: check.id, severity: check.severity };
      const waiver = waiverOf(finding);
      if (waiver) result.waived.push({ ...finding, reason: waiver.reason, ...(waiver.expires ? { expires: waiver.expires } : {}) });
      else (finding.severity === "error" ? result.errors : result.warnings).push(finding);
    }
  }
  // A waiver for a finding that no longer fires should go, so stale waivers do not linger.
  const owners = [
    ...bound.policy.roles.map((r) => ({ kind: "role", id: r.id, waivers: r.waivers, location: r.location })),
    ...bound.policy.rules.map((r) => ({ kind: "rule", id: r.id, waivers: r.waivers, location: r.location })),
  ];
  for (const o of owners) {
    for (const w of o.waivers) {
      if (!used.has(`${o.id}/${w.check}`)) {
        result.warnings.push({
          check: "unused-waiver",
          severity: "warning",
          subject: `${o.kind} "${o.id}"`,
          location: o.location,
          ...(o.kind === "rule" ? { ruleId: o.id } : { roleId: o.id }),
          message: `waives "${w.check}", which does not fire here${pack.some((c) => c.id === w.check) ? "" : " (no such check)"}. Remove the waiver`,
        });
      }
    }
  }
  return result;
}

/** One line per finding, located like every other error: `file:line:column: severity [check] …`. */
export function formatFindings(result: LintResult, environment: string): string[] {
  const where = (f: Finding) => (f.location ? `${formatLocation(f.location)}: ` : "");
  const line = (f: Finding) => `${where(f)}${f.severity} [${f.check}] environment "${environment}", ${f.subject}: ${f.message}.`;
  return [...result.errors.map(line), ...result.warnings.map(line), ...result.waived.map((f) => `${where(f)}waived [${f.check}] environment "${environment}", ${f.subject}: ${f.reason}`)];
}

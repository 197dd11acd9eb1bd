/**
 * The coverage check: every catalog rule has a realisation on a cloud, and a
 * rule said to be rendered is carried by a resource. Nothing may be silently
 * dropped. Synthesis runs it for its reports (synth/report/coverage.ts) and
 * FirewallCatalog as a construct validation.
 */
import { Policy } from "../policy";
import { RuleRealisation } from "./realisation";

/** One sentence per rule the cloud dropped; `where` names the cloud and stack ("AWS (stack prod-aws)"). */
export function coverageProblems(policy: Policy, realisations: readonly RuleRealisation[], where: string): string[] {
  const problems: string[] = [];
  const byRule = new Map(realisations.map((r) => [r.ruleId, r]));
  for (const rule of policy.rules) {
    const r = byRule.get(rule.id);
    if (!r) problems.push(`rule "${rule.id}" has no realisation on ${where}`);
    else if ((r.how === "rendered" || r.how === "narrowed") && r.resources.length === 0) {
      problems.push(`rule "${rule.id}" is said to be ${r.how} on ${where} but no resource carries it`);
    }
  }
  return problems;
}

/** What follows the problems in every message: whose bug it is. */
export const COVERAGE_BUG = "This is a bug in the cloud module: every catalog rule must be rendered or reported as realised otherwise.";

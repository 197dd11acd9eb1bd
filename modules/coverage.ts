/**
 * The coverage check: every catalog rule has a realisation on a cloud, and a
 * rule said to be rendered is carried by a resource. Nothing may be silently
 * dropped. Synthesis runs it for its reports (synth/report/coverage.ts) and
 * FirewallCatalog as a construct validation.
 */
import { Policy, Problem } from "../policy";
import { RuleRealisation } from "./realisation";

/**
 * One problem per rule the cloud dropped, its subject naming the rule and the cloud:
 * `where` names the cloud and stack ("AWS (stack prod-aws)").
 */
export function coverageProblems(policy: Policy, realisations: readonly RuleRealisation[], where: string): Problem[] {
  const problems: Problem[] = [];
  const byRule = new Map(realisations.map((r) => [r.ruleId, r]));
  for (const rule of policy.rules) {
    const r = byRule.get(rule.id);
    // Built only for a problem: synthesis asks this of every rule on every cloud of every environment.
    const about = () => ({ code: "OUTPUT_REPORT_RULE_NOT_COVERED", location: rule.location, subject: `rule "${rule.id}" on ${where}` });
    if (!r) problems.push({ ...about(), message: "has no realisation" });
    else if ((r.how === "rendered" || r.how === "narrowed") && r.resources.length === 0) problems.push({ ...about(), message: `is said to be ${r.how} but no resource carries it` });
  }
  return problems;
}

/** A coverage problem as one sentence, as messages list them: `rule "x" on AWS (stack prod-aws) has no realisation`. */
export function coverageSentence(p: Problem): string {
  return `${p.subject} ${p.message}`;
}

/** What follows the problems in every message: whose bug it is. */
export const COVERAGE_BUG = "This is a bug in the cloud module: every catalog rule must be rendered or reported as realised otherwise.";

/** One security lint check (cdk-nag style): an id, a severity, why it matters, and what it finds. */
import { cidrInterval } from "../cidr";
import { BoundPolicy, BoundRule, PeerEntry, SourceLocation } from "../model";

export type Severity = "error" | "warning";

/** One finding of a lint check about a rule or a role. */
export interface Finding {
  /** The check's id, such as admin-port-open-to-any. */
  readonly check: string;
  /** error (stops synthesis) or warning. */
  readonly severity: Severity;
  /** `rule "id"` or `role "id"`. */
  readonly subject: string;
  /** The rule at fault, for rule findings. */
  readonly ruleId?: string;
  /** The role at fault, for role findings. */
  readonly roleId?: string;
  /** Where the rule or role is written. */
  readonly location?: SourceLocation;
  /** Why it matters and what to do. */
  readonly message: string;
}

/** One check of the security lint (one per file under policy/lint/checks/, as cdk-nag's rules). */
export interface LintCheck {
  /** Stable id, used in findings and waivers. */
  readonly id: string;
  /** What its findings are. */
  readonly severity: Severity;
  /** One line for the pack listing. */
  readonly title: string;
  /** Why the check exists, for the pack listing and the README. */
  readonly explanation: string;
  /** The findings for one bound catalog. */
  check(bound: BoundPolicy): Omit<Finding, "check" | "severity">[];
}

export function ruleSubject(rule: BoundRule): { subject: string; ruleId: string; location?: SourceLocation } {
  return { subject: `rule "${rule.id}"`, ruleId: rule.id, location: rule.location };
}

/** Networks this wide count as "anyone": /0 to /7 for IPv4, /0 to /15 for IPv6 (a private /8 does not). */
export function isWorldWide(e: PeerEntry): boolean {
  // A token's network is unknown at synthesis: like aws-cdk's Peer, the check skips it.
  if (e.kind !== "cidr" || e.token) return false;
  const { family, first, last } = cidrInterval(e.cidr);
  const bits = family === 4 ? 32 : 128;
  const size = last - first + 1n;
  return size > 1n << BigInt(bits - (family === 4 ? 8 : 16));
}

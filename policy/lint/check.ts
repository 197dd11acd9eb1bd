/** One security lint check (cdk-nag style): an id, a severity, why it matters, and what it finds. */
import { cidrInterval } from "../cidr";
import { BoundPolicy, BoundRule, PeerEntry, SourceLocation } from "../model";

export type Severity = "error" | "warning";

export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  /** `rule "id"` or `role "id"`. */
  readonly subject: string;
  readonly ruleId?: string;
  readonly roleId?: string;
  /** Where the rule or role is written. */
  readonly location?: SourceLocation;
  /** Why it matters and what to do. */
  readonly message: string;
}

export interface LintCheck {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** Why the check exists, for the pack listing and the README. */
  readonly explanation: string;
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

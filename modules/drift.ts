/**
 * Drift between a synthesized stack and what its cloud holds, in a shape every
 * cloud's reader fills (modules/<cloud>/drift.ts) and `npm run drift` prints,
 * and how bad each difference is (rateDrift: the security lint's severity for
 * access opened by hand, the same for every cloud).
 */
import { lintTraffic, Traffic } from "../policy/lint/traffic";

export type { Traffic } from "../policy/lint/traffic";

/** One difference between the stack and the cloud. */
export interface DriftFinding {
  /** missing: in the stack, not in the cloud; extra: in the cloud, not in the stack; changed: in both, with other values. */
  readonly kind: "missing" | "extra" | "changed";
  readonly subject: "group" | "rule";
  /** The group (AWS security group name) the finding belongs to. */
  readonly group: string;
  /** The rule in words ("ingress tcp 3389 from 0.0.0.0/0"), for rule findings. */
  readonly rule?: string;
  /** Terraform address of the stack's resource, when the stack has one. */
  readonly address?: string;
  /** The cloud's id of what it holds (sg-…, sgr-…), when it holds something. */
  readonly liveId?: string;
  /** Fields that differ, for changed findings. */
  readonly differences?: readonly { readonly field: string; readonly expected: string; readonly live: string }[];
  /** One sentence a reviewer understands. */
  readonly message: string;
  /** The rule's traffic (extra and missing rules), for the lint's judgement. */
  readonly traffic?: Traffic;
}

export type DriftSeverity = "error" | "warning" | "info";

/** A finding with how bad it is and why. */
export interface RatedFinding extends DriftFinding {
  readonly severity: DriftSeverity;
  /** The lint checks that found it (an extra rule), or why it has its severity. */
  readonly why: string;
}

export interface RatedDriftReport extends Omit<DriftReport, "findings"> {
  /** Most severe first, then by group, kind and rule. */
  readonly findings: readonly RatedFinding[];
}

const RANK: Record<DriftSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Rates every finding: an extra rule (access nobody reviewed) gets the worst
 * severity the security lint gives its traffic (tcp 3389 from 0.0.0.0/0: an
 * error), and is a warning when the lint finds nothing, since it still allows
 * what the catalog does not; a missing rule or group is a warning (AWS-style
 * allow-only rules: less access, something breaks); a changed description or
 * tag is info. A peer the lint cannot read (a prefix list) is judged as if it
 * were every address: fail closed.
 */
export function rateDrift(report: DriftReport, adminPorts: readonly number[]): RatedDriftReport {
  const findings = report.findings.map((f): RatedFinding => {
    if (f.kind === "changed") return { ...f, severity: "info", why: "only descriptions or tags differ: no traffic is allowed or denied differently" };
    if (f.kind === "missing") return { ...f, severity: "warning", why: "allowed by the catalog and missing: traffic the catalog allows is refused" };
    if (!f.traffic) return { ...f, severity: "warning", why: "not in the stack" };
    const lint = lintTraffic(f.traffic, adminPorts);
    const worst = lint.find((x) => x.severity === "error") ?? lint[0];
    if (!worst) return { ...f, severity: "warning", why: "allows traffic the catalog does not" };
    return { ...f, severity: worst.severity, why: lint.map((x) => `[${x.check}] ${x.message}`).join("; ") };
  });
  // The reader's own order (group, kind, rule) is kept within one severity: sort is stable.
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return { ...report, findings };
}

/** The worst severity among the findings, or undefined when there are none. */
export function worstSeverity(report: RatedDriftReport): DriftSeverity | undefined {
  return report.findings[0]?.severity;
}

export interface DriftReport {
  readonly stack: string;
  readonly cloud: string;
  /** Where the stack's resources live (region, VPC). */
  readonly location: string;
  readonly checked: { readonly groups: number; readonly rules: number };
  /** Sorted by group, then kind, then rule (rateDrift puts the most severe first). */
  readonly findings: readonly DriftFinding[];
}

/** Raised when drift cannot be told (no access, a stack that cannot be read): `npm run drift` exits 2. */
export class DriftUnknownError extends Error {
  constructor(
    message: string,
    /** Stable code (DRIFT_AWS_…); `npm run drift` reports every one as DRIFT_CLOUD_UNREADABLE. */
    readonly code: string,
  ) {
    super(message);
    this.name = "DriftUnknownError";
  }
}

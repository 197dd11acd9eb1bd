/**
 * Drift between a synthesized stack and what its cloud holds, in a shape every
 * cloud's reader fills (modules/<cloud>/drift.ts) and `npm run drift` prints.
 */

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
}

export interface DriftReport {
  readonly stack: string;
  readonly cloud: string;
  /** Where the stack's resources live (region, VPC). */
  readonly location: string;
  readonly checked: { readonly groups: number; readonly rules: number };
  /** Sorted by group, then kind, then rule. */
  readonly findings: readonly DriftFinding[];
}

/** Raised when drift cannot be told (no access, a stack that cannot be read): `npm run drift` exits 2. */
export class DriftUnknownError extends Error {}

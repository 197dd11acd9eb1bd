/** Errors users act on: each problem names the file, position, item and what to do. */
import { SourceLocation } from "./model";

/**
 * A stable error code, such as `CATALOG_UNKNOWN_ROLE`: tests, docs and users'
 * scripts match the code, never the wording. UPPER_SNAKE, prefixed by the
 * stage or cloud that raises it (CATALOG_, ENV_, LIB_, AWS_, GCP_, AZURE_,
 * OUTPUT_, VERIFY_, DIFF_, DRIFT_, CLI_). Every code is listed with its
 * meaning in docs/errors.md.
 */
export type ErrorCode = string;

/** One problem in a catalog, an environment or props from code: where, about what, what is wrong and what to do. */
export interface Problem {
  /** Stable code of this kind of problem. @default "UNCLASSIFIED" until every raiser carries one */
  readonly code?: ErrorCode;
  /** File, line and column, when the problem is in a file. */
  readonly location?: SourceLocation;
  /** e.g. `rule "st-snmp"`, `environment "dev"`. */
  readonly subject?: string;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
}

/** `file:line:column`, as editors and terminals link it. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

export function formatProblem(p: Problem): string {
  const where = p.location ? `${formatLocation(p.location)}: ` : "";
  const subject = p.subject ? `${p.subject}: ` : "";
  const hint = p.hint ? ` ${p.hint}` : "";
  return `${where}${subject}${p.message}.${hint}`;
}

/** Thrown when a catalog or an environment is invalid; lists every problem found. */
export class ConfigError extends Error {
  /** Every problem found, in order. */
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.length === 1 ? formatProblem(problems[0]) : `${problems.length} problems:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }

  /** The codes of every problem, in order (tests assert these, not the wording). */
  get codes(): readonly ErrorCode[] {
    return this.problems.map((p) => p.code ?? "UNCLASSIFIED");
  }
}

/**
 * Thrown when a valid catalog cannot be rendered faithfully on a cloud. With a
 * location (the rule or role at fault), the message starts with it, as a ConfigError's does.
 */
export class SynthesisError extends Error {
  /** The rule or role at fault, when known. */
  readonly location?: SourceLocation;
  /** Stable code of this kind of refusal. */
  readonly code: ErrorCode;
  constructor(message: string, location?: SourceLocation, code: ErrorCode = "UNCLASSIFIED") {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = "SynthesisError";
    this.location = location;
    this.code = code;
  }
}

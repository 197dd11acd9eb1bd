/** Errors users act on: each problem names the file, position, item and what to do. */
import { SourceLocation } from "./model";

/**
 * A stable error code, such as `CATALOG_UNKNOWN_ROLE`: tests, docs and users'
 * scripts match the code, never the wording. UPPER_SNAKE, prefixed by the
 * stage or cloud that raises it (YAML_, SCHEMA_, CATALOG_, ENV_, LIB_, AWS_,
 * GCP_, AZURE_, OUTPUT_, VERIFY_, REACH_, PLAN_, GATE_, STATE_GUARD_, DIFF_,
 * DRIFT_, CLI_). Every code is listed with its meaning in docs/errors.md, and
 * written as a plain string literal where it is raised, so that
 * __tests__/policy/error-codes.test.ts can check the two against each other.
 */
export type ErrorCode = string;

/** One problem in a catalog, an environment or props from code: where, about what, what is wrong and what to do. */
export interface Problem {
  /** Stable code of this kind of problem (listed in docs/errors.md). */
  readonly code: ErrorCode;
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
  // A refusal's own message (SynthesisError) may end its sentence already.
  const stop = /[.!?]$/.test(p.message) ? "" : ".";
  return `${where}${subject}${p.message}${stop}${hint}`;
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
    return this.problems.map((p) => p.code);
  }
}

/**
 * Thrown when a valid catalog cannot be rendered faithfully on a cloud. With a
 * location (the rule or role at fault), the message starts with it, as a ConfigError's does.
 * A construct that finds several problems throws one SynthesisError of them all (SynthesisError.of).
 */
export class SynthesisError extends Error {
  /** The rule or role at fault, when known (the first problem's, for several). */
  readonly location?: SourceLocation;
  /** Stable code of this kind of refusal (the first problem's, for several). */
  readonly code: ErrorCode;
  /** Every problem found, in order: one for a refusal made of a message, all of them for SynthesisError.of. */
  readonly problems: readonly Problem[];
  constructor(message: string, location: SourceLocation | undefined, code: ErrorCode);
  /** @deprecated Pass a code: every refusal of ours has one (docs/errors.md); UNCLASSIFIED is the default for callers that pass none. */
  constructor(message: string);
  constructor(message: string, location?: SourceLocation, code: ErrorCode = "UNCLASSIFIED", problems?: readonly Problem[]) {
    super(problems ? message : location ? `${formatLocation(location)}: ${message}` : message);
    this.name = "SynthesisError";
    this.location = location;
    this.code = code;
    this.problems = problems ?? [{ code, location, message }];
  }

  /**
   * One refusal of every problem a construct found, so that one synthesis reports them all;
   * `head` (such as `environment "prod": the catalog cannot be rendered as …`) opens the message.
   */
  static of(problems: readonly Problem[], head?: string): SynthesisError {
    if (problems.length === 0) throw new Error("SynthesisError.of needs at least one problem");
    const lines = problems.map(formatProblem);
    const list = lines.map((l) => `  - ${l}`).join("\n");
    const message = head ? (lines.length === 1 ? `${head}: ${lines[0]}` : `${head} (${lines.length} problems):\n${list}`) : lines.length === 1 ? lines[0] : `${lines.length} problems:\n${list}`;
    return new (SynthesisError as unknown as new (m: string, l: SourceLocation | undefined, c: ErrorCode, p: readonly Problem[]) => SynthesisError)(
      message,
      problems[0].location,
      problems[0].code,
      problems,
    );
  }

  /** The codes of every problem, in order (tests assert these, not the wording). */
  get codes(): readonly ErrorCode[] {
    return this.problems.map((p) => p.code);
  }
}

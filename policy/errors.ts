/** Errors users act on: each problem names the file, position, item and what to do. */
import { SourceLocation } from "./model";

export interface Problem {
  readonly location?: SourceLocation;
  /** e.g. `rule "st-snmp"`, `environment "dev"`. */
  readonly subject?: string;
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
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0])
        : `${problems.length} problems:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/**
 * Thrown when a valid catalog cannot be rendered faithfully on a cloud. With a
 * location (the rule or role at fault), the message starts with it, as a ConfigError's does.
 */
export class SynthesisError extends Error {
  readonly location?: SourceLocation;
  constructor(message: string, location?: SourceLocation) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = "SynthesisError";
    this.location = location;
  }
}

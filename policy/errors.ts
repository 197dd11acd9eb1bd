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

export function formatProblem(p: Problem): string {
  const where = p.location ? `${p.location.file}:${p.location.line}:${p.location.column}: ` : "";
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

/** Thrown when a valid catalog cannot be rendered faithfully on a cloud. */
export class SynthesisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthesisError";
  }
}

/** The arguments of `npm run diff` (no other imports: the pipeline test checks commands with it); `--json` is the CLI layer's (cli/run.ts). */

export interface CliOptions {
  readonly base: string;
  readonly exitCode: boolean;
  readonly plans: Map<string, string>;
  /** --fail-on-risk: exit 1 when the review finds a risk (a pipeline's merge gate). */
  readonly failOnRisk: boolean;
  /** --allow-missing-plans: a --plan file that is not there (its plan job failed) is named in the notes, not fatal. */
  readonly allowMissingPlans: boolean;
}

export const USAGE = "usage: npm run diff -- [<git ref or synthesis folder>] [--json] [--exit-code] [--fail-on-risk] [--allow-missing-plans] [--plan <stack>=<terraform show -json file>]…";

export class UsageError extends Error {
  /** Stable code: every bad argument of `npm run diff` is one (the message says which). */
  readonly code = "DIFF_USAGE";
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const positional: string[] = [];
  const plans = new Map<string, string>();
  let exitCode = false;
  let failOnRisk = false;
  let allowMissingPlans = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--exit-code") exitCode = true;
    else if (a === "--fail-on-risk") failOnRisk = true;
    else if (a === "--allow-missing-plans") allowMissingPlans = true;
    else if (a === "--plan" || a.startsWith("--plan=")) {
      const value = a === "--plan" ? argv[++i] : a.slice("--plan=".length);
      const m = /^([^=]+)=(.+)$/.exec(value ?? "");
      if (!m) throw new UsageError(`--plan takes <stack>=<file>, got ${value === undefined ? "nothing" : JSON.stringify(value)}`);
      if (plans.has(m[1])) throw new UsageError(`--plan given twice for stack ${m[1]}`);
      plans.set(m[1], m[2]);
    } else if (a === "--help" || a === "-h") throw new UsageError("");
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new UsageError(`one base at most, got ${positional.join(" ")}`);
  return { base: positional[0] ?? "HEAD", exitCode, plans, failOnRisk, allowMissingPlans };
}

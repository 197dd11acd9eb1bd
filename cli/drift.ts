/**
 * `npm run drift -- <stack> [--json]` (verify/drift.ts): each finding rated
 * by the lint (modules/drift.ts rateDrift), most severe first; exit 1 on an
 * error-level finding, 0 when the worst is a warning, info or nothing, 2
 * cannot tell.
 */
import { rateDrift, worstSeverity } from "../modules/drift";
import { adminPortsOf, CannotTell, driftOf, DriftOptions, formatReport } from "../verify/drift";
import { CliUsageError, Command, main, takeFlag } from "./run";

export const driftCommand: Command<{ stack: string; json: boolean }> = {
  parse(argv) {
    const { present: json, rest } = takeFlag(argv, "--json");
    const unknown = rest.filter((a) => a.startsWith("-"));
    if (rest.length !== 1 || unknown.length > 0) throw new CliUsageError("", `usage: npm run drift -- <stack> [--json]${unknown.length ? ` (unknown option ${unknown.join(" ")})` : ""}`);
    return { stack: rest[0], json };
  },
  async run({ stack, json }, env, out) {
    try {
      const options: DriftOptions = { outdir: env.outdir ?? "cdktf.out", environmentsDir: env.environmentsDir, catalogDir: env.catalogDir };
      const raw = await driftOf(stack, options);
      const report = rateDrift(raw, adminPortsOf(stack, raw.cloud, options));
      const worst = worstSeverity(report);
      out.stdout(json ? `${JSON.stringify({ ...report, drift: report.findings.length > 0, worst: worst ?? null }, null, 2)}\n` : formatReport(report));
      return worst === "error" ? 1 : 0;
    } catch (e) {
      const message = e instanceof CannotTell ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
      if (json) out.stdout(`${JSON.stringify({ stack, drift: null, error: message, code: e instanceof CannotTell ? e.code : "DRIFT_FAILED" }, null, 2)}\n`);
      out.stderr(`cannot tell whether ${stack} has drifted: ${message}\n`);
      return 2;
    }
  },
  failureExitCode: 2,
};

if (require.main === module) main(driftCommand);

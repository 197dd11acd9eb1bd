/**
 * `npm run drift -- <stack> [--json]` (verify/drift.ts): each finding rated
 * by the lint (modules/drift.ts rateDrift), most severe first; exit 1 on an
 * error-level finding, 0 when the worst is a warning, info or nothing, 2
 * cannot tell.
 */
import { rateDrift, worstSeverity } from "../modules/drift";
import { adminPortsOf, CannotTell, driftOf, DriftOptions, formatReport } from "../verify/drift";
import { CliUsageError, Command, jsonText, main } from "./run";

export const DRIFT_USAGE = "usage: npm run drift -- <stack> [--json]";

export const driftCommand: Command<{ stack: string }> = {
  parse(argv) {
    const unknown = argv.filter((a) => a.startsWith("-"));
    if (argv.length !== 1 || unknown.length > 0) throw new CliUsageError("", `${DRIFT_USAGE}${unknown.length ? ` (unknown option ${unknown.join(" ")})` : ""}`);
    return { stack: argv[0] };
  },
  async run({ stack }, env, out) {
    const options: DriftOptions = { outdir: env.outdir ?? "cdktf.out", environmentsDir: env.environmentsDir, catalogDir: env.catalogDir };
    const raw = await driftOf(stack, options);
    const report = rateDrift(raw, adminPortsOf(stack, raw.cloud, options));
    const worst = worstSeverity(report);
    out.stdout(env.json ? jsonText({ ...report, drift: report.findings.length > 0, worst: worst ?? null }) : formatReport(report));
    return worst === "error" ? 1 : 0;
  },
  failureExitCode: 2,
  json: true,
  // Any failure means drift cannot tell; the --json document keeps its stack, `drift: null` and the one code beside the error.
  failure(e, { stack }) {
    const message = e instanceof CannotTell ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { message: `cannot tell whether ${stack} has drifted: ${message}`, exitCode: 2, fields: { stack, drift: null, code: e instanceof CannotTell ? e.code : "DRIFT_FAILED" } };
  },
};

if (require.main === module) main(driftCommand);

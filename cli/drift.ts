/**
 * `npm run drift -- <stack> [--json]` (verify/drift.ts): exit 0 no drift,
 * 1 drift, 2 cannot tell.
 */
import { CannotTell, driftOf, formatReport } from "../verify/drift";
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
      const report = await driftOf(stack, { outdir: env.outdir ?? "cdktf.out" });
      out.stdout(json ? `${JSON.stringify({ ...report, drift: report.findings.length > 0 }, null, 2)}\n` : formatReport(report));
      return report.findings.length > 0 ? 1 : 0;
    } catch (e) {
      const message = e instanceof CannotTell ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
      if (json) out.stdout(`${JSON.stringify({ stack, drift: null, error: message }, null, 2)}\n`);
      out.stderr(`cannot tell whether ${stack} has drifted: ${message}\n`);
      return 2;
    }
  },
  failureExitCode: 2,
};

if (require.main === module) main(driftCommand);

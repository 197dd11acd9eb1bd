/**
 * `npm run verify [outdir]` (verify/cli.ts) and `npm run verify -- --against
 * <dir> --env <env> [--role-map <file>]` (verify/against.ts): exit 0 all agree,
 * 1 any disagreement or finding, 2 cannot check (missing or stale output, a
 * configuration the engine cannot interpret, or any error). `--json`: one
 * document instead of the report (docs/verify.md).
 */
import { ConfigError } from "../policy";
import { kindOf, printAgainst, verifyAgainst } from "../verify/against";
import { checkReportJson } from "../verify/check-json";
import { environmentVerificationJson, formatEnvironmentVerification, parseVerifyArgs, verifyOutput, VERIFY_USAGE, VerifyArgs } from "../verify/cli";
import { CliUsageError, Command, jsonText, main } from "./run";

export const verifyCommand: Command<VerifyArgs> = {
  parse(argv) {
    try {
      return parseVerifyArgs(argv);
    } catch (e) {
      if (e instanceof ConfigError && e.codes.includes("CLI_USAGE")) throw new CliUsageError(e.problems[0].message, VERIFY_USAGE);
      throw e;
    }
  },
  async run(args, env, out) {
    if (args.mode === "output") {
      const outdir = args.outdir ?? env.outdir ?? "cdktf.out";
      // Without --json each environment is printed as soon as it is checked.
      const results = await verifyOutput(
        outdir,
        { catalogDir: env.catalogDir, environmentsDir: env.environmentsDir, only: env.only },
        env.json ? undefined : (r) => out.stdout(formatEnvironmentVerification(r)),
      );
      const failures = results.reduce((n, r) => n + r.failures, 0);
      if (env.json) out.stdout(jsonText({ outdir, agree: failures === 0, failures, environments: results.map(environmentVerificationJson) }));
      return failures > 0 ? 1 : 0;
    }
    const result = await verifyAgainst(args.dir, args.env, args.roleMap, { catalogDir: env.catalogDir, environmentsDir: env.environmentsDir });
    if (!env.json) return printAgainst(args.dir, args.env, result, (s) => out.stdout(s)) > 0 ? 1 : 0;
    const check = checkReportJson(result.report);
    const kinds = result.report.disagreements.map(kindOf);
    const failures = result.report.disagreements.length + result.report.findings.length;
    out.stdout(
      jsonText({
        environment: args.env,
        against: args.dir,
        judged: result.judged,
        skipped: result.skipped,
        ...check,
        // "missing" (the catalog allows, a cloud denies), "extra" or "cannot tell", as the report says.
        disagreements: check.disagreements.map((d, i) => ({ kind: kinds[i], ...d })),
        failures,
      }),
    );
    return failures > 0 ? 1 : 0;
  },
  failureExitCode: 2,
  // Every refusal is a sentence for the user, including unexpected ones.
  expected: (e) => e instanceof Error,
  json: true,
};

if (require.main === module) main(verifyCommand);

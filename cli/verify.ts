/**
 * `npm run verify [outdir]` (verify/cli.ts) and `npm run verify -- --against
 * <dir> --env <env> [--role-map <file>]` (verify/against.ts): exit 0 all agree,
 * 1 any disagreement or finding, 2 cannot check (missing or stale output, a
 * configuration the engine cannot interpret, or any error).
 */
import { ConfigError } from "../policy";
import { printAgainst, verifyAgainst } from "../verify/against";
import { parseVerifyArgs, verify, VERIFY_USAGE, VerifyArgs } from "../verify/cli";
import { CliUsageError, Command, main } from "./run";

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
      const failures = await verify(args.outdir ?? env.outdir ?? "cdktf.out", { catalogDir: env.catalogDir, environmentsDir: env.environmentsDir, only: env.only });
      return failures > 0 ? 1 : 0;
    }
    const result = await verifyAgainst(args.dir, args.env, args.roleMap, { catalogDir: env.catalogDir, environmentsDir: env.environmentsDir });
    return printAgainst(args.dir, args.env, result, (s) => out.stdout(s)) > 0 ? 1 : 0;
  },
  failureExitCode: 2,
  // Every refusal is a sentence for the user, including unexpected ones.
  expected: (e) => e instanceof Error,
};

if (require.main === module) main(verifyCommand);

/**
 * `npm run reach -- --env E --from … --to … --protocol P [--port N] [--json]`
 * (verify/reach.ts): exit 0 when every cloud decides as the catalog does, 1
 * when one does not, 2 when the question cannot be asked or answered.
 */
import { ConfigError } from "../policy";
import { agrees, formatReach, parseReachArgs, reach, REACH_USAGE, ReachArgs } from "../verify/reach";
import { CliUsageError, Command, jsonText, main } from "./run";

export const reachCommand: Command<ReachArgs> = {
  parse(argv) {
    try {
      return parseReachArgs(argv);
    } catch (e) {
      if (e instanceof ConfigError && e.codes.includes("CLI_USAGE")) throw new CliUsageError(e.problems[0].message, REACH_USAGE);
      throw e;
    }
  },
  async run(args, env, out) {
    const report = await reach({ ...args, outdir: args.outdir ?? env.outdir }, { catalogDir: env.catalogDir, environmentsDir: env.environmentsDir });
    // --json: stdout is only the document.
    out.stdout(env.json ? jsonText(report) : formatReach(args, report));
    return agrees(report) ? 0 : 1;
  },
  failureExitCode: 2,
  expected: (e) => e instanceof Error,
  json: true,
};

if (require.main === module) main(reachCommand);

/**
 * `npm run diff -- [<base>] [--json] [--exit-code] [--plan <stack>=<file>]…`
 * (review/): exit 0 reviewed (with --exit-code: and no access change; with
 * --fail-on-risk: and no risk), 1 access changes with --exit-code or risks
 * with --fail-on-risk (a pipeline's merge gate), 2 bad input or failure.
 */
import { CliOptions, parseArgs, USAGE, UsageError } from "../review/args";
import { reviewWorkingTree } from "../review/cli";
import { renderMarkdown } from "../review/markdown";
import { ConfigError, SynthesisError } from "../policy";
import { CliUsageError, Command, jsonText, main } from "./run";

export const diffCommand: Command<CliOptions> = {
  parse(argv) {
    try {
      return parseArgs(argv);
    } catch (e) {
      // --help is a usage error without a message: the usage, and exit 0.
      if (e instanceof UsageError) throw new CliUsageError(e.message, USAGE, e.message ? 2 : 0);
      throw e;
    }
  },
  async run(options, env, out) {
    const report = await reviewWorkingTree(options, { catalogDir: env.catalogDir ?? "catalog", environmentsDir: env.environmentsDir ?? "environments", only: env.only });
    out.stdout(env.json ? jsonText(report) : renderMarkdown(report));
    return (options.exitCode && report.accessChanged) || (options.failOnRisk && report.risks.length > 0) ? 1 : 0;
  },
  failureExitCode: 2,
  expected: (e) => e instanceof ConfigError || e instanceof SynthesisError || e instanceof UsageError,
  json: true,
};

if (require.main === module) main(diffCommand);

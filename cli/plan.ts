/**
 * `npm run plan -- <stack> [--no-synth] [terraform plan options]`
 * (verify/plan.ts): Terraform's exit code (0, or with -detailed-exitcode 2
 * when there are changes); 1 when synthesis or init fails; 2 bad arguments.
 */
import { parsePlanArgs, plan, PlanArgs, PlanError } from "../verify/plan";
import { CliUsageError, Command, main } from "./run";

export function planCommand(env: NodeJS.ProcessEnv = process.env): Command<PlanArgs> {
  return {
    parse(argv) {
      try {
        return parsePlanArgs(argv);
      } catch (e) {
        if (e instanceof PlanError) throw new CliUsageError(`${e.message} [${e.code}]`, "usage: npm run plan -- <stack> [--no-synth] [terraform plan options]");
        throw e;
      }
    },
    async run(args, _cli, out) {
      try {
        return await plan(args, env);
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        out.stderr(`plan: ${e.message} [${e.code}]\n`);
        return 1;
      }
    },
    failureExitCode: 1,
  };
}

if (require.main === module) main(planCommand());

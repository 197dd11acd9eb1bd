/**
 * `npm run plan -- <stack> [--no-synth] [terraform plan options]`
 * (verify/plan.ts): Terraform's exit code (0, or with -detailed-exitcode 2
 * when there are changes); 1 when synthesis or init fails; 2 bad arguments.
 */
import { parsePlanArgs, plan, PlanArgs, PlanError } from "../verify/plan";
import { CliUsageError, Command, main } from "./run";

const USAGE = "usage: npm run plan -- <stack> [--no-synth] [terraform plan options]";

export function planCommand(env: NodeJS.ProcessEnv = process.env): Command<PlanArgs> {
  return {
    parse(argv) {
      try {
        return parsePlanArgs(argv);
      } catch (e) {
        if (e instanceof PlanError) throw new CliUsageError(`${e.message} [${e.code}]`, USAGE);
        throw e;
      }
    },
    run: (args) => plan(args, env),
    failureExitCode: 1,
    json: { refused: "its output is Terraform's own (Terraform's -json, with one dash, is passed to it; or save the plan with -out=plan.tfplan and run terraform show -json on it)", usage: USAGE },
    failure: (e) => (e instanceof PlanError ? { message: `plan: ${e.message} [${e.code}]`, exitCode: 1 } : undefined),
  };
}

if (require.main === module) main(planCommand());

/**
 * `npm run apply-gate -- stamp|check <stack> --commit <sha> [--plan <file>]`
 * (verify/apply-gate.ts): exit 0 stamped / may apply, 1 refused (another
 * commit's plan, changed files, a local-state stack under
 * FIREWALL_REQUIRE_REMOTE_STATE=1), 2 bad arguments or a missing folder.
 */
import { ApplyGateError, checkPlan, parseGateArgs, stampPlan } from "../verify/apply-gate";
import { remoteStateRequired, StateGuardError } from "../verify/state-guard";
import { CliUsageError, Command, main } from "./run";

type GateArgs = ReturnType<typeof parseGateArgs>;

/** The command, reading FIREWALL_REQUIRE_REMOTE_STATE from `env`. */
export function applyGateCommand(env: NodeJS.ProcessEnv = process.env): Command<GateArgs> {
  return {
    parse(argv) {
      try {
        return parseGateArgs(argv);
      } catch (e) {
        if (e instanceof ApplyGateError && e.code === "GATE_USAGE")
          throw new CliUsageError(e.message.replace(/ ?usage: .*$/, ""), "usage: npm run apply-gate -- stamp|check <stack> --commit <sha> [--plan <file>]");
        throw e;
      }
    },
    async run(args, cli, out) {
      const options = { outdir: cli.outdir ?? "cdktf.out", commit: args.commit, plan: args.plan, env };
      try {
        if (args.action === "stamp") {
          out.stdout(`stamped ${stampPlan(args.stack, options)} (commit ${args.commit})\n`);
        } else {
          const stamp = checkPlan(args.stack, options);
          out.stdout(
            `${args.stack}: ${stamp.plan.file} was made from commit ${stamp.commit} with this configuration and lock file${remoteStateRequired(env) ? "; its state is remote" : ""}: apply it\n`,
          );
        }
        return 0;
      } catch (e) {
        if (!(e instanceof ApplyGateError || e instanceof StateGuardError)) throw e;
        out.stderr(`apply-gate: ${e.message} [${e.code}]\n`);
        return e instanceof ApplyGateError ? e.exitCode : e.code === "STATE_GUARD_BAD_VARIABLE" ? 2 : 1;
      }
    },
    failureExitCode: 2,
  };
}

if (require.main === module) main(applyGateCommand());

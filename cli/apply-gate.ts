/**
 * `npm run apply-gate -- stamp|check <stack> --commit <sha> [--plan <file>]`
 * (verify/apply-gate.ts): exit 0 stamped / may apply, 1 refused (another
 * commit's plan, changed files, a local-state stack under
 * FIREWALL_REQUIRE_REMOTE_STATE=1), 2 bad arguments or a missing folder.
 */
import { ApplyGateError, checkPlan, parseGateArgs, stampPlan } from "../verify/apply-gate";
import { remoteStateRequired, StateGuardError } from "../verify/state-guard";
import { CliUsageError, Command, jsonText, main } from "./run";

type GateArgs = ReturnType<typeof parseGateArgs>;

const USAGE = "usage: npm run apply-gate -- stamp|check <stack> --commit <sha> [--plan <file>] [--json]";

/** The command, reading FIREWALL_REQUIRE_REMOTE_STATE from `env`. */
export function applyGateCommand(env: NodeJS.ProcessEnv = process.env): Command<GateArgs> {
  return {
    parse(argv) {
      try {
        return parseGateArgs(argv);
      } catch (e) {
        if (e instanceof ApplyGateError && e.code === "GATE_USAGE") throw new CliUsageError(e.message.replace(/ ?usage: .*$/, ""), USAGE);
        throw e;
      }
    },
    async run(args, cli, out) {
      const options = { outdir: cli.outdir ?? "cdktf.out", commit: args.commit, plan: args.plan, env };
      if (args.action === "stamp") {
        const stamp = stampPlan(args.stack, options);
        out.stdout(cli.json ? jsonText({ action: "stamp", stack: args.stack, commit: args.commit, stamp }) : `stamped ${stamp} (commit ${args.commit})\n`);
      } else {
        const stamp = checkPlan(args.stack, options);
        const remote = remoteStateRequired(env);
        out.stdout(
          cli.json
            ? jsonText({ action: "check", stack: args.stack, commit: stamp.commit, plan: stamp.plan.file, remoteStateRequired: remote, apply: true })
            : `${args.stack}: ${stamp.plan.file} was made from commit ${stamp.commit} with this configuration and lock file${remote ? "; its state is remote" : ""}: apply it\n`,
        );
      }
      return 0;
    },
    failureExitCode: 2,
    json: true,
    // A refusal names the gate and its code; exit 1 refused, 2 cannot check.
    failure(e) {
      if (!(e instanceof ApplyGateError || e instanceof StateGuardError)) return undefined;
      return { message: `apply-gate: ${e.message} [${e.code}]`, exitCode: e instanceof ApplyGateError ? e.exitCode : e.code === "STATE_GUARD_BAD_VARIABLE" ? 2 : 1 };
    },
  };
}

if (require.main === module) main(applyGateCommand());

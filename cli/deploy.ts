/**
 * `npm run deploy -- <stack> [cdktf deploy options]`: `cdktf deploy
 * --skip-provider-lock` (cdktf would otherwise run `terraform providers lock`,
 * which ignores a filesystem mirror and asks the public registry), after the
 * state guard: with FIREWALL_REQUIRE_REMOTE_STATE=1 a stack whose environment
 * gives it local state is refused, naming the setting and why (exit 1), before
 * anything is synthesized or applied.
 */
import { spawn } from "child_process";
import * as path from "path";
import { loadBoundEnvironments, stackName } from "../stacks/environment";
import { stackStates } from "../stacks/state";
import { refuseLocalStateStacks, remoteStateRequired, StateGuardError } from "../verify/state-guard";
import { CliUsageError, Command, main } from "./run";

/** cdktf deploy options that take a value (the next argument is not a stack). */
const VALUE_OPTIONS = new Set(["--output", "-o", "--app", "-a", "--var", "--var-file", "--parallelism", "--outputs-file", "--terraform-parallelism", "--vars"]);

/** The stacks an argument list names: plain words and cdktf's globs (`'*-aws'`), matched against every known stack. */
export function stacksNamed(args: readonly string[], known: readonly string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("-")) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    const pattern = new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    const hits = known.filter((s) => pattern.test(s));
    // An unknown word is passed on as it is: cdktf names it in its own error; the guard refuses it below.
    for (const s of hits.length > 0 ? hits : [a]) named.add(s);
  }
  return [...named].sort();
}

export async function guardedCdktf(command: "deploy" | "destroy", args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    if (command === "deploy" && remoteStateRequired(env)) {
      const options = { environmentsDir: env.FIREWALL_ENVIRONMENTS_DIR || undefined, catalogDir: env.FIREWALL_CATALOG_DIR || undefined };
      const known = loadBoundEnvironments(options).flatMap(({ environment }) => stackStates(environment, stackName).map((s) => s.stack));
      const stacks = stacksNamed(args, known);
      if (stacks.length === 0) throw new StateGuardError(`name the stacks to deploy while FIREWALL_REQUIRE_REMOTE_STATE=1 (npm run deploy -- <stack>), so each can be checked`, "STATE_GUARD_NO_STACK");
      refuseLocalStateStacks(stacks, options);
    }
  } catch (e) {
    if (!(e instanceof StateGuardError)) throw e;
    process.stderr.write(`${command}: ${e.message} [${e.code}]\n`);
    return e.code === "STATE_GUARD_BAD_VARIABLE" ? 2 : 1;
  }
  const cdktf = path.join(__dirname, "..", "..", "node_modules", ".bin", "cdktf");
  return new Promise((resolve) => {
    const child = spawn(cdktf, [command, "--skip-provider-lock", ...args], { stdio: "inherit", env: { ...env, CHECKPOINT_DISABLE: "1" } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.once("error", (e) => (process.stderr.write(`${command}: cannot start ${cdktf}: ${e.message}\n`), resolve(2)));
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const USAGE = "usage: node dist/cli/deploy.js deploy|destroy <stack> [cdktf options]";

type DeployArgs = { command: "deploy" | "destroy"; args: string[] };

export function deployCommand(env: NodeJS.ProcessEnv = process.env): Command<DeployArgs> {
  return {
    parse(argv) {
      const [command, ...args] = argv;
      if (command !== "deploy" && command !== "destroy") throw new CliUsageError("", USAGE);
      return { command, args };
    },
    run: ({ command, args }) => guardedCdktf(command, args, env),
    failureExitCode: 2,
    json: { refused: "its output is cdktf's and Terraform's own (cdktf deploy --outputs-file writes the stack outputs as JSON)", usage: USAGE },
  };
}

if (require.main === module) main(deployCommand());

/**
 * `npm run plan -- <stack> [terraform plan options]` (the command is
 * cli/plan.ts): an offline `terraform
 * plan` of one stack, in its folder cdktf.out/stacks/<stack> (CDKTF_OUTDIR),
 * as `npm run deploy` would apply it.
 *
 * 1. Re-synthesizes the stack's environment (FIREWALL_ENVIRONMENTS=<env>, as
 *    `npm run synth` does): only generated files are replaced, so the stack's
 *    local state, .terraform/ and lock file stay. `--no-synth` plans the
 *    folder as it is.
 * 2. Providers come from a filesystem mirror and nowhere else: the CLI
 *    configuration in TF_CLI_CONFIG_FILE when set, otherwise one written for
 *    TF_PROVIDER_MIRROR (default /opt/tf-plugins). Nothing asks a registry
 *    (no `terraform providers lock`, no direct installation).
 * 3. `terraform init -input=false`, then `terraform plan -input=false
 *    -lock-timeout=60s` with your options; Terraform's own output, "No
 *    changes. Your infrastructure matches the configuration." when there are
 *    none, and its exit code (with -detailed-exitcode, 2 means changes).
 */
import { execFile, spawn } from "child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath, stackDir, treeDir } from "../synth/layout";
import { assertOutputComplete } from "../synth/output";
import { ConfigError } from "../policy";

const DEFAULT_MIRROR = "/opt/tf-plugins";
const ROOT = path.resolve(__dirname, "..", "..");

export class PlanError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "PlanError";
  }
}

/** A CLI configuration that installs every provider from the mirror, and none from anywhere else. */
export function offlineCliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`;
}

export interface PlanArgs {
  readonly stack: string;
  readonly synth: boolean;
  readonly terraformArgs: readonly string[];
}

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const [stack, ...rest] = argv;
  if (!stack || stack.startsWith("-") || !/^[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*-[a-z0-9]+$/.test(stack)) {
    throw new PlanError(`"${stack ?? ""}" is not a stack name (such as dev-aws; see npm run list)`, "PLAN_USAGE");
  }
  const bad = rest.find((a) => /^-(chdir|input|state|state-out|backup)(=|$)/.test(a));
  if (bad) throw new PlanError(`${bad}: npm run plan sets the folder and input itself, and the state is the backend's; leave it out`, "PLAN_USAGE");
  return { stack, synth: !rest.includes("--no-synth"), terraformArgs: rest.filter((a) => a !== "--no-synth") };
}

function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; quiet?: boolean }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    if (options.quiet) {
      execFile(command, [...args], { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(new PlanError(`cannot run ${command}: ${error.message}`, "PLAN_NO_TERRAFORM"));
        resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
      });
      return;
    }
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.once("error", (e) => reject(new PlanError(`cannot run ${command}: ${e.message}`, "PLAN_NO_TERRAFORM")));
    child.once("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      resolve({ code: code ?? (signal ? 1 : 0), output: "" });
    });
  });
}

export async function plan(args: PlanArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const outdir = path.resolve(env.CDKTF_OUTDIR || "cdktf.out");
  const environment = args.stack.replace(/-[a-z0-9]+$/, "");
  if (args.synth) {
    const synth = await run(process.execPath, [path.join(ROOT, "dist", "main.js")], { cwd: process.cwd(), env: { ...env, CDKTF_OUTDIR: outdir, FIREWALL_ENVIRONMENTS: environment }, quiet: true });
    if (synth.code !== 0) throw new PlanError(`synthesis of environment "${environment}" failed, nothing was planned:\n${synth.output.trim()}`, "PLAN_SYNTH_FAILED");
  }
  // An install a killed synthesis left half done is refused (with --no-synth nothing completes it first).
  try {
    assertOutputComplete(outdir);
  } catch (e) {
    if (e instanceof ConfigError) throw new PlanError(e.message, e.codes[0]);
    throw e;
  }
  const dir = stackDir(outdir, "stacks", args.stack);
  if (!existsSync(jsonPath(outdir, args.stack))) {
    const stacks = existsSync(treeDir(outdir, "stacks")) ? readdirSync(treeDir(outdir, "stacks")).sort().join(", ") : "none";
    throw new PlanError(`${path.relative(process.cwd(), jsonPath(outdir, args.stack))} is missing: no environment produces stack ${args.stack} (synthesized: ${stacks})`, "PLAN_NO_STACK");
  }
  let scratch: string | undefined;
  let cliConfig = env.TF_CLI_CONFIG_FILE;
  if (!cliConfig) {
    const mirror = env.TF_PROVIDER_MIRROR || DEFAULT_MIRROR;
    if (!existsSync(mirror))
      throw new PlanError(
        `no provider mirror at ${mirror} and no TF_CLI_CONFIG_FILE: point TF_PROVIDER_MIRROR at a folder made by \`terraform providers mirror\`, or TF_CLI_CONFIG_FILE at a CLI configuration`,
        "PLAN_NO_MIRROR",
      );
    scratch = mkdtempSync(path.join(os.tmpdir(), "fw-plan-"));
    cliConfig = path.join(scratch, "offline.tfrc");
    writeFileSync(cliConfig, offlineCliConfig(mirror));
  }
  try {
    const tfEnv = { ...env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: env.TF_IN_AUTOMATION ?? "1" };
    const init = await run("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env: tfEnv, quiet: true });
    if (init.code !== 0)
      throw new PlanError(
        `terraform init in ${dir} failed (providers come only from ${env.TF_CLI_CONFIG_FILE ? `the CLI configuration ${cliConfig}` : `the mirror ${env.TF_PROVIDER_MIRROR || DEFAULT_MIRROR}`}):\n${init.output.trim()}`,
        "PLAN_INIT_FAILED",
      );
    return (await run("terraform", ["plan", "-input=false", "-lock-timeout=60s", ...args.terraformArgs], { cwd: dir, env: tfEnv })).code;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `npm run apply-gate -- stamp|check <stack> --commit <sha> [--plan <file>]`
 * (the command is cli/apply-gate.ts): what makes a pipeline apply exactly the
 * plan that was reviewed.
 *
 * - `stamp` (in the plan job, after `terraform plan -out`): writes
 *   `<plan>.stamp.json` beside the plan in cdktf.out/stacks/<stack>/: the
 *   commit, and sha256 of the plan file, of the folder's configuration
 *   (*.tf, *.tf.json) and of its .terraform.lock.hcl.
 * - `check` (in the apply job, before `terraform apply <plan>`): refuses,
 *   exit 1, unless the stamp names this commit and the plan, configuration
 *   and lock file are byte for byte the ones stamped; and, with
 *   FIREWALL_REQUIRE_REMOTE_STATE=1, unless the stack's backend is remote.
 *
 * Exit 2: bad arguments, or a stack folder that is not there.
 * CDKTF_OUTDIR points at another synthesis folder (default cdktf.out).
 */
import { createHash } from "crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { ConfigError, isJsonObject } from "../policy";
import { jsonPath, stackDir as stackDirOf } from "../synth/layout";
import { assertOutputComplete } from "../synth/output";
import { refuseLocalStateFolder, remoteStateRequired } from "./state-guard";

export const LOCK_FILE = ".terraform.lock.hcl";

export class ApplyGateError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** 1: refused; 2: cannot check (usage, missing folder). */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = "ApplyGateError";
  }
}

export interface Stamp {
  readonly stack: string;
  readonly commit: string;
  readonly plan: { readonly file: string; readonly sha256: string };
  /** sha256 over the folder's configuration files, by name. */
  readonly configuration: { readonly files: readonly string[]; readonly sha256: string };
  readonly lockFile: { readonly sha256: string };
}

export interface GateOptions {
  readonly outdir: string;
  readonly commit: string;
  /** Relative to the stack folder, as `terraform -chdir=… plan -out=` writes it. @default plan.tfplan */
  readonly plan?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

function stackDir(outdir: string, stack: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(stack)) throw new ApplyGateError(`"${stack}" is not a stack name (such as prod-aws; see npm run list)`, "GATE_NOT_A_STACK", 2);
  // An install a killed synthesis left half done: neither stamp nor check a mix of old and new folders.
  try {
    assertOutputComplete(outdir);
  } catch (e) {
    if (e instanceof ConfigError) throw new ApplyGateError(e.message, e.codes[0], 2);
    throw e;
  }
  const dir = stackDirOf(outdir, "stacks", stack);
  if (!existsSync(jsonPath(outdir, stack))) throw new ApplyGateError(`${jsonPath(outdir, stack)} is missing: synthesize first (npm run synth), or set CDKTF_OUTDIR`, "GATE_NO_STACK", 2);
  return dir;
}

function planName(plan: string | undefined): string {
  const name = plan ?? "plan.tfplan";
  // The stamp sits beside the plan in the stack folder: no paths out of it.
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith(".")) throw new ApplyGateError(`--plan ${name}: give a file name in the stack folder, such as plan.tfplan`, "GATE_BAD_PLAN_NAME", 2);
  return name;
}

function configuration(dir: string): Stamp["configuration"] {
  const files = readdirSync(dir)
    .filter((f) => /\.tf(\.json)?$/.test(f))
    .sort();
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f}\0${sha256(readFileSync(path.join(dir, f)))}\n`);
  return { files, sha256: hash.digest("hex") };
}

function checkCommit(commit: string): string {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit))
    throw new ApplyGateError(`--commit "${commit}" is not a full git commit id (40 hex digits; the pipeline's GITHUB_SHA or CI_COMMIT_SHA)`, "GATE_BAD_COMMIT", 2);
  return commit;
}

function current(stack: string, options: GateOptions): Stamp {
  const dir = stackDir(options.outdir, stack);
  const plan = planName(options.plan);
  const planFile = path.join(dir, plan);
  if (!existsSync(planFile)) throw new ApplyGateError(`${planFile} is missing: plan first (terraform -chdir=${dir} plan -out=${plan})`, "GATE_NO_PLAN", 2);
  const lock = path.join(dir, LOCK_FILE);
  if (!existsSync(lock)) throw new ApplyGateError(`${lock} is missing: the plan must travel with the provider lock file terraform init wrote for it`, "GATE_NO_LOCK_FILE");
  return {
    stack,
    commit: checkCommit(options.commit),
    plan: { file: plan, sha256: sha256(readFileSync(planFile)) },
    configuration: configuration(dir),
    lockFile: { sha256: sha256(readFileSync(lock)) },
  };
}

/** Writes `<plan>.stamp.json` beside the plan (through a temporary file: never half a stamp). */
export function stampPlan(stack: string, options: GateOptions): string {
  const stamp = current(stack, options);
  const file = path.join(stackDir(options.outdir, stack), `${stamp.plan.file}.stamp.json`);
  // A link left at the temporary name is removed, never written through ("wx": create, or fail).
  rmSync(`${file}.tmp`, { force: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(stamp, null, 2)}\n`, { flag: "wx" });
  renameSync(`${file}.tmp`, file);
  return file;
}

/** A stamp as stampPlan writes it: every field there, of its kind (anything else cannot vouch for a plan). */
function isStamp(value: unknown): value is Stamp {
  const text = (v: unknown) => typeof v === "string";
  if (!isJsonObject(value) || !text(value.stack) || !text(value.commit)) return false;
  const { plan, configuration, lockFile } = value;
  return (
    isJsonObject(plan) &&
    text(plan.file) &&
    text(plan.sha256) &&
    isJsonObject(configuration) &&
    Array.isArray(configuration.files) &&
    configuration.files.every(text) &&
    text(configuration.sha256) &&
    isJsonObject(lockFile) &&
    text(lockFile.sha256)
  );
}

/** Throws ApplyGateError (or StateGuardError) unless the plan may be applied here. */
export function checkPlan(stack: string, options: GateOptions): Stamp {
  const dir = stackDir(options.outdir, stack);
  if (remoteStateRequired(options.env)) refuseLocalStateFolder(stack, dir);
  const now = current(stack, options);
  const file = path.join(dir, `${now.plan.file}.stamp.json`);
  if (!existsSync(file)) throw new ApplyGateError(`${file} is missing: the plan job must stamp the plan (npm run apply-gate -- stamp ${stack} --commit <sha>)`, "GATE_NO_STAMP");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ApplyGateError(`${file} is not JSON: ${(e as Error).message}`, "GATE_BAD_STAMP");
  }
  if (!isStamp(parsed)) throw new ApplyGateError(`${file} is not a stamp this command writes (truncated or edited?): re-run the pipeline's plan job, which stamps the plan`, "GATE_BAD_STAMP");
  const stamp = parsed;
  const differences: string[] = [];
  if (stamp.stack !== stack) differences.push(`it stamps stack ${stamp.stack}, not ${stack}`);
  if (stamp.commit !== now.commit) differences.push(`the plan was made from commit ${stamp.commit}, this run is ${now.commit}`);
  if (stamp.plan.sha256 !== now.plan.sha256) differences.push(`${now.plan.file} is not the file that was stamped`);
  if (stamp.configuration.sha256 !== now.configuration.sha256)
    differences.push(`the configuration (${now.configuration.files.join(", ")}) is not the one planned (${stamp.configuration.files.join(", ")})`);
  if (stamp.lockFile.sha256 !== now.lockFile.sha256) differences.push(`${LOCK_FILE} is not the one the plan was made with`);
  if (differences.length > 0)
    throw new ApplyGateError(`refusing to apply ${stack}: ${differences.join("; ")}. Apply only the plan reviewed for this commit: re-run the pipeline's plan for it`, "GATE_PLAN_MISMATCH");
  return stamp;
}

export function parseGateArgs(argv: readonly string[]): { action: "stamp" | "check"; stack: string; commit: string; plan?: string } {
  const [action, stack, ...rest] = argv;
  const usage = "usage: npm run apply-gate -- stamp|check <stack> --commit <sha> [--plan <file>]";
  if ((action !== "stamp" && action !== "check") || !stack || stack.startsWith("-")) throw new ApplyGateError(usage, "GATE_USAGE", 2);
  let commit: string | undefined;
  let plan: string | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined || value.startsWith("--")) throw new ApplyGateError(`${flag} needs a value. ${usage}`, "GATE_USAGE", 2);
    if (flag === "--commit" && commit === undefined) commit = value;
    else if (flag === "--plan" && plan === undefined) plan = value;
    else throw new ApplyGateError(`unknown or repeated option ${flag}. ${usage}`, "GATE_USAGE", 2);
  }
  if (!commit) throw new ApplyGateError(`--commit is required. ${usage}`, "GATE_USAGE", 2);
  return { action, stack, commit, plan };
}

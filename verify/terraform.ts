/**
 * The real judge of our AWS output: terraform init, validate and plan, offline,
 * against the hashicorp/aws filesystem mirror these machines carry.
 *
 * The root module is copied to a scratch folder with an override file that
 * swaps the backend for a local one and gives the provider fake credentials
 * and its skip-* settings, so nothing talks to AWS. One `terraform init` is
 * shared by all checks: its .terraform folder only holds symlinks into the
 * mirror, so copying it is cheap, while each init hashes the 700 MB provider.
 */
import { execFile, execFileSync } from "child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);
const DEFAULT_MIRROR = "/opt/tf-plugins";

export type Availability = { available: true; mirror: string } | { available: false; reason: string };

export interface CheckResult {
  readonly validateOutput: string;
  readonly planOutput?: string;
  /** Resources the plan would add. */
  readonly plannedAdds?: number;
}

const OVERRIDE = {
  terraform: { backend: { local: { path: "terraform.tfstate" } } },
  provider: {
    aws: {
      access_key: "AKIAOFFLINEFAKEKEY00",
      secret_key: "offline-fake-secret",
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
    },
  },
};

export function mirrorDir(): string {
  return process.env.TF_PROVIDER_MIRROR ?? DEFAULT_MIRROR;
}

/** Whether a Terraform CLI and the aws provider mirror are here, and if not, why. */
export function terraformAvailability(): Availability {
  try {
    execFileSync("terraform", ["version"], { stdio: "pipe", env: tfEnv("") });
  } catch {
    return { available: false, reason: "no terraform CLI on PATH" };
  }
  const mirror = mirrorDir();
  if (!existsSync(path.join(mirror, "registry.terraform.io", "hashicorp", "aws"))) {
    return { available: false, reason: `no hashicorp/aws provider mirror at ${mirror} (set TF_PROVIDER_MIRROR)` };
  }
  return { available: true, mirror };
}

function tfEnv(cliConfig: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "AKIAOFFLINEFAKEKEY00",
    AWS_SECRET_ACCESS_KEY: "offline-fake-secret",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

let shared: Promise<{ dir: string; env: NodeJS.ProcessEnv }> | undefined;

/** One init for all checks, in a scratch folder with the same backend override. */
function sharedInit(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  shared ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-tf-init-"));
    const cliConfig = path.join(dir, "terraform.rc");
    const mirror = mirrorDir();
    writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
    const env = tfEnv(cliConfig);
    const work = path.join(dir, "init");
    cpSync(path.join(__dirname, "terraform-init-template"), work, { recursive: true });
    writeFileSync(path.join(work, "zz_offline_override.tf.json"), JSON.stringify(OVERRIDE, null, 2));
    await terraform(["init", "-input=false", "-no-color"], work, env);
    return { dir: work, env };
  })();
  return shared;
}

async function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run("terraform", args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`terraform ${args[0]} failed in ${cwd}:\n${err.stderr || err.stdout || err.message}`);
  }
}

/**
 * Validates (and optionally plans) a Terraform root module for AWS: a folder
 * with cdk.tf.json or *.tf files. Throws with Terraform's message on any error.
 */
export async function checkAwsRootModule(dir: string, opts: { plan: boolean }): Promise<CheckResult> {
  const init = await sharedInit();
  const work = mkdtempSync(path.join(os.tmpdir(), "fw-tf-check-"));
  cpSync(dir, work, { recursive: true, filter: (src) => !/[/\\]\.terraform([/\\]|$)/.test(src) });
  cpSync(path.join(init.dir, ".terraform"), path.join(work, ".terraform"), { recursive: true, verbatimSymlinks: true });
  cpSync(path.join(init.dir, ".terraform.lock.hcl"), path.join(work, ".terraform.lock.hcl"));
  writeFileSync(path.join(work, "zz_offline_override.tf.json"), JSON.stringify(OVERRIDE, null, 2));
  const validateOutput = await terraform(["validate", "-no-color"], work, init.env);
  if (!opts.plan) return { validateOutput };
  const planOutput = await terraform(["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"], work, init.env);
  const m = /Plan: (\d+) to add/.exec(planOutput);
  return { validateOutput, planOutput, plannedAdds: m ? Number(m[1]) : 0 };
}

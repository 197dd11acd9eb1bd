/**
 * The real judge of our AWS output: terraform init, validate and plan, offline,
 * against the hashicorp/aws filesystem mirror these machines carry.
 *
 * The root module (cdk.tf.json or *.tf) is copied to a scratch folder with an
 * override file that swaps its backend for a local one and gives the provider
 * fake credentials and its skip-* settings, so nothing talks to AWS. Terraform
 * installs providers from an unpacked filesystem mirror as symlinks, so each
 * init is about a second and copies nothing of the ~700 MB provider.
 */
import { execFile, execFileSync } from "child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

const DEFAULT_MIRROR = "/opt/tf-plugins";
const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";
/** Merged after every other file (override files apply in lexical order). */
const OVERRIDE_FILE = "zz_offline_override.tf.json";
const FAKE_ACCESS_KEY = "AKIAOFFLINEFAKEKEY00";
const FAKE_SECRET_KEY = "offline-fake-secret-key";

export type TerraformAvailability = { available: true; version: string; mirror: string } | { available: false; reason: string };

export interface RootModuleCheck {
  /** What `terraform validate` printed. */
  readonly validateOutput: string;
  /** What `terraform plan` printed, when asked to plan. */
  readonly planOutput?: string;
  /** N of the plan's "Plan: N to add". */
  readonly plannedResources?: number;
  /** Wall time of each step. */
  readonly seconds: { readonly init: number; readonly validate: number; readonly plan?: number };
}

/** The provider mirror: TF_PROVIDER_MIRROR, else /opt/tf-plugins. */
export function providerMirror(): string {
  return process.env.TF_PROVIDER_MIRROR || DEFAULT_MIRROR;
}

/** Whether a Terraform CLI and a hashicorp/aws mirror for this platform are here, and if not, why. */
export function terraformAvailability(): TerraformAvailability {
  let version: string;
  try {
    const out = execFileSync("terraform", ["version", "-json"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: terraformEnv("/dev/null") });
    version = JSON.parse(out).terraform_version;
  } catch (e) {
    return { available: false, reason: `no working terraform CLI on PATH (${(e as Error).message.split("\n")[0]})` };
  }
  const mirror = providerMirror();
  const providerDir = path.join(mirror, ...AWS_PROVIDER.split("/"));
  const platform = terraformPlatform();
  const versions = existsSync(providerDir) ? readdirSync(providerDir).filter((v) => existsSync(path.join(providerDir, v, platform))) : [];
  if (versions.length === 0) {
    return { available: false, reason: `no ${AWS_PROVIDER} provider for ${platform} in the mirror ${mirror} (set TF_PROVIDER_MIRROR)` };
  }
  return { available: true, version, mirror };
}

/**
 * Runs terraform init and validate (and plan, if asked) on a copy of the root
 * module in `dir`, offline. Throws an Error with Terraform's own message when a
 * step fails.
 */
export async function checkAwsRootModule(dir: string, opts: { plan: boolean }): Promise<RootModuleCheck> {
  const availability = terraformAvailability();
  if (!availability.available) throw new Error(`cannot check ${dir} with Terraform: ${availability.reason}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "tf-check-"));
  try {
    const work = path.join(scratch, "module");
    // Never carry over another machine's state, lock file or provider installs.
    cpSync(dir, work, { recursive: true, filter: (src) => !/^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*)$/.test(path.basename(src)) });
    writeFileSync(path.join(work, OVERRIDE_FILE), JSON.stringify(offlineOverride(), null, 2));
    const cliConfig = path.join(scratch, "terraform.rc");
    writeFileSync(cliConfig, mirrorCliConfig(availability.mirror));
    const env = terraformEnv(cliConfig);

    const init = await timed(() => terraform(["init", "-input=false", "-no-color"], work, env));
    const validate = await timed(() => terraform(["validate", "-no-color"], work, env));
    if (!opts.plan) return { validateOutput: validate.output, seconds: { init: init.seconds, validate: validate.seconds } };
    const plan = await timed(() => terraform(["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"], work, env));
    return {
      validateOutput: validate.output,
      planOutput: plan.output,
      plannedResources: plannedAdds(plan.output),
      seconds: { init: init.seconds, validate: validate.seconds, plan: plan.seconds },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Override merging: a backend block in an override file replaces the original
 * one; provider arguments are merged into the default (unaliased) aws provider.
 */
function offlineOverride(): object {
  return {
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
    provider: {
      aws: {
        access_key: FAKE_ACCESS_KEY,
        secret_key: FAKE_SECRET_KEY,
        skip_credentials_validation: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
      },
    },
  };
}

function mirrorCliConfig(mirror: string): string {
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = ["${AWS_PROVIDER}"]`,
    "  }",
    "  direct {",
    `    exclude = ["${AWS_PROVIDER}"]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The caller's environment without anything that could change Terraform's behaviour or reach real AWS. */
function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TF_|AWS_)/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("terraform", args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = typeof error.code === "number" ? ` (exit ${error.code})` : "";
      reject(new Error(`terraform ${args[0]} failed${code}:\n${(stderr || stdout || error.message).trim()}`));
    });
  });
}

async function timed(step: () => Promise<string>): Promise<{ output: string; seconds: number }> {
  const start = process.hrtime.bigint();
  const output = await step();
  return { output, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function plannedAdds(planOutput: string): number {
  const m = /Plan: (\d+) to add/.exec(planOutput);
  if (m) return Number(m[1]);
  if (/No changes\./.test(planOutput)) return 0;
  throw new Error(`terraform plan printed no "Plan: N to add" line:\n${planOutput}`);
}

/** Terraform's name for this platform, e.g. linux_amd64. */
function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  const platform = process.platform === "win32" ? "windows" : process.platform;
  return `${platform}_${arch[process.arch] ?? process.arch}`;
}

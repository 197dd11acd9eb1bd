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
import { execFile, execFileSync, spawn } from "child_process";
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

/**
 * A module that is planned is not validated separately: `terraform plan`
 * validates the configuration first, with the same diagnostics, and a separate
 * `validate` would load the AWS provider's schema again (about 4 s a stack).
 */
export type RootModuleCheck =
  | { readonly validateOutput: string; readonly seconds: { readonly init: number; readonly validate: number } }
  | {
      /** What `terraform plan` printed. */
      readonly planOutput: string;
      /** N of the plan's "Plan: N to add". */
      readonly plannedResources: number;
      readonly seconds: { readonly init: number; readonly plan: number };
    };

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

export interface RootModuleToCheck {
  /** A folder holding cdk.tf.json or *.tf files. */
  readonly dir: string;
  /** Whether to run terraform plan (which validates first) instead of terraform validate. */
  readonly plan: boolean;
}

/**
 * Runs terraform init and validate (or plan, if asked) on a copy of the root
 * module in `dir`, offline. Throws an Error with Terraform's own message when a
 * step fails.
 */
export async function checkAwsRootModule(dir: string, opts: { plan: boolean }): Promise<RootModuleCheck> {
  return (await checkAwsRootModules([{ dir, plan: opts.plan }]))[0];
}

/**
 * Checks several root modules, in order, with one AWS provider process.
 *
 * Terraform starts the provider afresh for every validate and plan, and that
 * start-up is about half of each command's time. Here the provider binary that
 * init installed runs once, in its debug mode, and every command attaches to it
 * (TF_REATTACH_PROVIDERS): the same binary and protocol, started once. The
 * commands run one after another so that no two configure the provider at once
 * (its configuration is process-wide).
 */
export async function checkAwsRootModules(modules: readonly RootModuleToCheck[]): Promise<RootModuleCheck[]> {
  const availability = terraformAvailability();
  if (!availability.available) throw new Error(`cannot check ${modules.map((m) => m.dir).join(", ")} with Terraform: ${availability.reason}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "tf-check-"));
  try {
    const cliConfig = path.join(scratch, "terraform.rc");
    writeFileSync(cliConfig, mirrorCliConfig(availability.mirror));
    const env = terraformEnv(cliConfig);
    const works = modules.map((m, i) => {
      const work = path.join(scratch, `module-${i}`);
      // Never carry over another machine's state, lock file or provider installs.
      cpSync(m.dir, work, { recursive: true, filter: (src) => !/^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*)$/.test(path.basename(src)) });
      writeFileSync(path.join(work, OVERRIDE_FILE), JSON.stringify(offlineOverride(), null, 2));
      return work;
    });
    const inits: number[] = [];
    for (const work of works) inits.push((await timed(() => terraform(["init", "-input=false", "-no-color"], work, env))).seconds);

    const provider = await startProvider(installedProvider(works[0]), env);
    try {
      const attached = { ...env, TF_REATTACH_PROVIDERS: provider.reattach };
      const results: RootModuleCheck[] = [];
      for (const [i, work] of works.entries()) {
        if (!modules[i].plan) {
          const validate = await timed(() => terraform(["validate", "-no-color"], work, attached));
          results.push({ validateOutput: validate.output, seconds: { init: inits[i], validate: validate.seconds } });
          continue;
        }
        const plan = await timed(() => terraform(["plan", "-input=false", "-no-color", "-refresh=false", "-lock=false"], work, attached));
        results.push({ planOutput: plan.output, plannedResources: plannedAdds(plan.output), seconds: { init: inits[i], plan: plan.seconds } });
      }
      return results;
    } finally {
      await provider.stop();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What Terraform itself makes of strings as a configuration writes them (its
 * template rules: `${`, `%{` and their escapes `$${`, `%%{`): a root module of
 * outputs only, applied to a scratch state. No provider, nothing leaves the machine.
 */
export async function evaluateTerraformStrings(values: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "tf-strings-"));
  try {
    const env = terraformEnv("/dev/null");
    const output = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }]));
    writeFileSync(path.join(scratch, "main.tf.json"), JSON.stringify({ output }));
    await terraform(["init", "-input=false", "-no-color"], scratch, env);
    await terraform(["apply", "-auto-approve", "-input=false", "-no-color"], scratch, env);
    const shown = JSON.parse(await terraform(["output", "-json"], scratch, env)) as Record<string, { value: string }>;
    return Object.fromEntries(Object.entries(shown).map(([name, o]) => [name, o.value]));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Files under `dir` (recursively), relative to it, that `terraform fmt` would change (none when all are formatted as it formats). */
export function terraformFmtCheck(dir: string): string[] {
  try {
    execFileSync("terraform", ["fmt", "-check", "-list=true", "-recursive", "-no-color"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: terraformEnv("/dev/null") });
    return [];
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? "";
    if (out.trim() === "") throw e;
    return out.trim().split("\n");
  }
}

/** The provider executable that init installed into a working directory. */
export function installedProvider(work: string): string {
  const base = path.join(work, ".terraform", "providers", ...AWS_PROVIDER.split("/"));
  const [version] = readdirSync(base);
  const dir = path.join(base, version, terraformPlatform());
  const exe = readdirSync(dir).find((f) => f.startsWith("terraform-provider-aws"));
  if (!exe) throw new Error(`terraform init installed no provider executable in ${dir}`);
  return path.join(dir, exe);
}

const PROVIDER_START_TIMEOUT_MS = 60_000;

/** Starts the provider in debug mode and reads the TF_REATTACH_PROVIDERS value it prints. */
export function startProvider(executable: string, env: NodeJS.ProcessEnv): Promise<{ reattach: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ["-debug"], { env, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    };
    let printed = "";
    let found = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${executable} -debug printed no TF_REATTACH_PROVIDERS within ${PROVIDER_START_TIMEOUT_MS / 1000} s:\n${printed.slice(-2000)}`));
    }, PROVIDER_START_TIMEOUT_MS);
    // Keep draining both pipes for the provider's whole life, or it blocks on a full pipe.
    const onData = (chunk: Buffer) => {
      if (found) return;
      printed += chunk.toString("utf8");
      const m = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(printed);
      if (!m) return;
      found = true;
      clearTimeout(timer);
      resolve({ reattach: m[1], stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code, signal) => {
      if (found) return;
      clearTimeout(timer);
      reject(new Error(`${executable} -debug exited (${signal ?? code}) before it could be attached:\n${printed.slice(-2000)}`));
    });
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${executable}: ${e.message}`));
    });
  });
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

export function mirrorCliConfig(mirror: string): string {
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
export function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
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

export function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
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

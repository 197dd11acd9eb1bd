/**
 * `npm run verify [outdir]`: reads an existing synthesis (default cdktf.out)
 * and checks, per environment, that AWS, GCP and the catalog decide every
 * systematic flow the same way. Exits 1 on any disagreement, 2 when it cannot
 * check: the output is missing or was made from other inputs than today's
 * catalog and environment files (it never checks stale output).
 * FIREWALL_ENVIRONMENTS=dev,prod checks some environments only, as synthesis
 * builds some only.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { CLOUD_IDS, CLOUDS } from "../modules/clouds";
import { ConfigError, Problem } from "../policy";
import { quietOnBrokenPipe } from "../policy/console";
import { stackName } from "../stacks/app";
import { BoundEnvironment, loadBoundEnvironments, LoadOptions } from "../stacks/environment";
import { INPUTS_FILE, inputFingerprint, readOutputRecord } from "../stacks/inputs";
import { checkEnvironment } from "../modules/engine/check";
import { checkEnvironmentTwins } from "./effective/twin";

const MAX_SHOWN = 20;

/** Where the catalogs and environments are, and which environments to check (@default all). */
export type VerifyOptions = LoadOptions;

export async function verify(outdir: string, options: VerifyOptions = {}): Promise<number> {
  const environments = loadBoundEnvironments(options);
  refuseStaleOutput(outdir, environments);
  const stacks = synthesizedStacks(outdir);
  let failures = 0;
  for (const { environment: env, bound } of environments) {
    const present = CLOUD_IDS.filter((id) => env[id] !== undefined);
    const report = checkEnvironment({
      bound,
      stacks: present.map((cloud) => ({ cloud, json: JSON.parse(readFileSync(stacks.pathOf(stackName(env.name, cloud)), "utf8")), section: env[cloud] })),
    });
    const names = present.map((id) => CLOUDS[id].displayName);
    const clouds = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names.join("");
    const n = report.disagreements.length;
    process.stdout.write(`${env.name}: ${report.flowsChecked} flows, catalog vs ${clouds}: ${n === 0 ? "all agree" : `${n} disagreement(s)`}\n`);
    for (const d of report.disagreements.slice(0, MAX_SHOWN)) process.stdout.write(`  - ${d.explanation}\n`);
    if (n > MAX_SHOWN) process.stdout.write(`  … and ${n - MAX_SHOWN} more\n`);
    failures += n;
    // The HCL tree (and anything else in the stack folders) must be the configuration just checked.
    const twins = await checkEnvironmentTwins(
      bound,
      present.map((cloud) => ({ cloud, jsonFile: stacks.pathOf(stackName(env.name, cloud)), hclFolder: path.join(outdir, "hcl", stackName(env.name, cloud)), section: env[cloud] })),
    );
    const found = twins.differences;
    process.stdout.write(`${env.name}: HCL tree ${found.length === 0 ? "is the same configuration as the JSON" : `differs: ${found.length} finding(s)`}\n`);
    for (const line of found.slice(0, MAX_SHOWN)) process.stdout.write(`  - ${line}\n`);
    if (found.length > MAX_SHOWN) process.stdout.write(`  … and ${found.length - MAX_SHOWN} more\n`);
    for (const line of twins.notes) process.stdout.write(`  note: ${line} (Terraform settings, not the firewall: not a failure)\n`);
    failures += found.length;
  }
  return failures;
}

/**
 * Checks that the output of every environment to verify was synthesized from
 * today's inputs: the fingerprint synthesis recorded in inputs.json (catalog
 * file, environment file, generator version) against the files as they are now.
 */
function refuseStaleOutput(outdir: string, environments: readonly BoundEnvironment[]): void {
  const record = readOutputRecord(outdir);
  const rerun = "Run `npm run synth` (with the same FIREWALL_ENVIRONMENTS, if any), then verify again.";
  if (!record) {
    const file = path.join(outdir, INPUTS_FILE);
    const message = existsSync(file) ? `${file} is not the record \`npm run synth\` writes (it cannot be read)` : `no synthesis to check in ${outdir}: ${file} is missing`;
    throw new ConfigError([{ message, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." }]);
  }
  const problems: Problem[] = [];
  for (const { environment: env, catalogFile } of environments) {
    const made = record.environments[env.name];
    if (!made) {
      problems.push({ subject: `environment "${env.name}"`, message: `${outdir} holds no synthesis of it`, hint: rerun });
    } else if (made.fingerprint !== inputFingerprint(readFileSync(catalogFile, "utf8"), readFileSync(env.file!, "utf8"))) {
      problems.push({
        subject: `environment "${env.name}"`,
        message: `its output in ${outdir} was synthesized from other inputs (${env.file} or ${catalogFile.split(path.sep).join("/")} changed since, or another version of this tool made it); verify never checks stale output`,
        hint: rerun,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * The stacks a synthesis wrote, as its CDKTF manifest lists them: verify reads
 * only what synthesis wrote, not synthesis code.
 */
function synthesizedStacks(outdir: string): { pathOf(stack: string): string } {
  const missing = (what: string) => new ConfigError([{ message: `${what} is missing`, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." }]);
  const manifestFile = path.join(outdir, "manifest.json");
  if (!existsSync(manifestFile)) throw missing(manifestFile);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  return {
    pathOf(stack) {
      const relative = manifest.stacks?.[stack]?.synthesizedStackPath;
      const file = relative ? path.join(outdir, relative) : path.join(outdir, "stacks", stack);
      if (!relative || !existsSync(file)) throw missing(file);
      return file;
    },
  };
}

if (require.main === module) {
  quietOnBrokenPipe(process.stdout, process.stderr);
  const outdir = process.argv[2] || process.env.CDKTF_OUTDIR || "cdktf.out";
  const only = (process.env.FIREWALL_ENVIRONMENTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const options = { catalogDir: process.env.FIREWALL_CATALOG_DIR || undefined, environmentsDir: process.env.FIREWALL_ENVIRONMENTS_DIR || undefined, only };
  // exitCode, not exit(): a long report to a pipe must drain before the process ends.
  // Exit 2 (cannot check) on any error, including synchronous ones thrown before the first await.
  Promise.resolve()
    .then(() => verify(outdir, options))
    .then(
      (failures) => (process.exitCode = failures > 0 ? 1 : 0),
      (e) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
      },
    );
}

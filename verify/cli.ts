/**
 * `npm run verify [outdir]` (the command is cli/verify.ts): reads an existing synthesis (default cdktf.out)
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
import { stackName } from "../stacks/app";
import { BoundEnvironment, loadBoundEnvironments, LoadOptions } from "../stacks/environment";
import { inputFingerprint, readOutputRecord } from "../stacks/inputs";
import { priorityFileOf, readPriorityFile } from "../stacks/priorities";
import { hclDir, inputsPath, manifestPath, stackDir } from "../synth/layout";
import { assertOutputComplete, readOutputJson } from "../synth/output";
import { checkEnvironment } from "./effective/check";
import { checkEnvironmentTwins } from "./effective/twin";

const MAX_SHOWN = 20;

/** Where the catalogs and environments are, and which environments to check (@default all). */
export type VerifyOptions = LoadOptions;

export async function verify(outdir: string, options: VerifyOptions = {}): Promise<number> {
  assertOutputComplete(outdir);
  const environments = loadBoundEnvironments(options);
  refuseStaleOutput(outdir, environments);
  const stacks = synthesizedStacks(outdir);
  let failures = 0;
  for (const { environment: env, bound } of environments) {
    const present = CLOUD_IDS.filter((id) => env[id] !== undefined);
    const report = checkEnvironment({
      bound,
      stacks: present.map((cloud) => ({ cloud, json: readOutputJson(stacks.pathOf(stackName(env.name, cloud)), `Terraform JSON of stack ${stackName(env.name, cloud)}`), section: env[cloud] })),
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
      present.map((cloud) => ({ cloud, jsonFile: stacks.pathOf(stackName(env.name, cloud)), hclFolder: hclDir(outdir, stackName(env.name, cloud)), section: env[cloud] })),
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
    const file = inputsPath(outdir);
    if (existsSync(file)) throw new ConfigError([{ code: "OUTPUT_CORRUPT_FILE", message: `${file} is corrupt: it is not the record \`npm run synth\` writes (truncated or edited?)`, hint: "Run `npm run synth` to write it again (your own files in the output folder are kept), then verify again." }]);
    throw new ConfigError([{ code: "VERIFY_NO_SYNTHESIS", message: `no synthesis to check in ${outdir}: ${file} is missing`, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." }]);
  }
  const problems: Problem[] = [];
  for (const { environment: env, catalogFile } of environments) {
    const made = record.environments[env.name];
    if (!made) {
      problems.push({ subject: `environment "${env.name}"`, message: `${outdir} holds no synthesis of it`, hint: rerun });
    } else if (made.fingerprint !== inputFingerprint(readFileSync(catalogFile, "utf8"), readFileSync(env.file!, "utf8"), readPriorityFile(priorityFileOf(env.file!, env.name)).text)) {
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
  const manifestFile = manifestPath(outdir);
  if (!existsSync(manifestFile)) throw missing(manifestFile);
  const manifest = readOutputJson(manifestFile, "the CDKTF manifest") as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  return {
    pathOf(stack) {
      const relative = manifest.stacks?.[stack]?.synthesizedStackPath;
      const file = relative ? path.join(outdir, relative) : stackDir(outdir, "stacks", stack);
      if (!relative || !existsSync(file)) throw missing(file);
      return file;
    },
  };
}

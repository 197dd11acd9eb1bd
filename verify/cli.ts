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
import { ConfigError, isJsonObject, Problem } from "../policy";
import { stackName } from "../stacks/app";
import { BoundEnvironment, loadBoundEnvironments, LoadOptions } from "../stacks/environment";
import { inputFingerprint, readOutputRecord } from "../stacks/inputs";
import { priorityFileOf, readPriorityFile } from "../stacks/priorities";
import { assertOutputComplete, readOutputJson } from "../synth/output";
import { hclDir, inputsPath, manifestPath, stackDir, STACK_JSON_FILE } from "../synth/layout";
import { CheckReport, checkEnvironment } from "../modules/engine/check";
import { CloudId } from "../modules/clouds";
import { terraformJsonToHcl } from "../synth/hcl";
import { stackConfig } from "./effective/folders";
import { checkEnvironmentTwins, configurationFiles } from "./effective/twin";
import { checkReportJson } from "./check-json";

const MAX_SHOWN = 20;

/** Where the catalogs and environments are, and which environments to check (@default all). */
export type VerifyOptions = LoadOptions;

/** What verify found in one environment of a synthesis. */
export interface EnvironmentVerification {
  readonly environment: string;
  /** The clouds the environment has, in CLOUD_IDS order. */
  readonly clouds: readonly CloudId[];
  /** The catalog against every cloud's stack folder (its Terraform JSON). */
  readonly check: CheckReport;
  /** Each HCL folder that is not exactly what synthesis writes from the JSON, judged on its own as Terraform reads it. */
  readonly hcl: readonly { readonly cloud: CloudId; readonly folder: string; readonly check: CheckReport }[];
  /** The HCL tree against the JSON: differences fail verify, notes (Terraform settings) do not. */
  readonly twin: { readonly differences: readonly string[]; readonly notes: readonly string[] };
  /** Disagreements, findings and twin differences: each fails verify. */
  readonly failures: number;
}

function failuresOf(report: CheckReport): number {
  return report.disagreements.length + report.findings.length;
}

/**
 * Verifies a synthesis environment by environment; `onEnvironment` hears each
 * as soon as it is checked (a person watching a long run sees it progress).
 */
export async function verifyOutput(outdir: string, options: VerifyOptions = {}, onEnvironment: (result: EnvironmentVerification) => void = () => {}): Promise<EnvironmentVerification[]> {
  assertOutputComplete(outdir);
  const environments = loadBoundEnvironments(options);
  refuseStaleOutput(outdir, environments);
  const stacks = synthesizedStacks(outdir);
  const results: EnvironmentVerification[] = [];
  for (const { environment: env, bound } of environments) {
    const present = CLOUD_IDS.filter((id) => env[id] !== undefined);
    const context = { environment: env.name, namePrefix: env.namePrefix };
    // Each folder a user can run Terraform in is judged on its own, as Terraform would read it.
    const jsonConfigs = new Map<CloudId, unknown>();
    for (const cloud of present) jsonConfigs.set(cloud, await stackConfig(stacks.folderOf(stackName(env.name, cloud)), cloud));
    const check = checkEnvironment({
      bound,
      stacks: present.map((cloud) => ({ cloud, json: jsonConfigs.get(cloud), section: env[cloud], context: { ...context, source: stacks.folderOf(stackName(env.name, cloud)) } })),
    });
    const hcl: { cloud: CloudId; folder: string; check: CheckReport }[] = [];
    for (const cloud of present) {
      const hclFolder = hclDir(outdir, stackName(env.name, cloud));
      if (!existsSync(hclFolder)) continue; // the twin check below names it
      if (hclIsTheJson(hclFolder, stacks.folderOf(stackName(env.name, cloud)))) continue;
      hcl.push({
        cloud,
        folder: hclFolder,
        check: checkEnvironment({ bound, stacks: [{ cloud, json: await stackConfig(hclFolder, cloud), section: env[cloud], context: { ...context, source: hclFolder } }] }),
      });
    }
    // The HCL tree (and anything else in the stack folders) must be the configuration just checked.
    const twin = await checkEnvironmentTwins(
      bound,
      present.map((cloud) => ({
        cloud,
        jsonFile: path.join(stacks.folderOf(stackName(env.name, cloud)), STACK_JSON_FILE),
        hclFolder: hclDir(outdir, stackName(env.name, cloud)),
        section: env[cloud],
      })),
    );
    const failures = failuresOf(check) + hcl.reduce((n, h) => n + failuresOf(h.check), 0) + twin.differences.length;
    const result: EnvironmentVerification = { environment: env.name, clouds: present, check, hcl, twin: { differences: twin.differences, notes: twin.notes }, failures };
    onEnvironment(result);
    results.push(result);
  }
  return results;
}

/** `npm run verify`'s report of one environment, as it prints it. */
export function formatEnvironmentVerification(result: EnvironmentVerification): string {
  const names = result.clouds.map((id) => CLOUDS[id].displayName);
  const clouds = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names.join("");
  let text = formatReport(`${result.environment}: ${result.check.flowsChecked} flows, catalog vs ${clouds}`, result.check);
  for (const h of result.hcl) text += formatReport(`${result.environment}: ${h.folder} as Terraform reads it, catalog vs ${CLOUDS[h.cloud].displayName}`, h.check, true);
  const found = result.twin.differences;
  text += `${result.environment}: HCL tree ${found.length === 0 ? "is the same configuration as the JSON" : `differs: ${found.length} finding(s)`}\n`;
  for (const line of found.slice(0, MAX_SHOWN)) text += `  - ${line}\n`;
  if (found.length > MAX_SHOWN) text += `  … and ${found.length - MAX_SHOWN} more\n`;
  for (const line of result.twin.notes) text += `  note: ${line} (Terraform settings, not the firewall: not a failure)\n`;
  return text;
}

/** Verifies a synthesis, printing each environment's report on stdout as it is checked; the number of failures. */
export async function verify(outdir: string, options: VerifyOptions = {}, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const results = await verifyOutput(outdir, options, (r) => write(formatEnvironmentVerification(r)));
  return results.reduce((n, r) => n + r.failures, 0);
}

/** One check's result (nothing for an agreeing folder when `onlyFailures`). */
function formatReport(title: string, report: CheckReport, onlyFailures = false): string {
  const n = failuresOf(report);
  if (n === 0 && onlyFailures) return "";
  let text = `${title}: ${n === 0 ? "all agree" : `${report.disagreements.length} disagreement(s)${report.findings.length > 0 ? `, ${report.findings.length} finding(s)` : ""}`}\n`;
  for (const f of report.findings) text += `  - ${f}\n`;
  for (const d of report.disagreements.slice(0, MAX_SHOWN)) text += `  - ${d.explanation}\n`;
  if (report.disagreements.length > MAX_SHOWN) text += `  … and ${report.disagreements.length - MAX_SHOWN} more\n`;
  return text;
}

/** `npm run verify -- --json`'s document of one environment. */
export function environmentVerificationJson(result: EnvironmentVerification) {
  return {
    environment: result.environment,
    clouds: result.clouds,
    ...checkReportJson(result.check),
    hcl: result.hcl.map((h) => ({ cloud: h.cloud, folder: h.folder, ...checkReportJson(h.check) })),
    twin: { same: result.twin.differences.length === 0, differences: result.twin.differences, notes: result.twin.notes },
    failures: result.failures,
  };
}

/** True when the HCL folder holds exactly what synthesis writes from the JSON folder's only file (then it is the configuration just judged). */
function hclIsTheJson(hclFolder: string, jsonFolder: string): boolean {
  const jsonFiles = configurationFiles(jsonFolder);
  if (jsonFiles.length !== 1 || jsonFiles[0] !== STACK_JSON_FILE) return false;
  const written = terraformJsonToHcl(JSON.parse(readFileSync(path.join(jsonFolder, STACK_JSON_FILE), "utf8")));
  const present = configurationFiles(hclFolder);
  return present.join("\n") === Object.keys(written).sort().join("\n") && present.every((f) => readFileSync(path.join(hclFolder, f), "utf8") === written[f]);
}

/**
 * Checks that the output of every environment to verify was synthesized from
 * today's inputs: the fingerprint synthesis recorded in inputs.json (catalog
 * file, environment file, generator version) against the files as they are now.
 */
export function refuseStaleOutput(outdir: string, environments: readonly BoundEnvironment[]): void {
  const record = readOutputRecord(outdir);
  const rerun = "Run `npm run synth` (with the same FIREWALL_ENVIRONMENTS, if any), then verify again.";
  if (!record) {
    const file = inputsPath(outdir);
    if (existsSync(file))
      throw new ConfigError([
        {
          code: "OUTPUT_CORRUPT_FILE",
          message: `${file} is corrupt: it is not the record \`npm run synth\` writes (truncated or edited?)`,
          hint: "Run `npm run synth` to write it again (your own files in the output folder are kept), then verify again.",
        },
      ]);
    throw new ConfigError([
      { code: "VERIFY_NO_SYNTHESIS", message: `no synthesis to check in ${outdir}: ${file} is missing`, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." },
    ]);
  }
  const problems: Problem[] = [];
  for (const { environment: env, catalogFile } of environments) {
    const made = record.environments[env.name];
    if (!made) {
      problems.push({ code: "VERIFY_NOT_SYNTHESIZED", subject: `environment "${env.name}"`, message: `${outdir} holds no synthesis of it`, hint: rerun });
    } else if (made.fingerprint !== inputFingerprint(readFileSync(catalogFile, "utf8"), readFileSync(env.file!, "utf8"), readPriorityFile(priorityFileOf(env.file!, env.name)).text)) {
      problems.push({
        code: "VERIFY_STALE_OUTPUT",
        subject: `environment "${env.name}"`,
        message: `its output in ${outdir} was synthesized from other inputs (${env.file} or ${catalogFile.split(path.sep).join("/")} changed since, or another version of this tool made it); verify never checks stale output`,
        hint: rerun,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * The stack folders of a synthesis: always `stacks/<stack>/`, the folder a
 * user runs Terraform in, whatever the manifest says. A manifest entry that
 * points anywhere else is refused (a pristine copy elsewhere must not stand
 * in for the folder that gets applied).
 */
export function synthesizedStacks(outdir: string): { folderOf(stack: string): string } {
  const missing = (what: string) =>
    new ConfigError([{ code: "VERIFY_OUTPUT_MISSING", message: `${what} is missing`, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." }]);
  const manifestFile = manifestPath(outdir);
  if (!existsSync(manifestFile)) throw missing(manifestFile);
  const manifest = readOutputJson(manifestFile, "the CDKTF manifest") as { stacks?: unknown };
  // cdktf deploy finds a stack's folder in the manifest: one it cannot read is refused, not taken as listing nothing.
  const listed = isJsonObject(manifest.stacks) ? manifest.stacks : undefined;
  const unlisted = (why: string) =>
    new ConfigError([{ code: "VERIFY_MANIFEST_PATH", subject: manifestFile, message: why, hint: "Run `npm run synth` again: it writes the manifest `cdktf deploy` reads." }]);
  if (!listed || Object.values(listed).some((entry) => !isJsonObject(entry))) throw unlisted("its stacks are not a map of stack names to entries, as CDKTF writes them (truncated or edited?)");
  const problems: Problem[] = [];
  for (const [stack, entry] of Object.entries(listed).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const expected = { synthesizedStackPath: `stacks/${stack}/${STACK_JSON_FILE}`, workingDirectory: `stacks/${stack}` };
    for (const [key, want] of Object.entries(expected)) {
      const got = (entry as Record<string, unknown>)?.[key];
      if (got !== undefined && path.posix.normalize(String(got).split(path.sep).join("/")) !== want) {
        problems.push({
          code: "VERIFY_MANIFEST_PATH",
          subject: `${manifestFile}: stack "${stack}"`,
          message: `${key} is ${JSON.stringify(got)}, not ${JSON.stringify(want)}: verify judges the folder Terraform runs in, so an entry pointing elsewhere is refused`,
          hint: "Run `npm run synth` again; never point the manifest at another copy.",
        });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    folderOf(stack) {
      if (!Object.hasOwn(listed, stack)) throw unlisted(`stack "${stack}" is not listed, so \`cdktf deploy ${stack}\` would not find the folder verify judges`);
      const folder = stackDir(outdir, "stacks", stack);
      if (!existsSync(path.join(folder, STACK_JSON_FILE))) throw missing(path.join(folder, STACK_JSON_FILE));
      return folder;
    },
  };
}

export const VERIFY_USAGE = "usage: npm run verify -- [<synthesis folder>] | --against <terraform folder> --env <environment> [--role-map <file>]";

export type VerifyArgs = { readonly mode: "output"; readonly outdir?: string } | { readonly mode: "against"; readonly dir: string; readonly env: string; readonly roleMap?: string };

/** Parses verify's arguments; a ConfigError (CLI_USAGE) on anything else. */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  const usage = (message: string) => new ConfigError([{ code: "CLI_USAGE", message, hint: VERIFY_USAGE }]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(against|env|role-map)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value === "" || (m[2] === undefined && value.startsWith("--"))) throw usage(`--${m[1]} needs a value`);
      if (values[m[1]] !== undefined) throw usage(`--${m[1]} given twice`);
      values[m[1]] = value;
    } else if (a.startsWith("-")) throw usage(`unknown option ${a}`);
    else positional.push(a);
  }
  if (values.against !== undefined) {
    if (positional.length > 0) throw usage(`--against takes no synthesis folder (got ${positional.join(" ")})`);
    if (values.env === undefined) throw usage("--against needs --env <environment>: the catalog is judged as bound to one environment");
    return { mode: "against", dir: values.against, env: values.env, roleMap: values["role-map"] };
  }
  if (values.env !== undefined || values["role-map"] !== undefined)
    throw usage(`--${values.env !== undefined ? "env" : "role-map"} goes with --against (verify of a synthesis honours FIREWALL_ENVIRONMENTS)`);
  if (positional.length > 1) throw usage(`one synthesis folder at most, got ${positional.join(" ")}`);
  return { mode: "output", outdir: positional[0] };
}

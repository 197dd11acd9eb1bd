/**
 * `npm run drift -- <stack> [--json]` (the command is cli/drift.ts): compares a synthesized stack
 * (cdktf.out/stacks/<stack>/cdk.tf.json, or under CDKTF_OUTDIR) with what its
 * cloud holds, and reports missing, changed and extra groups and rules, each
 * with a severity (modules/drift.ts rateDrift: the security lint's for a rule
 * added by hand), most severe first, one line each, the summary after.
 * Exit 0: no finding worse than a warning; 1: an error-level finding; 2:
 * cannot tell (no synthesis, no access, no catalog to judge with, a cloud
 * without a drift reader).
 *
 * The cloud-specific reading is each cloud's readDrift in the registry
 * (modules/clouds.ts; AWS: modules/aws/drift.ts), chosen by the stack name's
 * `-<cloud>` suffix and loaded only for that cloud.
 */
import { existsSync } from "fs";
import { cloudDefinitions } from "../modules/clouds";
import { DriftReport, DriftSeverity, RatedDriftReport } from "../modules/drift";
import { ConfigError } from "../policy";
import { loadBoundEnvironments } from "../stacks/environment";
import { assertOutputComplete, readOutputJson } from "../synth/output";
import { jsonPath } from "../synth/layout";

/** Drift cannot be told: exit 2. `code` is stable (DRIFT_…), for tests and scripts. */
export class CannotTell extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "CannotTell";
  }
}

export interface DriftOptions {
  readonly outdir: string;
  /** Where the stack's environment and catalog are, for the catalog's administration ports. @default environments, catalog */
  readonly environmentsDir?: string;
  readonly catalogDir?: string;
}

export async function driftOf(stack: string, options: DriftOptions): Promise<DriftReport> {
  const file = jsonPath(options.outdir, stack);
  if (!/^[A-Za-z0-9_-]+$/.test(stack)) throw new CannotTell(`"${stack}" is not a stack name (such as dev-aws; see npx cdktf list)`, "DRIFT_NOT_A_STACK");
  try {
    assertOutputComplete(options.outdir);
  } catch (e) {
    if (e instanceof ConfigError) throw new CannotTell(e.message, e.codes[0]);
    throw e;
  }
  if (!existsSync(file)) throw new CannotTell(`${file} is missing: run \`npm run synth\` first (or set CDKTF_OUTDIR to the synthesis folder)`, "DRIFT_NO_SYNTHESIS");
  let json: any;
  try {
    json = readOutputJson(file, `Terraform JSON of stack ${stack}`);
  } catch (e) {
    // The file named, with what to do (readOutputJson's message); drift's own code.
    if (e instanceof ConfigError) throw new CannotTell(e.message, e.codes[0] === "OUTPUT_CORRUPT_FILE" ? "DRIFT_STACK_NOT_JSON" : e.codes[0]);
    throw e;
  }
  const cloud = cloudDefinitions().find((c) => stack.endsWith(`-${c.id}`));
  if (!cloud)
    throw new CannotTell(
      `stack ${stack} names no cloud of ours (${cloudDefinitions()
        .map((c) => `-${c.id}`)
        .join(", ")})`,
      "DRIFT_UNKNOWN_CLOUD",
    );
  if (!cloud.readDrift) {
    const readable = cloudDefinitions()
      .filter((c) => c.readDrift)
      .map((c) => c.displayName);
    throw new CannotTell(`drift of ${cloud.displayName} stacks cannot be read yet (only ${readable.join(", ")})`, "DRIFT_NO_READER");
  }
  try {
    return await cloud.readDrift(stack, json);
  } catch (e) {
    throw new CannotTell((e as Error).message, "DRIFT_CLOUD_UNREADABLE");
  }
}

/**
 * The administration ports of the catalog the stack's environment names (22
 * and 3389 are always among them). Without the catalog an extra rule on its
 * own admin port would pass as a warning, so this cannot tell instead.
 */
export function adminPortsOf(stack: string, cloudId: string, options: DriftOptions): number[] {
  const environment = stack.slice(0, -(cloudId.length + 1));
  try {
    const [env] = loadBoundEnvironments({ environmentsDir: options.environmentsDir, catalogDir: options.catalogDir, only: [environment] });
    if (!env) throw new Error(`no environment file for "${environment}"`);
    return [...env.policy.adminPorts];
  } catch (e) {
    throw new CannotTell(
      `the catalog of environment "${environment}" cannot be read to judge the findings (${(e as Error).message.split("\n")[0]}); run from the project folder or set FIREWALL_ENVIRONMENTS_DIR and FIREWALL_CATALOG_DIR`,
      "DRIFT_NO_CATALOG",
    );
  }
}

/** Findings first, one line each starting with its severity, most severe first; then the summary. */
export function formatReport(r: RatedDriftReport): string {
  const head = `${r.stack} (${r.cloud}, ${r.location}): ${r.checked.groups} group(s) and ${r.checked.rules} rule(s) in the stack`;
  if (r.findings.length === 0) return `${head}; no drift.\n`;
  const lines = r.findings.map((f) => `${f.severity}: ${f.message}; ${f.why}`);
  const count = (s: DriftSeverity) => r.findings.filter((f) => f.severity === s).length;
  lines.push(`${head}; ${r.findings.length} difference(s): ${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} info.`);
  lines.push("Extra and changed rules were made outside Terraform: remove them by hand, or add them to the catalog. Missing ones come back with `npm run deploy`.");
  return `${lines.join("\n")}\n`;
}

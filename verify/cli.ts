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
import { bindPolicy, ConfigError, loadCatalogFile, Problem } from "../policy";
import { bindingsOf, Environment, loadEnvironments } from "../stacks/environment";
import { stackName } from "../stacks/app";
import { quietOnBrokenPipe } from "../synth/console";
import { INPUTS_FILE, inputFingerprint, readOutputRecord } from "../synth/output";
import { jsonPath } from "../synth/synthesize";
import { checkEnvironment } from "./effective/check";

const MAX_SHOWN = 20;

export interface VerifyOptions {
  /** @default "catalog" */
  readonly catalogDir?: string;
  /** @default "environments" */
  readonly environmentsDir?: string;
  /** Environment names to check. @default all */
  readonly only?: readonly string[];
}

export function verify(outdir: string, options: VerifyOptions = {}): number {
  const environments = loadEnvironments(options.environmentsDir ?? "environments", options.only);
  const catalogFile = (env: Environment) => path.join(options.catalogDir ?? "catalog", `${env.catalog}.yaml`);
  refuseStaleOutput(outdir, environments, catalogFile);
  let failures = 0;
  for (const env of environments) {
    const bound = bindPolicy(loadCatalogFile(catalogFile(env)), bindingsOf(env));
    const read = (cloud: "aws" | "gcp") => {
      const file = jsonPath(outdir, stackName(env.name, cloud));
      if (!existsSync(file)) throw new ConfigError([{ message: `${file} is missing`, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." }]);
      return JSON.parse(readFileSync(file, "utf8"));
    };
    const report = checkEnvironment({
      bound,
      awsJson: env.aws ? read("aws") : undefined,
      gcpJson: env.gcp ? read("gcp") : undefined,
      gcpServiceAccounts: env.gcp?.serviceAccounts,
    });
    const clouds = [env.aws && "AWS", env.gcp && "GCP"].filter(Boolean).join(" and ");
    const n = report.disagreements.length;
    process.stdout.write(`${env.name}: ${report.flowsChecked} flows, catalog vs ${clouds}: ${n === 0 ? "all agree" : `${n} disagreement(s)`}\n`);
    for (const d of report.disagreements.slice(0, MAX_SHOWN)) process.stdout.write(`  - ${d.explanation}\n`);
    if (n > MAX_SHOWN) process.stdout.write(`  … and ${n - MAX_SHOWN} more\n`);
    failures += n;
  }
  return failures;
}

/**
 * Checks that the output of every environment to verify was synthesized from
 * today's inputs: the fingerprint synthesis recorded in inputs.json (catalog
 * file, environment file, generator version) against the files as they are now.
 */
function refuseStaleOutput(outdir: string, environments: readonly Environment[], catalogFile: (env: Environment) => string): void {
  const record = readOutputRecord(outdir);
  const rerun = "Run `npm run synth` (with the same FIREWALL_ENVIRONMENTS, if any), then verify again.";
  if (!record) {
    const file = path.join(outdir, INPUTS_FILE);
    const message = existsSync(file) ? `${file} is not the record \`npm run synth\` writes (it cannot be read)` : `no synthesis to check in ${outdir}: ${file} is missing`;
    throw new ConfigError([{ message, hint: "Run `npm run synth` first (or pass the synthesis folder as the argument)." }]);
  }
  const problems: Problem[] = [];
  for (const env of environments) {
    const made = record.environments[env.name];
    if (!made) {
      problems.push({ subject: `environment "${env.name}"`, message: `${outdir} holds no synthesis of it`, hint: rerun });
    } else if (made.fingerprint !== inputFingerprint(readFileSync(catalogFile(env), "utf8"), readFileSync(env.file!, "utf8"))) {
      problems.push({
        subject: `environment "${env.name}"`,
        message: `its output in ${outdir} was synthesized from other inputs (${env.file} or ${catalogFile(env).split(path.sep).join("/")} changed since, or another version of this tool made it); verify never checks stale output`,
        hint: rerun,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

if (require.main === module) {
  quietOnBrokenPipe(process.stdout, process.stderr);
  try {
    const outdir = process.argv[2] || process.env.CDKTF_OUTDIR || "cdktf.out";
    const only = (process.env.FIREWALL_ENVIRONMENTS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const options = { catalogDir: process.env.FIREWALL_CATALOG_DIR || undefined, environmentsDir: process.env.FIREWALL_ENVIRONMENTS_DIR || undefined, only };
    // exitCode, not exit(): a long report to a pipe must drain before the process ends.
    process.exitCode = verify(outdir, options) > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

/**
 * `npm run verify [outdir]`: reads an existing synthesis (default cdktf.out)
 * and checks, per environment, that AWS, GCP and the catalog decide every
 * systematic flow the same way. Exits non-zero on any disagreement.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { bindPolicy, ConfigError, loadCatalogFile } from "../policy";
import { bindingsOf, loadEnvironments } from "../stacks/environment";
import { stackName } from "../stacks/app";
import { jsonPath } from "../synth/synthesize";
import { checkEnvironment } from "./effective/check";
import { checkEnvironmentTwins } from "./effective/twin";

const MAX_SHOWN = 20;

export async function verify(outdir: string, options: { catalogDir?: string; environmentsDir?: string } = {}): Promise<number> {
  const environments = loadEnvironments(options.environmentsDir ?? "environments");
  let failures = 0;
  for (const env of environments) {
    const bound = bindPolicy(loadCatalogFile(path.join(options.catalogDir ?? "catalog", `${env.catalog}.yaml`)), bindingsOf(env));
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
    // The HCL tree (and anything else in the stack folders) must be the configuration just checked.
    const twins = await checkEnvironmentTwins(outdir, { bound, clouds: [env.aws && ("aws" as const), env.gcp && ("gcp" as const)].filter((c) => !!c) as ("aws" | "gcp")[], gcpServiceAccounts: env.gcp?.serviceAccounts });
    process.stdout.write(`${env.name}: HCL tree ${twins.length === 0 ? "is the same configuration as the JSON" : `differs: ${twins.length} finding(s)`}\n`);
    for (const line of twins.slice(0, MAX_SHOWN)) process.stdout.write(`  - ${line}\n`);
    if (twins.length > MAX_SHOWN) process.stdout.write(`  … and ${twins.length - MAX_SHOWN} more\n`);
    failures += twins.length;
  }
  return failures;
}

if (require.main === module) {
  const outdir = process.argv[2] || process.env.CDKTF_OUTDIR || "cdktf.out";
  // exitCode, not exit(): a long report to a pipe must drain before the process ends.
  verify(outdir, { catalogDir: process.env.FIREWALL_CATALOG_DIR || undefined, environmentsDir: process.env.FIREWALL_ENVIRONMENTS_DIR || undefined }).then(
    (failures) => (process.exitCode = failures > 0 ? 1 : 0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

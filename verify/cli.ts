/**
 * `npm run verify [outdir]`: reads an existing synthesis (default cdktf.out)
 * and checks, per environment, that AWS, GCP and the catalog decide every
 * systematic flow the same way. Exits non-zero on any disagreement.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { CLOUD_IDS, CLOUDS } from "../modules/clouds";
import { ConfigError } from "../policy";
import { stackName } from "../stacks/app";
import { loadBoundEnvironments } from "../stacks/environment";
import { checkEnvironment } from "./effective/check";

const MAX_SHOWN = 20;

export function verify(outdir: string, options: { catalogDir?: string; environmentsDir?: string } = {}): number {
  const stacks = synthesizedStacks(outdir);
  let failures = 0;
  for (const { environment: env, bound } of loadBoundEnvironments(options)) {
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
  }
  return failures;
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
  try {
    const outdir = process.argv[2] || process.env.CDKTF_OUTDIR || "cdktf.out";
    // exitCode, not exit(): a long report to a pipe must drain before the process ends.
    process.exitCode = verify(outdir, { catalogDir: process.env.FIREWALL_CATALOG_DIR || undefined, environmentsDir: process.env.FIREWALL_ENVIRONMENTS_DIR || undefined }) > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

/**
 * `npm run diff -- [<base>] [--json] [--exit-code] [--plan <stack>=<file>]…`:
 * reviews the working tree's catalogs and environments against a git ref
 * (default HEAD) or a folder holding an earlier synthesis. Markdown by default.
 *
 * Exit codes: 0 reviewed (with --exit-code: and no access change), 1 access
 * changes with --exit-code, 2 bad input or failure.
 */
import { ConfigError, SynthesisError } from "../policy";
import { loadBase, refuseLinkedInputs } from "./base";
import { diffSides, DiffReport } from "./diff";
import { renderMarkdown } from "./markdown";
import { synthesizeSide } from "./side";
import { CliOptions, parseArgs, USAGE, UsageError } from "./args";

export async function runDiff(options: CliOptions, env: NodeJS.ProcessEnv = process.env): Promise<DiffReport> {
  const catalogDir = env.FIREWALL_CATALOG_DIR || "catalog";
  const environmentsDir = env.FIREWALL_ENVIRONMENTS_DIR || "environments";
  const only = (env.FIREWALL_ENVIRONMENTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  refuseLinkedInputs([catalogDir, environmentsDir]);
  const base = await loadBase(options.base, { catalogDir, environmentsDir, only });
  const head = await synthesizeSide({ label: "working tree", catalogDir, environmentsDir, only });
  return diffSides(base, head, { plans: options.plans });
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error && e.message ? `${e.message}\n` : ""}${USAGE}\n`);
    process.exitCode = e instanceof Error && e.message ? 2 : 0;
    return;
  }
  const report = await runDiff(options);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report));
  process.exitCode = options.exitCode && report.accessChanged ? 1 : 0;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof ConfigError || e instanceof SynthesisError || e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    // exitCode, not exit(): a long report to a pipe must drain first.
    process.exitCode = 2;
  });
}

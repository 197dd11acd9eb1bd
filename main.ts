/**
 * Synthesizes every stack (one per environment and cloud) as Terraform JSON
 * and HCL. `npx cdktf synth` runs this too (see cdktf.json).
 *
 * `--check` refuses, changing nothing, when an environment's priority
 * allocation (environments/priorities/<env>.yaml) is not current: CI runs it;
 * without it, synthesis updates the allocation (docs/priorities.md).
 *
 * FIREWALL_ENVIRONMENTS=dev,prod limits the run to some environments;
 * FIREWALL_CATALOG_DIR and FIREWALL_ENVIRONMENTS_DIR point at other folders
 * (default: catalog/ and environments/).
 */
import { ConfigError, SynthesisError } from "./policy";
import { quietOnBrokenPipe } from "./policy/console";
import { synthesizeAll } from "./synth/synthesize";

async function main(): Promise<void> {
  quietOnBrokenPipe(process.stdout, process.stderr);
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) throw new SynthesisError(`unknown argument${unknown.length > 1 ? "s" : ""} ${unknown.join(" ")}; usage: npm run synth [-- --check]`, undefined, "CLI_UNKNOWN_OPTION");
  const only = (process.env.FIREWALL_ENVIRONMENTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const { outdir, stacks, lintLines, outputNotices, priorityNotices } = await synthesizeAll({
    only,
    priorities: args.includes("--check") ? "check" : "update",
    catalogDir: process.env.FIREWALL_CATALOG_DIR || undefined,
    environmentsDir: process.env.FIREWALL_ENVIRONMENTS_DIR || undefined,
  });
  // Warnings go to stderr; waived findings are in the reports (cdktf would show any stderr line as an error).
  for (const line of lintLines.filter((l) => /^(\S+:\d+:\d+: )?warning /.test(l))) process.stderr.write(`${line}\n`);
  for (const line of [...outputNotices, ...priorityNotices]) process.stderr.write(`${line}\n`);
  if (!process.env.CDKTF_OUTDIR || process.env.FIREWALL_VERBOSE) {
    process.stdout.write(`Synthesized ${stacks.length} stacks into ${outdir}/stacks (JSON), ${outdir}/hcl (HCL) and ${outdir}/reports (coverage): ${stacks.map((s) => s.name).join(", ")}\n`);
  }
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof SynthesisError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  // exitCode, not exit(): a long message to a pipe must drain before the process ends.
  process.exitCode = 1;
});

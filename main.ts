/**
 * Synthesizes every stack (one per environment and cloud) as Terraform JSON
 * and HCL. `npx cdktf synth` runs this too (see cdktf.json).
 *
 * FIREWALL_ENVIRONMENTS=dev,prod limits the run to some environments;
 * FIREWALL_CATALOG_DIR and FIREWALL_ENVIRONMENTS_DIR point at other folders
 * (default: catalog/ and environments/).
 */
import { ConfigError, SynthesisError } from "./policy";
import { quietOnBrokenPipe, quietOnCdktfDeprecation } from "./policy/console";
import { synthesizeAll } from "./synth/synthesize";

async function main(): Promise<void> {
  quietOnBrokenPipe(process.stdout, process.stderr);
  quietOnCdktfDeprecation();
  const only = (process.env.FIREWALL_ENVIRONMENTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const { outdir, stacks, lintLines, outputNotices } = await synthesizeAll({
    only,
    catalogDir: process.env.FIREWALL_CATALOG_DIR || undefined,
    environmentsDir: process.env.FIREWALL_ENVIRONMENTS_DIR || undefined,
  });
  // Warnings go to stderr; waived findings are in the reports (cdktf would show any stderr line as an error).
  for (const line of lintLines.filter((l) => /^(\S+:\d+:\d+: )?warning /.test(l))) process.stderr.write(`${line}\n`);
  for (const line of outputNotices) process.stderr.write(`${line}\n`);
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

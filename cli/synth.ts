/**
 * `npm run synth` (and `npx cdktf synth`, through main.ts): every stack, one per
 * environment and cloud, as Terraform JSON and HCL, and the coverage reports.
 */
import { synthesizeAll } from "../synth/synthesize";
import { CliUsageError, Command, main } from "./run";

const USAGE = "usage: npm run synth [-- --check]";

/** `--check`: refuse, writing nothing, when a priority allocation is not current (docs/priorities.md). */
export const synthCommand: Command<{ check: boolean }> = {
  parse: (argv) => {
    const unknown = argv.filter((a) => a !== "--check");
    if (unknown.length > 0) throw new CliUsageError(`unknown argument${unknown.length > 1 ? "s" : ""} ${unknown.join(" ")}`, USAGE);
    return { check: argv.includes("--check") };
  },
  async run(args, env, out) {
    const { outdir, stacks, lintLines, outputNotices, priorityNotices } = await synthesizeAll({
      only: env.only,
      catalogDir: env.catalogDir,
      environmentsDir: env.environmentsDir,
      priorities: args.check ? "check" : "update",
    });
    // Warnings go to stderr; waived findings are in the reports (cdktf would show any stderr line as an error).
    for (const line of lintLines.filter((l) => /^(\S+:\d+:\d+: )?warning /.test(l))) out.stderr(`${line}\n`);
    for (const line of [...outputNotices, ...priorityNotices]) out.stderr(`${line}\n`);
    if (!env.outdir || env.verbose) {
      out.stdout(`Synthesized ${stacks.length} stacks into ${outdir}/stacks (JSON), ${outdir}/hcl (HCL) and ${outdir}/reports (coverage): ${stacks.map((s) => s.name).join(", ")}\n`);
    }
    return 0;
  },
  failureExitCode: 1,
};

if (require.main === module) main(synthCommand);

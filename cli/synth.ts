/**
 * `npm run synth` (and `npx cdktf synth`, through main.ts): every stack, one per
 * environment and cloud, as Terraform JSON and HCL, and the coverage reports.
 */
import { synthesizeAll } from "../synth/synthesize";
import { Command, main } from "./run";

export const synthCommand: Command<Record<string, never>> = {
  parse: () => ({}),
  async run(_args, env, out) {
    const { outdir, stacks, lintLines, outputNotices } = await synthesizeAll({ only: env.only, catalogDir: env.catalogDir, environmentsDir: env.environmentsDir });
    // Warnings go to stderr; waived findings are in the reports (cdktf would show any stderr line as an error).
    for (const line of lintLines.filter((l) => /^(\S+:\d+:\d+: )?warning /.test(l))) out.stderr(`${line}\n`);
    for (const line of outputNotices) out.stderr(`${line}\n`);
    if (!env.outdir || env.verbose) {
      out.stdout(`Synthesized ${stacks.length} stacks into ${outdir}/stacks (JSON), ${outdir}/hcl (HCL) and ${outdir}/reports (coverage): ${stacks.map((s) => s.name).join(", ")}\n`);
    }
    return 0;
  },
  failureExitCode: 1,
};

if (require.main === module) main(synthCommand);

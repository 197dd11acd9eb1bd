/**
 * `npm run synth` (and `npx cdktf synth`, through main.ts): every stack, one per
 * environment and cloud, as Terraform JSON and HCL, and the coverage reports.
 */
import { existsSync } from "fs";
import * as path from "path";
import { GENERATED_FILES, hclDir, jsonPath, REPORT_EXTENSIONS, reportPath } from "../synth/layout";
import { synthesizeAll } from "../synth/synthesize";
import { CliUsageError, Command, jsonText, main } from "./run";

const USAGE = "usage: npm run synth [-- --check] [--json]";

/** `--check`: refuse, writing nothing, when a priority allocation is not current (docs/priorities.md). */
export const synthCommand: Command<{ check: boolean }> = {
  parse: (argv) => {
    const unknown = argv.filter((a) => a !== "--check");
    if (unknown.length > 0) throw new CliUsageError(`unknown argument${unknown.length > 1 ? "s" : ""} ${unknown.join(" ")}`, USAGE);
    return { check: argv.includes("--check") };
  },
  async run(args, env, out) {
    const { outdir, stacks, lintLines, outputNotices, priorityNotices } = await synthesizeAll({
      outdir: env.outdir,
      only: env.only,
      catalogDir: env.catalogDir,
      environmentsDir: env.environmentsDir,
      priorities: args.check ? "check" : "update",
    });
    // Warnings go to stderr; waived findings are in the reports (cdktf would show any stderr line as an error).
    const warnings = lintLines.filter((l) => /^(\S+:\d+:\d+: )?warning /.test(l));
    const notices = [...outputNotices, ...priorityNotices];
    for (const line of [...warnings, ...notices]) out.stderr(`${line}\n`);
    if (env.json) {
      const environments = [...new Set(stacks.map((s) => s.environment.name))];
      out.stdout(
        jsonText({
          outdir,
          stacks: stacks.map((s) => ({
            name: s.name,
            environment: s.environment.name,
            cloud: s.cloud,
            json: jsonPath(outdir, s.name),
            // The HCL files a stack has (a stack without outputs has no outputs.tf).
            hcl: GENERATED_FILES.hcl.map((f) => path.join(hclDir(outdir, s.name), f)).filter((f) => existsSync(f)),
          })),
          reports: environments.flatMap((e) => REPORT_EXTENSIONS.map((x) => reportPath(outdir, e, x))),
          warnings,
          notices,
        }),
      );
    } else if (!env.outdir || env.verbose) {
      out.stdout(`Synthesized ${stacks.length} stacks into ${outdir}/stacks (JSON), ${outdir}/hcl (HCL) and ${outdir}/reports (coverage): ${stacks.map((s) => s.name).join(", ")}\n`);
    }
    return 0;
  },
  failureExitCode: 1,
  json: true,
};

if (require.main === module) main(synthCommand);

/**
 * `firewall-catalog verify|report [outdir]` for any app's cdktf.out: the
 * catalogs FirewallCatalog recorded in its stacks (verify/catalog.ts). verify
 * hands this repository's own output (an inputs.json beside environment files)
 * to the repository's verify, which also checks the HCL tree.
 */
import { existsSync } from "fs";
import { ConfigError } from "../policy";
import { inputsPath } from "../synth/layout";
import { CliUsageError, Command, jsonText } from "./run";

const MAX_SHOWN = 20;

function outdirArgument(argv: readonly string[], flags: readonly string[], usage: string): string | undefined {
  const unknown = argv.filter((a) => a.startsWith("-") && !flags.includes(a));
  const positional = argv.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || positional.length > 1) throw new CliUsageError(unknown.length > 0 ? `unknown option ${unknown.join(" ")}` : `too many arguments: ${positional.join(" ")}`, usage);
  return positional[0];
}

function noCatalog(outdir: string): ConfigError {
  return new ConfigError([
    {
      code: "VERIFY_NO_CATALOG",
      message: `no stack in ${outdir} holds a FirewallCatalog record`,
      hint: "Synthesize an app that uses FirewallCatalog (per-cloud constructs used alone leave no record).",
    },
  ]);
}

/** verify [outdir]: exit 0 all agree, 1 a disagreement, 2 cannot check. */
export const catalogVerifyCommand: Command<{ outdir?: string }> = {
  parse: (argv) => ({ outdir: outdirArgument(argv, [], "usage: firewall-catalog verify [outdir]") }),
  async run(args, env, out) {
    const outdir = args.outdir ?? env.outdir ?? "cdktf.out";
    if (existsSync(inputsPath(outdir)) && existsSync(env.environmentsDir ?? "environments")) {
      const { verifyCommand } = await import("./verify");
      return verifyCommand.run({ mode: "output", outdir }, env, out);
    }
    const { catalogRecords, synthesizedStacks, verifyRecord } = await import("../verify/catalog");
    const { checkReportJson } = await import("../verify/check-json");
    const catalogs: object[] = [];
    let failures = 0;
    // Without --json each catalog is printed as soon as it is checked.
    for (const { name, json } of synthesizedStacks(outdir)) {
      for (const record of catalogRecords(json)) {
        const { report } = verifyRecord(name, record, json);
        const n = report.disagreements.length;
        failures += n;
        catalogs.push({ stack: name, path: record.path, environment: report.environment, clouds: Object.keys(record.clouds), ...checkReportJson(report) });
        if (env.json) continue;
        out.stdout(
          `${name} ${record.path} (environment ${report.environment}): ${report.flowsChecked} flows, catalog vs ${Object.keys(record.clouds).join(", ")}: ${n === 0 ? "all agree" : `${n} disagreement(s)`}\n`,
        );
        for (const d of report.disagreements.slice(0, MAX_SHOWN)) out.stdout(`  - ${d.explanation}\n`);
        if (n > MAX_SHOWN) out.stdout(`  … and ${n - MAX_SHOWN} more\n`);
      }
    }
    if (catalogs.length === 0) throw noCatalog(outdir);
    if (env.json) out.stdout(jsonText({ outdir, agree: failures === 0, failures, catalogs }));
    return failures > 0 ? 1 : 0;
  },
  failureExitCode: 2,
  json: true,
};

/** report [outdir] [--json]: the coverage report of every recorded catalog. */
export const reportCommand: Command<{ outdir?: string }> = {
  parse: (argv) => ({ outdir: outdirArgument(argv, [], "usage: firewall-catalog report [outdir] [--json]") }),
  async run(args, env, out) {
    const outdir = args.outdir ?? env.outdir ?? "cdktf.out";
    const { catalogRecords, reportRecord, synthesizedStacks } = await import("../verify/catalog");
    const reports = synthesizedStacks(outdir).flatMap(({ name, json }) => catalogRecords(json).map((record) => ({ stack: name, path: record.path, report: reportRecord(name, record) })));
    if (reports.length === 0) throw noCatalog(outdir);
    if (env.json) out.stdout(jsonText(reports.map((r) => ({ stack: r.stack, path: r.path, ...r.report.json }))));
    else out.stdout(reports.map((r) => `<!-- ${r.stack} ${r.path} -->\n${r.report.markdown}`).join("\n"));
    return 0;
  },
  failureExitCode: 2,
  json: true,
};

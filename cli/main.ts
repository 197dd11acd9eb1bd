#!/usr/bin/env node
/**
 * `firewall-catalog <command> [args]`: the checks for any app's cdktf.out.
 * One row per command in COMMANDS; a command is a function of its arguments
 * that resolves to the exit code (0 ok, 1 findings, 2 cannot tell / bad input).
 * A command's modules are loaded only when it runs.
 */
import * as path from "path";
import { spawn } from "child_process";
import { ConfigError, SynthesisError } from "../policy";
import { quietOnBrokenPipe, quietOnCdktfDeprecation } from "../policy/console";

/** One command of the CLI. */
export interface Command {
  /** One line for the usage text. */
  readonly summary: string;
  /** Runs the command with its arguments (without the command name); resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}

const MAX_SHOWN = 20;

/** Runs one of this package's compiled scripts as its own process (commands written as scripts for `npm run`). */
function script(relative: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, "..", relative), ...argv], { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 2 : 0)));
    child.on("error", () => resolve(2));
  });
}

function outdirOf(argv: readonly string[]): string {
  const positional = argv.filter((a) => !a.startsWith("-"));
  return positional[0] || process.env.CDKTF_OUTDIR || "cdktf.out";
}

function refuseUnknown(argv: readonly string[], known: readonly string[], maxPositional: number, usage: string): void {
  const unknown = argv.filter((a) => a.startsWith("-") && !known.includes(a));
  const positional = argv.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || positional.length > maxPositional) {
    throw new ConfigError([{ code: "CLI_BAD_ARGUMENTS", message: unknown.length > 0 ? `unknown option ${unknown.join(" ")}` : `too many arguments: ${positional.join(" ")}`, hint: `Usage: ${usage}` }]);
  }
}

/** The commands, by name. `reach` (issue 22) is one more row. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  verify: {
    summary: "verify [outdir]    every catalog in every stack of outdir (default cdktf.out) against what its resources decide; exit 1 on a disagreement",
    async run(argv) {
      refuseUnknown(argv, [], 1, "firewall-catalog verify [outdir]");
      const outdir = outdirOf(argv);
      const { existsSync } = await import("fs");
      // This repository's own output (npm run synth) is checked from its catalog and environment files, with its HCL tree.
      if (existsSync(path.join(outdir, "inputs.json")) && existsSync("environments")) return script("verify/cli.js", argv);
      const { catalogRecords, synthesizedStacks, verifyRecord } = await import("../verify/catalog");
      let checked = 0;
      let failures = 0;
      for (const { name, json } of synthesizedStacks(outdir)) {
        for (const record of catalogRecords(json)) {
          const { report } = verifyRecord(name, record, json);
          checked++;
          const n = report.disagreements.length;
          process.stdout.write(`${name} ${record.path} (environment ${report.environment}): ${report.flowsChecked} flows, catalog vs ${Object.keys(record.clouds).join(", ")}: ${n === 0 ? "all agree" : `${n} disagreement(s)`}\n`);
          for (const d of report.disagreements.slice(0, MAX_SHOWN)) process.stdout.write(`  - ${d.explanation}\n`);
          if (n > MAX_SHOWN) process.stdout.write(`  … and ${n - MAX_SHOWN} more\n`);
          failures += n;
        }
      }
      if (checked === 0) throw new ConfigError([{ code: "VERIFY_NO_CATALOG", message: `no stack in ${outdir} holds a FirewallCatalog record`, hint: "Synthesize an app that uses FirewallCatalog (per-cloud constructs used alone leave no record)." }]);
      return failures > 0 ? 1 : 0;
    },
  },
  report: {
    summary: "report [outdir] [--json]    the coverage report of every catalog in outdir: how each rule is realised on each cloud, lint findings",
    async run(argv) {
      refuseUnknown(argv, ["--json"], 1, "firewall-catalog report [outdir] [--json]");
      const { catalogRecords, reportRecord, synthesizedStacks } = await import("../verify/catalog");
      const reports = synthesizedStacks(outdirOf(argv)).flatMap(({ name, json }) => catalogRecords(json).map((record) => ({ stack: name, path: record.path, report: reportRecord(name, record) })));
      if (reports.length === 0) throw new ConfigError([{ code: "VERIFY_NO_CATALOG", message: `no stack in ${outdirOf(argv)} holds a FirewallCatalog record`, hint: "Synthesize an app that uses FirewallCatalog." }]);
      if (argv.includes("--json")) process.stdout.write(`${JSON.stringify(reports.map((r) => ({ stack: r.stack, path: r.path, ...r.report.json })), null, 2)}\n`);
      else process.stdout.write(reports.map((r) => `<!-- ${r.stack} ${r.path} -->\n${r.report.markdown}`).join("\n"));
      return 0;
    },
  },
  drift: {
    summary: "drift <stack> [--json]    a deployed AWS stack against its synthesis in cdktf.out (or CDKTF_OUTDIR); exit 1 drift, 2 cannot tell",
    async run(argv) {
      const { main } = await import("../verify/drift");
      return main([...argv]);
    },
  },
  diff: {
    summary: "diff [<base>] [--json] [--exit-code]    this repository's review of catalog and environment changes (npm run diff)",
    run: (argv) => script("review/cli.js", argv),
  },
};

function usage(): string {
  return `usage: firewall-catalog <command> [arguments]\n${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${c.summary.startsWith(name) ? c.summary : `${name} ${c.summary}`}`)
    .join("\n")}\n`;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`firewall-catalog: unknown command "${name}" [CLI_UNKNOWN_COMMAND]\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    const known = e instanceof ConfigError || e instanceof SynthesisError;
    const code = e instanceof ConfigError ? ` [${e.codes.join(", ")}]` : e instanceof SynthesisError ? ` [${e.code}]` : "";
    process.stderr.write(`firewall-catalog ${name}: ${known ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e)}${code}\n`);
    return 2;
  }
}

if (require.main === module) {
  quietOnBrokenPipe(process.stdout, process.stderr);
  quietOnCdktfDeprecation();
  // exitCode, not exit(): a long report to a pipe must drain before the process ends.
  void runCli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

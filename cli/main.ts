#!/usr/bin/env node
/**
 * `firewall-catalog <command> [args]`, the package's bin: the checks for any
 * app's cdktf.out. One row per command; a row loads its command module only
 * when it runs (so `verify` in a CDK Terrain app never loads cdktf), and each
 * command runs through the one CLI layer (cli/run.ts), which reads `--json`
 * for every row. `reach` is one more row.
 */
import { CliOutput, CliUsageError, Command, main, runCommand } from "./run";

/** One command of the bin. */
export interface CommandRow {
  /** The usage line. */
  readonly usage: string;
  /** The command, loaded on use. */
  load(): Command<unknown>;
}

/** The commands, by name. */
export const COMMANDS: Readonly<Record<string, CommandRow>> = {
  verify: {
    usage: "verify [outdir] [--json]   every catalog in outdir (default cdktf.out) against what its resources decide; exit 1 on a disagreement",
    load: () => require("./catalogs").catalogVerifyCommand,
  },
  report: { usage: "report [outdir] [--json]   the coverage report of every catalog in outdir", load: () => require("./catalogs").reportCommand },
  drift: { usage: "drift <stack> [--json]     a deployed AWS stack against its synthesis (cdktf.out or CDKTF_OUTDIR); exit 1 drift, 2 cannot tell", load: () => require("./drift").driftCommand },
  diff: { usage: "diff [<base>] [--json] [--exit-code]   this repository's review of catalog and environment changes", load: () => require("./diff").diffCommand },
};

const USAGE = `usage: firewall-catalog <command> [arguments]\n${Object.entries(COMMANDS)
  .map(([, c]) => `  ${c.usage}`)
  .join("\n")}`;

/** The dispatcher as a command: its arguments are the command's name and the command's own. */
export const binCommand: Command<{ row?: CommandRow; name?: string; rest: readonly string[] }> = {
  parse(argv) {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") return { rest };
    if (!Object.prototype.hasOwnProperty.call(COMMANDS, name)) throw new CliUsageError(`firewall-catalog: unknown command "${name}"`, USAGE);
    return { row: COMMANDS[name], name, rest };
  },
  async run({ row, rest }, cli, out) {
    if (!row) {
      if (cli.json) throw new CliUsageError("firewall-catalog: --json goes with a command", USAGE);
      out.stdout(`${USAGE}\n`);
      return 0;
    }
    // The layer took --json from the bin's arguments; the command's own run of the layer reads it again.
    return runCommand(row.load(), cli.json ? ["--json", ...rest] : rest, process.env, out);
  },
  failureExitCode: 2,
  json: true,
};

/** Runs the bin with `argv` (without node and the script); resolves to the exit code. */
export function runCli(argv: readonly string[], out?: CliOutput): Promise<number> {
  return runCommand(binCommand, argv, process.env, out);
}

if (require.main === module) main(binCommand);

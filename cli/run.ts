/**
 * The one command-line layer: every command (synth, verify, diff, drift) is a
 * function of its parsed arguments and the environment read here once; this
 * runner owns what they all share: the environment variables, usage errors,
 * quiet EPIPE, which errors print as a message and which with a stack, and the
 * exit code (set, never exit(), so a long report to a pipe drains first).
 */
import { ConfigError, SynthesisError } from "../policy";
import { quietOnBrokenPipe, quietOnCdktfDeprecation } from "../policy/console";

/** What the environment variables ask of every command. */
export interface CliEnvironment {
  /** FIREWALL_CATALOG_DIR (unset or empty: the command's default). */
  readonly catalogDir?: string;
  /** FIREWALL_ENVIRONMENTS_DIR. */
  readonly environmentsDir?: string;
  /** FIREWALL_ENVIRONMENTS=dev,prod: some environments only (empty: all). */
  readonly only: string[];
  /** CDKTF_OUTDIR. */
  readonly outdir?: string;
  /** FIREWALL_VERBOSE. */
  readonly verbose: boolean;
}

export function readCliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  return {
    catalogDir: env.FIREWALL_CATALOG_DIR || undefined,
    environmentsDir: env.FIREWALL_ENVIRONMENTS_DIR || undefined,
    only: (env.FIREWALL_ENVIRONMENTS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    outdir: env.CDKTF_OUTDIR || undefined,
    verbose: Boolean(env.FIREWALL_VERBOSE),
  };
}

/** Where a command writes. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Bad arguments: the message (if any) and the usage line go to stderr. */
export class CliUsageError extends Error {
  /** Stable code: every bad argument of a command is one (the message says which). */
  readonly code = "CLI_USAGE";
  constructor(
    message: string,
    readonly usage: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface Command<A> {
  /** Throws CliUsageError on bad arguments. */
  parse(argv: readonly string[]): A;
  /** The exit code. */
  run(args: A, env: CliEnvironment, out: CliOutput): Promise<number>;
  /** Exit code when run throws. */
  readonly failureExitCode: number;
  /** Errors printed by their message alone; any other error prints its stack (@default ConfigError, SynthesisError). */
  readonly expected?: (e: unknown) => boolean;
}

const PROCESS_OUTPUT: CliOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

function userError(e: unknown): boolean {
  return e instanceof ConfigError || e instanceof SynthesisError;
}

/** Runs a command to its exit code; nothing escapes as an exception. */
export async function runCommand<A>(command: Command<A>, argv: readonly string[], env: NodeJS.ProcessEnv = process.env, out: CliOutput = PROCESS_OUTPUT): Promise<number> {
  let args: A;
  try {
    args = command.parse(argv);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    out.stderr(`${e.message ? `${e.message}\n` : ""}${e.usage}\n`);
    return e.exitCode;
  }
  try {
    return await command.run(args, readCliEnvironment(env), out);
  } catch (e) {
    const expected = command.expected ?? userError;
    out.stderr(`${expected(e) ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return command.failureExitCode;
  }
}

/** The process entry: EPIPE is quiet, the exit code is set when the command ends. */
export function main<A>(command: Command<A>): void {
  quietOnBrokenPipe(process.stdout, process.stderr);
  quietOnCdktfDeprecation();
  void runCommand(command, process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = command.failureExitCode;
    },
  );
}

/** Removes `flag` from argv: whether it was there, and the rest. */
export function takeFlag(argv: readonly string[], flag: string): { present: boolean; rest: string[] } {
  return { present: argv.includes(flag), rest: argv.filter((a) => a !== flag) };
}

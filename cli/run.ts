/**
 * The one command-line layer: every command (synth, verify, reach, diff,
 * drift, …) is a function of its parsed arguments and the context read here
 * once; this runner owns what they all share: the environment variables,
 * `--json`, usage errors, quiet EPIPE, how a failure is printed (a message, a
 * stack, or with --json one error document on stdout) and the exit code (set,
 * never exit(), so a long report to a pipe drains first).
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

/** What a command runs with: the environment variables and the layer's own flags. */
export interface CliContext extends CliEnvironment {
  /** `--json`: stdout is one JSON document and nothing else. */
  readonly json: boolean;
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
    this.name = "CliUsageError";
  }
}

/** How a command words one of its failures itself; each part left out is the layer's default. */
export interface CommandFailure {
  /** Its stderr text (without the final newline). */
  readonly message?: string;
  readonly exitCode?: number;
  /** Fields the command adds beside `error` in its --json error document. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface Command<A> {
  /** Throws CliUsageError on bad arguments (argv never holds `--json`: the layer takes it). */
  parse(argv: readonly string[]): A;
  /** The exit code. With `context.json`, writes one JSON document on stdout and nothing else there. */
  run(args: A, context: CliContext, out: CliOutput): Promise<number>;
  /** Exit code when run throws. */
  readonly failureExitCode: number;
  /** Errors printed by their message alone; any other error prints its stack (@default ConfigError, SynthesisError). */
  readonly expected?: (e: unknown) => boolean;
  /** `--json`: true when run prints a JSON document; otherwise why the command refuses it (a usage error). */
  readonly json: true | { readonly refused: string; readonly usage: string };
  /** A failure the command words itself (a prefix, its own exit code); undefined: the layer's default. */
  readonly failure?: (e: unknown, args: A) => CommandFailure | undefined;
}

/** One problem of the --json error document: every key always present, null when unknown. */
export interface JsonProblem {
  readonly code: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly subject: string | null;
  readonly message: string;
  readonly hint: string | null;
}

/** What every command prints on stdout, with --json, when it fails. */
export interface JsonErrorDocument {
  readonly error: { readonly message: string; readonly codes: readonly string[]; readonly problems: readonly JsonProblem[] };
}

/** The code of an error that is neither a ConfigError, a SynthesisError nor a usage error, and carries none. */
export const UNEXPECTED = "UNEXPECTED";
/** The code of bad arguments. */
export const CLI_USAGE = "CLI_USAGE";

function problem(code: string, message: string, rest: Partial<Omit<JsonProblem, "code" | "message">> = {}): JsonProblem {
  return { code, file: rest.file ?? null, line: rest.line ?? null, column: rest.column ?? null, subject: rest.subject ?? null, message, hint: rest.hint ?? null };
}

/** The --json error document of any thrown value: the codes errors carry (`codes`, `code`), UNEXPECTED for an error without one. */
export function errorDocument(e: unknown): JsonErrorDocument {
  const of = (message: string, problems: JsonProblem[]) => ({ error: { message, codes: problems.map((p) => p.code), problems } });
  if (e instanceof ConfigError) {
    return of(
      e.message,
      e.problems.map((p) => problem(p.code ?? "UNCLASSIFIED", p.message, { ...p.location, subject: p.subject, hint: p.hint })),
    );
  }
  if (e instanceof SynthesisError) {
    // The message starts with the location already; the problem carries it apart.
    const prefix = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : "";
    return of(e.message, [problem(e.code, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message, { ...e.location })]);
  }
  if (e instanceof CliUsageError) {
    const message = e.message || e.usage;
    return of(message, [problem(CLI_USAGE, message, { hint: e.usage })]);
  }
  const message = e instanceof Error ? e.message : String(e);
  const carried = (e as { code?: unknown } | undefined)?.code;
  return of(message, [problem(typeof carried === "string" && /^[A-Z][A-Z0-9_]*$/.test(carried) ? carried : UNEXPECTED, message)]);
}

const PROCESS_OUTPUT: CliOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

function userError(e: unknown): boolean {
  return e instanceof ConfigError || e instanceof SynthesisError;
}

/** A JSON document as every command prints it: indented, one final newline. */
export function jsonText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Splits the layer's own flags from a command's arguments: `--json` anywhere
 * before a `--` (what follows `--` is the command's, untouched).
 */
export function takeLayerFlags(argv: readonly string[]): { json: boolean; rest: string[] } {
  const end = argv.indexOf("--");
  const own = end < 0 ? argv : argv.slice(0, end);
  const { present, rest } = takeFlag(own, "--json");
  return { json: present, rest: end < 0 ? rest : [...rest, ...argv.slice(end)] };
}

/** The layer's reading of a command line: the command's arguments and --json; throws CliUsageError, also when the command refuses --json. */
export function parseCommandLine<A>(command: Command<A>, argv: readonly string[]): { args: A; json: boolean } {
  const { json, rest } = takeLayerFlags(argv);
  const args = command.parse(rest);
  if (json && command.json !== true) throw new CliUsageError(`--json is not supported by this command: ${command.json.refused}`, command.json.usage);
  return { args, json };
}

/** Runs a command to its exit code; nothing escapes as an exception. */
export async function runCommand<A>(command: Command<A>, argv: readonly string[], env: NodeJS.ProcessEnv = process.env, out: CliOutput = PROCESS_OUTPUT): Promise<number> {
  const json = takeLayerFlags(argv).json;
  let args: A | undefined;
  try {
    const line = parseCommandLine(command, argv);
    args = line.args;
    return await command.run(line.args, { ...readCliEnvironment(env), json }, out);
  } catch (e) {
    const own = args === undefined || e instanceof CliUsageError ? undefined : command.failure?.(e, args);
    const expected = command.expected ?? userError;
    const message =
      own?.message ?? (e instanceof CliUsageError ? `${e.message ? `${e.message}\n` : ""}${e.usage}` : expected(e) ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e));
    // With --json the document is stdout's only content; the message still goes to stderr, for the person watching.
    if (json) out.stdout(jsonText({ ...own?.fields, ...errorDocument(e) }));
    out.stderr(`${message}\n`);
    return own?.exitCode ?? (e instanceof CliUsageError ? e.exitCode : command.failureExitCode);
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

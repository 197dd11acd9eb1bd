/** The one command-line layer (cli/run.ts): environment variables, usage errors, error printing and exit codes, the same for every command. */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { CliOutput, CliUsageError, Command, errorDocument, readCliEnvironment, runCommand, takeFlag, takeLayerFlags } from "../../cli/run";
import { applyGateCommand } from "../../cli/apply-gate";
import { catalogVerifyCommand, reportCommand } from "../../cli/catalogs";
import { deployCommand } from "../../cli/deploy";
import { diffCommand } from "../../cli/diff";
import { driftCommand } from "../../cli/drift";
import { binCommand } from "../../cli/main";
import { planCommand } from "../../cli/plan";
import { reachCommand } from "../../cli/reach";
import { synthCommand } from "../../cli/synth";
import { verifyCommand } from "../../cli/verify";
import { ConfigError, SynthesisError } from "../../policy";

function captured(): CliOutput & { out: string; err: string } {
  const c = { out: "", err: "", stdout: (t: string) => void (c.out += t), stderr: (t: string) => void (c.err += t) };
  return c;
}

test("GIVEN the four variables THEN every command reads them the same way, empty meaning unset", () => {
  expect(readCliEnvironment({ FIREWALL_CATALOG_DIR: "c", FIREWALL_ENVIRONMENTS_DIR: "e", FIREWALL_ENVIRONMENTS: " dev, ,prod ", CDKTF_OUTDIR: "o" })).toEqual({
    catalogDir: "c",
    environmentsDir: "e",
    only: ["dev", "prod"],
    outdir: "o",
    verbose: false,
  });
  expect(readCliEnvironment({ FIREWALL_CATALOG_DIR: "", CDKTF_OUTDIR: "", FIREWALL_VERBOSE: "1" })).toEqual({
    catalogDir: undefined,
    environmentsDir: undefined,
    only: [],
    outdir: undefined,
    verbose: true,
  });
});

describe("GIVEN a command run through the runner", () => {
  const seen: unknown[] = [];
  const probe: Command<{ what: string }> = {
    parse(argv) {
      if (argv[0] === "--bad") throw new CliUsageError("unknown option --bad", "usage: probe <what>");
      return { what: argv[0] };
    },
    async run(args, env, out) {
      seen.push(env.only);
      if (args.what === "config") throw new ConfigError([{ message: "no catalog", code: "CATALOG_MISSING" }]);
      if (args.what === "synthesis") throw new SynthesisError("cannot render it", { file: "catalog/a.yaml", line: 3, column: 5 }, "AWS_TOO_MANY_RULES");
      if (args.what === "coded") throw Object.assign(new Error("gate refused"), { code: "GATE_STALE" });
      if (args.what === "bug") throw new TypeError("x is undefined");
      out.stdout(env.json ? `${JSON.stringify({ did: args.what })}\n` : `did ${args.what}\n`);
      return 3;
    },
    failureExitCode: 7,
    json: true,
  };
  const refusing: Command<{ what: string }> = { ...probe, json: { refused: "its output is another tool's", usage: "usage: refusing <what>" } };

  test("WHEN it succeeds THEN its exit code and output are the command's, with the environment parsed", async () => {
    const c = captured();
    expect(await runCommand(probe, ["it"], { FIREWALL_ENVIRONMENTS: "dev" }, c)).toBe(3);
    expect([c.out, c.err, seen.at(-1)]).toEqual(["did it\n", "", ["dev"]]);
  });

  test("WHEN the arguments are bad THEN the message and usage go to stderr and it exits 2 without running", async () => {
    const c = captured();
    const runs = seen.length;
    expect(await runCommand(probe, ["--bad"], {}, c)).toBe(2);
    expect([c.out, c.err, seen.length]).toEqual(["", "unknown option --bad\nusage: probe <what>\n", runs]);
  });

  test("WHEN it throws a user error THEN the message alone, and the failure exit code", async () => {
    const c = captured();
    expect(await runCommand(probe, ["config"], {}, c)).toBe(7);
    expect(c.err).toContain("no catalog");
    expect(c.err).not.toMatch(/\n\s+at /);
  });

  test("WHEN it throws a bug THEN the stack, and the failure exit code", async () => {
    const c = captured();
    expect(await runCommand(probe, ["bug"], {}, c)).toBe(7);
    expect(c.err).toMatch(/^TypeError: x is undefined\n\s+at /);
  });

  test("WHEN --json is given anywhere THEN the command is told, never sees the flag, and stdout is its document alone", async () => {
    const c = captured();
    expect(await runCommand(probe, ["--json", "it"], {}, c)).toBe(3);
    expect([JSON.parse(c.out), c.err]).toEqual([{ did: "it" }, ""]);
  });

  /** stdout as the one JSON document it must be. */
  async function failedWithJson(command: Command<{ what: string }>, argv: string[]) {
    const c = captured();
    const code = await runCommand(command, [...argv, "--json"], {}, c);
    return { code, doc: JSON.parse(c.out), err: c.err };
  }

  test("WHEN it fails with --json THEN stdout is one error document with the problems' codes and places, the exit code is the failure code, the message still on stderr", async () => {
    const config = await failedWithJson(probe, ["config"]);
    expect(config.code).toBe(7);
    expect(config.doc).toEqual({
      error: {
        message: "no catalog.",
        codes: ["CATALOG_MISSING"],
        problems: [{ code: "CATALOG_MISSING", file: null, line: null, column: null, subject: null, message: "no catalog", hint: null }],
      },
    });
    expect(config.err).toBe("no catalog.\n");

    const synthesis = await failedWithJson(probe, ["synthesis"]);
    expect(synthesis.doc.error).toEqual({
      message: "catalog/a.yaml:3:5: cannot render it",
      codes: ["AWS_TOO_MANY_RULES"],
      problems: [{ code: "AWS_TOO_MANY_RULES", file: "catalog/a.yaml", line: 3, column: 5, subject: null, message: "cannot render it", hint: null }],
    });

    // An error of the command's own kind keeps its code; any other is UNEXPECTED, with its stack on stderr only.
    expect((await failedWithJson(probe, ["coded"])).doc.error.codes).toEqual(["GATE_STALE"]);
    const bug = await failedWithJson(probe, ["bug"]);
    expect([bug.code, bug.doc.error.codes, bug.doc.error.problems]).toEqual([7, ["UNEXPECTED"], [expect.objectContaining({ code: "UNEXPECTED" })]]);
    expect(bug.err).toMatch(/^TypeError: x is undefined\n\s+at /);
  });

  test("WHEN the arguments are bad with --json THEN the error document has CLI_USAGE and the usage line, exit 2, nothing run", async () => {
    const runs = seen.length;
    const bad = await failedWithJson(probe, ["--bad"]);
    expect([bad.code, seen.length]).toEqual([2, runs]);
    expect(bad.doc.error).toEqual({
      message: "unknown option --bad",
      codes: ["CLI_USAGE"],
      problems: [{ code: "CLI_USAGE", file: null, line: null, column: null, subject: null, message: "unknown option --bad", hint: "usage: probe <what>" }],
    });
  });

  test("WHEN a command has no JSON document THEN --json is a usage error saying so (the error document, and the message and usage on stderr), and it never runs", async () => {
    const runs = seen.length;
    const refused = await failedWithJson(refusing, ["it"]);
    expect([refused.code, refused.doc.error.codes]).toEqual([2, ["CLI_USAGE"]]);
    expect(refused.err).toBe("--json is not supported by this command: its output is another tool's\nusage: refusing <what>\n");
    expect(seen.length).toBe(runs);
    // Without --json it runs as ever.
    expect(await runCommand(refusing, ["it"], {}, captured())).toBe(3);
  });
});

test("GIVEN an error with several problems THEN the document lists each, in order, with its code, place, subject and hint", () => {
  const e = new ConfigError([
    { code: "CATALOG_UNKNOWN_ROLE", location: { file: "catalog/a.yaml", line: 4, column: 7 }, subject: 'rule "r1"', message: "names role x", hint: "Declare it." },
    { code: "ENV_UNKNOWN_FIELD", message: "has an unknown field" },
  ]);
  expect(errorDocument(e)).toEqual({
    error: {
      message: e.message,
      codes: ["CATALOG_UNKNOWN_ROLE", "ENV_UNKNOWN_FIELD"],
      problems: [
        { code: "CATALOG_UNKNOWN_ROLE", file: "catalog/a.yaml", line: 4, column: 7, subject: 'rule "r1"', message: "names role x", hint: "Declare it." },
        { code: "ENV_UNKNOWN_FIELD", file: null, line: null, column: null, subject: null, message: "has an unknown field", hint: null },
      ],
    },
  });
  expect(errorDocument("thrown text").error.codes).toEqual(["UNEXPECTED"]);
});

test("GIVEN every command THEN each prints a JSON document or refuses --json, naming why: plan and deploy print Terraform's and cdktf's own output", () => {
  const commands = {
    synth: synthCommand,
    verify: verifyCommand,
    reach: reachCommand,
    diff: diffCommand,
    drift: driftCommand,
    "apply-gate": applyGateCommand({}),
    plan: planCommand({}),
    deploy: deployCommand({}),
    "firewall-catalog": binCommand,
    "firewall-catalog verify": catalogVerifyCommand,
    "firewall-catalog report": reportCommand,
  } as Record<string, Command<unknown>>;
  const refusals = Object.entries(commands).filter(([, c]) => c.json !== true);
  expect(refusals.map(([name]) => name)).toEqual(["plan", "deploy"]);
  for (const [, c] of refusals) expect((c.json as { refused: string }).refused).toMatch(/own/);
});

test("GIVEN plan or deploy with --json THEN a usage error that says --json is not supported: the error document on stdout, the message and usage on stderr", async () => {
  const c = captured();
  expect(await runCommand(planCommand({}), ["dev-aws", "--json"], {}, c)).toBe(2);
  expect(JSON.parse(c.out).error.codes).toEqual(["CLI_USAGE"]);
  expect(c.err).toMatch(/^--json is not supported by this command: its output is Terraform's own .*\nusage: npm run plan -- /);
  const d = captured();
  expect(await runCommand(deployCommand({}), ["deploy", "dev-aws", "--json"], {}, d)).toBe(2);
  expect(JSON.parse(d.out).error.codes).toEqual(["CLI_USAGE"]);
  // Terraform's own -json (one dash) is plan's argument, passed on.
  expect(planCommand({}).parse(["dev-aws", "-json"]).terraformArgs).toEqual(["-json"]);
});

test("GIVEN the bin with --json THEN the command it names reads it; an unknown command or none is a usage error document", async () => {
  const unknown = captured();
  expect(await runCommand(binCommand, ["nope", "--json"], {}, unknown)).toBe(2);
  expect(JSON.parse(unknown.out).error).toMatchObject({ message: 'firewall-catalog: unknown command "nope"', codes: ["CLI_USAGE"] });
  const none = captured();
  expect(await runCommand(binCommand, ["--json"], {}, none)).toBe(2);
  expect(JSON.parse(none.out).error.codes).toEqual(["CLI_USAGE"]);
  const drift = captured();
  expect(await runCommand(binCommand, ["--json", "drift"], {}, drift)).toBe(2);
  expect(JSON.parse(drift.out).error).toMatchObject({ codes: ["CLI_USAGE"], message: "usage: npm run drift -- <stack> [--json]" });
  const help = captured();
  expect(await runCommand(binCommand, [], {}, help)).toBe(0);
  expect(help.out).toMatch(/^usage: firewall-catalog <command>/);
});

test("GIVEN --json among the arguments THEN takeFlag removes it and says so; the layer takes it anywhere before a `--`", () => {
  expect(takeFlag(["dev-aws", "--json"], "--json")).toEqual({ present: true, rest: ["dev-aws"] });
  expect(takeFlag(["dev-aws"], "--json")).toEqual({ present: false, rest: ["dev-aws"] });
  expect(takeLayerFlags(["--json", "dev-aws"])).toEqual({ json: true, rest: ["dev-aws"] });
  expect(takeLayerFlags(["dev-aws", "--", "--json"])).toEqual({ json: false, rest: ["dev-aws", "--", "--json"] });
});

test("GIVEN the commands' parsers THEN drift and diff refuse bad arguments as usage errors, diff --help exits 0, verify takes its folder", async () => {
  const c = captured();
  expect(await runCommand(driftCommand, ["a", "b"], {}, c)).toBe(2);
  expect(c.err).toBe("usage: npm run drift -- <stack> [--json]\n");
  expect(driftCommand.parse(["dev-aws"])).toEqual({ stack: "dev-aws" });
  expect(() => diffCommand.parse(["--nope"])).toThrow(CliUsageError);
  const help = captured();
  expect(await runCommand(diffCommand, ["--help"], {}, help)).toBe(0);
  expect(help.err).toMatch(/^usage: npm run diff/);
  expect(verifyCommand.parse(["out"])).toEqual({ mode: "output", outdir: "out" });
  expect(verifyCommand.parse([])).toEqual({ mode: "output", outdir: undefined });
});

test("GIVEN the command modules THEN none calls process.exit: the layer sets the exit code, so a long document to a pipe drains first", () => {
  const dir = path.join(__dirname, "..", "..", "cli");
  const callers = readdirSync(dir).filter((f) => f.endsWith(".ts") && /process\.exit\(/.test(readFileSync(path.join(dir, f), "utf8")));
  expect(callers).toEqual([]);
});

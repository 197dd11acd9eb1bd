/** The one command-line layer (cli/run.ts): environment variables, usage errors, error printing and exit codes, the same for every command. */
import { CliOutput, CliUsageError, Command, readCliEnvironment, runCommand, takeFlag } from "../../cli/run";
import { diffCommand } from "../../cli/diff";
import { driftCommand } from "../../cli/drift";
import { verifyCommand } from "../../cli/verify";
import { ConfigError } from "../../policy";

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
      if (args.what === "bug") throw new TypeError("x is undefined");
      out.stdout(`did ${args.what}\n`);
      return 3;
    },
    failureExitCode: 7,
  };

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
});

test("GIVEN --json among the arguments THEN takeFlag removes it and says so", () => {
  expect(takeFlag(["dev-aws", "--json"], "--json")).toEqual({ present: true, rest: ["dev-aws"] });
  expect(takeFlag(["dev-aws"], "--json")).toEqual({ present: false, rest: ["dev-aws"] });
});

test("GIVEN the commands' parsers THEN drift and diff refuse bad arguments as usage errors, diff --help exits 0, verify takes its folder", async () => {
  const c = captured();
  expect(await runCommand(driftCommand, ["a", "b"], {}, c)).toBe(2);
  expect(c.err).toBe("usage: npm run drift -- <stack> [--json]\n");
  expect(driftCommand.parse(["dev-aws", "--json"])).toEqual({ stack: "dev-aws", json: true });
  expect(() => diffCommand.parse(["--nope"])).toThrow(CliUsageError);
  const help = captured();
  expect(await runCommand(diffCommand, ["--help"], {}, help)).toBe(0);
  expect(help.err).toMatch(/^usage: npm run diff/);
  expect(verifyCommand.parse(["out"])).toEqual({ mode: "output", outdir: "out" });
  expect(verifyCommand.parse([])).toEqual({ mode: "output", outdir: undefined });
});

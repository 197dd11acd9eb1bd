/**
 * The apply gate (verify/apply-gate.ts) and the state guard
 * (verify/state-guard.ts): a pipeline applies only the plan stamped for its
 * commit, with the configuration and lock file it was made with, and never a
 * local-state stack while FIREWALL_REQUIRE_REMOTE_STATE=1.
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { applyGateCommand } from "../../cli/apply-gate";
import { stacksNamed } from "../../cli/deploy";
import { runCommand } from "../../cli/run";
import { checkPlan, parseGateArgs, stampPlan } from "../../verify/apply-gate";
import { refuseLocalStateFolder, refuseLocalStateStacks, remoteStateRequired, StateGuardError } from "../../verify/state-guard";
import { thrown } from "../support/thrown";

const ROOT = path.resolve(__dirname, "..", "..");
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const OTHER = "fedcba9876543210fedcba9876543210fedcba98";

let outdir: string;
let dir: string;

function makeStack(backend: object = { s3: { bucket: "b", key: "firewall/prod-aws.tfstate", region: "eu-central-1" } }): void {
  rmSync(outdir, { recursive: true, force: true });
  dir = path.join(outdir, "stacks", "prod-aws");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { backend }, resource: {} }));
  writeFileSync(path.join(dir, "plan.tfplan"), "PK\u0003\u0004 a plan");
  writeFileSync(path.join(dir, ".terraform.lock.hcl"), 'provider "registry.terraform.io/hashicorp/aws" {}\n');
}

const options = (over: object = {}) => ({ outdir, commit: COMMIT, env: {}, ...over });
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return "no error";
};

beforeEach(() => {
  outdir = mkdtempSync(path.join(os.tmpdir(), "apply-gate-"));
  makeStack();
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

describe("GIVEN a plan stamped for a commit", () => {
  test("WHEN checked for that commit with the same files THEN it may be applied, and the stamp names commit, plan, configuration and lock file", () => {
    const file = stampPlan("prod-aws", options());
    expect(path.relative(outdir, file)).toBe(path.join("stacks", "prod-aws", "plan.tfplan.stamp.json"));
    const stamp = checkPlan("prod-aws", options());
    expect(stamp).toMatchObject({ stack: "prod-aws", commit: COMMIT, plan: { file: "plan.tfplan" }, configuration: { files: ["cdk.tf.json"] } });
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(stamp);
  });

  test.each<[string, () => void]>([
    ["another commit", () => undefined],
    ["the plan file swapped", () => writeFileSync(path.join(dir, "plan.tfplan"), "another plan")],
    ["the configuration edited", () => writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: {} } }, resource: { x: {} } }))],
    ["an override file added", () => writeFileSync(path.join(dir, "backend_override.tf"), 'terraform {\n  backend "local" {}\n}\n')],
    ["another lock file", () => writeFileSync(path.join(dir, ".terraform.lock.hcl"), 'provider "registry.terraform.io/hashicorp/aws" { version = "6.0.0" }\n')],
    [
      "a stamp of another stack copied over",
      () => {
        const stamp = JSON.parse(readFileSync(path.join(dir, "plan.tfplan.stamp.json"), "utf8"));
        writeFileSync(path.join(dir, "plan.tfplan.stamp.json"), JSON.stringify({ ...stamp, stack: "staging-aws" }));
      },
    ],
  ])("WHEN checked with %s THEN it is refused (GATE_PLAN_MISMATCH)", (what, change) => {
    stampPlan("prod-aws", options());
    change();
    expect(codeOf(() => checkPlan("prod-aws", options(what === "another commit" ? { commit: OTHER } : {})))).toBe("GATE_PLAN_MISMATCH");
  });

  test("WHEN links sit at the stamp's names, pointing out of the folder THEN the stamp replaces them and writes nothing through them", () => {
    const outside = path.join(outdir, "outside.txt");
    writeFileSync(outside, "keep me");
    symlinkSync(outside, path.join(dir, "plan.tfplan.stamp.json.tmp"));
    symlinkSync(outside, path.join(dir, "plan.tfplan.stamp.json"));
    stampPlan("prod-aws", options());
    expect(readFileSync(outside, "utf8")).toBe("keep me");
    expect(lstatSync(path.join(dir, "plan.tfplan.stamp.json")).isSymbolicLink()).toBe(false);
    expect(checkPlan("prod-aws", options()).commit).toBe(COMMIT);
  });

  test("WHEN the stamp, the lock file or the plan is missing, or the stamp is not JSON THEN it is refused with its own code", () => {
    expect(codeOf(() => checkPlan("prod-aws", options()))).toBe("GATE_NO_STAMP");
    stampPlan("prod-aws", options());
    writeFileSync(path.join(dir, "plan.tfplan.stamp.json"), "{");
    expect(codeOf(() => checkPlan("prod-aws", options()))).toBe("GATE_BAD_STAMP");
    rmSync(path.join(dir, ".terraform.lock.hcl"));
    expect(codeOf(() => checkPlan("prod-aws", options()))).toBe("GATE_NO_LOCK_FILE");
    rmSync(path.join(dir, "plan.tfplan"));
    expect(codeOf(() => checkPlan("prod-aws", options()))).toBe("GATE_NO_PLAN");
  });

  test.each([
    ["null", "null"],
    ["a list", "[]"],
    ["a number", "5"],
    ["a stamp without its plan", (s: Record<string, unknown>) => JSON.stringify({ ...s, plan: null })],
    ["configuration files that are text", (s: Record<string, unknown>) => JSON.stringify({ ...s, configuration: { files: "cdk.tf.json", sha256: "x" } })],
    ["no lock file hash", (s: Record<string, unknown>) => JSON.stringify({ ...s, lockFile: {} })],
  ])("WHEN the stamp is %s THEN it is refused as no stamp (GATE_BAD_STAMP), never a JavaScript error", (_, text) => {
    const file = stampPlan("prod-aws", options());
    const stamp = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, typeof text === "string" ? text : text(stamp));
    expect(codeOf(() => checkPlan("prod-aws", options()))).toBe("GATE_BAD_STAMP");
  });
});

describe("GIVEN hostile or wrong arguments", () => {
  test.each<[string[], string]>([
    [[], "GATE_USAGE"],
    [["apply", "prod-aws", "--commit", COMMIT], "GATE_USAGE"],
    [["check", "--commit", COMMIT], "GATE_USAGE"],
    [["check", "prod-aws"], "GATE_USAGE"],
    [["check", "prod-aws", "--commit"], "GATE_USAGE"],
    [["check", "prod-aws", "--commit", COMMIT, "--commit", OTHER], "GATE_USAGE"],
    [["check", "prod-aws", "--commit", COMMIT, "--force", "x"], "GATE_USAGE"],
  ])("WHEN the arguments are %j THEN they are refused (%s)", (argv, code) => {
    expect(codeOf(() => parseGateArgs(argv))).toBe(code);
  });

  test.each<[string, object, string]>([
    ["../../etc", {}, "GATE_NOT_A_STACK"],
    ["no-such-aws", {}, "GATE_NO_STACK"],
    ["prod-aws", { commit: "HEAD" }, "GATE_BAD_COMMIT"],
    ["prod-aws", { commit: "0123abc" }, "GATE_BAD_COMMIT"],
    ["prod-aws", { plan: "../../plan.tfplan" }, "GATE_BAD_PLAN_NAME"],
    ["prod-aws", { plan: "/tmp/plan.tfplan" }, "GATE_BAD_PLAN_NAME"],
    ["prod-aws", { plan: ".terraform.lock.hcl" }, "GATE_BAD_PLAN_NAME"],
  ])("WHEN stamping stack %s with %j THEN it is refused (%s)", (stack, over, code) => {
    expect(codeOf(() => stampPlan(stack, options(over)))).toBe(code);
  });

  test("WHEN the command runs THEN refusals exit 1, usage and missing folders exit 2, a good check exits 0", async () => {
    const env = { CDKTF_OUTDIR: outdir };
    const out = { text: "", stdout: (t: string) => void (out.text += t), stderr: (t: string) => void (out.text += t) };
    const gate = (argv: string[], e: NodeJS.ProcessEnv = env) => runCommand(applyGateCommand(e), argv, e, out);
    expect(await gate(["check", "prod-aws", "--commit", COMMIT])).toBe(1);
    expect(out.text).toContain("[GATE_NO_STAMP]");
    expect(await gate(["stamp", "prod-aws", "--commit", COMMIT])).toBe(0);
    expect(await gate(["check", "prod-aws", "--commit", COMMIT])).toBe(0);
    expect(await gate(["check", "prod-aws", "--commit", OTHER])).toBe(1);
    expect(await gate(["check", "nope-aws", "--commit", COMMIT])).toBe(2);
    expect(await gate(["check"])).toBe(2);
    expect(await gate(["check", "prod-aws", "--commit", COMMIT], { ...env, FIREWALL_REQUIRE_REMOTE_STATE: "maybe" })).toBe(2);
  });

  test("WHEN the command runs with --json THEN stdout is what it decided, or the error document with the gate's code; the exit codes are the same", async () => {
    const env = { CDKTF_OUTDIR: outdir };
    const gate = async (argv: string[]) => {
      const c = { out: "", err: "", stdout: (t: string) => void (c.out += t), stderr: (t: string) => void (c.err += t) };
      const code = await runCommand(applyGateCommand(env), [...argv, "--json"], env, c);
      return { code, doc: JSON.parse(c.out), err: c.err };
    };
    const refused = await gate(["check", "prod-aws", "--commit", COMMIT]);
    expect([refused.code, refused.doc.error.codes]).toEqual([1, ["GATE_NO_STAMP"]]);
    expect(refused.err).toMatch(/^apply-gate: .* \[GATE_NO_STAMP\]\n$/);
    expect(await gate(["stamp", "prod-aws", "--commit", COMMIT])).toEqual({
      code: 0,
      doc: { action: "stamp", stack: "prod-aws", commit: COMMIT, stamp: path.join(outdir, "stacks", "prod-aws", "plan.tfplan.stamp.json") },
      err: "",
    });
    expect(await gate(["check", "prod-aws", "--commit", COMMIT])).toEqual({
      code: 0,
      doc: { action: "check", stack: "prod-aws", commit: COMMIT, plan: "plan.tfplan", remoteStateRequired: false, apply: true },
      err: "",
    });
    expect((await gate(["check", "nope-aws", "--commit", COMMIT])).code).toBe(2);
    expect((await gate(["check"])).doc.error.codes).toEqual(["CLI_USAGE"]);
  });
});

describe("GIVEN FIREWALL_REQUIRE_REMOTE_STATE", () => {
  test.each<[string | undefined, boolean | string]>([
    [undefined, false],
    ["", false],
    ["0", false],
    ["false", false],
    ["1", true],
    ["true", true],
    ["yes", "STATE_GUARD_BAD_VARIABLE"],
    ["TRUE ", "STATE_GUARD_BAD_VARIABLE"],
  ])("WHEN it is %j THEN remote state is required: %s", (value, expected) => {
    const env = value === undefined ? {} : { FIREWALL_REQUIRE_REMOTE_STATE: value };
    if (typeof expected === "boolean") expect(remoteStateRequired(env)).toBe(expected);
    else expect(codeOf(() => remoteStateRequired(env))).toBe(expected);
  });

  test("WHEN a stamped plan of a local-state stack is checked THEN it is refused with the reason; without the variable it passes", () => {
    makeStack({ local: { path: "terraform.tfstate" } });
    stampPlan("prod-aws", options());
    expect(checkPlan("prod-aws", options()).commit).toBe(COMMIT);
    expect(thrown(() => checkPlan("prod-aws", options({ env: { FIREWALL_REQUIRE_REMOTE_STATE: "1" } })))).toEqual({ error: "StateGuardError", codes: ["STATE_GUARD_LOCAL_STATE"] });
  });

  test("WHEN the folder declares no backend, or init configured a local one behind the declared S3 THEN it is refused; the declared backend, initialized, passes", () => {
    makeStack({});
    writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ resource: {} }));
    expect(codeOf(() => refuseLocalStateFolder("prod-aws", dir))).toBe("STATE_GUARD_LOCAL_STATE");
    makeStack();
    mkdirSync(path.join(dir, ".terraform"));
    writeFileSync(path.join(dir, ".terraform", "terraform.tfstate"), JSON.stringify({ backend: { type: "local", config: {} } }));
    expect(codeOf(() => refuseLocalStateFolder("prod-aws", dir))).toBe("STATE_GUARD_LOCAL_STATE");
    writeFileSync(path.join(dir, ".terraform", "terraform.tfstate"), "not json");
    expect(codeOf(() => refuseLocalStateFolder("prod-aws", dir))).toBe("STATE_GUARD_UNREADABLE");
    writeFileSync(path.join(dir, ".terraform", "terraform.tfstate"), JSON.stringify({ backend: { type: "s3", config: {} } }));
    expect(codeOf(() => refuseLocalStateFolder("prod-aws", dir))).toBe("no error");
  });

  test("WHEN the example environments' stacks are deployed THEN every dev stack (local state) is refused naming its setting and file, staging and prod pass", () => {
    const options = { environmentsDir: path.join(ROOT, "environments"), catalogDir: path.join(ROOT, "catalog") };
    for (const stack of ["dev-aws", "dev-gcp", "dev-azure"]) {
      expect(() => refuseLocalStateStacks([stack], options)).toThrow(
        expect.objectContaining({
          code: "STATE_GUARD_LOCAL_STATE",
          setting: { name: `${stack.split("-")[1]}.backend.local.path`, location: expect.objectContaining({ file: path.join(options.environmentsDir, "dev.yaml") }) },
        }),
      );
    }
    expect(() => refuseLocalStateStacks(["staging-aws", "staging-gcp", "staging-azure", "prod-aws", "prod-gcp", "prod-azure"], options)).not.toThrow();
    expect(() => refuseLocalStateStacks(["qa-aws"], options)).toThrow(expect.objectContaining({ code: "STATE_GUARD_UNKNOWN_STACK" }));
  });

  test("WHEN an environment leaves the local path out THEN its default local state is refused too", () => {
    const envs = mkdtempSync(path.join(os.tmpdir(), "guard-envs-"));
    try {
      cpSync(path.join(ROOT, "environments"), envs, { recursive: true });
      const dev = path.join(envs, "dev.yaml");
      writeFileSync(dev, readFileSync(dev, "utf8").replace("local: { path: terraform.tfstate }", "local: {}"));
      expect(() => refuseLocalStateStacks(["dev-aws"], { environmentsDir: envs, catalogDir: path.join(ROOT, "catalog") })).toThrow(StateGuardError);
    } finally {
      rmSync(envs, { recursive: true, force: true });
    }
  });
});

describe("GIVEN npm run deploy's arguments", () => {
  const known = ["dev-aws", "dev-gcp", "prod-aws", "prod-gcp", "staging-aws"];
  test.each<[string[], string[]]>([
    [["prod-aws", "--auto-approve"], ["prod-aws"]],
    [["--output", "dev-aws", "prod-aws"], ["prod-aws"]],
    [["*-aws"], ["dev-aws", "prod-aws", "staging-aws"]],
    [
      ["prod-*", "--var", "x=1"],
      ["prod-aws", "prod-gcp"],
    ],
    [["qa-aws"], ["qa-aws"]],
    [["--auto-approve"], []],
  ])("WHEN they are %j THEN the stacks checked are %j", (args, stacks) => {
    expect(stacksNamed(args, known)).toEqual(stacks);
  });

  test("WHEN an unknown stack is named under the variable THEN the guard refuses it rather than let it through", () => {
    expect(() => refuseLocalStateStacks(stacksNamed(["qa-aws"], known), { environmentsDir: path.join(ROOT, "environments"), catalogDir: path.join(ROOT, "catalog") })).toThrow(
      expect.objectContaining({ code: "STATE_GUARD_UNKNOWN_STACK" }),
    );
  });
});

/**
 * `npm run plan` (verify/plan.ts): its arguments and its refusals. The plan
 * itself, "No changes" after a deploy with the stack's local state kept
 * through re-synthesis, is proven against the emulator in
 * e2e/deploy-and-locking.e2e.test.ts (an AWS plan needs an AWS API).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { offlineCliConfig, parsePlanArgs, plan } from "../../verify/plan";

describe("GIVEN npm run plan's arguments", () => {
  test.each<[string[], object]>([
    [["dev-aws"], { stack: "dev-aws", synth: true, terraformArgs: [] }],
    [["prod-aws", "-out=plan.tfplan", "-detailed-exitcode"], { stack: "prod-aws", synth: true, terraformArgs: ["-out=plan.tfplan", "-detailed-exitcode"] }],
    [["dev-aws", "--no-synth"], { stack: "dev-aws", synth: false, terraformArgs: [] }],
  ])("WHEN they are %j THEN they parse", (argv, expected) => {
    expect(parsePlanArgs(argv)).toEqual(expected);
  });

  test.each([[[]], [["-out=x"]], [["../dev-aws"]], [["dev aws"]], [["dev-aws", "-chdir=/"]], [["dev-aws", "-state=other.tfstate"]], [["dev-aws", "-input=true"]], [["aws"]]])(
    "WHEN they are %j THEN they are refused (PLAN_USAGE)",
    (argv) => {
      expect(() => parsePlanArgs(argv)).toThrow(expect.objectContaining({ code: "PLAN_USAGE" }));
    },
  );
});

describe("GIVEN a synthesis folder", () => {
  let outdir: string;
  beforeEach(() => (outdir = mkdtempSync(path.join(os.tmpdir(), "plan-"))));
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test("WHEN the stack is not in it THEN nothing is planned (PLAN_NO_STACK)", async () => {
    await expect(plan({ stack: "qa-aws", synth: false, terraformArgs: [] }, { ...process.env, CDKTF_OUTDIR: outdir })).rejects.toMatchObject({ code: "PLAN_NO_STACK" });
  });

  test("WHEN there is neither a CLI configuration nor a mirror THEN it refuses rather than reach a registry (PLAN_NO_MIRROR)", async () => {
    mkdirSync(path.join(outdir, "stacks", "dev-aws"), { recursive: true });
    writeFileSync(path.join(outdir, "stacks", "dev-aws", "cdk.tf.json"), "{}");
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, TF_PROVIDER_MIRROR: path.join(outdir, "no-mirror") };
    delete env.TF_CLI_CONFIG_FILE;
    await expect(plan({ stack: "dev-aws", synth: false, terraformArgs: [] }, env)).rejects.toMatchObject({ code: "PLAN_NO_MIRROR" });
  });

  test("WHEN the written CLI configuration is read THEN it installs from the mirror only (no direct block: nothing downloads)", () => {
    const config = offlineCliConfig("/opt/tf-plugins");
    expect(config).toContain('filesystem_mirror {\n    path = "/opt/tf-plugins"');
    expect(config).not.toMatch(/direct|network_mirror/);
  });
});

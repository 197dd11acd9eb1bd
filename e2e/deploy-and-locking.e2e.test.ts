/**
 * The documented try-it-locally path (docs/deploying.md), as a user runs it:
 * `npm run emulator -- --port P`, then `npm run deploy -- dev-aws
 * --auto-approve` (the CDKTF CLI) offline with only the environment variables
 * and a CLI configuration that points at the provider mirror, `npm run plan`
 * and `npm run drift` both clean, RDP from anywhere added by hand reported as
 * an error first, `npm run destroy`; and S3 state locking: two concurrent
 * applies of one stack, the second refused.
 */
import { AuthorizeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { execFile } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath } from "../synth/synthesize";
import { mirrorCliConfig, providerMirror } from "../__tests__/support/terraform";
import { leftInVpc, readBack } from "./support/deployment";
import { createBucket, createVpc, Emulator, freePort, startEmulator } from "./support/emulator";
import { bindEnvironments, ROOT, synthesize } from "./support/examples";
import { outcome } from "./support/outcome";
import { TerraformSession } from "./support/terraform-session";

let emulator: Emulator;
let scratch: string;
const timings: Record<string, number> = {};

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "fw-e2e-deploy-"));
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`e2e deploy and locking phases (s): ${JSON.stringify(timings)}`);
});

/** `npm run <script> -- <args>` as a user runs it: their environment, minus anything the emulator's variables replace. */
function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|TF_)/.test(k)) clean[k] = v;
  return new Promise((resolve) => {
    execFile("npm", ["run", script, "--", ...args], { cwd: ROOT, env: { ...clean, CI: "true", ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

test("GIVEN `npm run emulator -- --port P`, a CLI config pointing at the mirror and the emulator's variables WHEN `npm run deploy -- dev-aws --auto-approve` THEN `npm run plan` and `npm run drift` are clean, the local state survives the plan's synthesis, RDP added by hand is drift's first line and an error, and `npm run destroy` removes everything", async () => {
  const start = Date.now();
  const local = await startEmulator({ npmPort: await freePort() });
  try {
    const vpcId = await createVpc(local, "eu-west-1", "10.120.0.0/16");
    const environmentsDir = bindEnvironments(path.join(scratch, "environments"), { dev: vpcId });
    const outdir = path.join(scratch, "cdktf.out");
    const cliConfig = path.join(scratch, "terraform.rc");
    writeFileSync(cliConfig, mirrorCliConfig(providerMirror()));
    const env = { ...local.env, TF_CLI_CONFIG_FILE: cliConfig, FIREWALL_ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir };
    timings["npm run emulator"] = (Date.now() - start) / 1000;

    const deploy = await npmRun("deploy", ["dev-aws", "--auto-approve", "--output", outdir], env);
    timings["npm run deploy"] = (Date.now() - start) / 1000 - timings["npm run emulator"];
    expect(outcome(deploy.code, deploy.output, 0)).toEqual({ code: 0, error: "" });
    // Five groups (one per tier) and 103 rule entries.
    expect(deploy.output).toMatch(/Apply complete! Resources: 108 added, 0 changed, 0 destroyed/);
    const { drift, check } = await readBack(local, { outdir, stack: "dev-aws", environmentsDir, catalogDir: path.join(ROOT, "catalog") });
    expect(drift.findings).toEqual([]);
    expect(drift.checked.rules).toBe(103);
    expect(check.disagreements).toEqual([]);

    const state = path.join(outdir, "stacks", "dev-aws", "terraform.tfstate");
    const stateBefore = readFileSync(state, "utf8");
    const planStart = Date.now();
    const plan = await npmRun("plan", ["dev-aws", "-no-color"], env);
    timings["npm run plan"] = (Date.now() - planStart) / 1000;
    expect(outcome(plan.code, plan.output, 0)).toEqual({ code: 0, error: "" });
    expect(plan.output).toContain("No changes. Your infrastructure matches the configuration.");
    // The plan re-synthesized dev: the state it planned against is still there, unchanged.
    expect(existsSync(state) && readFileSync(state, "utf8")).toBe(stateBefore);

    const clean = await npmRun("drift", ["dev-aws"], env);
    expect({ code: clean.code, output: clean.output }).toMatchObject({
      code: 0,
      output: expect.stringMatching(/dev-aws \(aws, vpc-\w+ in eu-west-1\): 5 group\(s\) and 103 rule\(s\) in the stack; no drift\./),
    });

    const groupId = (await readBack(local, { outdir, stack: "dev-aws", environmentsDir, catalogDir: path.join(ROOT, "catalog") })).live.groups.find((g) => g.name === "st-dev-st-server")!.id;
    await local.ec2("eu-west-1").send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: "10.0.0.0/8", Description: "a test port" }] },
          { IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "RDP by hand" }] },
        ],
      }),
    );
    const dirty = await npmRun("drift", ["dev-aws"], env);
    expect(dirty.code).toBe(1);
    const findings = dirty.output.split("\n").filter((l) => /^(error|warning|info): /.test(l));
    expect(findings).toEqual([
      expect.stringMatching(/^error: .*ingress tcp 3389 from 0\.0\.0\.0\/0 "RDP by hand".*\[admin-port-open-to-any\]/),
      expect.stringMatching(/^warning: .*ingress tcp 8080 from 10\.0\.0\.0\/8/),
    ]);

    const destroyStart = Date.now();
    const destroy = await npmRun("destroy", ["dev-aws", "--auto-approve", "--output", outdir], env);
    timings["npm run destroy"] = (Date.now() - destroyStart) / 1000;
    expect(outcome(destroy.code, destroy.output, 0)).toEqual({ code: 0, error: "" });
    expect(destroy.output).toMatch(/Destroy complete! Resources: 108 destroyed/);
    // Our rules went with the group; the two added by hand were in it too.
    expect(await leftInVpc(local, "eu-west-1", vpcId)).toEqual({ groups: [], rules: 0 });
  } finally {
    await local.stop();
  }
});

test("GIVEN FIREWALL_REQUIRE_REMOTE_STATE=1 WHEN `npm run deploy -- dev-aws` THEN it is refused before anything is synthesized, naming dev's local state setting", async () => {
  const r = await npmRun("deploy", ["dev-aws", "--auto-approve", "--output", path.join(scratch, "refused")], { FIREWALL_REQUIRE_REMOTE_STATE: "1" });
  expect(r.code).toBe(1);
  expect(r.output).toMatch(
    /refusing dev-aws while FIREWALL_REQUIRE_REMOTE_STATE=1: aws\.backend\.local\.path is local path "terraform\.tfstate" \(environments\/dev\.yaml:\d+:\d+\).*\[STATE_GUARD_LOCAL_STATE\]/,
  );
  expect(existsSync(path.join(scratch, "refused"))).toBe(false);
});

test("GIVEN two applies of staging-aws at once on the emulator's S3 THEN the second is refused with Terraform's lock error, the first completes, and no lock object is left", async () => {
  const start = Date.now();
  const vpcId = await createVpc(emulator, "eu-west-1", "10.121.0.0/16");
  await createBucket(emulator, "eu-west-1", "st-terraform-state-staging");
  const environmentsDir = bindEnvironments(path.join(scratch, "environments-locking"), { staging: vpcId });
  const outdir = path.join(scratch, "out-locking");
  await synthesize({ outdir, environmentsDir, only: ["staging"] });
  const session = new TerraformSession(path.join(scratch, "tf-locking"), emulator);
  const s3 = emulator.s3("eu-west-1");
  const objects = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: "st-terraform-state-staging" }))).Contents ?? []).map((o) => o.Key!).sort();
  try {
    const first = session.stage(path.dirname(jsonPath(outdir, "staging-aws")), "first");
    const second = session.stage(path.dirname(jsonPath(outdir, "staging-aws")), "second");
    await session.init(first);
    await session.init(second);

    const firstApply = session.apply(first);
    firstApply.catch(() => undefined);
    // The second starts while the first holds the lock (S3 native locking: a .tflock object beside the state).
    const deadline = Date.now() + 120_000;
    while (!(await objects()).includes("firewall/staging-aws.tfstate.tflock")) {
      if (Date.now() > deadline) throw new Error("the first apply never took the lock");
      await new Promise((r) => setTimeout(r, 100));
    }
    await expect(session.apply(second, ["-lock-timeout=0s"])).rejects.toThrow(/Error acquiring the state lock[\s\S]*(PreconditionFailed|412|lock)/i);
    expect(await firstApply).toMatch(/Apply complete! Resources: 115 added/);

    expect(await objects()).toEqual(["firewall/staging-aws.tfstate"]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: "st-terraform-state-staging", Key: "firewall/staging-aws.tfstate" }));
    expect(head.ServerSideEncryption).toBe("AES256");
    await session.destroy(first);
    expect(await objects()).toEqual(["firewall/staging-aws.tfstate"]);
    expect(await leftInVpc(emulator, "eu-west-1", vpcId)).toEqual({ groups: [], rules: 0 });
  } finally {
    await session.close();
    timings["locking"] = (Date.now() - start) / 1000;
  }
});

/**
 * The documented deploy path, `npm run deploy -- dev-aws --auto-approve` (the
 * CDKTF CLI), offline against the emulator with only the environment variables
 * and a CLI configuration that points at the provider mirror; and S3 state
 * locking: two concurrent applies of one stack, the second refused.
 */
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { execFile } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath } from "../synth/synthesize";
import { mirrorCliConfig, providerMirror } from "../__tests__/support/terraform";
import { leftInVpc, readBack } from "./support/deployment";
import { createBucket, createVpc, Emulator, startEmulator } from "./support/emulator";
import { bindEnvironments, ROOT, synthesize } from "./support/examples";
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

test("GIVEN a CLI config pointing at the mirror and the emulator's variables WHEN `npm run deploy -- dev-aws --auto-approve` and `npm run destroy` THEN the stack is deployed exactly and removed", async () => {
  const start = Date.now();
  const vpcId = await createVpc(emulator, "eu-west-1", "10.120.0.0/16");
  const environmentsDir = bindEnvironments(path.join(scratch, "environments"), { dev: vpcId });
  const outdir = path.join(scratch, "cdktf.out");
  const cliConfig = path.join(scratch, "terraform.rc");
  writeFileSync(cliConfig, mirrorCliConfig(providerMirror()));
  const env = { ...emulator.env, TF_CLI_CONFIG_FILE: cliConfig, FIREWALL_ENVIRONMENTS_DIR: environmentsDir };

  const deploy = await npmRun("deploy", ["dev-aws", "--auto-approve", "--output", outdir], env);
  timings["npm run deploy"] = (Date.now() - start) / 1000;
  expect({ code: deploy.code, tail: deploy.output.slice(-3000) }).toMatchObject({ code: 0 });
  expect(deploy.output).toMatch(/Apply complete! Resources: 17 added, 0 changed, 0 destroyed/);
  const { drift, check } = await readBack(emulator, { outdir, stack: "dev-aws", environmentsDir, catalogDir: path.join(ROOT, "catalog") });
  expect(drift.findings).toEqual([]);
  expect(drift.checked.rules).toBe(16);
  expect(check.disagreements).toEqual([]);

  const destroyStart = Date.now();
  const destroy = await npmRun("destroy", ["dev-aws", "--auto-approve", "--output", outdir], env);
  timings["npm run destroy"] = (Date.now() - destroyStart) / 1000;
  expect({ code: destroy.code, tail: destroy.output.slice(-3000) }).toMatchObject({ code: 0 });
  expect(destroy.output).toMatch(/Destroy complete! Resources: 17 destroyed/);
  expect(await leftInVpc(emulator, "eu-west-1", vpcId)).toEqual({ groups: [], rules: 0 });
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
    expect(await firstApply).toMatch(/Apply complete! Resources: 18 added/);

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

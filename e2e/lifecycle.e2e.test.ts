/**
 * Every example AWS stack, through its JSON tree and then its HCL tree, against
 * the emulator: init, apply, read back through the EC2 API and compare with the
 * synthesized stack, the effective-policy check on the live rules, plan again
 * (no changes), destroy (nothing of ours left). Stacks run side by side, each
 * with one provider process.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { mkdtempSync, rmSync } from "fs";
import * as os from "os";
import * as path from "path";
import { hclDir, jsonPath } from "../synth/synthesize";
import { Readback, leftInVpc, readBack } from "./support/deployment";
import { createBucket, createVpcs, Emulator, startEmulator } from "./support/emulator";
import { bindEnvironments, EmulatorVpcs, exampleAwsEnvironments, ExampleEnvironment, ROOT, synthesize } from "./support/examples";
import { TerraformSession } from "./support/terraform-session";

const TREES = ["json", "hcl"] as const;
type Tree = (typeof TREES)[number];

interface TreeResult {
  readonly readback: Readback;
  readonly outputs: Record<string, any>;
  /** What the second plan printed (it exits 0 only when it has nothing to do). */
  readonly replan: string;
  readonly applyOutput: string;
  readonly left: { groups: string[]; rules: number };
  /** S3 backends: the state object's server-side encryption and any lock object left behind. */
  readonly state?: { encryption?: string; lockObjects: string[]; resourcesInState: number };
}

interface StackResult {
  readonly stack: string;
  /** The emulator VPC of the stack's groups, or one per network where the environment places roles in several. */
  readonly vpcs: EmulatorVpcs;
  readonly trees: Record<Tree, TreeResult>;
  readonly seconds: Record<string, number>;
}

const environments = exampleAwsEnvironments();
/** The tiers of the example catalog: one security group each. */
const ROLES = ["st-server", "st-lb", "st-edge", "st-db", "st-storage"];
let emulator: Emulator;
let scratch: string;
let results: Promise<Map<string, StackResult>>;
const phases: Record<string, number> = {};

async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    phases[name] = (Date.now() - start) / 1000;
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "fw-e2e-lifecycle-"));
  emulator = await startEmulator();
  results = run();
  // Reported to each test, not thrown here: a failure names its stack.
  results.catch(() => undefined);
});

afterAll(async () => {
  await emulator?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`e2e lifecycle phases (s): ${JSON.stringify(phases)}`);
});

async function run(): Promise<Map<string, StackResult>> {
  const vpcOf: Record<string, EmulatorVpcs> = {};
  await phase("emulator setup", async () => {
    for (const [i, env] of environments.entries()) {
      // One VPC per declared network (and their peerings) where the environment places roles in several.
      vpcOf[env.name] = await createVpcs(emulator, env, `10.${100 + i}.0.0/16`);
      if (env.bucket) await createBucket(emulator, env.bucketRegion!, env.bucket);
    }
  });
  const environmentsDir = bindEnvironments(path.join(scratch, "environments"), vpcOf);
  const outdir = path.join(scratch, "out");
  await phase("synth", () => synthesize({ outdir, environmentsDir }));
  const all = await phase("stacks (side by side)", () => Promise.all(environments.map((env) => runStack(env, vpcOf[env.name], outdir, environmentsDir))));
  return new Map(all.map((r) => [r.stack, r]));
}

async function runStack(env: ExampleEnvironment, vpcs: EmulatorVpcs, outdir: string, environmentsDir: string): Promise<StackResult> {
  const stack = `${env.name}-aws`;
  const session = new TerraformSession(path.join(scratch, stack), emulator);
  try {
    const works: Record<Tree, string> = {
      json: session.stage(path.dirname(jsonPath(outdir, stack)), "json"),
      hcl: session.stage(hclDir(outdir, stack), "hcl"),
    };
    for (const tree of TREES) await session.init(works[tree]);
    const trees = {} as Record<Tree, TreeResult>;
    // One tree after the other: both declare the same group names in the same VPC and the same state key.
    for (const tree of TREES) {
      const work = works[tree];
      const applyOutput = await session.apply(work);
      const readback = await readBack(emulator, { outdir, stack, environmentsDir, catalogDir: path.join(ROOT, "catalog") });
      const outputs = await session.output(work);
      const state = env.bucket ? await stateObject(env, stack) : undefined;
      const replan = await session.planNoChanges(work);
      await session.destroy(work, { refresh: false });
      const left = await leftInVpc(emulator, env.region, typeof vpcs === "string" ? vpcs : Object.values(vpcs));
      trees[tree] = { readback, outputs, replan, applyOutput, left, state };
    }
    return { stack, vpcs, trees, seconds: session.seconds };
  } finally {
    await session.close();
  }
}

async function stateObject(env: ExampleEnvironment, stack: string): Promise<TreeResult["state"]> {
  const s3 = emulator.s3(env.bucketRegion!);
  const key = `firewall/${stack}.tfstate`;
  const head = await s3.send(new HeadObjectCommand({ Bucket: env.bucket, Key: key }));
  const body = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: key }))).Body!.transformToString());
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: env.bucket }));
  return {
    encryption: head.ServerSideEncryption,
    lockObjects: (listed.Contents ?? []).map((o) => o.Key!).filter((k) => k.endsWith(".tflock")),
    resourcesInState: (body.resources ?? []).length,
  };
}

async function resultOf(stack: string): Promise<StackResult> {
  const r = (await results).get(stack);
  if (!r) throw new Error(`no result for ${stack}`);
  return r;
}

test("GIVEN the example environments THEN every AWS stack is exercised (dev, prod, staging)", () => {
  expect(environments.map((e) => `${e.name}-aws`)).toEqual(["dev-aws", "prod-aws", "staging-aws"]);
});

describe.each(environments.map((e) => [`${e.name}-aws`, e] as const))("%s on the emulator", (stack, env) => {
  describe.each(TREES)("through the %s tree", (tree) => {
    test("WHEN applied THEN AWS holds exactly the synthesized groups and rules (protocol, ports, CIDR, referenced group, description, tags)", async () => {
      const r = (await resultOf(stack)).trees[tree];
      expect(r.readback.drift.findings).toEqual([]);
      // One group per tier.
      const idOf = Object.fromEntries(r.readback.live.groups.map((g) => [g.name, g.id]));
      expect(Object.keys(idOf).sort()).toEqual(ROLES.map((role) => `st-${env.name}-${role}`).sort());
      expect(r.readback.live.rules).toHaveLength(r.readback.drift.checked.rules);
      // The output other teams attach to their instances is the live group of each role.
      expect(r.outputs.security_group_ids).toEqual(Object.fromEntries(ROLES.map((role) => [role, idOf[`st-${env.name}-${role}`]])));
      // Where the environment places the load balancer and the Edges in a DMZ VPC (prod), their groups are there and the rest inside.
      const vpcs = (await resultOf(stack)).vpcs;
      if (typeof vpcs !== "string") {
        const vpcOfGroup = Object.fromEntries(r.readback.live.groups.map((g) => [g.name, g.vpcId]));
        for (const role of ROLES) expect({ role, vpc: vpcOfGroup[`st-${env.name}-${role}`] }).toEqual({ role, vpc: ["st-lb", "st-edge"].includes(role) ? vpcs.dmz : vpcs.internal });
      }
      expect(r.applyOutput).toMatch(new RegExp(`Apply complete! Resources: ${r.readback.drift.checked.rules + ROLES.length} added, 0 changed, 0 destroyed`));
    });

    test("WHEN the live rules are checked against the catalog THEN every systematic flow gets the catalog's decision", async () => {
      const { check, checkOfJson } = (await resultOf(stack)).trees[tree].readback;
      // The live rules are probed with the same flows as the synthesized JSON (ports, CIDR cuts, protocols).
      expect(check.flowsChecked).toBe(checkOfJson.flowsChecked);
      expect(check.flowsChecked).toBeGreaterThan(100);
      expect(check.disagreements.map((d) => d.explanation)).toEqual([]);
    });

    test("WHEN planned again (refreshing every resource from the emulator) THEN there are no changes", async () => {
      const { replan } = (await resultOf(stack)).trees[tree];
      expect(replan).toContain("No changes. Your infrastructure matches the configuration.");
    });

    test("WHEN destroyed THEN nothing of ours is left in the VPC", async () => {
      expect((await resultOf(stack)).trees[tree].left).toEqual({ groups: [], rules: 0 });
    });

    if (env.bucket) {
      test("THEN the state lives in the emulator's S3, encrypted, with no lock object left after apply", async () => {
        const { state, readback } = (await resultOf(stack)).trees[tree];
        expect(state).toEqual({ encryption: "AES256", lockObjects: [], resourcesInState: readback.drift.checked.rules + ROLES.length });
      });
    }
  });
});

afterAll(async () => {
  const all = await results.catch(() => undefined);
  if (all)
    for (const r of all.values())
      console.log(`${r.stack} terraform seconds by command: ${JSON.stringify(Object.fromEntries(Object.entries(r.seconds).map(([k, v]) => [k, Math.round(v * 10) / 10])))}`);
});

/**
 * Several VPCs per environment on the emulator (issue 26, points 3 and 8): a
 * small three-tier catalog with its Edge in a DMZ VPC and the other tiers in an
 * internal one, unpeered (the DMZ is its CIDRs) and peered (its group). Each
 * emulator VPC (and the peering) is created from the environment's aws.networks
 * and put in by bindEnvironments, as the lifecycle does for the examples; then
 * apply, read back (each group in its VPC, no drift, the live rules exact
 * against the placed policy), plan again (no changes) and destroy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath } from "../synth/synthesize";
import { TIERS_CATALOG } from "../__tests__/support/tiers";
import { leftInVpc, readBack, Readback } from "./support/deployment";
import { createVpcs, Emulator, startEmulator } from "./support/emulator";
import { bindEnvironments, EmulatorVpcs, exampleAwsEnvironments, ROOT, synthesize } from "./support/examples";
import { TerraformSession } from "./support/terraform-session";

const ENVIRONMENTS = ["split", "peered"] as const;
const REGION = "eu-west-1";

function environmentFile(name: string, peered: boolean): string {
  return `name: ${name}
catalog: tiers
namePrefix: tr
addressSets:
  partners: [198.51.100.0/24]
aws:
  region: ${REGION}
  networks:
    internal: { vpcId: vpc-00000000, cidrs: [10.30.0.0/16] }
    dmz: { vpcId: vpc-00000001, cidrs: [10.31.0.0/16]${peered ? ", peeredWith: [internal]" : ""} }
  placement: { "*": internal, edge: dmz }
  backend:
    local: { path: terraform.tfstate }
`;
}

interface Result {
  readonly vpcs: Record<string, string>;
  readonly readback: Readback;
  readonly outputs: Record<string, any>;
  readonly replan: string;
  readonly left: { groups: string[]; rules: number };
}

let emulator: Emulator;
let scratch: string;
let results: Promise<Record<string, Result>>;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "fw-e2e-networks-"));
  emulator = await startEmulator();
  results = run();
  results.catch(() => undefined);
});

afterAll(async () => {
  await emulator?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function run(): Promise<Record<string, Result>> {
  const catalogDir = path.join(scratch, "catalog");
  const sourceDir = path.join(scratch, "environments-source");
  mkdirSync(catalogDir, { recursive: true });
  mkdirSync(sourceDir, { recursive: true });
  cpSync(path.join(ROOT, "environments", "schema"), path.join(sourceDir, "schema"), { recursive: true });
  writeFileSync(path.join(catalogDir, "tiers.yaml"), TIERS_CATALOG);
  for (const name of ENVIRONMENTS) writeFileSync(path.join(sourceDir, `${name}.yaml`), environmentFile(name, name === "peered"));
  // As the lifecycle does for the examples: the networks as the files declare them, one emulator VPC each.
  const vpcOf: Record<string, EmulatorVpcs> = {};
  for (const [i, env] of exampleAwsEnvironments(sourceDir).entries()) vpcOf[env.name] = await createVpcs(emulator, env, `10.${120 + i}.0.0/16`);
  const environmentsDir = bindEnvironments(path.join(scratch, "environments"), vpcOf, undefined, sourceDir);
  const outdir = path.join(scratch, "out");
  await synthesize({ outdir, environmentsDir, catalogDir });
  const all = await Promise.all(
    ENVIRONMENTS.map(async (name) => {
      const stack = `${name}-aws`;
      const vpcs = vpcOf[name] as Record<string, string>;
      const session = new TerraformSession(path.join(scratch, stack), emulator);
      try {
        const work = session.stage(path.dirname(jsonPath(outdir, stack)), "json");
        await session.init(work);
        await session.apply(work);
        const readback = await readBack(emulator, { outdir, stack, environmentsDir, catalogDir });
        const outputs = await session.output(work);
        const replan = await session.planNoChanges(work);
        await session.destroy(work, { refresh: false });
        const left = await leftInVpc(emulator, REGION, Object.values(vpcs));
        return [name, { vpcs, readback, outputs, replan, left }] as const;
      } finally {
        await session.close();
      }
    }),
  );
  return Object.fromEntries(all);
}

describe.each(ENVIRONMENTS)("%s-aws: three tiers in two emulator VPCs", (name) => {
  test("WHEN applied THEN each group is in its role's VPC, and AWS holds exactly the synthesized groups and rules", async () => {
    const r = (await results)[name];
    const vpcOfGroup = Object.fromEntries(r.readback.live.groups.map((g) => [g.name, g.vpcId]));
    expect(vpcOfGroup).toEqual({ [`tr-${name}-app`]: r.vpcs.internal, [`tr-${name}-db`]: r.vpcs.internal, [`tr-${name}-edge`]: r.vpcs.dmz });
    expect(r.outputs.vpc_ids).toEqual({ app: r.vpcs.internal, db: r.vpcs.internal, edge: r.vpcs.dmz });
    expect(r.readback.drift.findings).toEqual([]);
    expect(r.readback.live.rules).toHaveLength(r.readback.drift.checked.rules);
  });

  test("THEN app-from-edge is the DMZ's CIDRs across unpeered VPCs, and edge's group across the peering", async () => {
    const r = (await results)[name];
    const app = r.readback.live.groups.find((g) => g.name === `tr-${name}-app`)!;
    const edge = r.readback.live.groups.find((g) => g.name === `tr-${name}-edge`)!;
    const fromEdge = r.readback.live.rules.filter((x) => x.groupId === app.id && x.direction === "ingress" && x.fromPort === 8443);
    expect(fromEdge.map((x) => (x.referencedGroupId ? `group ${x.referencedGroupId}` : x.cidrIpv4))).toEqual([name === "peered" ? `group ${edge.id}` : "10.31.0.0/16"]);
  });

  test("WHEN the live rules are checked against the placed catalog THEN every systematic flow agrees, with no finding", async () => {
    const { check, checkOfJson } = (await results)[name].readback;
    expect(check.flowsChecked).toBe(checkOfJson.flowsChecked);
    expect(check.flowsChecked).toBeGreaterThan(50);
    expect(check.disagreements.map((d) => d.explanation)).toEqual([]);
    expect([...check.findings, ...checkOfJson.findings]).toEqual([]);
  });

  test("WHEN planned again THEN there are no changes; destroyed, nothing of ours is left in either VPC", async () => {
    const r = (await results)[name];
    expect(r.replan).toContain("No changes. Your infrastructure matches the configuration.");
    expect(r.left).toEqual({ groups: [], rules: 0 });
  });
});

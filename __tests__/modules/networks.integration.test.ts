/**
 * The several-networks stacks (networks.test.ts) judged by Terraform itself:
 * init and plan offline against the provider mirror.
 */
import * as path from "path";
import { hclDir, jsonPath, synthesizeAll } from "../../synth/synthesize";
import { checkAwsRootModules, terraformAvailability } from "../support/terraform";
import { DMZ_VPC, NETWORKS_ENVIRONMENTS, workspace } from "./networks-fixtures";

const ws = workspace({ split: NETWORKS_ENVIRONMENTS.split, peered: NETWORKS_ENVIRONMENTS.peered });

beforeAll(async () => {
  await synthesizeAll(ws);
}, 120_000);

const tf = terraformAvailability();
if (tf.available) {
  test(`GIVEN the two-VPC AWS stacks (unpeered, peered) WHEN checked by terraform ${tf.version} offline THEN init and plan succeed (JSON: three groups and three rules) and the HCL validates`, async () => {
    const checks = await Promise.all(
      ["split-aws", "peered-aws"].map((stack) =>
        checkAwsRootModules([
          { dir: path.dirname(jsonPath(ws.outdir, stack)), plan: true },
          { dir: hclDir(ws.outdir, stack), plan: false },
        ]),
      ),
    );
    for (const [json, hcl] of checks) {
      expect("plannedResources" in json && json.plannedResources).toBe(6);
      expect("validateOutput" in hcl && hcl.validateOutput).toContain("The configuration is valid");
    }
    const [[split]] = checks;
    expect("planOutput" in split && split.planOutput).toMatch(new RegExp(`\\+ vpc_id += "${DMZ_VPC}"`));
  }, 240_000);
} else {
  test("GIVEN no Terraform or no provider mirror THEN the offline plan of the two-VPC stacks cannot run, and the reason is printed", () => {
    console.warn(`Terraform checks not run: ${tf.reason}`);
    expect(tf.reason).toMatch(/terraform|mirror/);
  });
}

/**
 * The real judge of our AWS output: every synthesized AWS stack, JSON and HCL,
 * through terraform init and plan (JSON; plan validates first) or validate (HCL), offline, against the hashicorp/aws
 * mirror these machines carry.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { hclDir, jsonPath } from "../../synth/synthesize";
import { checkAwsRootModule, checkAwsRootModules, RootModuleCheck, terraformAvailability } from "../support/terraform";
import { synthesizeExamples } from "../support/synthesized";

const TERRAFORM_TIMEOUT = 180_000;
const tf = terraformAvailability();

interface StackChecks {
  readonly names: string[];
  readonly json: RootModuleCheck[];
  readonly hcl: RootModuleCheck[];
}

let pending: Promise<StackChecks> | undefined;

/**
 * Every example AWS stack checked once for this file: its JSON folder with
 * plan, then its HCL folder, on one provider process per stack; the stacks
 * run side by side.
 */
function checkExampleStacks(): Promise<StackChecks> {
  pending ??= (async () => {
    const result = await synthesizeExamples();
    const names = result.stacks
      .filter((s) => s.cloud === "aws")
      .map((s) => s.name)
      .sort();
    const perStack = await Promise.all(
      names.map((s) =>
        checkAwsRootModules([
          { dir: path.dirname(jsonPath(result.outdir, s)), plan: true },
          { dir: hclDir(result.outdir, s), plan: false },
        ]),
      ),
    );
    return { names, json: perStack.map(([json]) => json), hcl: perStack.map(([, hcl]) => hcl) };
  })();
  return pending;
}

function summary(names: string[], results: RootModuleCheck[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n, i) => [n, { ...("plannedResources" in results[i] ? { planned: results[i].plannedResources } : {}), seconds: results[i].seconds }]));
}

if (tf.available) {
  describe(`terraform ${tf.version} with hashicorp/aws from ${tf.mirror}, offline`, () => {
    test(
      "GIVEN every synthesized AWS stack (JSON) WHEN checked THEN init and plan (which validates first) succeed and the plan adds one group plus one resource per rule entry",
      async () => {
        const { names, json: results } = await checkExampleStacks();
        expect(names).toEqual(["dev-aws", "prod-aws", "staging-aws"]);
        console.log(`terraform, JSON stacks: ${JSON.stringify(summary(names, results))}`);
        // 5 groups (one per tier) + one resource per rule entry (per port range and peer address): dev 65 ingress and
        // 38 egress entries (108); staging 72 and 38 (115: two admin-host addresses, so one more entry for each of the
        // 7 admin-host rules); prod 88 and 46 (139: also two database ports, and IPv6 entries for the rules to partners or any).
        expect(Object.fromEntries(names.map((n, i) => [n, "plannedResources" in results[i] ? results[i].plannedResources : "not planned"]))).toEqual({
          "dev-aws": 108,
          "prod-aws": 139,
          "staging-aws": 115,
        });
        const prod = results[1];
        expect("planOutput" in prod && prod.planOutput).toMatch(/\+ cidr_ipv4 += "10\.30\.0\.11\/32"/);
        expect("planOutput" in prod && prod.planOutput).toMatch(/\+ cidr_ipv6 += "::\/0"/);
      },
      TERRAFORM_TIMEOUT,
    );

    test(
      // That the HCL means the same as the JSON is proven in __tests__/synth/hcl.test.ts (parsed back with HashiCorp's parser).
      "GIVEN every synthesized AWS stack (HCL) WHEN checked THEN init and validate succeed",
      async () => {
        const { names, hcl: results } = await checkExampleStacks();
        console.log(`terraform, HCL stacks: ${JSON.stringify(summary(names, results))}`);
        for (const r of results) expect("validateOutput" in r && r.validateOutput).toContain("The configuration is valid");
      },
      TERRAFORM_TIMEOUT,
    );

    test(
      "GIVEN a configuration with an attribute the provider does not know WHEN planned THEN plan's own validation refuses it with Terraform's message",
      async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "tf-bad-"));
        try {
          writeFileSync(
            path.join(dir, "cdk.tf.json"),
            JSON.stringify({
              terraform: { required_providers: { aws: { source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" } } },
              provider: { aws: [{ region: "eu-west-1" }] },
              resource: {
                aws_vpc_security_group_ingress_rule: {
                  bad: { security_group_id: "sg-12345678", ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "10.0.0.0/8", colour: "red" },
                },
              },
            }),
          );
          await expect(checkAwsRootModule(dir, { plan: true })).rejects.toThrow(/terraform plan failed \(exit 1\):[\s\S]*No argument or block type is named "colour"/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      TERRAFORM_TIMEOUT,
    );
  });
} else {
  test("GIVEN no Terraform or no provider mirror THEN the checks cannot run, and the reason is printed", () => {
    console.warn(`Terraform checks not run: ${tf.reason}`);
    expect(tf.reason).toMatch(/terraform|mirror/);
  });
}

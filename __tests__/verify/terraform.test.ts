import { mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { hclDir, jsonPath } from "../../synth/synthesize";
import { checkAwsRootModule, terraformAvailability } from "../../verify/terraform";
import { synthesizeExamples } from "../support/synthesized";

const tf = terraformAvailability();
if (!tf.available) {
  // Only machines without the Terraform CLI or the provider mirror skip this; CI here has both.
  console.warn(`Terraform checks skipped: ${tf.reason}`);
}
const withTerraform = tf.available ? describe : describe.skip;

withTerraform("terraform accepts every AWS stack offline (hashicorp/aws from the local mirror)", () => {
  jest.setTimeout(180_000);
  let outdir: string;
  let awsStacks: string[];
  beforeAll(async () => {
    const result = await synthesizeExamples();
    outdir = result.outdir;
    awsStacks = result.stacks.filter((s) => s.cloud === "aws").map((s) => s.name);
  });

  test("JSON: terraform init, validate and plan succeed; the plan adds one group plus one resource per rule entry", async () => {
    const results = await Promise.all(awsStacks.map((s) => checkAwsRootModule(path.dirname(jsonPath(outdir, s)), { plan: true })));
    const adds = Object.fromEntries(awsStacks.map((s, i) => [s, results[i].plannedAdds]));
    console.log(`terraform plan ran offline: ${JSON.stringify(adds)}`);
    // 1 group + 15 ingress entries (15 allows, 1 admin address) + 1 allow-all egress = 17 in dev;
    // staging binds 2 admin addresses (18); prod also allows egress to ::/0 (19).
    expect(adds).toEqual({ "dev-aws": 17, "prod-aws": 19, "staging-aws": 18 });
    for (const r of results) expect(r.validateOutput).toContain("The configuration is valid");
  });

  test("HCL: every AWS HCL folder passes terraform validate", async () => {
    const results = await Promise.all(awsStacks.map((s) => checkAwsRootModule(hclDir(outdir, s), { plan: false })));
    for (const r of results) expect(r.validateOutput).toContain("The configuration is valid");
  });

  test("a configuration Terraform rejects fails the check with Terraform's own message", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-tf-bad-"));
    writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: "aws", version: ">= 5.100.0, < 7.0.0" } } },
        provider: { aws: [{ region: "eu-west-1" }] },
        resource: { aws_vpc_security_group_ingress_rule: { bad: { security_group_id: "sg-12345678", ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "10.0.0.0/8", colour: "red" } } },
      }),
    );
    await expect(checkAwsRootModule(dir, { plan: false })).rejects.toThrow(/terraform validate failed[\s\S]*colour/);
  });
});

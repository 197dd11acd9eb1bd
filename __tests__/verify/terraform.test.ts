/** The offline Terraform harness, run for real: these machines have the CLI and the hashicorp/aws mirror. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsSecurityGroups } from "../../modules/aws";
import { bindPolicy, loadCatalogFile } from "../../policy";
import { checkAwsRootModule, terraformAvailability } from "../../verify/terraform";

const TERRAFORM_TIMEOUT = 180_000;
const tf = terraformAvailability();

const scratch = mkdtempSync(path.join(os.tmpdir(), "tf-harness-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchDir(name: string): string {
  return mkdtempSync(path.join(scratch, `${name}-`));
}

/** A stack like stacks/ builds: provider, S3 state with native locking, the module, the contract output. */
function synthesizeSecureTransportStack(): string {
  const outdir = scratchDir("synth");
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "dev-aws");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new S3Backend(stack, { bucket: "st-terraform-state-dev", key: "firewall/dev-aws.tfstate", region: "eu-west-1" });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  const policy = bindPolicy(loadCatalogFile("catalog/securetransport.yaml"), { environment: "dev", addressSets: { "admin-host": ["10.20.0.10/32"] }, ipv6: false });
  const groups = new AwsSecurityGroups(stack, "security-groups", { policy, vpcId: "vpc-0123456789abcdef0", namePrefix: "st" });
  new TerraformOutput(stack, "security_group_ids", { value: groups.securityGroupIds });
  app.synth();
  return path.join(outdir, "stacks", "dev-aws");
}

if (tf.available) {
  describe(`terraform ${tf.version} with hashicorp/aws from ${tf.mirror}, offline`, () => {
    test(
      "GIVEN the SecureTransport stack with an S3 backend WHEN checked with plan THEN init, validate and plan succeed and 17 resources are planned",
      async () => {
        const dir = synthesizeSecureTransportStack();
        expect(JSON.parse(readFileSync(path.join(dir, "cdk.tf.json"), "utf8")).terraform.backend.s3).toEqual(
          expect.objectContaining({ bucket: "st-terraform-state-dev", use_lockfile: true }),
        );
        const result = await checkAwsRootModule(dir, { plan: true });
        console.log(`terraform seconds: ${JSON.stringify(result.seconds)}`);
        expect(result.validateOutput).toContain("The configuration is valid");
        // 1 group + 14 allow rows + 1 ICMP row (ingress) + 1 allow-all egress default.
        expect(result.plannedResources).toBe(17);
        expect(result.planOutput).toMatch(/\+ cidr_ipv4 += "10\.20\.0\.10\/32"/);
      },
      TERRAFORM_TIMEOUT,
    );

    test(
      "GIVEN a folder of HCL files with an S3 backend block WHEN checked without plan THEN it validates",
      async () => {
        const dir = scratchDir("hcl");
        writeFileSync(
          path.join(dir, "main.tf"),
          `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 7.0.0" }
  }
  backend "s3" {
    bucket       = "st-terraform-state-dev"
    key          = "firewall/dev-aws.tfstate"
    region       = "eu-west-1"
    use_lockfile = true
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_security_group" "st_server" {
  name        = "st-dev-st-server"
  description = "SecureTransport Server nodes of one cluster"
  vpc_id      = "vpc-0123456789abcdef0"
}
`,
        );
        const result = await checkAwsRootModule(dir, { plan: false });
        expect(result.validateOutput).toContain("The configuration is valid");
        expect(result.planOutput).toBeUndefined();
      },
      TERRAFORM_TIMEOUT,
    );

    test(
      "GIVEN a configuration with an attribute the provider does not know WHEN checked THEN it throws with Terraform's own message",
      async () => {
        const dir = scratchDir("bad");
        writeFileSync(
          path.join(dir, "cdk.tf.json"),
          JSON.stringify({
            terraform: { required_providers: { aws: { source: "aws", version: "~> 5.0" } } },
            provider: { aws: [{ region: "eu-west-1" }] },
            resource: {
              aws_vpc_security_group_ingress_rule: {
                bad: { security_group_id: "sg-12345678", ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "10.0.0.0/8", colour: "red" },
              },
            },
          }),
        );
        await expect(checkAwsRootModule(dir, { plan: true })).rejects.toThrow(/terraform validate failed \(exit 1\):[\s\S]*No argument or block type is named "colour"/);
      },
      TERRAFORM_TIMEOUT,
    );
  });
} else {
  test("without Terraform or the provider mirror the checks cannot run, and the reason is printed", () => {
    console.warn(`Terraform checks not run: ${tf.reason}`);
    expect(tf.reason).toMatch(/terraform|mirror/);
  });
}

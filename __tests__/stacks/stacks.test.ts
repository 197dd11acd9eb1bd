import { readFileSync } from "fs";
import * as path from "path";
import { jsonPath } from "../../synth/synthesize";
import { EXAMPLE_STACKS } from "../support/cdktf-cli";
import { listFiles, readJson, synthesizeExamples } from "../support/synthesized";

describe("synthesized stacks", () => {
  let outdir: string;
  const stack = (name: string) => readJson(jsonPath(outdir, name));
  beforeAll(async () => {
    outdir = (await synthesizeExamples()).outdir;
  });

  test("GIVEN the example environments THEN one stack per environment and cloud, each its own Terraform working directory", () => {
    const manifest = readJson(path.join(outdir, "manifest.json"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(EXAMPLE_STACKS);
    for (const [name, s] of Object.entries<any>(manifest.stacks)) {
      expect(s.workingDirectory).toBe(`stacks/${name}`);
      expect(s.synthesizedStackPath).toBe(`stacks/${name}/cdk.tf.json`);
    }
  });

  test("GIVEN the AWS stacks THEN S3 state per stack with encryption and native locking, provider region and default tags, version constraint", () => {
    const prod = stack("prod-aws");
    expect(prod.terraform.backend).toEqual({
      s3: { bucket: "st-terraform-state-prod", key: "firewall/prod-aws.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true },
    });
    expect(prod.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 5.100.0, < 7.0.0" });
    expect(prod.provider.aws).toEqual([{ region: "eu-central-1", default_tags: [{ tags: { environment: "prod", "managed-by": "firewall-catalog", owner: "platform-security" } }] }]);
    expect(stack("staging-aws").terraform.backend.s3.key).toBe("firewall/staging-aws.tfstate");
  });

  test("GIVEN dev THEN local state at a relative path", () => {
    expect(stack("dev-aws").terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(stack("dev-gcp").terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
  });

  test("GIVEN the GCP stacks THEN GCS state per stack, provider project, region and default labels", () => {
    const prod = stack("prod-gcp");
    expect(prod.terraform.backend).toEqual({ gcs: { bucket: "st-terraform-state-prod", prefix: "firewall/prod-gcp" } });
    expect(prod.terraform.required_providers.google).toEqual({ source: "hashicorp/google", version: ">= 6.0.0, < 8.0.0" });
    expect(prod.provider.google).toEqual([
      { project: "st-firewall-prod", region: "europe-west3", default_labels: { environment: "prod", "managed-by": "firewall-catalog", owner: "platform-security" } },
    ]);
  });

  test("GIVEN every stack THEN the contract outputs: security_group_ids on AWS, network_tags on GCP, keyed by role id, each role's VPC where prod places tiers in several, and each role's GCP network", () => {
    // Every tier of the deployment is a managed role.
    const roles = ["st-db", "st-edge", "st-lb", "st-server", "st-storage"];
    for (const env of ["dev", "staging", "prod"]) {
      const several = env === "prod";
      const aws = stack(`${env}-aws`);
      expect(Object.keys(aws.output)).toEqual(several ? ["security_group_ids", "vpc_ids"] : ["security_group_ids"]);
      expect(aws.output.security_group_ids.value).toEqual(Object.fromEntries(roles.map((r) => [r, `\${aws_security_group.${r.replace("-", "_")}.id}`])));
      const gcp = stack(`${env}-gcp`);
      // Every environment declares its GCP networks with their CIDRs (the egress side of flows names them).
      expect(Object.keys(gcp.output)).toEqual(["network_tags", "networks"]);
      expect(gcp.output.network_tags.value).toEqual(Object.fromEntries(roles.map((r) => [r, `st-${env}-${r}`])));
    }
    // prod: the load balancer and the Edges in the DMZ VPC and network, every other tier in the internal one.
    const inDmz = (r: string) => r === "st-edge" || r === "st-lb";
    expect(stack("prod-aws").output.vpc_ids.value).toEqual(Object.fromEntries(roles.map((r) => [r, inDmz(r) ? "vpc-0d4e5f60718293a4b" : "vpc-0c3d4e5f607182930"])));
    expect(stack("prod-gcp").output.networks.value).toEqual(Object.fromEntries(roles.map((r) => [r, inDmz(r) ? "st-prod-dmz" : "st-prod-vpc"])));
    expect(stack("dev-gcp").output.networks.value).toEqual(Object.fromEntries(roles.map((r) => [r, "st-dev-vpc"])));
  });

  test("GIVEN any synthesized file THEN no absolute path of this machine appears in it", () => {
    const roots = [process.cwd(), path.resolve(outdir), require("os").homedir()];
    for (const file of listFiles(outdir)) {
      const text = readFileSync(path.join(outdir, file), "utf8");
      for (const root of roots) expect({ file, leaks: text.includes(root) }).toEqual({ file, leaks: false });
      expect({ file, absolute: /"\/(tmp|home|root|work|Users)\//.test(text) }).toEqual({ file, absolute: false });
    }
  });
});

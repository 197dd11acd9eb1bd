/**
 * A CDK Terrain app (cdktn 0.24, constructs 10.7, @cdktn/provider-aws 25.7,
 * no cdktf): the catalog's AWS groups and rules are made from the app's own
 * core and binding classes; GCP, which has no cdktn binding, is refused.
 */
import { CDKTN_APP, createApp, hasPackage, InstalledApp, installedSizeMiB, installedVersions, PACKAGE, runApp, stackJson } from "./support/apps";

const MAIN = `import { App, TerraformStack } from "cdktn";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktn/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktn/provider-aws/lib/vpc-security-group-ingress-rule";
import { Vpc } from "@cdktn/provider-aws/lib/vpc";
import { definePolicy, FirewallCatalog } from "${PACKAGE}";

const app = new App();
const stack = new TerraformStack(app, "shop");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
const firewall = new FirewallCatalog(stack, "firewall", {
  policy: definePolicy({
    name: "shop",
    description: "Web shop tier",
    roles: [{ id: "web", description: "Web servers", egressDefault: "deny" }],
    addressSets: [{ id: "office", description: "Office networks" }],
    rules: [{ id: "web-https", target: "web", direction: "ingress", action: "allow", peer: "set:office", protocol: "tcp", ports: [443], description: "HTTPS from the office" }],
  }),
  bindings: { environment: "prod", addressSets: { office: ["192.168.0.0/16", vpc.cidrBlock] } },
  namePrefix: "shop",
  clouds: { aws: { vpcId: vpc.id } /*GCP*/ },
});
const ours = firewall.node.findAll();
process.stdout.write(JSON.stringify({
  groups: ours.filter((c) => c instanceof SecurityGroup).length,
  ingress: ours.filter((c) => c instanceof VpcSecurityGroupIngressRule).length,
}) + "\\n");
app.synth();
`;

describe("a CDK Terrain app", () => {
  let app: InstalledApp;
  beforeAll(async () => {
    app = await createApp(CDKTN_APP);
  });

  test("GIVEN the installed app THEN it holds one cdktn, one constructs, and no cdktf", async () => {
    const versions = await installedVersions(app, ["cdktn", "cdktf", "constructs", "@cdktn/provider-aws"]);
    expect(versions.cdktn).toHaveLength(1);
    expect(versions.constructs).toHaveLength(1);
    expect(versions.constructs[0]).toMatch(/^10\.7\./);
    expect(versions.cdktf).toEqual([]);
    expect(hasPackage(app, "cdktf")).toBe(false);
    const mib = await installedSizeMiB(app);
    process.stdout.write(`${CDKTN_APP.name}: node_modules ${mib} MiB; ${JSON.stringify(versions)}\n`);
    expect(mib).toBeGreaterThan(0);
  });

  test("GIVEN a catalog on AWS WHEN synthesized THEN its group and rules are instances of the app's own cdktn binding classes", async () => {
    const result = await runApp(app, "main.ts", MAIN);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.split("\n")[0])).toEqual({ groups: 1, ingress: 2 });
    const json = stackJson(result, "shop");
    expect(Object.entries<any>(json.resource.aws_security_group).map(([id, g]) => [id, g.name, g.vpc_id])).toEqual([["firewall_aws_web", "shop-prod-web", "${aws_vpc.vpc.id}"]]);
    expect(Object.values<any>(json.resource.aws_vpc_security_group_ingress_rule).map((r) => r.cidr_ipv4)).toEqual(["192.168.0.0/16", "${aws_vpc.vpc.cidr_block}"]);
  });

  test("GIVEN GCP asked for under cdktn THEN it is refused with LIB_BINDING_MISSING, not a TypeError", async () => {
    const result = await runApp(app, "main-gcp.ts", MAIN.replace("/*GCP*/", ', gcp: { network: "vpc" }'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("LIB_BINDING_MISSING");
    expect(result.stderr).not.toMatch(/TypeError/);
  });
});

/**
 * An app that renders AWS only (cdktf, constructs, provider-aws ^21; no google
 * or azurerm binding installed): it synthesizes, asking for GCP is refused with
 * a message naming the package to install, and the firewall-catalog command
 * checks the app's own cdktf.out.
 */
import { AWS_ONLY_APP, createApp, hasPackage, InstalledApp, installedSizeMiB, installedVersions, PACKAGE, runApp, runBin, stackJson } from "./support/apps";

const MAIN = `import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { definePolicy, FirewallCatalog } from "${PACKAGE}";

const app = new App();
const stack = new TerraformStack(app, "web");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
const policy = definePolicy({
  name: "web",
  description: "Web tier",
  roles: [
    { id: "web", description: "Web servers", egressDefault: "deny" },
    { id: "db", description: "Database", egressDefault: "deny" },
  ],
  addressSets: [{ id: "office", description: "Office" }],
  rules: [
    { id: "https", target: "web", direction: "ingress", action: "allow", peer: "set:office", protocol: "tcp", ports: [443], description: "HTTPS from the office" },
    { id: "sql", target: "db", direction: "ingress", action: "allow", peer: "role:web", protocol: "tcp", ports: [5432], description: "SQL from web" },
  ],
});
new FirewallCatalog(stack, "firewall", {
  policy,
  bindings: { environment: "prod", addressSets: { office: ["192.168.0.0/16"] } },
  namePrefix: "web",
  clouds: { aws: { vpcId: vpc.id } /*GCP*/ },
});
app.synth();
`;

describe("an AWS-only app", () => {
  let app: InstalledApp;
  beforeAll(async () => {
    app = await createApp(AWS_ONLY_APP);
  });

  test("GIVEN the installed app THEN it holds one cdktf and one constructs, and neither google nor azurerm", async () => {
    const versions = await installedVersions(app, ["cdktf", "constructs", "@cdktf/provider-aws"]);
    expect(versions.cdktf).toHaveLength(1);
    expect(versions.constructs).toHaveLength(1);
    expect(versions["@cdktf/provider-aws"]).toHaveLength(1);
    expect(hasPackage(app, "@cdktf/provider-google")).toBe(false);
    expect(hasPackage(app, "@cdktf/provider-azurerm")).toBe(false);
    expect(hasPackage(app, "@aws-sdk/client-ec2")).toBe(false);
    const mib = await installedSizeMiB(app);
    process.stdout.write(`${AWS_ONLY_APP.name}: node_modules ${mib} MiB; ${JSON.stringify(versions)}\n`);
    expect(mib).toBeGreaterThan(0);
  });

  test("GIVEN an AWS catalog WHEN synthesized THEN two groups and their rules; WHEN verified and reported by the bin THEN all agree", async () => {
    const result = await runApp(app, "main.ts", MAIN);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const json = stackJson(result, "web");
    expect(Object.keys(json.resource.aws_security_group).sort()).toEqual(["firewall_aws_db", "firewall_aws_web"]);
    expect(Object.keys(json.resource.aws_vpc_security_group_ingress_rule).sort()).toEqual(["firewall_aws_db_ingress_sql_tcp_5432_sg_web", "firewall_aws_web_ingress_https_tcp_443_192_168_0_0_16"]);
    const verified = await runBin(app, "firewall-catalog", ["verify", result.outdir]);
    expect(verified.stdout).toMatch(/web web\/firewall \(environment prod\): \d+ flows, catalog vs aws: all agree/);
    expect(verified.code).toBe(0);
    const reported = await runBin(app, "firewall-catalog", ["report", result.outdir]);
    expect(reported.code).toBe(0);
    expect(reported.stdout).toContain("sql");
  });

  test("GIVEN the same app asking for GCP too WHEN run THEN it is refused with LIB_BINDING_MISSING, naming the package to install", async () => {
    const result = await runApp(app, "main-gcp.ts", MAIN.replace("/*GCP*/", ', gcp: { network: "vpc" }'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("npm install @cdktf/provider-google");
    expect(result.stderr).not.toMatch(/TypeError/);
  });
});

/**
 * verifyCatalog / reportCatalog for a catalog in a user's own stack, and the
 * firewall-catalog command on that app's cdktf.out: the catalog's record in
 * the stack's JSON, checked against that construct's resources only.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { App, TerraformStack, Testing } from "cdktf";
import { catalogVerifyCommand } from "../../cli/catalogs";
import { runCli } from "../../cli/main";
import { readCliEnvironment } from "../../cli/run";
import { FirewallCatalog } from "../../modules/firewall-catalog";
import { ConfigError, definePolicy, SynthesisError } from "../../policy";
import { catalogRecords, reportCatalog, verifyCatalog, verifyRecord } from "../../verify/catalog";
import { rule } from "../support/policies";
import { describeThrown } from "../support/thrown";

const policy = () =>
  definePolicy({
    name: "shop",
    description: "shop",
    roles: [
      { id: "web", description: "web", egressDefault: "deny" },
      { id: "db", description: "db", egressDefault: "deny" },
    ],
    addressSets: [{ id: "office", description: "office" }],
    rules: [rule("https", { peer: "set:office" }), rule("sql", { target: "db", peer: "role:web", ports: [5432] }), rule("no-telnet", { action: "deny", peer: "any", ports: [23] })],
  });

function shopStack(app = Testing.app(), office: (vpc: Vpc) => string[] = () => ["192.168.0.0/16"]) {
  const stack = new TerraformStack(app, "shop");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p-1" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  // The user's own group, which the check must not take for one of ours.
  new SecurityGroup(stack, "web", { name: "own", vpcId: vpc.id });
  const firewall = new FirewallCatalog(stack, "firewall", {
    policy: policy(),
    bindings: { environment: "prod", addressSets: { office: office(vpc) } },
    namePrefix: "shop",
    clouds: { aws: { vpcId: vpc.id }, gcp: { network: "vpc" }, azure: { resourceGroupName: "rg", location: "westeurope" } },
  });
  return { stack, firewall };
}

describe("checks of a catalog in the user's app", () => {
  test("GIVEN a catalog on three clouds beside the user's own group WHEN verified THEN every flow agrees", () => {
    const { firewall } = shopStack();
    const { report, path: at } = verifyCatalog(firewall);
    expect(at).toBe("shop/firewall");
    expect(report.flowsChecked).toBeGreaterThan(10);
    expect(report.disagreements).toEqual([]);
  });

  test("GIVEN the stack's JSON with one of our rule resources removed THEN verify reports the lost access", () => {
    const { stack } = shopStack();
    const json = JSON.parse(JSON.stringify(stack.toTerraform()));
    const ingress = json.resource.aws_vpc_security_group_ingress_rule;
    const https = Object.keys(ingress).find((k) => k.includes("https"))!;
    delete ingress[https];
    const [record] = catalogRecords(json);
    expect(verifyRecord("shop", record, json).report.disagreements.length).toBeGreaterThan(0);
  });

  test("GIVEN addresses that are tokens THEN verify refuses with VERIFY_TOKEN_ADDRESSES instead of guessing", () => {
    const { firewall } = shopStack(Testing.app(), (vpc) => [vpc.cidrBlock]);
    let code = "";
    try {
      verifyCatalog(firewall);
    } catch (e) {
      code = (e as SynthesisError).code;
    }
    expect(code).toBe("VERIFY_TOKEN_ADDRESSES");
  });

  test("GIVEN a catalog THEN its report says how each rule is realised, and the record holds no absolute path", () => {
    const { stack, firewall } = shopStack();
    const report = reportCatalog(firewall);
    expect(report.markdown).toContain("https");
    expect(report.markdown).toContain("no-telnet");
    const comment = JSON.stringify((stack.toTerraform() as Record<string, unknown>)["//"]);
    expect(comment).toContain('"shop/firewall"');
    expect(comment).not.toContain(process.cwd());
  });
});

describe("the firewall-catalog command on an app's cdktf.out", () => {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "fw-cli-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir });
  shopStack(app as never);
  app.synth();

  const quiet = async (argv: string[]) => {
    const writes: string[] = [];
    const out = { stdout: (t: string) => void writes.push(t), stderr: (t: string) => void writes.push(t) };
    return { code: await runCli(argv, out), text: writes.join("") };
  };

  test("GIVEN the app's output WHEN verify and report run THEN verify agrees (exit 0) and report lists the rules", async () => {
    const verified = await quiet(["verify", outdir]);
    expect(verified.text).toMatch(/shop shop\/firewall \(environment prod\): \d+ flows, catalog vs aws, azure, gcp: all agree/);
    expect(verified.code).toBe(0);
    const reported = await quiet(["report", outdir, "--json"]);
    expect(reported.code).toBe(0);
    expect(JSON.parse(reported.text)[0].path).toBe("shop/firewall");
  });

  test("GIVEN an edited stack file WHEN verify runs THEN exit 1; GIVEN no output, an unknown command or option THEN exit 2", async () => {
    const file = path.join(outdir, "stacks", "shop", "cdk.tf.json");
    const before = readFileSync(file, "utf8");
    const json = JSON.parse(before);
    for (const id of Object.keys(json.resource.google_compute_firewall)) json.resource.google_compute_firewall[id].priority = 65000;
    delete json.resource.google_compute_firewall[Object.keys(json.resource.google_compute_firewall)[0]];
    writeFileSync(file, JSON.stringify(json));
    try {
      expect((await quiet(["verify", outdir])).code).toBe(1);
    } finally {
      writeFileSync(file, before);
    }
    expect((await quiet(["verify", path.join(outdir, "nothing")])).code).toBe(2);
    const refusal = await catalogVerifyCommand
      .run({ outdir: path.join(outdir, "nothing") }, { ...readCliEnvironment({}), json: false }, { stdout: () => undefined, stderr: () => undefined })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).codes).toEqual(["VERIFY_NO_OUTPUT"]);
    expect((await quiet(["reach-nowhere"])).code).toBe(2);
    expect((await quiet(["report", outdir, "--yaml"])).code).toBe(2);
    expect((await quiet(["report", outdir, "another"])).code).toBe(2);
  });

  /** What verify throws on a copy of the app's output after `edit`, as class and codes. */
  const refusalAfter = async (edit: (copy: string) => void) => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "fw-cli-edit-"));
    try {
      cpSync(outdir, copy, { recursive: true });
      edit(copy);
      const e = await catalogVerifyCommand.run({ outdir: copy }, { ...readCliEnvironment({}), json: false }, { stdout: () => undefined, stderr: () => undefined }).catch((x: unknown) => x);
      return describeThrown(e);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };
  const editManifest = (copy: string, change: (m: { stacks: Record<string, Record<string, unknown>> }) => unknown) => {
    const file = path.join(copy, "manifest.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    change(manifest);
    writeFileSync(file, JSON.stringify(manifest));
  };
  const OPEN_ALL = { resource: { aws_vpc_security_group_ingress_rule: { all: { security_group_id: "${aws_security_group.shop_firewall_aws_web.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" } } } };

  test("GIVEN the manifest pointing the stack at a pristine copy while its working directory's file opens everything THEN verify refuses the manifest", async () => {
    expect(
      await refusalAfter((copy) => {
        mkdirSync(path.join(copy, "pristine"));
        cpSync(path.join(copy, "stacks", "shop", "cdk.tf.json"), path.join(copy, "pristine", "cdk.tf.json"));
        const file = path.join(copy, "stacks", "shop", "cdk.tf.json");
        const json = JSON.parse(readFileSync(file, "utf8"));
        Object.assign(json.resource.aws_vpc_security_group_ingress_rule, OPEN_ALL.resource.aws_vpc_security_group_ingress_rule);
        writeFileSync(file, JSON.stringify(json));
        editManifest(copy, (m) => (m.stacks.shop.synthesizedStackPath = "pristine/cdk.tf.json"));
      }),
    ).toEqual({ error: "ConfigError", codes: ["VERIFY_MANIFEST_PATH"] });
  });

  test.each([
    ["an override file", "team_override.tf.json", JSON.stringify(OPEN_ALL)],
    ["an HCL file", "extra.tf", 'resource "aws_vpc_security_group_ingress_rule" "all" {\n  cidr_ipv4 = "0.0.0.0/0"\n}\n'],
  ])("GIVEN %s beside the stack's cdk.tf.json (Terraform reads it too) THEN verify refuses to judge the folder instead of passing it", async (_, name, text) => {
    expect(await refusalAfter((copy) => writeFileSync(path.join(copy, "stacks", "shop", name), text))).toEqual({ error: "ConfigError", codes: ["VERIFY_FOLDER_NOT_ONLY_SYNTHESIS"] });
  });

  test.each([
    ["a manifest whose stacks are no map", (copy: string) => editManifest(copy, (m) => Object.assign(m, { stacks: 5 }))],
    ["an entry that is null", (copy: string) => editManifest(copy, (m) => Object.assign(m.stacks, { shop: null }))],
    ["a truncated stack file", (copy: string) => writeFileSync(path.join(copy, "stacks", "shop", "cdk.tf.json"), '{"resource": {')],
  ])("GIVEN %s THEN verify refuses it with VERIFY_NO_OUTPUT, never a JavaScript error", async (_, edit) => {
    expect(await refusalAfter(edit)).toEqual({ error: "ConfigError", codes: ["VERIFY_NO_OUTPUT"] });
  });
});

/**
 * Our constructs in a user's own stack: they never take an address or a
 * cloud-side name another construct (the user's, or a second catalog) takes,
 * every per-cloud construct runs the lint, and misuse from code is refused
 * with the property's name and a stable code, never a TypeError.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { AwsSecurityGroups } from "../../modules/aws";
import { AzureNetworkSecurityGroups } from "../../modules/azure";
import { FirewallCatalog, FirewallCatalogProps } from "../../modules/firewall-catalog";
import { GcpFirewall } from "../../modules/gcp";
import { bindPolicy, ConfigError, definePolicy, Policy, SynthesisError } from "../../policy";
import { boundOf, rule } from "../support/policies";

const policy = (): Policy =>
  definePolicy({
    name: "shop",
    description: "shop",
    roles: [{ id: "web", description: "web", egressDefault: "deny" }],
    addressSets: [{ id: "office", description: "office" }],
    rules: [rule("https", { peer: "set:office" })],
  });

function userStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "shop");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p-1" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

const allClouds = { aws: { vpcId: "vpc-1" }, gcp: { network: "vpc" }, azure: { resourceGroupName: "rg", location: "westeurope" } };

function catalog(stack: TerraformStack, id: string, overrides: Partial<FirewallCatalogProps> = {}): FirewallCatalog {
  return new FirewallCatalog(stack, id, { policy: policy(), bindings: { environment: "prod", addressSets: { office: ["10.1.0.0/16"] } }, namePrefix: id, clouds: allClouds, ...overrides });
}

function errorOf(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

function codesOf(work: () => unknown): readonly string[] {
  const e = errorOf(work);
  if (e instanceof ConfigError) return e.codes;
  if (e instanceof SynthesisError) return [e.code];
  throw e;
}

describe("addresses in a user's stack", () => {
  test("GIVEN the user's own security group with id web and a catalog with role web THEN both are in the synthesized stack", () => {
    const stack = userStack();
    new SecurityGroup(stack, "web", { name: "users-own-web", vpcId: "vpc-1" });
    catalog(stack, "shop", { clouds: { aws: { vpcId: "vpc-1" } } });
    const groups = JSON.parse(Testing.synth(stack, true)).resource.aws_security_group;
    expect(Object.keys(groups).sort()).toEqual(["shop_aws_web", "web"]);
    expect(groups.web.name).toBe("users-own-web");
    expect(groups.shop_aws_web.name).toBe("shop-prod-web");
  });

  test("GIVEN two catalogs with role web on three clouds THEN every group and rule of both is kept, under its construct's path", () => {
    const stack = userStack();
    catalog(stack, "shop");
    catalog(stack, "blog");
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource.aws_security_group).sort()).toEqual(["blog_aws_web", "shop_aws_web"]);
    expect(Object.keys(json.resource.azurerm_network_security_group).sort()).toEqual(["blog_azure_nsg_web", "shop_azure_nsg_web"]);
    const rules = Object.keys(json.resource.azurerm_network_security_rule);
    expect(rules.filter((r) => r.startsWith("shop_")).length).toBe(rules.filter((r) => r.startsWith("blog_")).length);
    expect(rules.filter((r) => r.startsWith("shop_")).length).toBeGreaterThan(0);
    const firewalls = Object.values<any>(json.resource.google_compute_firewall).map((f) => f.name);
    expect(new Set(firewalls).size).toBe(firewalls.length);
  });

  test("GIVEN two catalogs with prefixes a.b and a-b on GCP THEN the second is refused, naming both constructs", () => {
    const stack = userStack();
    catalog(stack, "first", { namePrefix: "a.b", clouds: { gcp: { network: "vpc" } } });
    const e = errorOf(() => catalog(stack, "second", { namePrefix: "a-b", clouds: { gcp: { network: "vpc" } } }));
    expect(e).toBeInstanceOf(SynthesisError);
    expect((e as SynthesisError).code).toBe("LIB_NAME_CLASH");
    expect([...new Set((e as SynthesisError).problems.map((p) => p.subject))]).toEqual(["shop/first/gcp and shop/second/gcp"]);
  });

  test("GIVEN two catalogs with the same prefix on AWS in one VPC THEN the second is refused", () => {
    const stack = userStack();
    catalog(stack, "first", { namePrefix: "shop", clouds: { aws: { vpcId: "vpc-1" } } });
    expect(codesOf(() => catalog(stack, "second", { namePrefix: "shop", clouds: { aws: { vpcId: "vpc-1" } } }))).toEqual(["LIB_NAME_CLASH"]);
  });

  test("GIVEN two per-cloud constructs with bare ids (logicalIdScope none) THEN synthesis fails naming the address and both constructs", () => {
    const stack = userStack();
    new AwsSecurityGroups(stack, "one", { policy: boundOf([rule("https", {})]), vpcId: "vpc-1", namePrefix: "one", logicalIdScope: "none" });
    new AwsSecurityGroups(stack, "two", { policy: boundOf([rule("https", {})]), vpcId: "vpc-1", namePrefix: "two", logicalIdScope: "none" });
    const message = (errorOf(() => Testing.synth(stack, true)) as Error).message;
    expect(message).toContain("LIB_DUPLICATE_ADDRESS");
    expect(message).toContain("aws_security_group.web is taken by shop/one/web and shop/two/web");
  });

  test("GIVEN the user's own GCP firewall named like one of ours THEN synthesis fails naming both", async () => {
    const stack = userStack();
    const { ComputeFirewall } = await import("@cdktf/provider-google/lib/compute-firewall");
    new GcpFirewall(stack, "fw", { policy: boundOf([rule("https", {})]), network: "vpc", namePrefix: "st" });
    new ComputeFirewall(stack, "mine", { name: "st-test-in-allow-web-from-any", network: "vpc", allow: [{ protocol: "tcp", ports: ["80"] }] });
    const message = (errorOf(() => Testing.synth(stack, true)) as Error).message;
    expect(message).toContain("LIB_NAME_CLASH");
    expect(message).toMatch(/shop\/fw\/\S+ and shop\/mine/);
  });
});

describe("the lint in every construct", () => {
  const ssh = () => boundOf([rule("ssh", { peer: "any", ports: [22] })]);
  test.each([
    ["AwsSecurityGroups", (s: TerraformStack) => new AwsSecurityGroups(s, "c", { policy: ssh(), vpcId: "vpc-1", namePrefix: "st" })],
    ["GcpFirewall", (s: TerraformStack) => new GcpFirewall(s, "c", { policy: ssh(), network: "vpc", namePrefix: "st" })],
    ["AzureNetworkSecurityGroups", (s: TerraformStack) => new AzureNetworkSecurityGroups(s, "c", { policy: ssh(), resourceGroupName: "rg", location: "westeurope", namePrefix: "st" })],
  ])("GIVEN %s alone with tcp 22 from any THEN synthesis fails on the lint, naming the rule", (_name, make) => {
    const stack = userStack();
    make(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/admin-port-open-to-any\] environment "test", rule "ssh"/);
  });

  test("GIVEN skipLint with a reason THEN it synthesizes; GIVEN skipLint without one THEN it is refused", () => {
    const stack = userStack();
    new AwsSecurityGroups(stack, "c", { policy: ssh(), vpcId: "vpc-1", namePrefix: "st", skipLint: { reason: "bastion test rig, ticket SEC-1" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(codesOf(() => new AwsSecurityGroups(userStack(), "c", { policy: ssh(), vpcId: "vpc-1", namePrefix: "st", skipLint: { reason: " " } }))).toEqual(["LIB_BAD_PROP"]);
  });
});

describe("misuse from code", () => {
  const bound = () => boundOf([rule("https", {})]);
  const cases: [string, string, () => unknown][] = [
    ["clouds", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { clouds: undefined as never })],
    ["bindings", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { bindings: undefined as never })],
    ["policy", "CATALOG_NOT_AN_OBJECT", () => definePolicy(undefined as never)],
    ["policy", "LIB_BAD_POLICY", () => catalog(userStack(), "c", { policy: undefined as never })],
    ["policy", "LIB_BAD_POLICY", () => new AwsSecurityGroups(userStack(), "c", { policy: policy() as never, vpcId: "vpc-1", namePrefix: "st" })],
    ["namePrefix", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { namePrefix: undefined as never })],
    ["namePrefix", "LIB_BAD_PROP", () => catalog(userStack(), "c", { namePrefix: "" })],
    ["namePrefix", "LIB_MISSING_PROP", () => new GcpFirewall(userStack(), "c", { policy: bound(), network: "vpc", namePrefix: undefined as never })],
    ["vpcId", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { clouds: { aws: {} as never } })],
    ["vpcId", "LIB_BAD_PROP", () => new AwsSecurityGroups(userStack(), "c", { policy: bound(), vpcId: "", namePrefix: "st" })],
    ["ipv6", "LIB_BAD_PROP", () => catalog(userStack(), "c", { bindings: { environment: "prod", ipv6: "false" as never } })],
    ["location", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { clouds: { azure: { resourceGroupName: "rg" } as never } })],
    ["environment", "LIB_BAD_PROP", () => catalog(userStack(), "c", { bindings: { environment: "Prod" } })],
    ["environment", "LIB_BAD_PROP", () => catalog(userStack(), "c", { bindings: { environment: "Shop_1" } })],
    ["environment", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { bindings: {} as never })],
    ["clouds", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { clouds: [] as never })],
    ["clouds.aws", "LIB_BAD_PROP", () => catalog(userStack(), "c", { clouds: { aws: null } as never })],
    ["network", "LIB_MISSING_PROP", () => catalog(userStack(), "c", { clouds: { gcp: {} } as never })],
    ["bindings.addressSets", "LIB_BAD_PROP", () => catalog(userStack(), "c", { bindings: { environment: "prod", addressSets: { office: "10.0.0.0/8" } as never } })],
    ["bindings.roleAddresses", "LIB_BAD_PROP", () => catalog(userStack(), "c", { bindings: { environment: "prod", roleAddresses: { web: null } as never } })],
    ["skipLint", "LIB_BAD_PROP", () => catalog(userStack(), "c", { skipLint: "because" as never })],
    ["TerraformStack", "LIB_NO_STACK", () => new AwsSecurityGroups(Testing.app() as never, "c", { policy: bound(), vpcId: "vpc-1", namePrefix: "st" })],
    ["gcp", "LIB_CLOUD_NOT_RENDERED", () => catalog(userStack(), "c", { clouds: { aws: { vpcId: "vpc-1" } } }).roleHandles("gcp")],
    ["clouds", "LIB_UNKNOWN_CLOUD", () => catalog(userStack(), "c", { clouds: { awz: {} } as never })],
    ["props", "LIB_MISSING_PROPS", () => new AwsSecurityGroups(userStack(), "c", undefined as never)],
    ["logicalIdScope", "LIB_BAD_LOGICAL_ID_SCOPE", () => new AwsSecurityGroups(userStack(), "c", { policy: bound(), vpcId: "vpc-1", namePrefix: "st", logicalIdScope: "flat" as never })],
  ];
  test.each(cases)("GIVEN a bad %s THEN a refusal with code %s that names it, not a TypeError", (property, code, work) => {
    const e = errorOf(work);
    expect(e).not.toBeInstanceOf(TypeError);
    expect(codesOf(work)).toContain(code);
    expect((e as Error).message).toContain(property);
  });

  test("GIVEN a policy from definePolicy THEN it is frozen: a rule pushed in afterwards is refused, not rendered", () => {
    const p = policy();
    expect(Object.isFrozen(p) && Object.isFrozen(p.rules) && Object.isFrozen(p.rules[0]) && Object.isFrozen(p.rules[0].ports)).toBe(true);
    expect(() => (p.rules as unknown as unknown[]).push({ ...p.rules[0], id: "wide", ports: [{ from: 0, to: 70000 }] })).toThrow();
    expect(p.rules).toHaveLength(1);
    expect(bindPolicy(p, { environment: "prod", addressSets: { office: ["10.0.0.0/8"] }, roles: {}, ipv6: false }).rules).toHaveLength(1);
  });
});

/**
 * Catalog invariants in a user's own app: FirewallCatalog (and a cloud's
 * construct used alone) judges them at synthesis, as a validation, on the
 * catalog's rules, as bound and as placed in a cloud's networks; once per
 * catalog, not again by its clouds. Our own stacks leave them to synthesis,
 * which judges each cloud's JSON (__tests__/synth/invariants.test.ts).
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsSecurityGroups } from "../../modules/aws";
import { bindCatalog, FirewallCatalog } from "../../modules/firewall-catalog";
import { definePolicy, parseCatalog } from "../../policy";
import { TIERS_CATALOG } from "../support/tiers";
import { rule } from "../support/policies";

const NEVER_8080_FROM_INTERNET = { id: "no-8080-from-the-internet", description: "8080 is never open to the Internet", never: { from: "internet", to: "web", protocol: "tcp", ports: [8080] } };

const policyWith = (ports: number[]) =>
  definePolicy({
    name: "shop",
    description: "shop",
    roles: [{ id: "web", description: "web", egressDefault: "deny" }],
    addressSets: [{ id: "office", description: "office" }],
    rules: [rule("from-office", { peer: "set:office", ports }), rule("public", { peer: "any", ports: [443] })],
    invariants: [NEVER_8080_FROM_INTERNET],
  });

function catalogIn(ports: number[], office: string[] = ["10.1.0.0/16"]) {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return new FirewallCatalog(stack, "fw", {
    policy: policyWith(ports),
    bindings: { environment: "prod", addressSets: { office } },
    namePrefix: "shop",
    clouds: { aws: { vpcId: "vpc-1" }, gcp: { network: "shop" } },
  });
}

test("GIVEN a catalog that keeps its invariant THEN no validation error", () => {
  const catalog = catalogIn([8080]);
  expect(catalog.node.validate()).toEqual([]);
  expect(catalog.firewalls.aws!.node.validate()).toEqual([]);
});

test("GIVEN the office bound to every address THEN FirewallCatalog's validation names the invariant and the rule, once for the catalog and not again per cloud", () => {
  const catalog = catalogIn([8080], ["0.0.0.0/0"]);
  const errors = catalog.node.validate();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('invariant "no-8080-from-the-internet"');
  expect(errors[0]).toContain("by the catalog's rule from-office");
  expect(catalog.firewalls.aws!.node.validate()).toEqual([]);
  expect(catalog.firewalls.gcp!.node.validate()).toEqual([]);
});

test("GIVEN a cloud's construct used alone with a policy that breaks its invariant THEN that construct judges it", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const policy = bindCatalog(policyWith([8080]), { environment: "prod", addressSets: { office: ["0.0.0.0/0"] } });
  const groups = new AwsSecurityGroups(stack, "groups", { policy, vpcId: "vpc-1", namePrefix: "shop" });
  expect(groups.node.validate()).toEqual([expect.stringContaining('invariant "no-8080-from-the-internet"')]);
});

test("GIVEN the office bound to a deploy-time address (a token) THEN the invariant it meets is refused as not judgeable at synthesis, not passed and not a crash", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const office = new TerraformVariable(stack, "office", { type: "string" });
  const catalog = new FirewallCatalog(stack, "fw", {
    policy: policyWith([8080]),
    bindings: { environment: "prod", addressSets: { office: [office.stringValue] } },
    namePrefix: "shop",
    clouds: { aws: { vpcId: "vpc-1" } },
  });
  const errors = catalog.node.validate();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('invariant "no-8080-from-the-internet" cannot be judged at synthesis');
  expect(errors[0]).toContain("address set office");
});

test("GIVEN the Edge's network on public addresses THEN the invariant breaks as AWS places the policy (app's rule from role:edge widened to that network), and the message says so", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const policy = parseCatalog(
    `${TIERS_CATALOG}invariants:\n  - id: internet-never-into-app\n    description: No Internet address reaches the app tier\n    never: { from: internet, to: app, protocol: all }\n`,
    "tiers.yaml",
  );
  const networks = (dmz: string) => ({ internal: { vpcId: "vpc-0c3d4e5f607182930", cidrs: ["10.30.0.0/16"] }, dmz: { vpcId: "vpc-0d4e5f60718293a4b", cidrs: [dmz] } });
  const catalogWith = (dmz: string, id: string) =>
    new FirewallCatalog(stack, id, {
      policy,
      bindings: { environment: "split", addressSets: { partners: ["198.51.100.0/24"] } },
      namePrefix: id,
      clouds: { aws: { networks: networks(dmz), placement: { "*": "internal", edge: "dmz" } } },
    });
  expect(catalogWith("10.31.0.0/16", "private").node.validate()).toEqual([]);
  const errors = catalogWith("8.8.0.0/16", "public").node.validate();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('(as AWS places it in its networks): invariant "internet-never-into-app"');
  expect(errors[0]).toContain("by the catalog's rule app-from-edge");
});

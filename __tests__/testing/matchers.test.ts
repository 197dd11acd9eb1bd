/** The jest matchers users run on Testing.synth(stack): toAllowFlow and .not.toAllowFlow, on every cloud of the stack or one. */
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { FirewallCatalog } from "../../modules/firewall-catalog";
import { ConfigError, definePolicy } from "../../policy";
import { firewallMatchers } from "../../testing";
import { rule } from "../support/policies";

expect.extend(firewallMatchers);

/** A user's own stack: one catalog on the three clouds, beside the user's providers. */
function userStack(): string {
  const stack = new TerraformStack(Testing.app(), "shop");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p" });
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const policy = definePolicy({
    name: "shop",
    description: "shop",
    roles: [
      { id: "web", description: "web", egressDefault: "deny" },
      { id: "db", description: "db", egressDefault: "deny" },
    ],
    addressSets: [{ id: "office", description: "office" }],
    rules: [
      rule("https", { peer: "set:office", ports: [443] }),
      rule("db-from-web", { target: "db", peer: "role:web", ports: [5432] }),
      rule("web-out", { direction: "egress", peer: "10.2.0.0/16", ports: [5432] }),
    ],
  });
  new FirewallCatalog(stack, "fw", {
    policy,
    bindings: { environment: "prod", addressSets: { office: ["10.1.0.0/16"] } },
    namePrefix: "shop",
    clouds: { aws: { vpcId: "vpc-1" }, gcp: { network: "shop-vpc" }, azure: { resourceGroupName: "rg", location: "westeurope" } },
  });
  return Testing.synth(stack);
}

const json = userStack();

describe("GIVEN a user's stack with a catalog on AWS, GCP and Azure", () => {
  test("GIVEN the office on 443 to web THEN toAllowFlow passes on every cloud, and on each one", () => {
    expect(json).toAllowFlow({ from: "10.1.2.3", to: "web", protocol: "tcp", port: 443 });
    expect(json).toAllowFlow({ from: "10.1.0.0/16", to: "web", protocol: "tcp", port: 443 });
    for (const cloud of ["aws", "gcp", "azure"] as const) expect(json).toAllowFlow({ from: "10.1.2.3", to: "web", protocol: "tcp", port: 443, cloud });
  });

  test("GIVEN role to role THEN both the sender's egress and the receiver's ingress are judged", () => {
    // db's ingress lets web in, but web's egress (deny by default) reaches only 10.2.0.0/16, which holds no member surely.
    expect(json).not.toAllowFlow({ from: "role:web", to: "db", protocol: "tcp", port: 5432, cloud: "aws" });
    expect(json).not.toAllowFlow({ from: "role:db", to: "web", protocol: "tcp", port: 5432 });
    expect(() => expect(json).toAllowFlow({ from: "role:web", to: "db", protocol: "tcp", port: 5432, cloud: "aws" })).toThrow(/AWS denies it: default deny of aws_security_group\.\w+/);
  });

  test("GIVEN flows the catalog does not allow THEN .not.toAllowFlow passes: SSH from anywhere, 443 from outside the office", () => {
    expect(json).not.toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 22 });
    expect(json).not.toAllowFlow({ from: "192.0.2.1", to: "web", protocol: "tcp", port: 443 });
  });

  test("GIVEN a flow allowed for part of its range THEN neither toAllowFlow nor .not.toAllowFlow passes", () => {
    expect(() => expect(json).toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 443 })).toThrow(
      /expected tcp 443 from any to role web to be allowed, but AWS denies it: default deny of aws_security_group\.\w+ for 0\.0\.0\.0/,
    );
    expect(() => expect(json).not.toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 443 })).toThrow(
      /expected tcp 443 from any to role web not to be allowed, but AWS allows it: aws_vpc_security_group_ingress_rule\.\w+/,
    );
  });

  test("GIVEN a failing expectation THEN the message names the flow, the cloud and the deciding resource or its absence", () => {
    expect(() => expect(json).toAllowFlow({ from: "192.0.2.1", to: "web", protocol: "tcp", port: 443, cloud: "gcp" })).toThrow(
      /expected tcp 443 from 192\.0\.2\.1 to role web to be allowed, but GCP denies it: default deny of the network's implied rules \(tag shop-prod-web\)/,
    );
    expect(() => expect(json).not.toAllowFlow({ from: "10.1.2.3", to: "web", protocol: "tcp", port: 443, cloud: "azure" })).toThrow(/but Azure allows it: azurerm_network_security_rule\.\w+/);
  });

  test("GIVEN bad questions THEN the matcher refuses them with a code", () => {
    const codes = (f: () => void) => {
      try {
        f();
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return [...(e as ConfigError).codes];
      }
    };
    expect(codes(() => expect(json).toAllowFlow({ from: "any", to: "cache", protocol: "tcp", port: 1 }))).toEqual(["LIB_MATCHER_UNKNOWN_ROLE"]);
    expect(codes(() => expect(json).toAllowFlow({ from: "somewhere", to: "web", protocol: "tcp", port: 1 }))).toEqual(["LIB_MATCHER_BAD_FLOW"]);
    expect(codes(() => expect("{}").toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 1 }))).toEqual(["LIB_MATCHER_NO_CLOUD"]);
    expect(codes(() => expect("not json").toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 1 }))).toEqual(["LIB_MATCHER_INPUT"]);
    expect(codes(() => expect(json).toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 1, cloud: "oracle" as never }))).toEqual(["LIB_MATCHER_NO_CLOUD"]);
    expect(codes(() => expect(json).toAllowFlow({ from: "any", to: "web", protocol: "smtp", port: 25 }))).toEqual(["REACH_BAD_PROTOCOL"]);
  });
});

/** An AWS-only stack where web's egress and db's ingress both allow 5432, synthesized. */
function webToDbOnAws(): string {
  const stack = new TerraformStack(Testing.app(), "aws-only");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const policy = definePolicy({
    name: "shop",
    description: "shop",
    roles: [
      { id: "web", description: "web", egressDefault: "deny" },
      { id: "db", description: "db", egressDefault: "deny" },
    ],
    rules: [rule("db-from-web", { target: "db", peer: "role:web", ports: [5432] }), rule("web-to-db", { direction: "egress", peer: "role:db", ports: [5432] })],
  });
  new FirewallCatalog(stack, "fw", { policy, bindings: { environment: "dev" }, namePrefix: "shop", clouds: { aws: { vpcId: "vpc-1" } } });
  return Testing.synth(stack);
}

test("GIVEN an AWS-only stack where web's egress and db's ingress both allow 5432 THEN toAllowFlow from role:web to db passes", () => {
  const synthesized = webToDbOnAws();
  expect(synthesized).toAllowFlow({ from: "role:web", to: "db", protocol: "tcp", port: 5432 });
  expect(synthesized).not.toAllowFlow({ from: "role:web", to: "db", protocol: "tcp", port: 5433 });
});

test("GIVEN web's egress open over IPv4 only and db's ingress over IPv6 only THEN .not.toAllowFlow from role:web to db passes: no packet is of both families", () => {
  const config = JSON.parse(webToDbOnAws());
  const rules = [...Object.values<any>(config.resource.aws_vpc_security_group_ingress_rule), ...Object.values<any>(config.resource.aws_vpc_security_group_egress_rule)];
  const byGroup = (list: any[]) => list.filter((r) => r.referenced_security_group_id !== undefined);
  // Each side's group reference (which matches members over both families) becomes one family's whole range.
  const [ingress] = byGroup(Object.values<any>(config.resource.aws_vpc_security_group_ingress_rule));
  const [egress] = byGroup(Object.values<any>(config.resource.aws_vpc_security_group_egress_rule));
  expect(byGroup(rules)).toEqual([ingress, egress]);
  delete ingress.referenced_security_group_id;
  ingress.cidr_ipv6 = "::/0";
  delete egress.referenced_security_group_id;
  egress.cidr_ipv4 = "0.0.0.0/0";
  expect(JSON.stringify(config)).not.toAllowFlow({ from: "role:web", to: "db", protocol: "tcp", port: 5432 });
  // Both over IPv6: some of it gets through.
  delete egress.cidr_ipv4;
  egress.cidr_ipv6 = "::/0";
  expect(() => expect(JSON.stringify(config)).not.toAllowFlow({ from: "role:web", to: "db", protocol: "tcp", port: 5432 })).toThrow(/AWS allows it/);
});

/**
 * Tokens where users pass them: values of the user's own resources pass
 * through; where a value must be known at synthesis, the error names the rule
 * and says why (as aws-cdk's Peer.ipv4 skips validating unresolved tokens).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing, Token } from "cdktf";
import { cdktfTokenKind, FirewallCatalog } from "../../modules/firewall-catalog";
import { definePolicy } from "../../policy";
import { rule } from "../support/policies";
import { thrown } from "../support/thrown";

function app(rules: ReturnType<typeof rule>[], office: (vpc: Vpc) => string[]) {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new GoogleProvider(stack, "google", { project: "p-123456" });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  const network = new ComputeNetwork(stack, "net", { name: "shop-vpc" });
  const policy = definePolicy({ name: "shop", description: "shop", roles: [{ id: "web", description: "web", egressDefault: "deny" }], addressSets: [{ id: "office", description: "office" }], rules });
  const build = () =>
    new FirewallCatalog(stack, "fw", {
      policy,
      bindings: { environment: "prod", addressSets: { office: office(vpc) } },
      namePrefix: "shop",
      clouds: { aws: { vpcId: vpc.id }, gcp: { network: network.name, project: network.project } },
    });
  return { stack, build };
}

describe("tokens from the user's own resources", () => {
  test("GIVEN a VPC id, a network, a project and a set address as tokens THEN they pass through to the resources", () => {
    const { stack, build } = app([rule("https", { peer: "set:office" })], (vpc) => ["192.168.0.0/16", vpc.cidrBlock]);
    build();
    const json = JSON.parse(Testing.synth(stack, true));
    const group = Object.values<any>(json.resource.aws_security_group)[0];
    expect(group.vpc_id).toBe("${aws_vpc.vpc.id}");
    const ingress = json.resource.aws_vpc_security_group_ingress_rule;
    // A token is named by its place in the set, not by its text (which changes with construction order);
    // ids are scoped by the construct's path (fw/aws) in the user's stack.
    expect(Object.keys(ingress).sort()).toEqual(["fw_aws_web_ingress_https_tcp_443_192_168_0_0_16", "fw_aws_web_ingress_https_tcp_443_set_office_2"]);
    expect(ingress.fw_aws_web_ingress_https_tcp_443_set_office_2.cidr_ipv4).toBe("${aws_vpc.vpc.cidr_block}");
    const firewall = Object.values<any>(json.resource.google_compute_firewall).find((f) => f.direction === "INGRESS");
    expect(firewall.source_ranges).toEqual(["192.168.0.0/16", "${aws_vpc.vpc.cidr_block}"]);
    expect(firewall.network).toBe("${google_compute_network.net.name}");
    expect(firewall.project).toBe("${google_compute_network.net.project}");
  });

  test("GIVEN a deny above an allow from a token set THEN AWS cannot cut it out: the error names both rules, the set and why", () => {
    const { build } = app([rule("no-guests", { action: "deny", peer: "10.0.99.0/24" }), rule("https", { peer: "set:office" })], (vpc) => [vpc.cidrBlock]);
    expect(thrown(build)).toEqual({ error: "SynthesisError", codes: ["AWS_DENY_INEXPRESSIBLE"] });
  });

  test("GIVEN the deny and the allow on other ports, or a deny from any THEN nothing needs cutting and synthesis passes", () => {
    const other = app([rule("no-ssh", { action: "deny", peer: "10.0.99.0/24", ports: [22] }), rule("https", { peer: "set:office" })], (vpc) => [vpc.cidrBlock]);
    other.build();
    expect(() => Testing.synth(other.stack, true)).not.toThrow();
    const any = app([rule("no-https", { action: "deny", peer: "any" }), rule("https", { peer: "set:office" })], (vpc) => [vpc.cidrBlock]);
    const catalog = any.build();
    expect(catalog.firewalls.aws!.realisations.find((r) => r.ruleId === "https")!.how).toBe("shadowed");
  });

  test("GIVEN a list token in a set THEN its count is unknown, which both clouds need: the error names the rule and why", () => {
    const { build } = app([rule("https", { peer: "set:office" })], (vpc) => Token.asList(vpc.cidrBlock));
    expect(thrown(build)).toEqual({ error: "ConfigError", codes: ["ENV_ADDRESS_SET_LIST_TOKEN"] });
  });

  test("GIVEN a token set THEN the lint cannot judge its width: no false alarm, and literal rules are still checked", () => {
    const ok = app([rule("ssh-office", { peer: "set:office", ports: [22] })], (vpc) => [vpc.cidrBlock]);
    ok.build();
    expect(() => Testing.synth(ok.stack, true)).not.toThrow();
    const bad = app([rule("ssh-office", { peer: "set:office", ports: [22] }), rule("ssh-any", { peer: "any", ports: [22] })], (vpc) => [vpc.cidrBlock]);
    bad.build();
    expect(() => Testing.synth(bad.stack, true)).toThrow(/admin-port-open-to-any\] environment "prod", rule "ssh-any"/);
  });

  test("GIVEN a string token, a list token and a literal THEN the token test tells them apart", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    expect(cdktfTokenKind(vpc.cidrBlock)).toBe("value");
    expect(cdktfTokenKind(Token.asList(vpc.cidrBlock)[0])).toBe("list");
    expect(cdktfTokenKind("10.0.0.0/16")).toBeUndefined();
  });
});

/** FirewallCatalog: one catalog, one environment's bindings, the clouds asked for, with the lint and the coverage check as validations. */
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CLOUD_IDS } from "../../modules/clouds";
import { FirewallCatalog } from "../../modules/firewall-catalog";
import { ConfigError, definePolicy } from "../../policy";
import { rule } from "../support/policies";
import { thrown } from "../support/thrown";

const policyWith = (rules: ReturnType<typeof rule>[]) =>
  definePolicy({ name: "shop", description: "shop", roles: [{ id: "web", description: "web", egressDefault: "deny" }], addressSets: [{ id: "office", description: "office" }], rules });

function stackWith(rules: ReturnType<typeof rule>[], clouds: ConstructorParameters<typeof FirewallCatalog>[2]["clouds"] = { aws: { vpcId: "vpc-1" } }) {
  const stack = new TerraformStack(Testing.app(), "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const catalog = new FirewallCatalog(stack, "fw", { policy: policyWith(rules), bindings: { environment: "prod", addressSets: { office: ["10.1.0.0/16"] } }, namePrefix: "shop", clouds });
  return { stack, catalog };
}

describe("FirewallCatalog", () => {
  test("GIVEN only AWS asked for THEN only AWS resources, and role handles for AWS only", () => {
    const { stack, catalog } = stackWith([rule("https", { peer: "set:office" })]);
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource).sort()).toEqual(["aws_security_group", "aws_vpc_security_group_ingress_rule"]);
    expect(Object.keys(catalog.roleHandles("aws"))).toEqual(["web"]);
    expect(thrown(() => catalog.roleHandles("gcp"))).toEqual({ error: "SynthesisError", codes: ["LIB_CLOUD_NOT_RENDERED"] });
    expect(catalog.firewalls.aws!.realisations.map((r) => r.how)).toEqual(["rendered"]);
  });

  test("GIVEN no cloud asked for THEN a refusal whose hint lists the clouds", () => {
    const error = catchError(() => stackWith([rule("https", {})], {}));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).codes).toEqual(["LIB_NO_CLOUD"]);
    expect((error as ConfigError).problems[0].hint).toContain(CLOUD_IDS.join(", "));
  });

  test("GIVEN tcp 22 from any THEN synthesis fails validation with the lint's error naming the rule", () => {
    const { stack } = stackWith([rule("ssh", { peer: "any", ports: [22] })]);
    expect(() => Testing.synth(stack, true)).toThrow(/Validation failed[\s\S]*\[s\/fw\] security lint found 1 error\(s\)[\s\S]*error \[admin-port-open-to-any\] environment "prod", rule "ssh"/);
  });

  test("GIVEN skipLint with a reason THEN the same catalog synthesizes (the lint is the only refusal)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new FirewallCatalog(stack, "fw", {
      policy: policyWith([rule("ssh", { peer: "any", ports: [22] })]),
      bindings: { environment: "prod" },
      namePrefix: "shop",
      clouds: { aws: { vpcId: "vpc-1" } },
      skipLint: { reason: "test of the switch" },
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("GIVEN a cloud that drops a rule THEN the coverage validation names the rule and the cloud", () => {
    const { stack, catalog } = stackWith([rule("https", { peer: "set:office" })]);
    (catalog.firewalls.aws!.realisations as unknown[]).length = 0;
    expect(() => Testing.synth(stack, true)).toThrow(/rule "https" on AWS \(s\/fw\) has no realisation\. This is a bug in the cloud module/);
  });

  test("GIVEN an unbound address set THEN construction fails naming the environment and the rule", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      thrown(
        () =>
          new FirewallCatalog(stack, "fw", { policy: policyWith([rule("https", { peer: "set:office" })]), bindings: { environment: "prod" }, namePrefix: "shop", clouds: { aws: { vpcId: "vpc-1" } } }),
      ),
    ).toEqual({ error: "ConfigError", codes: ["ENV_ADDRESS_SET_UNBOUND"] });
  });
});

function catchError(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

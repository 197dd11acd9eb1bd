/** What AWS would reject fails at synthesis, naming the culprit and what to do. */
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { AwsSecurityGroups } from "../../../modules/aws/security-groups";
import { bindPolicy, definePolicy, parseCatalog } from "../../../policy";
import { AwsFirewallStack } from "../../../modules/aws/stack";
import { parseEnvironment } from "../../../stacks/environment";
import { allow, deny, synthAws, testPolicy } from "./fixtures";
import { thrown } from "../../support/thrown";

const networks = (count: number, family: 4 | 6 = 4) => Array.from({ length: count }, (_, i) => (family === 4 ? `10.2.${i}.0/24` : `2001:db8:${i.toString(16)}::/48`));

describe("descriptions", () => {
  test("GIVEN a rule description with characters AWS rejects THEN the error names the rule and each bad character", () => {
    expect(thrown(() => synthAws(testPolicy([allow("web-https", { description: "HTTPS – from “office”" })])))).toEqual({ error: "SynthesisError", codes: ["AWS_TEXT_BAD_CHARACTERS"] });
  });

  test("GIVEN a deny with a bad description THEN it is rejected too, so every environment fails alike", () => {
    expect(thrown(() => synthAws(testPolicy([deny("no-ssh", { ports: [22], description: "No SSH <ever>" })])))).toEqual({ error: "SynthesisError", codes: ["AWS_TEXT_BAD_CHARACTERS"] });
  });

  test("GIVEN a description of 256 characters THEN it is too long for AWS", () => {
    expect(thrown(() => synthAws(testPolicy([allow("long", { description: "x".repeat(256) })])))).toEqual({ error: "SynthesisError", codes: ["AWS_TEXT_TOO_LONG"] });
    expect(() => synthAws(testPolicy([allow("long", { description: "x".repeat(255) })]))).not.toThrow();
  });

  test("GIVEN a role description with characters AWS rejects THEN the error names the role", () => {
    const bound = testPolicy([allow("https")]);
    const renamed = { ...bound, managedRoles: bound.managedRoles.map((r) => ({ ...r, description: "Web servers — EU" })) };
    expect(thrown(() => synthAws(renamed))).toEqual({ error: "SynthesisError", codes: ["AWS_TEXT_BAD_CHARACTERS", "AWS_TEXT_BAD_CHARACTERS"] });
  });
});

describe("group names", () => {
  test.each(["sg", "SG"])("GIVEN namePrefix %s THEN the name would start with sg-, which AWS reserves", (namePrefix) => {
    expect(thrown(() => synthAws(testPolicy([allow("https")]), { namePrefix }))).toEqual({ error: "SynthesisError", codes: ["AWS_GROUP_NAME_RESERVED", "AWS_GROUP_NAME_RESERVED"] });
  });

  test("GIVEN a name with a character AWS rejects THEN it is an error", () => {
    expect(thrown(() => synthAws(testPolicy([allow("https")]), { namePrefix: "st~" }))).toEqual({ error: "SynthesisError", codes: ["AWS_TEXT_BAD_CHARACTERS", "AWS_TEXT_BAD_CHARACTERS"] });
  });

  test("GIVEN a name longer than 255 characters THEN it is an error", () => {
    expect(thrown(() => synthAws(testPolicy([allow("https")]), { namePrefix: "p".repeat(250) }))).toEqual({ error: "SynthesisError", codes: ["AWS_TEXT_TOO_LONG", "AWS_TEXT_TOO_LONG"] });
  });
});

describe("the VPC id", () => {
  test.each(["not a vpc", "main-vpc", "VPC-0123456789ABCDEF0", "sg-0123456789abcdef0", "subnet-0a1b2c3d", "vpc-0123456789abcdef0 ", "vpc-"])(
    "GIVEN vpcId %j THEN it is refused: no VPC id looks so",
    (vpcId) => {
      expect(thrown(() => synthAws(testPolicy([allow("https")]), { vpcId }))).toEqual({ error: "ConfigError", codes: ["LIB_BAD_PROP"] });
    },
  );

  test.each(["vpc-0a1b2c3d", "vpc-0123456789abcdef0", "vpc-1", "${var.vpc_id}", "${data.aws_vpc.shared.id}"])(
    "GIVEN vpcId %j (an id, a test's stand-in, or a Terraform expression) THEN it is taken as it is",
    (vpcId) => {
      const { groups } = synthAws(testPolicy([allow("https")]), { vpcId });
      expect([...new Set(Object.values(groups).map((g) => (g as { vpc_id: string }).vpc_id))]).toEqual([vpcId]);
    },
  );

  test("GIVEN vpcId a token of the user's own Vpc THEN it is taken, and resolves to the Vpc's id", () => {
    const stack = new TerraformStack(Testing.app(), "own");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const vpc = new Vpc(stack, "main", { cidrBlock: "10.0.0.0/16" });
    new AwsSecurityGroups(stack, "groups", { policy: testPolicy([allow("https")]), vpcId: vpc.id, namePrefix: "st" });
    const groups = JSON.parse(Testing.synth(stack)).resource.aws_security_group as Record<string, { vpc_id: string }>;
    expect([...new Set(Object.values(groups).map((g) => g.vpc_id))]).toEqual(["${aws_vpc.main.id}"]);
  });
});

describe("quotas: 60 entries per group, direction and address family", () => {
  test("GIVEN 61 IPv4 networks THEN the error names group, direction, family, count and what to do; 60 pass", () => {
    expect(thrown(() => synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(61) } })))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_RULES_PER_GROUP_QUOTA"],
    });
    expect(() => synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(60) } }))).not.toThrow();
  });

  test("GIVEN 61 IPv6 networks THEN the IPv6 family is over", () => {
    expect(thrown(() => synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(61, 6) }, ipv6: true })))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_RULES_PER_GROUP_QUOTA"],
    });
  });

  test("GIVEN 59 IPv6 networks and two group references THEN the references count in IPv6 too (AWS counts them in both families)", () => {
    const rules = [allow("many", { peer: "set:office" }), allow("from-self", { peer: "role:web" }), allow("from-db", { peer: "role:db" })];
    expect(thrown(() => synthAws(testPolicy(rules, { addressSets: { office: networks(59, 6) }, ipv6: true })))).toEqual({ error: "SynthesisError", codes: ["AWS_RULES_PER_GROUP_QUOTA"] });
    expect(() => synthAws(testPolicy(rules, { addressSets: { office: networks(58, 6) }, ipv6: true }))).not.toThrow();
  });

  test("GIVEN 61 separate port ranges to one network THEN the outbound quota is over", () => {
    const ports = Array.from({ length: 61 }, (_, i) => 1000 + 2 * i);
    expect(thrown(() => synthAws(testPolicy([allow("spread", { direction: "egress", peer: "10.0.0.0/8", ports })])))).toEqual({ error: "SynthesisError", codes: ["AWS_RULES_PER_GROUP_QUOTA"] });
  });

  test("GIVEN a raised quota THEN 61 entries pass", () => {
    const { ingress } = synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(61) } }), { rulesPerGroupQuota: 100 });
    expect(Object.keys(ingress)).toHaveLength(61);
  });
});

test("GIVEN two roles whose ids make the same logical id THEN the clash is an error, not a silently merged resource", () => {
  const policy = definePolicy({
    name: "clash",
    description: "Ids that meet in snake_case",
    roles: [
      { id: "a", description: "Role a", egressDefault: "deny" },
      { id: "a-ingress-b", description: "Role a-ingress-b", egressDefault: "deny" },
    ],
    rules: [allow("b-ingress-c", { target: "a" }), allow("c", { target: "a-ingress-b" })],
  });
  expect(thrown(() => synthAws(bindPolicy(policy, { environment: "test", addressSets: {}, ipv6: false })))).toEqual({ error: "SynthesisError", codes: ["AWS_LOGICAL_ID_TAKEN"] });
});

describe("rendering errors name file:line:column of the rule (of both rules where two meet)", () => {
  // A catalog read from YAML, so rules carry their location.
  const yamlCatalog = (rules: string) =>
    parseCatalog(
      `name: test
description: test catalog
roles:
  - { id: web, description: web servers, egressDefault: deny }
  - { id: db, description: database servers, egressDefault: deny }
addressSets:
  - { id: office, description: office networks }
rules:
${rules}`,
      "catalog/test.yaml",
    );
  const bind = (rules: string, office = ["10.1.0.0/16"]) => bindPolicy(yamlCatalog(rules), { environment: "test", addressSets: { office }, ipv6: false });

  test("GIVEN 61 networks THEN the quota error is located at the rule whose entry passes the quota and advises aws.rulesPerGroupQuota with its limits", () => {
    const bound = bind(
      "  - { id: https, target: web, direction: ingress, action: allow, peer: 10.9.0.0/16, protocol: tcp, ports: [443], description: HTTPS }\n  - { id: many, target: web, direction: ingress, action: allow, peer: set:office, protocol: tcp, ports: [443], description: many }\n",
      networks(60),
    );
    expect(() => synthAws(bound)).toThrow(
      new Error(
        'catalog/test.yaml:10:5: security group "st-test-web": 61 inbound (ingress) rules count against the IPv4 quota of 60 per group, the first one over it from rule "many" ' +
          '(each CIDR counts one in its family, each group reference one in both). Merge ports or address ranges in the catalog, or raise "Inbound or outbound rules per security group" in AWS Service Quotas ' +
          '(up to 1000, with that quota times "Security groups per network interface" at most 1000) and set aws.rulesPerGroupQuota in the environment file to the new quota (now 60).',
      ),
    );
  });

  test("GIVEN a quota of 1000 already THEN the advice does not suggest raising it", () => {
    const bound = bind("  - { id: many, target: web, direction: ingress, action: allow, peer: set:office, protocol: tcp, ports: [443], description: many }\n", networks(2));
    expect(thrown(() => synthAws(bound, { rulesPerGroupQuota: 1 }))).toEqual({ error: "SynthesisError", codes: ["AWS_RULES_PER_GROUP_QUOTA"] });
    expect(
      thrown(() =>
        synthAws(
          bind(
            "  - { id: many, target: web, direction: ingress, action: allow, peer: set:office, protocol: tcp, ports: [443], description: many }\n",
            Array.from({ length: 1001 }, (_, i) => `10.${2 + (i >> 8)}.${i & 255}.0/24`),
          ),
          { rulesPerGroupQuota: 1000 },
        ),
      ),
    ).toEqual({ error: "SynthesisError", codes: ["AWS_RULES_PER_GROUP_QUOTA"] });
  });

  test("GIVEN a quota outside what AWS allows in code THEN it is refused", () => {
    expect(
      thrown(() => synthAws(bind("  - { id: https, target: web, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [443], description: HTTPS }\n"), { rulesPerGroupQuota: 1001 })),
    ).toEqual({ error: "SynthesisError", codes: ["AWS_QUOTA_INVALID"] });
  });

  test("GIVEN a deny AWS cannot cut out THEN the error is located at the allow and names where the deny is", () => {
    const bound = bind(
      "  - { id: no-office, target: web, direction: ingress, action: deny, peer: set:office, protocol: tcp, ports: [443], description: no office }\n" +
        "  - { id: from-db, target: web, direction: ingress, action: allow, peer: role:db, protocol: tcp, ports: [443], description: from db }\n",
    );
    expect(thrown(() => synthAws(bound))).toEqual({ error: "SynthesisError", codes: ["AWS_DENY_INEXPRESSIBLE"] });
  });

  test("GIVEN a role whose egress default cannot be narrowed THEN the error is located at the role", () => {
    const policy = yamlCatalog("  - { id: no-tcp, target: web, direction: egress, action: deny, peer: 10.0.0.0/8, protocol: tcp, ports: all, description: no tcp }\n");
    const open = { ...policy, roles: policy.roles.map((r) => (r.id === "web" ? { ...r, egressDefault: "allow" as const } : r)) };
    expect(thrown(() => synthAws(bindPolicy(open, { environment: "test", addressSets: { office: ["10.1.0.0/16"] }, ipv6: false })))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_DENY_INEXPRESSIBLE"],
    });
  });

  test("GIVEN a description AWS rejects THEN the error is located at the rule", () => {
    expect(thrown(() => synthAws(bind("  - { id: https, target: web, direction: ingress, action: allow, peer: any, protocol: tcp, ports: [443], description: HTTPS – office }\n")))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_TEXT_BAD_CHARACTERS"],
    });
  });

  test("GIVEN SCTP ports THEN the error is located at the rule", () => {
    expect(thrown(() => synthAws(bind("  - { id: sctp, target: web, direction: ingress, action: allow, peer: any, protocol: sctp, ports: [3868], description: Diameter }\n")))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_SCTP_PORTS"],
    });
  });
});

test("GIVEN aws.rulesPerGroupQuota in the environment THEN the stack uses it", () => {
  const env = parseEnvironment(
    "name: qa\ncatalog: test\nnamePrefix: st\naddressSets: {}\naws:\n  region: eu-west-1\n  vpcId: vpc-0123456789abcdef0\n  rulesPerGroupQuota: 100\n  backend: { local: {} }\n",
    "environments/qa.yaml",
  );
  const bound = testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(61) } });
  const build = (quota?: number) => new AwsFirewallStack(Testing.app(), "qa-aws", { environment: "qa", namePrefix: "st", bound, section: { ...env.aws!, rulesPerGroupQuota: quota } });
  expect(build(100).realisations[0].resources).toHaveLength(61);
  expect(thrown(() => build(undefined))).toEqual({ error: "SynthesisError", codes: ["AWS_RULES_PER_GROUP_QUOTA"] });
});

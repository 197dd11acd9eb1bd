/** What AWS would reject fails at synthesis, naming the culprit and what to do. */
import { bindPolicy, definePolicy } from "../../../policy";
import { allow, deny, synthAws, testPolicy } from "./fixtures";

const networks = (count: number, family: 4 | 6 = 4) => Array.from({ length: count }, (_, i) => (family === 4 ? `10.2.${i}.0/24` : `2001:db8:${i.toString(16)}::/48`));

describe("descriptions", () => {
  test("GIVEN a rule description with characters AWS rejects THEN the error names the rule and each bad character", () => {
    expect(() => synthAws(testPolicy([allow("web-https", { description: "HTTPS – from “office”" })]))).toThrow(
      /rule "web-https": description "HTTPS – from “office”" has characters AWS rejects \("–" "“" "”"\)/,
    );
  });

  test("GIVEN a deny with a bad description THEN it is rejected too, so every environment fails alike", () => {
    expect(() => synthAws(testPolicy([deny("no-ssh", { ports: [22], description: "No SSH <ever>" })]))).toThrow(/rule "no-ssh": description "No SSH <ever>" has characters AWS rejects \("<" ">"\)/);
  });

  test("GIVEN a description of 256 characters THEN it is too long for AWS", () => {
    expect(() => synthAws(testPolicy([allow("long", { description: "x".repeat(256) })]))).toThrow(/rule "long": description is 256 characters long; AWS allows at most 255/);
    expect(() => synthAws(testPolicy([allow("long", { description: "x".repeat(255) })]))).not.toThrow();
  });

  test("GIVEN a role description with characters AWS rejects THEN the error names the role", () => {
    const bound = testPolicy([allow("https")]);
    const renamed = { ...bound, managedRoles: bound.managedRoles.map((r) => ({ ...r, description: "Web servers — EU" })) };
    expect(() => synthAws(renamed)).toThrow(/role "web": description "Web servers — EU" has characters AWS rejects \("—"\)/);
  });
});

describe("group names", () => {
  test.each(["sg", "SG"])("GIVEN namePrefix %s THEN the name would start with sg-, which AWS reserves", (namePrefix) => {
    expect(() => synthAws(testPolicy([allow("https")]), { namePrefix })).toThrow(new RegExp(`security group name "${namePrefix}-test-web" starts with "sg-"`));
  });

  test("GIVEN a name with a character AWS rejects THEN it is an error", () => {
    expect(() => synthAws(testPolicy([allow("https")]), { namePrefix: "st~" })).toThrow(/role "web": security group name "st~-test-web" has characters AWS rejects \("~"\)/);
  });

  test("GIVEN a name longer than 255 characters THEN it is an error", () => {
    expect(() => synthAws(testPolicy([allow("https")]), { namePrefix: "p".repeat(250) })).toThrow(/security group name is 259 characters long; AWS allows at most 255/);
  });
});

describe("quotas: 60 entries per group, direction and address family", () => {
  test("GIVEN 61 IPv4 networks THEN the error names group, direction, family, count and what to do; 60 pass", () => {
    expect(() => synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(61) } }))).toThrow(
      /security group "st-test-web": 61 inbound \(ingress\) rules count against the IPv4 quota of 60 per group .*Merge ports or address ranges in the catalog, or raise "Inbound or outbound rules per security group" in AWS Service Quotas and set rulesPerGroupQuota/,
    );
    expect(() => synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(60) } }))).not.toThrow();
  });

  test("GIVEN 61 IPv6 networks THEN the IPv6 family is over", () => {
    expect(() => synthAws(testPolicy([allow("many", { peer: "set:office" })], { addressSets: { office: networks(61, 6) }, ipv6: true }))).toThrow(
      /61 inbound \(ingress\) rules count against the IPv6 quota of 60/,
    );
  });

  test("GIVEN 59 IPv6 networks and two group references THEN the references count in IPv6 too (AWS counts them in both families)", () => {
    const rules = [allow("many", { peer: "set:office" }), allow("from-self", { peer: "role:web" }), allow("from-db", { peer: "role:db" })];
    expect(() => synthAws(testPolicy(rules, { addressSets: { office: networks(59, 6) }, ipv6: true }))).toThrow(/61 inbound \(ingress\) rules count against the IPv6 quota/);
    expect(() => synthAws(testPolicy(rules, { addressSets: { office: networks(58, 6) }, ipv6: true }))).not.toThrow();
  });

  test("GIVEN 61 separate port ranges to one network THEN the outbound quota is over", () => {
    const ports = Array.from({ length: 61 }, (_, i) => 1000 + 2 * i);
    expect(() => synthAws(testPolicy([allow("spread", { direction: "egress", peer: "10.0.0.0/8", ports })]))).toThrow(
      /security group "st-test-web": 61 outbound \(egress\) rules count against the IPv4 quota of 60/,
    );
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
  expect(() => synthAws(bindPolicy(policy, { environment: "test", addressSets: {}, ipv6: false }))).toThrow(
    /rule "c": logical id aws_vpc_security_group_ingress_rule\.a_ingress_b_ingress_c_tcp_443_0_0_0_0_0 is already taken/,
  );
});

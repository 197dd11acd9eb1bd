import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { AwsSecurityGroups, AwsSecurityGroupsProps } from "../../../modules/aws";
import { BoundPolicy } from "../../../policy";
import { boundOf, rule, secureTransport } from "../../support/policies";

function synth(policy: BoundPolicy, props: Partial<AwsSecurityGroupsProps> = {}): { json: any; module: AwsSecurityGroups } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const module = new AwsSecurityGroups(stack, "sg", { policy, vpcId: "vpc-12345678", namePrefix: "st", ...props });
  return { json: JSON.parse(Testing.synth(stack)), module };
}

const ingress = (json: any): Record<string, any> => json.resource.aws_vpc_security_group_ingress_rule ?? {};
const egress = (json: any): Record<string, any> => json.resource.aws_vpc_security_group_egress_rule ?? {};
const SELF = "${aws_security_group.st_server.id}";

describe("the SecureTransport catalog on AWS", () => {
  const { json, module } = synth(secureTransport());

  test("one security group for the server role, named prefix-environment-role, no inline rules", () => {
    expect(json.resource.aws_security_group).toEqual({
      st_server: {
        name: "st-dev-st-server",
        description: "SecureTransport Server nodes of one cluster",
        vpc_id: "vpc-12345678",
        tags: { Name: "st-dev-st-server", "catalog-role": "st-server" },
      },
    });
  });

  test.each([
    ["st_cluster_cache_tcp_tcp_8088_8093_self", "tcp", 8088, 8093, "Enterprise cluster cache (TCP) between servers"],
    ["st_cluster_cache_udp_udp_8088_8093_self", "udp", 8088, 8093, "Enterprise cluster cache (UDP) between servers"],
    ["st_snmp_tcp_80_self", "tcp", 80, 80, "SNMP"],
    ["st_cluster_cache_mgmt_tcp_tcp_443_self", "tcp", 443, 443, "Cluster cache management"],
    ["st_cluster_cache_mgmt_udp_udp_10022_self", "udp", 10022, 10022, "Cluster cache management"],
    ["st_cluster_listener_tcp_44431_self", "tcp", 44431, 44431, "Cluster Listener"],
    ["st_tm_jmx_tcp_9999_self", "tcp", 9999, 9999, "TM JMX Port"],
    ["st_ssh_admin_tcp_22_self", "tcp", 22, 22, "SSH for Administration"],
    ["st_tomcat_shutdown_tcp_8005_self", "tcp", 8005, 8005, "Tomcat shutdown port"],
    ["st_tomcat_jk_tcp_8009_self", "tcp", 8009, 8009, "Tomcat JK connector"],
    ["st_admin_tool_tcp_20444_self", "tcp", 20444, 20444, "Administration Tool"],
    ["st_coherence_tcp_7_self", "tcp", 7, 7, "Coherence"],
    ["st_hibernate_cache_tcp_7800_7802_self", "tcp", 7800, 7802, "Hibernate second-level cache"],
    ["st_icmp_cluster_icmp_self", "icmp", -1, -1, "Allow all ICMP traffic for Cluster communication"],
  ])("%s: server to server, %s %i-%i", (id, protocol, from, to, description) => {
    expect(ingress(json)[id]).toEqual({
      security_group_id: SELF,
      referenced_security_group_id: SELF,
      ip_protocol: protocol,
      from_port: from,
      to_port: to,
      description,
      tags: { "catalog-rule": expect.any(String) },
    });
  });

  test("the Administration host reaches TCP 444 by address", () => {
    expect(ingress(json)["st_admin_tool_https_tcp_444_cidr_10_20_0_10_32"]).toEqual(
      expect.objectContaining({ cidr_ipv4: "10.20.0.10/32", ip_protocol: "tcp", from_port: 444, to_port: 444, description: "Administration Tool (HTTPS)" }),
    );
    expect(Object.keys(ingress(json))).toHaveLength(15);
  });

  test("the deny-all rows are realised by AWS's implicit deny and reported so", () => {
    const byId = Object.fromEntries(module.realisations.map((r) => [r.ruleId, r]));
    expect(byId["st-deny-all-tcp"]).toEqual(expect.objectContaining({ how: "default", resources: [] }));
    expect(byId["st-deny-all-udp"].note).toMatch(/deny restates the default/);
    expect(module.realisations.map((r) => r.ruleId)).toEqual(secureTransport().rules.map((r) => r.id));
    expect(byId["st-snmp"]).toEqual({ ruleId: "st-snmp", how: "rendered", resources: ["aws_vpc_security_group_ingress_rule.st_snmp_tcp_80_self"], note: expect.any(String) });
  });

  test("egress default allow is rendered (Terraform removes AWS's own allow-all), IPv4 only without IPv6", () => {
    expect(egress(json)).toEqual({
      st_server_egress_default_all_ipv4: expect.objectContaining({ cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1", security_group_id: SELF }),
    });
    expect(egress(json).st_server_egress_default_all_ipv4).not.toHaveProperty("from_port");
  });

  test("with IPv6 on, egress also allows ::/0", () => {
    const v6 = synth(secureTransport({ ipv6: true })).json;
    expect(Object.keys(egress(v6)).sort()).toEqual(["st_server_egress_default_all_ipv4", "st_server_egress_default_all_ipv6"]);
    expect(egress(v6).st_server_egress_default_all_ipv6).toEqual(expect.objectContaining({ cidr_ipv6: "::/0", ip_protocol: "-1" }));
  });

  test("the construct exposes each role's group id", () => {
    expect(module.securityGroupIds).toEqual({ "st-server": expect.stringMatching(/^\$\{TfToken\[TOKEN\.\d+\]\}$/) });
  });
});

describe("any, peers and protocols", () => {
  test("any is 0.0.0.0/0, and also ::/0 when the environment enables IPv6", () => {
    const v4 = synth(boundOf([rule("web-https", { peer: "any" })])).json;
    expect(Object.keys(ingress(v4))).toEqual(["web_https_tcp_443_any_ipv4"]);
    const v6 = synth(boundOf([rule("web-https", { peer: "any" })], { ipv6: true })).json;
    expect(Object.keys(ingress(v6)).sort()).toEqual(["web_https_tcp_443_any_ipv4", "web_https_tcp_443_any_ipv6"]);
    expect(ingress(v6).web_https_tcp_443_any_ipv6.cidr_ipv6).toBe("::/0");
  });

  test("another role is a group reference; an address set is one rule per CIDR and port range", () => {
    const { json } = synth(
      boundOf([rule("from-db", { peer: "role:db", ports: [5432] }), rule("from-office", { peer: "set:office", ports: [80, 443] })], {
        addressSets: { office: ["10.1.0.0/16", "2001:db8::/48"] },
      }),
    );
    expect(ingress(json).from_db_tcp_5432_sg_db.referenced_security_group_id).toBe("${aws_security_group.db.id}");
    expect(Object.keys(ingress(json)).filter((k) => k.startsWith("from_office")).sort()).toEqual([
      "from_office_tcp_443_cidr_10_1_0_0_16",
      "from_office_tcp_443_cidr_2001_db8___48",
      "from_office_tcp_80_cidr_10_1_0_0_16",
      "from_office_tcp_80_cidr_2001_db8___48",
    ]);
  });

  test("protocol all is -1 without ports; sctp and other numbers by number", () => {
    const { json } = synth(boundOf([rule("all", { protocol: "all", ports: undefined }), rule("gre", { protocol: 47, ports: undefined }), rule("sctp", { protocol: "sctp", ports: [9899] })]));
    expect(ingress(json).all_all_any_ipv4).toEqual(expect.objectContaining({ ip_protocol: "-1" }));
    expect(ingress(json).all_all_any_ipv4).not.toHaveProperty("from_port");
    expect(ingress(json).gre_proto47_any_ipv4.ip_protocol).toBe("47");
    expect(ingress(json).sctp_sctp_9899_any_ipv4).toEqual(expect.objectContaining({ ip_protocol: "132", from_port: 9899, to_port: 9899 }));
  });

  test("egress default deny renders no egress rule; catalog egress rules render as egress", () => {
    const { json } = synth(boundOf([rule("to-dns", { direction: "egress", peer: "10.0.0.2/32", protocol: "udp", ports: [53] })]));
    expect(Object.keys(egress(json))).toEqual(["to_dns_udp_53_cidr_10_0_0_2_32"]);
  });
});

describe("deny rules on an allow-only firewall", () => {
  test("a deny cuts its ports out of a later allow (port arithmetic)", () => {
    const { json, module } = synth(boundOf([rule("no-ssh", { action: "deny", ports: [22] }), rule("low-ports", { ports: ["1-1000"] })]));
    expect(Object.keys(ingress(json)).sort()).toEqual(["low_ports_tcp_1_21_any_ipv4", "low_ports_tcp_23_1000_any_ipv4"]);
    const byId = Object.fromEntries(module.realisations.map((r) => [r.ruleId, r]));
    expect(byId["low-ports"].how).toBe("narrowed");
    expect(byId["no-ssh"]).toEqual(expect.objectContaining({ how: "default", note: expect.stringMatching(/cutting it out of rule "low-ports"/) }));
  });

  test("a deny of part of a network keeps the rest of the network whole and the denied part without the denied ports", () => {
    const { json } = synth(boundOf([rule("no-lab-ssh", { action: "deny", peer: "10.1.2.0/24", ports: [22] }), rule("office-ssh", { peer: "10.1.0.0/22", ports: ["22-23"] })]));
    expect(Object.keys(ingress(json)).sort()).toEqual([
      "office_ssh_tcp_22_23_cidr_10_1_0_0_23",
      "office_ssh_tcp_22_23_cidr_10_1_3_0_24",
      "office_ssh_tcp_23_cidr_10_1_2_0_24",
    ]);
  });

  test("an allow that earlier denies cut away entirely is reported as shadowed", () => {
    const { json, module } = synth(boundOf([rule("deny-web", { action: "deny", ports: "all" }), rule("web", { ports: [443] })]));
    expect(ingress(json)).toEqual({});
    expect(module.realisations.find((r) => r.ruleId === "web")).toEqual(expect.objectContaining({ how: "shadowed", resources: [] }));
  });

  test("a deny AWS cannot express is an error naming both rules", () => {
    expect(() => synth(boundOf([rule("no-office", { action: "deny", peer: "set:office", ports: [443] }), rule("from-db", { peer: "role:db", ports: [443] })]))).toThrow(
      /rule "from-db" cannot be rendered on AWS below deny rule "no-office": its peer role "db" may overlap the deny's 10\.1\.0\.0\/16/,
    );
    expect(() => synth(boundOf([rule("no-tcp", { action: "deny", ports: "all" }), rule("everything", { protocol: "all", ports: undefined })]))).toThrow(
      /rule "everything" cannot be rendered on AWS below deny rule "no-tcp": it allows every protocol/,
    );
  });

  test("an egress deny is cut out of the role's allow-all egress default, or is an error when it cannot be", () => {
    expect(() => synth(boundOf([rule("no-smtp", { direction: "egress", action: "deny", peer: "any", ports: [25] })], { egressDefault: "allow" }))).toThrow(
      /role "web" egress default \(allow\) cannot be rendered on AWS below deny rule "no-smtp": it allows every protocol/,
    );
    const { json } = synth(boundOf([rule("no-all", { direction: "egress", action: "deny", peer: "any", protocol: "all", ports: undefined })], { egressDefault: "allow" }));
    expect(egress(json)).toEqual({});
  });
});

describe("stable logical ids", () => {
  test("adding a rule in the middle of the catalog renames no other resource", () => {
    const base = [rule("a", { ports: [1] }), rule("b", { peer: "set:office", ports: [2] }), rule("c", { peer: "role:db", ports: [3] })];
    const before = synth(boundOf(base)).json;
    const after = synth(boundOf([base[0], rule("new", { ports: [9] }), ...base.slice(1)])).json;
    for (const [id, body] of Object.entries(ingress(before))) expect(ingress(after)[id]).toEqual(body);
    expect(Object.keys(ingress(after)).filter((k) => !(k in ingress(before)))).toEqual(["new_tcp_9_any_ipv4"]);
  });
});

describe("bad input is a clear error at synthesis", () => {
  test("a description with characters AWS rejects names the rule and the characters", () => {
    expect(() => synth(boundOf([rule("web", { description: "HTTPS – from “office”" })]))).toThrow(/rule "web": description "HTTPS – from “office”" has characters AWS rejects \("–" "“" "”"\)/);
  });

  test("more than 60 entries per group, direction and family is an error naming the group and the count", () => {
    const cidrs = Array.from({ length: 61 }, (_, i) => `10.2.${i}.0/24`);
    expect(() => synth(boundOf([rule("many", { peer: "set:office" })], { addressSets: { office: cidrs } }))).toThrow(
      /security group st-test-web: 61 ingress rules for IPv4 exceed the AWS quota of 60 per group/,
    );
    expect(() => synth(boundOf([rule("many", { peer: "set:office" })], { addressSets: { office: cidrs.slice(0, 60) } }))).not.toThrow();
  });

  test("a group name starting with sg- is rejected", () => {
    expect(() => synth(boundOf([rule("a", {})]), { namePrefix: "sg" })).toThrow(/security group name "sg-test-web" starts with "sg-"/);
  });
});

test("synthesis output is deterministic", () => {
  const a = Testing.synth(stackWith(secureTransport()));
  const b = Testing.synth(stackWith(secureTransport()));
  expect(a).toBe(b);
});

function stackWith(policy: BoundPolicy): TerraformStack {
  const stack = new TerraformStack(new App({ outdir: "cdktf.out.test" }), "s");
  new AwsSecurityGroups(stack, "sg", { policy, vpcId: "vpc-12345678", namePrefix: "st" });
  return stack;
}

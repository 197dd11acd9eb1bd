/** The real SecureTransport catalog on AWS: the seed's server tier (every seed row, the two denies, ICMP and the egress default), then the whole deployment. */
import { TerraformOutput, Testing } from "cdktf";
import { loadCatalogFile } from "../../../policy";
import { isSeedRule } from "../../support/policies";
import { secureTransport, secureTransportSeedTier, ST_SERVER, synthAws } from "./fixtures";

const CATALOG_RULE_IDS = loadCatalogFile("catalog/securetransport.yaml")
  .rules.filter(isSeedRule)
  .map((r) => r.id);

describe("GIVEN the SecureTransport catalog with one administration host, IPv4 only", () => {
  // GIVEN the real catalog bound to an environment with admin host 10.20.0.10
  // WHEN it is synthesized
  const { json, groups, ingress, egress, module, stack, realisation } = synthAws(secureTransportSeedTier());

  test("THEN one security group for the server role: named prefix-environment-role, described by its role id (never replaced by a text edit), the role's description in a tag, no inline rules", () => {
    expect(groups).toEqual({
      st_server: {
        name: "st-dev-st-server",
        description: "Firewall catalog role st-server",
        vpc_id: "vpc-0123456789abcdef0",
        tags: {
          Name: "st-dev-st-server",
          catalog: "securetransport",
          "catalog-role": "st-server",
          "catalog-role-description": "SecureTransport Server nodes of one cluster",
        },
      },
    });
    expect(json.resource.aws_security_group_rule).toBeUndefined();
  });

  test.each([
    ["st_server_ingress_st_cluster_cache_tcp_tcp_8088_8093_self", "st-cluster-cache-tcp", "tcp", 8088, 8093, "Enterprise cluster cache (TCP) between servers"],
    ["st_server_ingress_st_cluster_cache_udp_udp_8088_8093_self", "st-cluster-cache-udp", "udp", 8088, 8093, "Enterprise cluster cache (UDP) between servers"],
    ["st_server_ingress_st_snmp_tcp_80_self", "st-snmp", "tcp", 80, 80, "SNMP"],
    ["st_server_ingress_st_cluster_cache_mgmt_tcp_tcp_443_self", "st-cluster-cache-mgmt-tcp", "tcp", 443, 443, "Cluster cache management"],
    ["st_server_ingress_st_cluster_cache_mgmt_udp_udp_10022_self", "st-cluster-cache-mgmt-udp", "udp", 10022, 10022, "Cluster cache management"],
    ["st_server_ingress_st_cluster_listener_tcp_44431_self", "st-cluster-listener", "tcp", 44431, 44431, "Cluster Listener"],
    ["st_server_ingress_st_tm_jmx_tcp_9999_self", "st-tm-jmx", "tcp", 9999, 9999, "TM JMX Port"],
    ["st_server_ingress_st_ssh_admin_tcp_22_self", "st-ssh-admin", "tcp", 22, 22, "SSH for Administration"],
    ["st_server_ingress_st_tomcat_shutdown_tcp_8005_self", "st-tomcat-shutdown", "tcp", 8005, 8005, "Tomcat shutdown port"],
    ["st_server_ingress_st_tomcat_jk_tcp_8009_self", "st-tomcat-jk", "tcp", 8009, 8009, "Tomcat JK connector"],
    ["st_server_ingress_st_admin_tool_tcp_20444_self", "st-admin-tool", "tcp", 20444, 20444, "Administration Tool"],
    ["st_server_ingress_st_coherence_tcp_7_self", "st-coherence", "tcp", 7, 7, "Coherence"],
    ["st_server_ingress_st_hibernate_cache_tcp_7800_7802_self", "st-hibernate-cache", "tcp", 7800, 7802, "Hibernate second-level cache"],
    ["st_server_ingress_st_icmp_cluster_icmp_self", "st-icmp-cluster", "icmp", -1, -1, "Allow all ICMP traffic for Cluster communication"],
  ])("THEN %s: from the servers' own group, %s, %s %i-%i", (id, ruleId, protocol, from, to, description) => {
    expect(ingress[id]).toEqual({
      security_group_id: ST_SERVER,
      referenced_security_group_id: ST_SERVER,
      ip_protocol: protocol,
      from_port: from,
      to_port: to,
      description,
      tags: { "catalog-role": "st-server", "catalog-rule": ruleId },
    });
    expect(realisation(ruleId)).toEqual({
      ruleId,
      how: "rendered",
      resources: [`aws_vpc_security_group_ingress_rule.${id}`],
      note: "1 ingress rule on security group st-dev-st-server",
    });
  });

  test("THEN the Administration host reaches TCP 444 by its address, not by a group", () => {
    expect(ingress.st_server_ingress_st_admin_tool_https_tcp_444_10_20_0_10_32).toEqual({
      security_group_id: ST_SERVER,
      cidr_ipv4: "10.20.0.10/32",
      ip_protocol: "tcp",
      from_port: 444,
      to_port: 444,
      description: "Administration Tool (HTTPS)",
      tags: { "catalog-role": "st-server", "catalog-rule": "st-admin-tool-https" },
    });
  });

  test("THEN there are exactly the 14 allow rows plus the ICMP row as ingress resources", () => {
    expect(Object.keys(ingress)).toHaveLength(15);
  });

  test("THEN the deny-all-TCP and deny-all-UDP rows are realised by AWS's implicit deny: nothing after them is TCP or UDP", () => {
    for (const ruleId of ["st-deny-all-tcp", "st-deny-all-udp"]) {
      expect(realisation(ruleId)).toEqual({
        ruleId,
        how: "default",
        resources: [],
        note: "deny restates the default: AWS security groups deny what no rule allows",
      });
    }
  });

  test("THEN the egress default (allow) is an explicit allow-all to 0.0.0.0/0, since Terraform removes AWS's own", () => {
    expect(egress).toEqual({
      st_server_egress_default_all_ipv4: {
        security_group_id: ST_SERVER,
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "-1",
        description: "Egress default of role st-server: allow",
        tags: { "catalog-egress-default": "allow", "catalog-role": "st-server" },
      },
    });
    expect(module.egressDefaults).toEqual([
      {
        roleId: "st-server",
        how: "rendered",
        resources: ["aws_vpc_security_group_egress_rule.st_server_egress_default_all_ipv4"],
        note: "allow-all egress rendered as 1 rule, since Terraform removes AWS's own",
      },
    ]);
  });

  test("THEN every catalog rule is realised, in catalog order, and every rendered resource belongs to a rule or the egress default", () => {
    expect(module.realisations.map((r) => r.ruleId)).toEqual(CATALOG_RULE_IDS);
    const reported = module.realisations.flatMap((r) => r.resources).sort();
    const rendered = Object.keys(ingress)
      .map((id) => `aws_vpc_security_group_ingress_rule.${id}`)
      .sort();
    expect(reported).toEqual(rendered);
  });

  test("THEN the group id per role is a reference to the group, ready for the stack's security_group_ids output", () => {
    new TerraformOutput(stack, "security_group_ids", { value: module.securityGroupIds });
    expect(JSON.parse(Testing.synth(stack)).output.security_group_ids.value).toEqual({ "st-server": ST_SERVER });
  });
});

describe("the SecureTransport catalog with IPv6 on", () => {
  test("GIVEN IPv6 and an IPv6 admin address WHEN synthesized THEN egress allows ::/0 too and the admin rule gets a cidr_ipv6 entry", () => {
    const { ingress, egress, realisation } = synthAws(secureTransportSeedTier({ ipv6: true, admin: ["10.20.0.10/32", "2001:db8:20::10/128"] }));
    expect(Object.keys(egress).sort()).toEqual(["st_server_egress_default_all_ipv4", "st_server_egress_default_all_ipv6"]);
    expect(egress.st_server_egress_default_all_ipv6).toEqual(expect.objectContaining({ cidr_ipv6: "::/0", ip_protocol: "-1" }));
    expect(egress.st_server_egress_default_all_ipv6).not.toHaveProperty("from_port");
    expect(ingress.st_server_ingress_st_admin_tool_https_tcp_444_2001_db8_20__10_128).toEqual(
      expect.objectContaining({ cidr_ipv6: "2001:db8:20::10/128", ip_protocol: "tcp", from_port: 444, to_port: 444 }),
    );
    expect(realisation("st-admin-tool-https")?.resources).toHaveLength(2);
    // The denies' `any` now also means ::/0, and still nothing below them is TCP or UDP.
    expect(realisation("st-deny-all-tcp")?.how).toBe("default");
  });
});

describe("GIVEN the whole SecureTransport deployment (every tier)", () => {
  const { groups, ingress, egress, module } = synthAws(secureTransport());
  const policy = loadCatalogFile("catalog/securetransport.yaml");

  test("THEN one security group per role, and every catalog rule is realised in catalog order, each resource belonging to a rule or an egress default", () => {
    expect(Object.keys(groups).sort()).toEqual(["st_db", "st_edge", "st_lb", "st_server", "st_storage"]);
    expect(module.realisations.map((r) => r.ruleId)).toEqual(policy.rules.map((r) => r.id));
    const reported = new Set(module.realisations.flatMap((r) => r.resources));
    const defaults = new Set(module.egressDefaults.flatMap((d) => d.resources));
    for (const id of Object.keys(ingress)) expect(reported.has(`aws_vpc_security_group_ingress_rule.${id}`)).toBe(true);
    for (const id of Object.keys(egress)) expect(reported.has(`aws_vpc_security_group_egress_rule.${id}`) || defaults.has(`aws_vpc_security_group_egress_rule.${id}`)).toBe(true);
  });

  test("THEN the Servers stream to the Edges by group reference, and the Edges admit clients only from the load balancer's group", () => {
    const streaming = Object.values(ingress).filter((r: any) => r.from_port === 20021);
    expect(streaming).toEqual([expect.objectContaining({ security_group_id: "${aws_security_group.st_edge.id}", referenced_security_group_id: "${aws_security_group.st_server.id}" })]);
    const edgeHttps = Object.values(ingress).filter((r: any) => r.security_group_id === "${aws_security_group.st_edge.id}" && r.from_port === 443);
    expect(edgeHttps).toEqual([expect.objectContaining({ referenced_security_group_id: "${aws_security_group.st_lb.id}" })]);
  });
});

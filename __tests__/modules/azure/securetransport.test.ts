/**
 * The SecureTransport catalog as Azure network security groups: the shape of
 * what a reviewer sees, rule by rule, including the overrides of Azure's
 * default rules.
 */
import { secureTransport, secureTransportSeedTier } from "../../support/policies";
import { byPriority, synthAzure } from "./support";

describe("GIVEN the SecureTransport catalog in an IPv4 environment", () => {
  const { json, rules, module } = synthAzure(secureTransportSeedTier());

  test("THEN one ASG and one NSG for the server role, named <prefix>-<env>-<role>, and no inline security_rule", () => {
    expect(json.resource.azurerm_application_security_group).toEqual({
      asg_st_server: { name: "st-dev-st-server", resource_group_name: "rg-fw", location: "westeurope" },
    });
    expect(json.resource.azurerm_network_security_group).toEqual({
      nsg_st_server: { name: "st-dev-st-server", resource_group_name: "rg-fw", location: "westeurope" },
    });
  });

  test("THEN 17 catalog rules become 6 NSG rules plus the two overrides of Azure's defaults, in the catalog's order, and IPv6 outbound denied before the egress default allow (IPv6 is off)", () => {
    expect(byPriority(rules)).toEqual([
      "200 Inbound Allow Tcp 7,22,80,443,7800-7802,8005,8009,8088-8093,9999,20444,44431 asg:asg_st_server -> *",
      "300 Inbound Allow Udp 8088-8093,10022 asg:asg_st_server -> *",
      "400 Inbound Allow Tcp 444 10.20.0.10/32 -> *",
      "500 Inbound Deny Tcp * 0.0.0.0/0 -> *",
      "600 Inbound Deny Udp * 0.0.0.0/0 -> *",
      "700 Inbound Allow Icmp * asg:asg_st_server -> 0.0.0.0/0",
      "4096 Inbound Deny * * * -> *",
      "4095 Outbound Deny * * * -> ::/0",
      "4096 Outbound Allow * * * -> *",
    ]);
  });

  test("THEN names, logical ids and descriptions come from the catalog", () => {
    expect(Object.keys(rules).sort()).toEqual([
      "st_server_default_in_deny_all",
      "st_server_default_out_allow_all",
      "st_server_default_out_deny_ipv6",
      "st_server_in_allow_st_admin_tool_https",
      "st_server_in_allow_st_cluster_cache_tcp",
      "st_server_in_allow_st_cluster_cache_udp",
      "st_server_in_allow_st_icmp_cluster",
      "st_server_in_deny_st_deny_all_tcp",
      "st_server_in_deny_st_deny_all_udp",
    ]);
    const r = rules.st_server_in_allow_st_admin_tool_https;
    expect(r).toEqual({
      name: "in-allow-st-admin-tool-https",
      description: "Administration Tool (HTTPS)",
      access: "Allow",
      direction: "Inbound",
      priority: 400,
      protocol: "Tcp",
      source_port_range: "*",
      destination_port_range: "444",
      source_address_prefix: "10.20.0.10/32",
      destination_address_prefix: "*",
      network_security_group_name: "${azurerm_network_security_group.nsg_st_server.name}",
      resource_group_name: "rg-fw",
    });
    expect(rules.st_server_in_allow_st_cluster_cache_tcp.description).toBe(
      "Catalog securetransport rules st-cluster-cache-tcp, st-snmp, st-cluster-cache-mgmt-tcp, st-cluster-listener, st-tm-jmx, and 6 more",
    );
    for (const body of Object.values<any>(rules)) expect(body.description.length).toBeLessThanOrEqual(140);
  });

  test("THEN every catalog rule is realised, both defaults are reported like AWS's, and the outputs map roles to ids", () => {
    const byId = Object.fromEntries(module.realisations.map((r) => [r.ruleId, r]));
    expect(Object.keys(byId)).toHaveLength(17);
    expect(module.realisations.every((r) => r.how === "rendered" && r.resources.length === 1)).toBe(true);
    expect(byId["st-snmp"].resources).toEqual(["azurerm_network_security_rule.st_server_in_allow_st_cluster_cache_tcp"]);
    expect(byId["st-deny-all-udp"].resources).toEqual(["azurerm_network_security_rule.st_server_in_deny_st_deny_all_udp"]);
    expect(module.ingressDefaults).toEqual([
      expect.objectContaining({
        roleId: "st-server",
        how: "rendered",
        resources: ["azurerm_network_security_rule.st_server_default_in_deny_all"],
        note: expect.stringMatching(/overrides Azure's AllowVnetInBound \(65000\) and AllowAzureLoadBalancerInBound \(65001\)/),
      }),
    ]);
    expect(module.egressDefaults).toEqual([
      expect.objectContaining({
        roleId: "st-server",
        how: "rendered",
        resources: ["azurerm_network_security_rule.st_server_default_out_deny_ipv6", "azurerm_network_security_rule.st_server_default_out_allow_all"],
        note: expect.stringMatching(/AllowVnetOutBound[\s\S]*IPv6 is off/),
      }),
    ]);
    expect(json.output.network_security_group_ids.value).toEqual({ "st-server": "${azurerm_network_security_group.nsg_st_server.id}" });
    expect(json.output.application_security_group_ids.value).toEqual({ "st-server": "${azurerm_application_security_group.asg_st_server.id}" });
  });
});

describe("GIVEN the SecureTransport catalog in a dual-stack environment", () => {
  const { rules } = synthAzure(secureTransportSeedTier({ ipv6: true }));

  test("THEN the deny rows from any are `*` (both families in one rule) and ICMP stays pinned to IPv4", () => {
    expect(byPriority(rules)).toEqual([
      "200 Inbound Allow Tcp 7,22,80,443,7800-7802,8005,8009,8088-8093,9999,20444,44431 asg:asg_st_server -> *",
      "300 Inbound Allow Udp 8088-8093,10022 asg:asg_st_server -> *",
      "400 Inbound Allow Tcp 444 10.20.0.10/32 -> *",
      "500 Inbound Deny Tcp * * -> *",
      "600 Inbound Deny Udp * * -> *",
      "700 Inbound Allow Icmp * asg:asg_st_server -> 0.0.0.0/0",
      "4096 Inbound Deny * * * -> *",
      "4096 Outbound Allow * * * -> *",
    ]);
  });
});

describe("GIVEN the whole SecureTransport deployment (every tier) on Azure", () => {
  const policy = secureTransport();
  const { json, rules, module } = synthAzure(policy);

  test("THEN one NSG and one ASG per role, and every catalog rule is realised in catalog order by security rules that exist", () => {
    const roles = ["st-db", "st-edge", "st-lb", "st-server", "st-storage"];
    expect(
      Object.values(json.resource.azurerm_network_security_group)
        .map((g: any) => g.name)
        .sort(),
    ).toEqual(roles.map((r) => `st-dev-${r}`));
    expect(
      Object.values(json.resource.azurerm_application_security_group)
        .map((g: any) => g.name)
        .sort(),
    ).toEqual(roles.map((r) => `st-dev-${r}`));
    expect(module.realisations.map((r) => r.ruleId)).toEqual(policy.rules.map((r) => r.id));
    for (const r of module.realisations) for (const res of r.resources) expect(Object.keys(rules)).toContain(res.replace("azurerm_network_security_rule.", ""));
  });
});

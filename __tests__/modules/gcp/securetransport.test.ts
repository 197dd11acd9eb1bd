import { synth } from "./fixtures";
import { secureTransportOnGcp, secureTransportSeedTier } from "../../support/policies";

describe("the SecureTransport catalog on GCP", () => {
  const { fw, module } = synth(secureTransportSeedTier());
  const servers = fw.st_dev_in_allow_st_server_from_st_server;
  const admin = fw.st_dev_in_allow_st_server_from_admin_host;
  const denies = fw.st_dev_in_deny_st_server_from_any;

  test("GIVEN its 17 rules THEN 3 firewall resources: servers' allows, the admin host's allow, the two denies", () => {
    expect(Object.keys(fw).sort()).toEqual(["st_dev_in_allow_st_server_from_admin_host", "st_dev_in_allow_st_server_from_st_server", "st_dev_in_deny_st_server_from_any"]);
  });

  test("GIVEN the server-to-server rows THEN they share one resource, each protocol with its own ports", () => {
    expect(servers).toEqual(expect.objectContaining({ direction: "INGRESS", source_tags: ["st-dev-st-server"], target_tags: ["st-dev-st-server"], network: "vpc" }));
    expect(servers.allow).toEqual([
      { protocol: "tcp", ports: ["7", "22", "80", "443", "7800-7802", "8005", "8009", "8088-8093", "9999", "20444", "44431"] },
      { protocol: "udp", ports: ["8088-8093", "10022"] },
      { protocol: "icmp" },
    ]);
    expect(servers).not.toHaveProperty("source_ranges");
  });

  test("GIVEN the admin-host set THEN the Administration host reaches TCP 444 by address", () => {
    expect(admin).toEqual(expect.objectContaining({ source_ranges: ["10.20.0.10/32"], target_tags: ["st-dev-st-server"], allow: [{ protocol: "tcp", ports: ["444"] }] }));
  });

  test("GIVEN the deny rows THEN they are deny rules after every allow they must not cut", () => {
    expect(denies).toEqual(expect.objectContaining({ source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "tcp" }, { protocol: "udp" }] }));
    expect(servers.priority).toBe(3000);
    expect(admin.priority).toBe(5000);
    expect(denies.priority).toBe(7000);
  });

  test("GIVEN every catalog rule THEN it is realised by the resources that carry it", () => {
    const byId = Object.fromEntries(module.realisations.map((r) => [r.ruleId, r]));
    expect(Object.keys(byId)).toHaveLength(17);
    expect(byId["st-snmp"].resources).toEqual(["google_compute_firewall.st_dev_in_allow_st_server_from_st_server"]);
    expect(byId["st-deny-all-udp"].resources).toEqual(["google_compute_firewall.st_dev_in_deny_st_server_from_any"]);
    // IPv4 egress by GCP's implied allow; IPv6 is off in dev, so its egress is denied explicitly
    expect(module.egressDefaults).toEqual([expect.objectContaining({ roleId: "st-server", how: "rendered", resources: ["google_compute_firewall.st_dev_eg_default_deny_st_server_v6"] })]);
    expect(module.networkTags).toEqual({ "st-server": "st-dev-st-server" });
  });

  test("GIVEN IPv6 THEN the denies need a second resource for ::/0 (IPv4 and IPv6 never share a rule): 4 in all", () => {
    const v6 = synth(secureTransportSeedTier({ ipv6: true })).fw;
    expect(Object.keys(v6)).toHaveLength(4);
    expect(v6.st_dev_in_deny_st_server_from_any_v6).toEqual(expect.objectContaining({ source_ranges: ["::/0"], priority: 9000 }));
  });
});

describe("the whole SecureTransport deployment on GCP (every tier)", () => {
  const policy = secureTransportOnGcp();
  const { fw, module } = synth(policy);

  test("GIVEN every catalog rule THEN it is realised, in catalog order, by firewalls that exist; only the source sides the Servers' allow-all egress carries are left out", () => {
    const leftOut = ["st-streaming-out", "st-socks-out", "st-db-access-out", "st-storage-access-out"];
    expect(module.realisations.map((r) => r.ruleId)).toEqual(policy.rules.map((r) => r.id));
    for (const r of module.realisations) {
      expect({ rule: r.ruleId, how: r.how }).toEqual({ rule: r.ruleId, how: leftOut.includes(r.ruleId) ? "inapplicable" : "rendered" });
      for (const res of r.resources) expect(Object.keys(fw)).toContain(res.replace("google_compute_firewall.", ""));
    }
  });

  test("GIVEN the flows between roles THEN ingress names the source's tag, and the egress side names the CIDRs of the destination's network (GCP egress cannot name tags)", () => {
    expect(fw.st_dev_in_allow_st_edge_from_st_server).toEqual(expect.objectContaining({ direction: "INGRESS", source_tags: ["st-dev-st-server"], target_tags: ["st-dev-st-edge"] }));
    expect(fw.st_dev_in_allow_st_edge_from_st_edge).toEqual(expect.objectContaining({ direction: "INGRESS", source_tags: ["st-dev-st-edge"], target_tags: ["st-dev-st-edge"] }));
    expect(fw.st_dev_eg_allow_st_edge_to_st_edge).toEqual(expect.objectContaining({ direction: "EGRESS", destination_ranges: ["10.20.0.0/16", "10.21.0.0/16"], target_tags: ["st-dev-st-edge"] }));
    expect(fw.st_dev_eg_allow_st_lb_to_st_edge).toEqual(expect.objectContaining({ direction: "EGRESS", destination_ranges: ["10.20.0.0/16", "10.21.0.0/16"], target_tags: ["st-dev-st-lb"] }));
  });

  test("GIVEN the Edges' client ports from platform:load-balancer THEN GCP admits them from its load balancers' ranges", () => {
    expect(fw.st_dev_in_allow_st_edge_from_load_balancer).toEqual(
      expect.objectContaining({ direction: "INGRESS", source_ranges: ["35.191.0.0/16", "130.211.0.0/22"], target_tags: ["st-dev-st-edge"] }),
    );
  });
});

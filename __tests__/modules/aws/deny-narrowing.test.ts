/** Denies on an allow-only firewall: realised by the default, by narrowing later allows, or rejected. */
import { allow, DB, deny, synthAws, testPolicy, WEB } from "./fixtures";
import { thrown } from "../../support/thrown";

const cidrsOf = (resources: Record<string, any>) =>
  Object.values(resources)
    .map((r) => r.cidr_ipv4 ?? r.cidr_ipv6)
    .sort();

describe("port arithmetic", () => {
  test("GIVEN deny tcp 22 above allow tcp 1-1000 WHEN synthesized THEN the allow becomes 1-21 and 23-1000", () => {
    const { ingress, realisation } = synthAws(testPolicy([deny("no-ssh", { ports: [22] }), allow("low-ports", { ports: ["1-1000"] })]));
    expect(ingress).toEqual({
      web_ingress_low_ports_tcp_1_21_0_0_0_0_0: expect.objectContaining({ ip_protocol: "tcp", from_port: 1, to_port: 21, cidr_ipv4: "0.0.0.0/0" }),
      web_ingress_low_ports_tcp_23_1000_0_0_0_0_0: expect.objectContaining({ ip_protocol: "tcp", from_port: 23, to_port: 1000, cidr_ipv4: "0.0.0.0/0" }),
    });
    expect(ingress.web_ingress_low_ports_tcp_1_21_0_0_0_0_0.tags).toEqual({ "catalog-narrowed-by": "no-ssh", "catalog-role": "web", "catalog-rule": "low-ports" });
    expect(realisation("low-ports")).toEqual({
      ruleId: "low-ports",
      how: "narrowed",
      resources: ["aws_vpc_security_group_ingress_rule.web_ingress_low_ports_tcp_1_21_0_0_0_0_0", "aws_vpc_security_group_ingress_rule.web_ingress_low_ports_tcp_23_1000_0_0_0_0_0"],
      note: '2 ingress rules on security group st-test-web, without what deny rule(s) "no-ssh" cut out',
    });
    expect(realisation("no-ssh")).toEqual({ ruleId: "no-ssh", how: "default", resources: [], note: `realised by AWS's implicit deny, with rule "low-ports" narrowed to leave it out` });
  });

  test("GIVEN two denies above one allow THEN both are cut out, and both are named", () => {
    const { ingress, realisation } = synthAws(testPolicy([deny("no-22", { ports: [22] }), deny("no-80", { ports: [80] }), allow("low", { ports: ["1-1000"] })]));
    expect(
      Object.values(ingress)
        .map((r) => `${r.from_port}-${r.to_port}`)
        .sort(),
    ).toEqual(["1-21", "23-79", "81-1000"]);
    expect(realisation("low")?.note).toMatch(/deny rule\(s\) "no-22", "no-80" cut out/);
  });

  test("GIVEN a deny BELOW an allow THEN the allow is rendered whole (the first match decides) and the deny restates the default", () => {
    const { ingress, realisation } = synthAws(testPolicy([allow("https"), deny("no-https")]));
    expect(Object.keys(ingress)).toEqual(["web_ingress_https_tcp_443_0_0_0_0_0"]);
    expect(realisation("https")?.how).toBe("rendered");
    expect(realisation("no-https")?.note).toBe("deny restates the default: AWS security groups deny what no rule allows");
  });

  test("GIVEN a deny on the same role above a role allow THEN the group reference is narrowed by ports", () => {
    const { ingress } = synthAws(testPolicy([deny("no-ssh-between", { peer: "role:web", ports: [22] }), allow("web-admin", { peer: "role:web", ports: ["1-1000"] })]));
    expect(ingress).toEqual({
      web_ingress_web_admin_tcp_1_21_self: expect.objectContaining({ referenced_security_group_id: WEB, from_port: 1, to_port: 21 }),
      web_ingress_web_admin_tcp_23_1000_self: expect.objectContaining({ referenced_security_group_id: WEB, from_port: 23, to_port: 1000 }),
    });
  });

  test("GIVEN a deny from any (every address of every family in use) above an allow from another group THEN the group reference is narrowed", () => {
    const v4 = synthAws(testPolicy([deny("no-ssh", { ports: [22] }), allow("db-admin", { peer: "role:db", ports: ["20-25"] })]));
    expect(Object.keys(v4.ingress).sort()).toEqual(["web_ingress_db_admin_tcp_20_21_sg_db", "web_ingress_db_admin_tcp_23_25_sg_db"]);
    expect(v4.ingress.web_ingress_db_admin_tcp_20_21_sg_db.referenced_security_group_id).toBe(DB);
    const v6 = synthAws(testPolicy([deny("no-ssh", { ports: [22] }), allow("db-admin", { peer: "role:db", ports: ["20-25"] })], { ipv6: true }));
    expect(Object.keys(v6.ingress).sort()).toEqual(["web_ingress_db_admin_tcp_20_21_sg_db", "web_ingress_db_admin_tcp_23_25_sg_db"]);
  });
});

describe("address arithmetic", () => {
  test("GIVEN deny tcp 22 from a /24 above allow tcp 22-23 from its /22 THEN the rest of the /22 keeps 22-23 and the /24 keeps 23", () => {
    const { ingress } = synthAws(testPolicy([deny("no-lab-ssh", { peer: "10.1.2.0/24", ports: [22] }), allow("office-ssh", { peer: "10.1.0.0/22", ports: ["22-23"] })]));
    expect(Object.keys(ingress).sort()).toEqual(["web_ingress_office_ssh_tcp_22_23_10_1_0_0_23", "web_ingress_office_ssh_tcp_22_23_10_1_3_0_24", "web_ingress_office_ssh_tcp_23_10_1_2_0_24"]);
    expect(ingress.web_ingress_office_ssh_tcp_23_10_1_2_0_24).toEqual(expect.objectContaining({ cidr_ipv4: "10.1.2.0/24", from_port: 23, to_port: 23 }));
  });

  test("GIVEN a deny of every protocol from a /24 above an allow from its /16 THEN the /16 minus the /24 is allowed, as 8 CIDRs", () => {
    const { ingress, realisation } = synthAws(testPolicy([deny("quarantine", { peer: "10.1.2.0/24", protocol: "all", ports: undefined }), allow("office-https", { peer: "set:office" })]));
    expect(cidrsOf(ingress)).toEqual(["10.1.0.0/23", "10.1.128.0/17", "10.1.16.0/20", "10.1.3.0/24", "10.1.32.0/19", "10.1.4.0/22", "10.1.64.0/18", "10.1.8.0/21"].sort());
    expect(realisation("office-https")?.how).toBe("narrowed");
  });

  test("GIVEN an egress deny to one host above an egress allow to its /24 THEN the /24 minus the host is allowed", () => {
    const { egress } = synthAws(
      testPolicy([deny("no-relay", { direction: "egress", peer: "10.0.0.25/32", ports: [25] }), allow("smtp-out", { direction: "egress", peer: "10.0.0.0/24", ports: [25] })]),
    );
    expect(cidrsOf(egress)).toEqual(["10.0.0.0/28", "10.0.0.16/29", "10.0.0.24/32", "10.0.0.26/31", "10.0.0.28/30", "10.0.0.32/27", "10.0.0.64/26", "10.0.0.128/25"].sort());
  });
});

describe("shadowed allows", () => {
  test("GIVEN deny all TCP above allow tcp 443 THEN nothing is rendered and the allow is reported shadowed, naming the deny", () => {
    const { ingress, realisation } = synthAws(testPolicy([deny("no-tcp", { ports: "all" }), allow("office-https", { peer: "set:office" })]));
    expect(ingress).toEqual({});
    expect(realisation("office-https")).toEqual({
      ruleId: "office-https",
      how: "shadowed",
      resources: [],
      note: 'fully cut away by earlier deny rule(s) "no-tcp": nothing to render',
    });
  });

  test("GIVEN deny of protocol all above an allow of one protocol THEN the allow is cut whole", () => {
    const { ingress, realisation } = synthAws(
      testPolicy([deny("nothing-from-db", { peer: "role:db", protocol: "all", ports: undefined }), allow("db-icmp", { peer: "role:db", protocol: "icmp", ports: undefined })]),
    );
    expect(ingress).toEqual({});
    expect(realisation("db-icmp")?.how).toBe("shadowed");
  });
});

describe("what AWS cannot express is an error naming both rules", () => {
  test("GIVEN a CIDR deny above an allow from a group THEN the group's members are unknown, so the cut is impossible", () => {
    expect(thrown(() => synthAws(testPolicy([deny("no-office", { peer: "set:office" }), allow("from-db", { peer: "role:db" })])))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_DENY_INEXPRESSIBLE"],
    });
  });

  test("GIVEN a group deny above an allow from addresses THEN the group's addresses are unknown, so the cut is impossible", () => {
    expect(thrown(() => synthAws(testPolicy([deny("no-db", { peer: "role:db" }), allow("office-https", { peer: "set:office" })])))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_DENY_INEXPRESSIBLE"],
    });
  });

  test("GIVEN IPv6 on and a deny from 0.0.0.0/0 only THEN a group reference (which covers both families) cannot be narrowed", () => {
    expect(thrown(() => synthAws(testPolicy([deny("no-v4-ssh", { peer: "0.0.0.0/0", ports: [22] }), allow("db-admin", { peer: "role:db", ports: ["20-25"] })], { ipv6: true })))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_DENY_INEXPRESSIBLE"],
    });
  });

  test("GIVEN deny tcp above an allow of every protocol THEN 'every protocol but tcp' is not expressible", () => {
    expect(thrown(() => synthAws(testPolicy([deny("no-tcp", { ports: "all" }), allow("everything", { protocol: "all", ports: undefined })])))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_DENY_INEXPRESSIBLE"],
    });
  });

  test("GIVEN the same inexpressible pair but with traffic that does not overlap THEN there is nothing to cut and no error", () => {
    const { ingress } = synthAws(testPolicy([deny("no-db-ssh", { peer: "role:db", ports: [22] }), allow("office-https", { peer: "set:office", ports: [443] })]));
    expect(Object.keys(ingress)).toEqual(["web_ingress_office_https_tcp_443_10_1_0_0_16"]);
  });
});

describe("egress denies and the role's egress default", () => {
  test("GIVEN egress default allow and a deny of everything to 10.0.0.0/8 THEN allow-all is rendered for 0.0.0.0/0 minus 10.0.0.0/8", () => {
    const { egress, realisation, module } = synthAws(
      testPolicy([deny("no-internal", { direction: "egress", peer: "10.0.0.0/8", protocol: "all", ports: undefined })], { egressDefault: "allow", ipv6: true }),
    );
    expect(Object.keys(egress).sort()).toEqual(
      [
        "web_egress_default_all_0_0_0_0_5",
        "web_egress_default_all_8_0_0_0_7",
        "web_egress_default_all_11_0_0_0_8",
        "web_egress_default_all_12_0_0_0_6",
        "web_egress_default_all_16_0_0_0_4",
        "web_egress_default_all_32_0_0_0_3",
        "web_egress_default_all_64_0_0_0_2",
        "web_egress_default_all_128_0_0_0_1",
        "web_egress_default_all_ipv6",
      ].sort(),
    );
    expect(egress.web_egress_default_all_0_0_0_0_5).toEqual(expect.objectContaining({ ip_protocol: "-1", security_group_id: WEB }));
    expect(egress.web_egress_default_all_ipv6.tags).toEqual({ "catalog-egress-default": "allow", "catalog-role": "web" });
    expect(realisation("no-internal")?.note).toBe(`realised by AWS's implicit deny, with the egress default (allow) of role "web" narrowed to leave it out`);
    expect(module.egressDefaults.find((e) => e.roleId === "web")).toEqual(
      expect.objectContaining({ how: "narrowed", note: `allow-all egress rendered as 9 rules, since Terraform removes AWS's own, without what deny rule(s) "no-internal" cut out` }),
    );
    expect(module.egressDefaults.find((e) => e.roleId === "db")).toEqual({
      roleId: "db",
      how: "default",
      resources: [],
      note: "Terraform-managed security groups deny egress that no rule allows",
    });
  });

  test("GIVEN egress default allow and a deny of every protocol to any THEN no egress rule at all is rendered", () => {
    const { egress, realisation, module } = synthAws(testPolicy([deny("no-egress", { direction: "egress", protocol: "all", ports: undefined })], { egressDefault: "allow" }));
    expect(egress).toEqual({});
    expect(realisation("no-egress")?.how).toBe("default");
    expect(module.egressDefaults[0]).toEqual({
      roleId: "web",
      how: "narrowed",
      resources: [],
      note: `deny rule(s) "no-egress" cut all of it away: no egress is allowed beyond the catalog's rules`,
    });
  });

  test("GIVEN egress default allow and a deny of tcp 25 THEN 'everything but tcp 25' is not expressible: error with what to do", () => {
    expect(thrown(() => synthAws(testPolicy([deny("no-smtp", { direction: "egress", ports: [25] })], { egressDefault: "allow" })))).toEqual({
      error: "SynthesisError",
      codes: ["AWS_DENY_INEXPRESSIBLE"],
    });
  });

  test("GIVEN egress default deny THEN an egress deny restates the default and no egress rule is rendered", () => {
    const { egress, realisation } = synthAws(testPolicy([deny("no-smtp", { direction: "egress", ports: [25] })]));
    expect(egress).toEqual({});
    expect(realisation("no-smtp")?.note).toMatch(/deny restates the default/);
  });
});

/** How each kind of peer and protocol becomes an AWS rule entry. */
import { allow, DB, synthAws, testPolicy, WEB } from "./fixtures";
import { thrown } from "../../support/thrown";

describe("peers", () => {
  test("GIVEN a rule from any WHEN IPv6 is off THEN only 0.0.0.0/0; WHEN on THEN also ::/0", () => {
    const v4 = synthAws(testPolicy([allow("https")]));
    expect(v4.ingress).toEqual({
      web_ingress_https_tcp_443_0_0_0_0_0: {
        security_group_id: WEB,
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: "rule https",
        tags: { "catalog-role": "web", "catalog-rule": "https" },
      },
    });
    const v6 = synthAws(testPolicy([allow("https")], { ipv6: true }));
    expect(Object.keys(v6.ingress).sort()).toEqual(["web_ingress_https_tcp_443_0_0_0_0_0", "web_ingress_https_tcp_443____0"]);
    expect(v6.ingress.web_ingress_https_tcp_443____0).toEqual(expect.objectContaining({ cidr_ipv6: "::/0" }));
    expect(v6.ingress.web_ingress_https_tcp_443____0).not.toHaveProperty("cidr_ipv4");
  });

  test("GIVEN a rule from another role THEN it references that role's group", () => {
    const { ingress } = synthAws(testPolicy([allow("from-db", { peer: "role:db", ports: [8080] })]));
    expect(ingress.web_ingress_from_db_tcp_8080_sg_db).toEqual(expect.objectContaining({ security_group_id: WEB, referenced_security_group_id: DB }));
    expect(ingress.web_ingress_from_db_tcp_8080_sg_db).not.toHaveProperty("cidr_ipv4");
  });

  test("GIVEN an address set of IPv4 and IPv6 networks and two ports THEN one entry per CIDR and port, in the right family", () => {
    const { ingress, realisation } = synthAws(testPolicy([allow("from-office", { peer: "set:office", ports: [80, 443] })], { addressSets: { office: ["10.1.0.0/16", "2001:db8::/48"] } }));
    expect(Object.keys(ingress).sort()).toEqual([
      "web_ingress_from_office_tcp_443_10_1_0_0_16",
      "web_ingress_from_office_tcp_443_2001_db8___48",
      "web_ingress_from_office_tcp_80_10_1_0_0_16",
      "web_ingress_from_office_tcp_80_2001_db8___48",
    ]);
    expect(ingress.web_ingress_from_office_tcp_80_2001_db8___48).toEqual(expect.objectContaining({ cidr_ipv6: "2001:db8::/48", from_port: 80, to_port: 80 }));
    expect(realisation("from-office")?.resources).toHaveLength(4);
  });

  test("GIVEN a role the environment binds to addresses THEN it gets no group and rules from it use those addresses", () => {
    const { groups, ingress } = synthAws(testPolicy([allow("from-db", { peer: "role:db" })], { roleAddresses: { db: ["192.168.7.0/24"] } }));
    expect(Object.keys(groups)).toEqual(["web"]);
    expect(ingress.web_ingress_from_db_tcp_443_192_168_7_0_24.cidr_ipv4).toBe("192.168.7.0/24");
  });
});

describe("protocols", () => {
  const one = (fields: Parameters<typeof allow>[1]) => Object.values(synthAws(testPolicy([allow("r", fields)])).ingress)[0];

  test("GIVEN tcp ports all THEN 0-65535", () => {
    expect(one({ ports: "all" })).toEqual(expect.objectContaining({ ip_protocol: "tcp", from_port: 0, to_port: 65535 }));
  });

  test("GIVEN udp ports THEN it keeps its own ports (never another protocol's)", () => {
    expect(one({ protocol: "udp", ports: ["8088-8093"] })).toEqual(expect.objectContaining({ ip_protocol: "udp", from_port: 8088, to_port: 8093 }));
  });

  test("GIVEN icmp and icmpv6 THEN every type and code: ports -1", () => {
    expect(one({ protocol: "icmp", ports: undefined })).toEqual(expect.objectContaining({ ip_protocol: "icmp", from_port: -1, to_port: -1 }));
    const v6 = Object.values(synthAws(testPolicy([allow("r", { protocol: "icmpv6", ports: undefined })], { ipv6: true })).ingress);
    expect(v6).toEqual([expect.objectContaining({ ip_protocol: "icmpv6", from_port: -1, to_port: -1 })]);
  });

  test("GIVEN icmp and icmpv6 from any THEN IPv4 only and IPv6 only: no entry that could never match", () => {
    const { ingress } = synthAws(testPolicy([allow("ping", { protocol: "icmp", ports: undefined }), allow("ping6", { protocol: "icmpv6", ports: undefined })], { ipv6: true }));
    expect(
      Object.values(ingress)
        .map((e: any) => [e.ip_protocol, e.cidr_ipv4 ?? e.cidr_ipv6])
        .sort(),
    ).toEqual([
      ["icmp", "0.0.0.0/0"],
      ["icmpv6", "::/0"],
    ]);
  });

  test("GIVEN icmpv6 in an environment without IPv6 THEN nothing is rendered and the rule is reported as inapplicable, with the reason", () => {
    const { ingress, realisation } = synthAws(testPolicy([allow("ping6", { protocol: "icmpv6", ports: undefined })]));
    expect(ingress).toEqual({});
    expect(realisation("ping6")).toEqual({
      ruleId: "ping6",
      resources: [],
      how: "inapplicable",
      note: expect.stringMatching(/^ICMPv6 travels only over IPv6, and the rule's peer has no IPv6 network in environment "test"/),
    });
  });

  test("GIVEN protocol all THEN -1 without ports", () => {
    const all = one({ protocol: "all", ports: undefined });
    expect(all.ip_protocol).toBe("-1");
    expect(all).not.toHaveProperty("from_port");
    expect(all).not.toHaveProperty("to_port");
  });

  test("GIVEN another protocol number THEN that number, without ports", () => {
    const { ingress } = synthAws(testPolicy([allow("gre", { protocol: 47, ports: undefined })]));
    expect(ingress.web_ingress_gre_proto47_0_0_0_0_0).toEqual(expect.objectContaining({ ip_protocol: "47" }));
    expect(ingress.web_ingress_gre_proto47_0_0_0_0_0).not.toHaveProperty("from_port");
  });

  test("GIVEN sctp on all ports THEN protocol 132 without ports", () => {
    const { ingress } = synthAws(testPolicy([allow("sctp", { protocol: "sctp", ports: "all" })]));
    expect(ingress.web_ingress_sctp_sctp_0_0_0_0_0).toEqual(expect.objectContaining({ ip_protocol: "132" }));
    expect(ingress.web_ingress_sctp_sctp_0_0_0_0_0).not.toHaveProperty("from_port");
  });

  test("GIVEN sctp on some ports THEN an error: AWS ignores ports for SCTP and would open them all", () => {
    expect(thrown(() => synthAws(testPolicy([allow("diameter", { protocol: "sctp", ports: [3868] })])))).toEqual({ error: "SynthesisError", codes: ["AWS_SCTP_PORTS"] });
  });
});

describe("directions and duplicates", () => {
  test("GIVEN an egress allow and egress default deny THEN one egress rule and no allow-all", () => {
    const { egress, ingress } = synthAws(testPolicy([allow("dns", { direction: "egress", peer: "10.0.0.2/32", protocol: "udp", ports: [53] })]));
    expect(ingress).toEqual({});
    expect(egress).toEqual({
      web_egress_dns_udp_53_10_0_0_2_32: expect.objectContaining({ security_group_id: WEB, cidr_ipv4: "10.0.0.2/32", ip_protocol: "udp", from_port: 53, to_port: 53 }),
    });
  });

  test("GIVEN two rules with an identical entry THEN it is rendered once (AWS rejects duplicates) and both rules report it", () => {
    const { ingress, realisation } = synthAws(testPolicy([allow("https"), allow("web-and-admin", { ports: [443, 8443] })]));
    expect(Object.keys(ingress).sort()).toEqual(["web_ingress_https_tcp_443_0_0_0_0_0", "web_ingress_web_and_admin_tcp_8443_0_0_0_0_0"]);
    expect(realisation("web-and-admin")).toEqual({
      ruleId: "web-and-admin",
      how: "rendered",
      resources: ["aws_vpc_security_group_ingress_rule.web_ingress_https_tcp_443_0_0_0_0_0", "aws_vpc_security_group_ingress_rule.web_ingress_web_and_admin_tcp_8443_0_0_0_0_0"],
      note: "2 ingress rules on security group st-test-web (some shared with an earlier rule, as AWS rejects duplicate rules)",
    });
  });

  test("GIVEN rules of two roles THEN each lands in its own group", () => {
    const { groups, ingress } = synthAws(testPolicy([allow("https"), allow("sql", { target: "db", peer: "role:web", ports: [5432] })]));
    expect(Object.keys(groups).sort()).toEqual(["db", "web"]);
    expect(ingress.db_ingress_sql_tcp_5432_sg_web).toEqual(expect.objectContaining({ security_group_id: DB, referenced_security_group_id: WEB }));
  });
});

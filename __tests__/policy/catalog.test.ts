import { bindPolicy, ConfigError, decide, definePolicy, loadCatalogFile, parseCatalog, CatalogDocument } from "../../policy";

const FILE = "catalog/test.yaml";

/** A valid one-rule catalog; tests change one thing in it. */
function catalogYaml(rule: string, extra = ""): string {
  return `name: test
description: test catalog
roles:
  - id: web
    description: web servers
    egressDefault: deny
addressSets:
  - id: office
    description: office networks
${extra}rules:
${rule}`;
}

const GOOD_RULE = `  - id: web-https
    target: web
    direction: ingress
    action: allow
    peer: set:office
    protocol: tcp
    ports: [443]
    description: HTTPS from the office
`;

function errorOf(text: string): ConfigError {
  try {
    parseCatalog(text, FILE);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected the catalog to be rejected");
}

describe("SecureTransport catalog", () => {
  const policy = loadCatalogFile("catalog/securetransport.yaml");

  test("holds the note's two rules, then all 15 seed rows in the seed's order", () => {
    // GIVEN the seed table rows, in order (protocol, ports, peer, description)
    const seedRows = [
      ["tcp", "80", "role:st-server", "SNMP"],
      ["tcp", "443", "role:st-server", "Cluster cache management"],
      ["udp", "10022", "role:st-server", "Cluster cache management"],
      ["tcp", "444", "set:admin-host", "Administration Tool (HTTPS)"],
      ["tcp", "44431", "role:st-server", "Cluster Listener"],
      ["tcp", "9999", "role:st-server", "TM JMX Port"],
      ["tcp", "22", "role:st-server", "SSH for Administration"],
      ["tcp", "8005", "role:st-server", "Tomcat shutdown port"],
      ["tcp", "8009", "role:st-server", "Tomcat JK connector"],
      ["tcp", "20444", "role:st-server", "Administration Tool"],
      ["tcp", "7", "role:st-server", "Coherence"],
      ["tcp", "7800-7802", "role:st-server", "Hibernate second-level cache"],
      ["tcp", "all", "any", "Deny all TCP Traffic"],
      ["udp", "all", "any", "Deny all UDP traffic"],
      ["icmp", "", "role:st-server", "Allow all ICMP traffic for Cluster communication"],
    ];
    // WHEN the catalog is loaded
    const rows = policy.rules.map((r) => [
      String(r.protocol),
      r.ports.map((p) => (p.from === 0 && p.to === 65535 ? "all" : p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(","),
      r.peer.kind === "role" ? `role:${r.peer.role}` : r.peer.kind === "addressSet" ? `set:${r.peer.name}` : r.peer.kind,
      r.description,
    ]);
    // THEN the note comes first (TCP and UDP 8088-8093 between servers), then the seed rows
    expect(rows.slice(0, 2)).toEqual([
      ["tcp", "8088-8093", "role:st-server", "Enterprise cluster cache (TCP) between servers"],
      ["udp", "8088-8093", "role:st-server", "Enterprise cluster cache (UDP) between servers"],
    ]);
    expect(rows.slice(2)).toEqual(seedRows);
    policy.rules.slice(2).forEach((r, i) => expect(r.origin).toMatch(new RegExp(`table row ${i + 1}\\b`)));
    expect(policy.rules.slice(0, 2).every((r) => /note above the table/.test(r.origin ?? ""))).toBe(true);
  });

  test("only the two seed deny rows deny, and all rules target the servers on ingress", () => {
    expect(policy.rules.filter((r) => r.action === "deny").map((r) => r.id)).toEqual(["st-deny-all-tcp", "st-deny-all-udp"]);
    expect(new Set(policy.rules.map((r) => `${r.target}/${r.direction}`))).toEqual(new Set(["st-server/ingress"]));
  });

  test("rule locations point into the catalog file", () => {
    const snmp = policy.rules.find((r) => r.id === "st-snmp")!;
    expect(snmp.location).toEqual(expect.objectContaining({ file: "catalog/securetransport.yaml" }));
    expect(snmp.location!.line).toBeGreaterThan(1);
  });
});

describe("normalisation", () => {
  test("ports are sorted and merged, CIDRs canonical", () => {
    const p = definePolicy({
      name: "n",
      description: "n",
      roles: [{ id: "web", description: "w", egressDefault: "deny" }],
      rules: [
        { id: "r1", target: "web", direction: "ingress", action: "allow", peer: "2001:DB8:0:0::/32", protocol: "tcp", ports: [443, "80-90", 85, 91], description: "x" },
      ],
    });
    expect(p.rules[0].ports).toEqual([
      { from: 80, to: 91 },
      { from: 443, to: 443 },
    ]);
    expect(p.rules[0].peer).toEqual({ kind: "cidr", cidr: "2001:db8::/32" });
  });

  test("binding canonicalises and de-duplicates address sets and expands any per IP family", () => {
    const p = parseCatalog(catalogYaml(GOOD_RULE), FILE);
    const b = bindPolicy(p, { environment: "dev", addressSets: { office: ["10.0.0.5", "10.0.0.5/32", "192.168.0.0/16"] }, ipv6: false });
    expect(b.rules[0].peers).toEqual([
      { kind: "cidr", cidr: "10.0.0.5/32", family: 4 },
      { kind: "cidr", cidr: "192.168.0.0/16", family: 4 },
    ]);
  });
});

describe("ICMP and ICMPv6 keep to their address family at binding", () => {
  const icmp = (protocol: string) => catalogYaml(GOOD_RULE.replace("protocol: tcp", `protocol: ${protocol}`).replace("    ports: [443]\n", ""));
  const dualStack = { office: ["10.0.0.0/8", "2001:db8::/32"] };

  test("an address set of both families keeps only the protocol's networks", () => {
    expect(bindPolicy(parseCatalog(icmp("icmp"), FILE), { environment: "dev", addressSets: dualStack, ipv6: true }).rules[0].peers).toEqual([{ kind: "cidr", cidr: "10.0.0.0/8", family: 4 }]);
    expect(bindPolicy(parseCatalog(icmp("icmpv6"), FILE), { environment: "dev", addressSets: dualStack, ipv6: true }).rules[0].peers).toEqual([{ kind: "cidr", cidr: "2001:db8::/32", family: 6 }]);
  });

  test("a rule left with no network of its family matches nothing in that environment and says why", () => {
    const b = bindPolicy(parseCatalog(icmp("icmpv6"), FILE), { environment: "dev", addressSets: { office: ["10.0.0.0/8"] }, ipv6: false });
    expect(b.rules[0].peers).toEqual([]);
    expect(b.rules[0].inapplicable).toBe('ICMPv6 travels only over IPv6, and the rule\'s peer has no IPv6 network in environment "dev": it matches no traffic here');
    expect(decide(b, { direction: "ingress", target: "web", protocol: 58, peer: { kind: "address", address: "10.1.1.1", family: 4 } }).rule).toBeUndefined();
  });

  test("tcp keeps both families", () => {
    expect(bindPolicy(parseCatalog(catalogYaml(GOOD_RULE), FILE), { environment: "dev", addressSets: dualStack, ipv6: true }).rules[0].peers).toHaveLength(2);
  });
});

describe("bad input is rejected with file, line, column, rule and what to do", () => {
  const cases: [string, string, RegExp][] = [
    ["YAML syntax error", catalogYaml(GOOD_RULE.replace("ports: [443]", "ports: [443")), /^catalog\/test\.yaml:\d+:\d+: YAML syntax error: .*Fix the YAML syntax/],
    ["unknown field", catalogYaml(GOOD_RULE.replace("protocol: tcp", "protocol: tcp\n    prot: udp")), /catalog\/test\.yaml:17:5: rule "web-https": unknown field "prot"\. Remove it or use one of: id, target/],
    ["unknown role", catalogYaml(GOOD_RULE.replace("target: web", "target: db")), /catalog\/test\.yaml:12:13: rule "web-https": unknown target role "db"\. Declare it under roles/],
    ["unknown peer role", catalogYaml(GOOD_RULE.replace("peer: set:office", "peer: role:db")), /test\.yaml:15:11: rule "web-https": unknown role "db"/],
    ["unknown address set", catalogYaml(GOOD_RULE.replace("set:office", "set:home")), /test\.yaml:15:11: rule "web-https": unknown address set "home"\. Declare it under addressSets, or use one of: office/],
    ["duplicate rule id", catalogYaml(GOOD_RULE + GOOD_RULE), /test\.yaml:19:9: rule "web-https": duplicate rule id\. Rule ids must be unique \(first used at line 11\)/],
    ["port above 65535", catalogYaml(GOOD_RULE.replace("[443]", "[70000]")), /test\.yaml:17:13: rule "web-https": port 70000 is outside 1-65535/],
    ["port 0", catalogYaml(GOOD_RULE.replace("[443]", "[0]")), /rule "web-https": port 0 is outside 1-65535/],
    ["reversed range", catalogYaml(GOOD_RULE.replace("[443]", "[7802-7800]")), /test\.yaml:17:13: rule "web-https": port range 7802-7800 is reversed\. Write 7800-7802/],
    ["ports for icmp", catalogYaml(GOOD_RULE.replace("protocol: tcp", "protocol: icmp")), /test\.yaml:17:12: rule "web-https": ports are given for protocol icmp, which has no ports\. Remove ports/],
    ["ports for all", catalogYaml(GOOD_RULE.replace("protocol: tcp", "protocol: all")), /rule "web-https": ports are given for protocol all/],
    ["tcp without ports", catalogYaml(GOOD_RULE.replace("    ports: [443]\n", "")), /rule "web-https": tcp rule has no ports\. Add "ports"/],
    ["unknown protocol", catalogYaml(GOOD_RULE.replace("protocol: tcp", "protocol: tpc")), /test\.yaml:16:15: rule "web-https": unknown protocol "tpc"\. Use one of tcp, udp, sctp, icmp, icmpv6, all/],
    ["SSH as protocol", catalogYaml(GOOD_RULE.replace("protocol: tcp", "protocol: SSH")), /unknown protocol "SSH"\. SSH is TCP/],
    ["invalid CIDR", catalogYaml(GOOD_RULE.replace("set:office", "10.0.0.0/33")), /test\.yaml:15:11: rule "web-https": invalid peer: "10\.0\.0\.0\/33" is not/],
    ["host bits set", catalogYaml(GOOD_RULE.replace("set:office", "10.1.2.3/16")), /test\.yaml:15:11: rule "web-https": CIDR "10\.1\.2\.3\/16" has host bits set\. Write the network address: 10\.1\.0\.0\/16/],
    ["missing description", catalogYaml(GOOD_RULE.replace("    description: HTTPS from the office\n", "")), /test\.yaml:11:5: rule "web-https": missing required field "description"/],
    ["empty description", catalogYaml(GOOD_RULE.replace("description: HTTPS from the office", 'description: ""')), /rule "web-https": "description" must not be empty/],
    ["missing egress default", catalogYaml(GOOD_RULE).replace("    egressDefault: deny\n", ""), /test\.yaml:4:5: role "web": missing required field "egressDefault"/],
    ["ICMP from an IPv6 network", catalogYaml(GOOD_RULE.replace("set:office", "2001:db8::/32").replace("protocol: tcp", "protocol: icmp").replace("    ports: [443]\n", "")), /test\.yaml:16:15: rule "web-https": ICMP travels only over IPv4, so it can never come from the IPv6 network 2001:db8::\/32\. Use protocol icmpv6/],
    ["ICMPv6 from an IPv4 network", catalogYaml(GOOD_RULE.replace("set:office", "10.0.0.0/8").replace("protocol: tcp", "protocol: icmpv6").replace("    ports: [443]\n", "")), /rule "web-https": ICMPv6 travels only over IPv6, so it can never come from the IPv4 network 10\.0\.0\.0\/8\. Use protocol icmp/],
  ];
  test.each(cases)("%s", (_name, text, expected) => {
    expect(() => parseCatalog(text, FILE)).toThrow(ConfigError);
    expect(errorOf(text).message).toMatch(expected);
  });

  test("every problem is reported at once", () => {
    const text = catalogYaml(GOOD_RULE.replace("[443]", "[70000, 9-8]").replace("target: web", "target: db"));
    expect(errorOf(text).problems).toHaveLength(3);
  });

  test("an address set that an environment leaves unbound fails at binding, naming the environment", () => {
    const p = parseCatalog(catalogYaml(GOOD_RULE), FILE);
    expect(() => bindPolicy(p, { environment: "staging", file: "environments/staging.yaml", addressSets: {}, ipv6: false })).toThrow(
      /catalog\/test\.yaml:11:5: environment "staging", rule "web-https": address set "office" is not bound\. Add addressSets\.office \(a list of CIDRs\) in environments\/staging\.yaml/,
    );
  });

  test("a bound address with host bits is rejected with the canonical network", () => {
    const p = parseCatalog(catalogYaml(GOOD_RULE), FILE);
    expect(() => bindPolicy(p, { environment: "dev", addressSets: { office: ["10.1.2.3/8"] }, ipv6: false })).toThrow(
      /environment "dev": address set "office": CIDR "10\.1\.2\.3\/8" has host bits set\. Write the network address 10\.0\.0\.0\/8/,
    );
  });

  test("a catalog built in code gets the same checks", () => {
    const doc: CatalogDocument = {
      name: "code",
      description: "built in code",
      roles: [{ id: "web", description: "w", egressDefault: "deny" }],
      rules: [{ id: "r", target: "web", direction: "ingress", action: "allow", peer: "any", protocol: "icmp", ports: [1], description: "d" }],
    };
    expect(() => definePolicy(doc)).toThrow(/rule "r": ports are given for protocol icmp/);
  });
});

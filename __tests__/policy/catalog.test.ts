import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { bindPolicy, ConfigError, decide, definePolicy, formatProblem, loadCatalogFile, parseCatalog, CatalogDocument } from "../../policy";
import { thrown } from "../support/thrown";
import { isSeedRule } from "../support/policies";

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

  test("GIVEN the SecureTransport catalog THEN it starts with the note's two rules, then all 15 seed rows in the seed's order", () => {
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
    expect(rows.slice(2, 2 + seedRows.length)).toEqual(seedRows);
    policy.rules.slice(2, 2 + seedRows.length).forEach((r, i) => expect(r.origin).toMatch(new RegExp(`table row ${i + 1}\\b`)));
    expect(policy.rules.slice(0, 2).every((r) => /note above the table/.test(r.origin ?? ""))).toBe(true);
    // AND no rule after them comes from the seed: the other tiers are additions
    expect(policy.rules.slice(2 + seedRows.length).filter(isSeedRule)).toEqual([]);
  });

  test("GIVEN the SecureTransport catalog THEN only the two seed deny rows deny, and the seed's rules all target the servers on ingress", () => {
    expect(policy.rules.filter((r) => r.action === "deny").map((r) => r.id)).toEqual(["st-deny-all-tcp", "st-deny-all-udp"]);
    const seed = policy.rules.filter(isSeedRule);
    expect(seed).toHaveLength(17);
    expect(new Set(seed.map((r) => `${r.target}/${r.direction}`))).toEqual(new Set(["st-server/ingress"]));
  });

  test("GIVEN the SecureTransport catalog THEN it holds the whole deployment: five roles, the bound address sets and services, and every added rule cites a vendor table", () => {
    expect(policy.roles.map((r) => r.id)).toEqual(["st-server", "st-lb", "st-edge", "st-db", "st-storage"]);
    expect(policy.addressSets.map((s) => s.id)).toEqual(expect.arrayContaining(["admin-host", "partners", "ldap", "smtp", "snmp-managers", "siteminder", "icap", "sentinel"]));
    expect((policy.services ?? []).map((s) => s.id)).toEqual(expect.arrayContaining(["ftp-passive", "as2", "pesit", "partner-as2", "partner-pesit", "database"]));
    const added = policy.rules.filter((r) => !isSeedRule(r));
    expect(added.length).toBeGreaterThan(0);
    // Every added rule names its vendor source: the Administrator Guide (AG) or a cloud guide's group page, with the file.
    for (const r of added) expect({ id: r.id, origin: r.origin }).toEqual({ id: r.id, origin: expect.stringMatching(/^(AG|AWS|Azure) .*\.md\)/) });
    // No rule after the seed's is ingress to the Servers: the seed's deny rows would cut it off, and streaming is outbound from them.
    expect(added.filter((r) => r.target === "st-server" && r.direction === "ingress")).toEqual([]);
  });

  test("GIVEN the SecureTransport catalog THEN each vendor contradiction of the reference (SNMP, SFTP port, PeSIT 17627, database) is a note on a rule", () => {
    const noted = Object.fromEntries(policy.rules.filter((r) => r.note).map((r) => [r.id, r.note!]));
    expect(noted["st-snmp-traps-out"]).toMatch(/UDP 162.*TCP 162.*TCP 80/);
    expect(noted["st-lb-sftp"]).toMatch(/22.*10022/);
    expect(noted["st-lb-pesit"]).toMatch(/17627/);
    expect(noted["st-db-access-in"]).toMatch(/1433.*Any/);
  });

  test("GIVEN a loaded catalog THEN rule locations point into the catalog file", () => {
    const snmp = policy.rules.find((r) => r.id === "st-snmp")!;
    expect(snmp.location).toEqual(expect.objectContaining({ file: "catalog/securetransport.yaml" }));
    expect(snmp.location!.line).toBeGreaterThan(1);
  });
});

describe("normalisation", () => {
  test("GIVEN unsorted ports and CIDRs THEN ports are sorted and merged, CIDRs canonical", () => {
    const p = definePolicy({
      name: "n",
      description: "n",
      roles: [{ id: "web", description: "w", egressDefault: "deny" }],
      rules: [{ id: "r1", target: "web", direction: "ingress", action: "allow", peer: "2001:DB8:0:0::/32", protocol: "tcp", ports: [443, "80-90", 85, 91], description: "x" }],
    });
    expect(p.rules[0].ports).toEqual([
      { from: 80, to: 91 },
      { from: 443, to: 443 },
    ]);
    expect(p.rules[0].peer).toEqual({ kind: "cidr", cidr: "2001:db8::/32" });
  });

  test("GIVEN bindings THEN binding canonicalises and de-duplicates address sets and expands any per IP family", () => {
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

  test("GIVEN an address set of both families THEN an ICMP rule keeps only its protocol's networks", () => {
    expect(bindPolicy(parseCatalog(icmp("icmp"), FILE), { environment: "dev", addressSets: dualStack, ipv6: true }).rules[0].peers).toEqual([{ kind: "cidr", cidr: "10.0.0.0/8", family: 4 }]);
    expect(bindPolicy(parseCatalog(icmp("icmpv6"), FILE), { environment: "dev", addressSets: dualStack, ipv6: true }).rules[0].peers).toEqual([{ kind: "cidr", cidr: "2001:db8::/32", family: 6 }]);
  });

  test("GIVEN a rule left with no network of its family THEN it matches nothing in that environment and says why", () => {
    const b = bindPolicy(parseCatalog(icmp("icmpv6"), FILE), { environment: "dev", addressSets: { office: ["10.0.0.0/8"] }, ipv6: false });
    expect(b.rules[0].peers).toEqual([]);
    expect(b.rules[0].inapplicable).toBe('ICMPv6 travels only over IPv6, and the rule\'s peer has no IPv6 network in environment "dev": it matches no traffic here');
    expect(decide(b, { direction: "ingress", target: "web", protocol: 58, peer: { kind: "address", address: "10.1.1.1", family: 4 } }).rule).toBeUndefined();
  });

  test("GIVEN tcp THEN both families are kept", () => {
    expect(bindPolicy(parseCatalog(catalogYaml(GOOD_RULE), FILE), { environment: "dev", addressSets: dualStack, ipv6: true }).rules[0].peers).toHaveLength(2);
  });
});

describe("bad input is rejected with file, line, column, rule and what to do", () => {
  const cases: [string, string, RegExp][] = [
    ["YAML syntax error", catalogYaml(GOOD_RULE.replace("ports: [443]", "ports: [443")), /^catalog\/test\.yaml:\d+:\d+: YAML syntax error: .*Fix the YAML syntax/],
    [
      "unknown field",
      catalogYaml(GOOD_RULE.replace("protocol: tcp", "protocol: tcp\n    prot: udp")),
      /catalog\/test\.yaml:17:5: rule "web-https": unknown field "prot"\. Remove it or use one of: id, target/,
    ],
    ["unknown role", catalogYaml(GOOD_RULE.replace("target: web", "target: db")), /catalog\/test\.yaml:12:13: rule "web-https": unknown target role "db"\. Declare it under roles/],
    ["unknown peer role", catalogYaml(GOOD_RULE.replace("peer: set:office", "peer: role:db")), /test\.yaml:15:11: rule "web-https": unknown role "db"/],
    [
      "unknown address set",
      catalogYaml(GOOD_RULE.replace("set:office", "set:home")),
      /test\.yaml:15:11: rule "web-https": unknown address set "home"\. Declare it under addressSets, or use one of: office/,
    ],
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
    [
      "host bits set",
      catalogYaml(GOOD_RULE.replace("set:office", "10.1.2.3/16")),
      /test\.yaml:15:11: rule "web-https": CIDR "10\.1\.2\.3\/16" has host bits set\. Write the network address: 10\.1\.0\.0\/16/,
    ],
    ["missing description", catalogYaml(GOOD_RULE.replace("    description: HTTPS from the office\n", "")), /test\.yaml:11:5: rule "web-https": missing required field "description"/],
    [
      "empty description",
      catalogYaml(GOOD_RULE.replace("description: HTTPS from the office", 'description: ""')),
      /test\.yaml:18:18: rule "web-https": description is empty\. Write it: why the rule exists; shown on both clouds\./,
    ],
    ["missing egress default", catalogYaml(GOOD_RULE).replace("    egressDefault: deny\n", ""), /test\.yaml:4:5: role "web": missing required field "egressDefault"/],
    [
      "ICMP from an IPv6 network",
      catalogYaml(GOOD_RULE.replace("set:office", "2001:db8::/32").replace("protocol: tcp", "protocol: icmp").replace("    ports: [443]\n", "")),
      /test\.yaml:16:15: rule "web-https": ICMP travels only over IPv4, so it can never come from the IPv6 network 2001:db8::\/32\. Use protocol icmpv6/,
    ],
    [
      "ICMPv6 from an IPv4 network",
      catalogYaml(GOOD_RULE.replace("set:office", "10.0.0.0/8").replace("protocol: tcp", "protocol: icmpv6").replace("    ports: [443]\n", "")),
      /rule "web-https": ICMPv6 travels only over IPv6, so it can never come from the IPv4 network 10\.0\.0\.0\/8\. Use protocol icmp/,
    ],
  ];
  test.each(cases)("GIVEN %s THEN a located error", (_name, text, expected) => {
    expect(() => parseCatalog(text, FILE)).toThrow(ConfigError);
    expect(errorOf(text).message).toMatch(expected);
  });

  test("GIVEN several problems THEN every one is reported at once", () => {
    const text = catalogYaml(GOOD_RULE.replace("[443]", "[70000, 9-8]").replace("target: web", "target: db"));
    expect(errorOf(text).problems).toHaveLength(3);
  });

  test("GIVEN an address set an environment leaves unbound THEN binding fails, naming the environment", () => {
    const p = parseCatalog(catalogYaml(GOOD_RULE), FILE);
    expect(thrown(() => bindPolicy(p, { environment: "staging", file: "environments/staging.yaml", addressSets: {}, ipv6: false }))).toEqual({
      error: "ConfigError",
      codes: ["ENV_ADDRESS_SET_UNBOUND"],
    });
  });

  test("GIVEN a bound address with host bits THEN it is rejected with the canonical network", () => {
    const p = parseCatalog(catalogYaml(GOOD_RULE), FILE);
    expect(thrown(() => bindPolicy(p, { environment: "dev", addressSets: { office: ["10.1.2.3/8"] }, ipv6: false }))).toEqual({ error: "ConfigError", codes: ["ENV_CIDR_HOST_BITS"] });
  });

  test("GIVEN a catalog built in code THEN it gets the same checks", () => {
    const doc: CatalogDocument = {
      name: "code",
      description: "built in code",
      roles: [{ id: "web", description: "w", egressDefault: "deny" }],
      rules: [{ id: "r", target: "web", direction: "ingress", action: "allow", peer: "any", protocol: "icmp", ports: [1], description: "d" }],
    };
    expect(thrown(() => definePolicy(doc))).toEqual({ error: "ConfigError", codes: ["CATALOG_PORTS_NOT_ALLOWED"] });
  });
});

describe("schema errors name the field and the value, with what to write", () => {
  const rule = (from: string, to: string) => catalogYaml(GOOD_RULE.replace(from, to));
  const cases: [string, string, string][] = [
    [
      "a word as a port",
      rule("[443]", "[abc]"),
      'catalog/test.yaml:17:13: rule "web-https": ports: "abc" is not a port, a range or service:<id>. Ports are 1-65535; write a range low-high, such as 7800-7802, or service:<id> for the ports of a service.',
    ],
    ["an admin port out of range", catalogYaml(GOOD_RULE, "adminPorts: [444, 70000]\n"), "catalog/test.yaml:10:19: adminPorts: 70000 is outside 1-65535. An administration port, 1-65535."],
    [
      "a fractional port",
      rule("[443]", "[44.5]"),
      'catalog/test.yaml:17:13: rule "web-https": ports: 44.5 is not a port, a range or service:<id>. Ports are 1-65535; write a range low-high, such as 7800-7802, or service:<id> for the ports of a service.',
    ],
    [
      "ports as a bare number",
      rule("[443]", "443"),
      'catalog/test.yaml:17:12: rule "web-https": ports: 443 is not the word all or a list of ports. For tcp, udp and sctp only: a list of ports, ranges (80, 7800-7802) and services (service:<id>), or the word all.',
    ],
    ["an empty port list", rule("[443]", "[]"), 'catalog/test.yaml:17:12: rule "web-https": ports: the list is empty; at least 1 is needed.'],
    [
      "a protocol list",
      rule("protocol: tcp", "protocol: [tcp]"),
      'catalog/test.yaml:16:15: rule "web-https": protocol: the list ["tcp"] is not a protocol name or number. tcp, udp, sctp, icmp, icmpv6, all, or an IP protocol number 0-255.',
    ],
    [
      "a direction typo",
      rule("direction: ingress", "direction: inbound"),
      'catalog/test.yaml:13:16: rule "web-https": direction: "inbound" is not one of "ingress", "egress". Use one of the listed values.',
    ],
    [
      "yes as a direction",
      rule("direction: ingress", "direction: yes"),
      'catalog/test.yaml:13:16: rule "web-https": direction: "yes" is not one of "ingress", "egress". Use one of the listed values.',
    ],
    ["a number as target", rule("target: web", "target: 12"), 'catalog/test.yaml:12:13: rule "web-https": target: expected text, found 12. Role the rule protects (ingress) or constrains (egress).'],
    [
      "an empty target",
      rule("target: web", "target:"),
      'catalog/test.yaml:12:12: rule "web-https": target: expected text, found nothing (the field is empty). Role the rule protects (ingress) or constrains (egress).',
    ],
    [
      "true as an id",
      rule("id: web-https", "id: true"),
      "catalog/test.yaml:11:9: rule #1: id: expected text, found true. Lower-case letters, digits and hyphens, starting with a letter (names on every cloud derive from it).",
    ],
    [
      "an id GCP cannot carry",
      rule("id: web-https", "id: Web_HTTPS"),
      'catalog/test.yaml:11:9: rule "Web_HTTPS": id: "Web_HTTPS" is not valid. Lower-case letters, digits and hyphens, starting with a letter (names on every cloud derive from it).',
    ],
    [
      "an id of 41 characters",
      rule("id: web-https", `id: ${"a".repeat(41)}`),
      `catalog/test.yaml:11:9: rule "${"a".repeat(41)}": id: "${"a".repeat(41)}" is 41 characters long; at most 40 are allowed. Lower-case letters, digits and hyphens, starting with a letter (names on every cloud derive from it).`,
    ],
    ["rules as a mapping", catalogYaml("  a: 1\n"), "catalog/test.yaml:11:3: rules: expected a list, found a mapping. Rules in precedence order (first match decides)."],
    ["a rule as a string", catalogYaml("  - web-https\n"), 'catalog/test.yaml:11:5: rule #1: expected a mapping, found "web-https".'],
    [
      "no roles",
      catalogYaml(GOOD_RULE).replace(/roles:[\s\S]*?addressSets:/, "roles: []\naddressSets:"),
      "catalog/test.yaml:3:8: roles: the list is empty; at least 1 is needed. Sets of machines that share rules. Each environment binds a role to a managed group (AWS security group, GCP network tag) or to addresses.",
    ],
    ["no name", catalogYaml(GOOD_RULE).replace("name: test\n", ""), 'catalog/test.yaml:1:1: missing required field "name". Add "name": catalog name, kebab-case.'],
    [
      "a short waiver reason",
      catalogYaml(GOOD_RULE + "    waivers:\n      - check: shadowed-rule\n        reason: short\n"),
      'catalog/test.yaml:21:17: rule "web-https": waivers.reason: "short" is 5 characters long; at least 10 are needed. Why the finding is accepted, in at least 10 characters (shown in the coverage report).',
    ],
    [
      "a waiver without check",
      catalogYaml(GOOD_RULE + "    waivers:\n      - reason: kept for the auditors\n"),
      'catalog/test.yaml:20:9: rule "web-https": waivers: missing required field "check". Add "check": lint check id, e.g. admin-port-open-to-any.',
    ],
    [
      "an egress default typo",
      catalogYaml(GOOD_RULE).replace("egressDefault: deny", "egressDefault: block"),
      'catalog/test.yaml:6:20: role "web": egressDefault: "block" is not one of "allow", "deny". What happens to egress that no rule matches: AWS (through Terraform) denies it and GCP allows it by default, so the catalog must say.',
    ],
    [
      "a number as a key",
      catalogYaml(GOOD_RULE).replace("rules:", "1: x\nrules:"),
      'catalog/test.yaml:10:1: unknown field "1". Remove it or use one of: name, description, adminPorts, roles, addressSets, services, rules, invariants.',
    ],
    [
      "a YAML merge key",
      catalogYaml(GOOD_RULE.replace("  - id: web-https\n", "  - <<: { id: web-https }\n")),
      'catalog/test.yaml:11:5: rule #1: unknown field "<<". YAML merge keys (<<) are not supported: write the fields out.',
    ],
  ];
  test.each(cases)("GIVEN %s THEN a located error", (_name, text, expected) => {
    expect(errorOf(text).problems.map((p) => formatProblem(p))).toContain(expected);
  });

  test("GIVEN the validators precompiled into dist/ (what npm run synth runs) THEN they give the same messages", () => {
    // dist/ is built by the suite's global setup from these sources.
    expect(existsSync("dist/policy/schema-validators.js")).toBe(true);
    // The compiled module, as the command loads it (with the precompiled validators beside it), in this process.
    const { parseCatalog: compiledParse } = require(path.resolve("dist/policy/catalog.js")) as typeof import("../../policy/catalog");
    const texts = cases.map(([, text]) => text);
    const compiled = texts.map((t) => {
      try {
        compiledParse(t, "catalog/test.yaml");
        return "accepted";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(compiled).toEqual(texts.map((t) => errorOf(t).message));
  });
});

describe("a file that holds no catalog says so", () => {
  const hint = "A firewall rule catalog file holds a mapping with the fields name, description, roles, rules (see its JSON Schema).";
  test.each([
    ["an empty file", ""],
    ["only comments", "# nothing yet\n\n"],
    ["null", "null\n"],
    ["a tilde", "~\n"],
  ])("GIVEN %s THEN a located error", (_name, text) => {
    expect(errorOf(text).message).toBe(`catalog/test.yaml:1:1: the file is empty: it holds no firewall rule catalog, only comments, blank lines or null. ${hint}`);
  });
  test.each([
    ["a list", "- name: test\n"],
    ["a word", "securetransport\n"],
  ])("GIVEN %s THEN a located error", (_name, text) => {
    const e = errorOf(text);
    expect(e.codes).toEqual(["SCHEMA_NOT_A_MAPPING"]);
    expect(e.problems[0].location).toEqual({ file: "catalog/test.yaml", line: 1, column: 1 });
  });
});

describe("hostile or broken YAML gives a located message, never a stack trace or a hang", () => {
  const laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ..."bcdefghi".split("").map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`)].join("\n");
  const cases: [string, string, string][] = [
    [
      "billion laughs (alias bomb)",
      `${laughs}\n`,
      "catalog/test.yaml:2:8: aliases (*name) expand to more than 100 copies. Write the values out instead of nesting aliases (this is how alias bombs exhaust memory).",
    ],
    [
      "an alias to no anchor",
      catalogYaml(GOOD_RULE.replace("target: web", "target: *nope")),
      "catalog/test.yaml:12:13: YAML error: alias *nope refers to no anchor. Define &nope before this alias, or write the value out.",
    ],
    [
      "a duplicate key",
      catalogYaml(GOOD_RULE.replace("    protocol: tcp\n", "    protocol: tcp\n    protocol: udp\n")),
      'catalog/test.yaml:17:5: YAML error: key "protocol" appears twice in one mapping. Keep one of them: a repeated key would silently replace the first.',
    ],
    [
      "a tab as indentation",
      catalogYaml(GOOD_RULE.replace("    protocol: tcp", "\tprotocol: tcp")),
      "catalog/test.yaml:16:1: YAML error: a tab indents this line. Indent with spaces: YAML does not allow tabs for indentation.",
    ],
    [
      "two documents",
      `${catalogYaml(GOOD_RULE)}---\nname: other\n`,
      "catalog/test.yaml:19:1: YAML error: the file holds more than one YAML document (a --- line here). Keep one document per file: remove this --- line and what follows, or move it to a file of its own.",
    ],
    [
      "a !!binary tag",
      catalogYaml(GOOD_RULE.replace("peer: set:office", "peer: !!binary aGVsbG8=")),
      "catalog/test.yaml:15:20: YAML error: tag !!binary is not supported. Remove the tag: write plain text, numbers, lists and mappings.",
    ],
    [
      "a !!set tag",
      catalogYaml(GOOD_RULE.replace("ports: [443]", "ports: !!set { 443 }")),
      "catalog/test.yaml:17:18: YAML error: tag !!set is not supported. Remove the tag: write plain text, numbers, lists and mappings.",
    ],
    [
      "a custom tag",
      catalogYaml(GOOD_RULE.replace("peer: set:office", "peer: !office any")),
      "catalog/test.yaml:15:11: YAML error: unknown tag !office. Remove the tag: write plain text, numbers, lists and mappings.",
    ],
    ["a list as a key", catalogYaml(GOOD_RULE).replace("rules:", "? [a, b]\n: x\nrules:"), "catalog/test.yaml:10:3: YAML error: a key is a list or a mapping. Use plain words as keys."],
    ["deep flow nesting", `name: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, "catalog/test.yaml:1:"],
    [
      "deep nesting within the parser's reach",
      `name: ${"[".repeat(40)}${"]".repeat(40)}\n`,
      "catalog/test.yaml:1:38: YAML error: the file nests more than 32 levels deep here. Catalogs and environments nest a few levels; remove the extra brackets or indentation.",
    ],
    ["deep block nesting", `${Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1\n`, "catalog/test.yaml:"],
    [
      "an unclosed quote",
      catalogYaml(GOOD_RULE.replace("description: HTTPS from the office", 'description: "HTTPS from the office')),
      'catalog/test.yaml:19:1: YAML syntax error: Missing closing "quote. Fix the YAML syntax (indentation, quotes, colons) at this position.',
    ],
    ["an unclosed bracket", catalogYaml(GOOD_RULE.replace("[443]", "[443")), "catalog/test.yaml:"],
  ];
  test.each(cases)("GIVEN %s THEN a located error", (_name, text, expected) => {
    const started = Date.now();
    const e = errorOf(text);
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) expect(p.location).toBeDefined();
    expect(e.problems.some((p) => formatProblem(p) === expected) ? expected : e.message).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(e.message).not.toMatch(/\n\s+at /); // no stack frames
    expect(Date.now() - started).toBeLessThan(10_000); // a hang, not a speed goal
  });

  test("GIVEN a byte-order mark THEN the file is read", () => {
    expect(parseCatalog(`\uFEFF${catalogYaml(GOOD_RULE)}`, FILE).rules).toHaveLength(1);
  });
});

describe("catalog files that are not text or too large", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "catalog-file-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileOf = (name: string, bytes: Buffer | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const messageOf = (file: string) => {
    try {
      loadCatalogFile(file);
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    throw new Error("expected the catalog to be rejected");
  };

  test("GIVEN Latin-1 bytes THEN they are located, not silently turned into U+FFFD", () => {
    const file = fileOf("latin1.yaml", Buffer.concat([Buffer.from("name: test\ndescription: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(messageOf(file)).toBe(`${file}:2:17: the file is not UTF-8 text: byte 0xe9 here is not valid UTF-8. Save the file as UTF-8 (it may be Latin-1, UTF-16 or a binary file).`);
  });

  test("GIVEN UTF-16 THEN it is refused the same way", () => {
    const file = fileOf("utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name: test\n", "utf16le")]));
    expect(messageOf(file)).toMatch(/utf16\.yaml:1:1: the file is not UTF-8 text: byte 0xff here is not valid UTF-8/);
  });

  test("GIVEN a file over 8 MiB THEN it is refused before parsing", () => {
    const file = fileOf("huge.yaml", `${catalogYaml(GOOD_RULE)}# ${"x".repeat(9 * 1024 * 1024)}\n`);
    expect(messageOf(file)).toBe(
      `${file}:1:1: the file is 9.0 MiB, more than the 8.0 MiB a catalog file may hold. Check that this is the catalog file you meant; split a very large catalog into several catalogs.`,
    );
  });

  test("GIVEN a missing file THEN the error names the path", () => {
    expect(messageOf(path.join(dir, "missing.yaml"))).toMatch(/^cannot read catalog file .*missing\.yaml: ENOENT/);
  });
});

test("GIVEN the catalog docs' two example error lines THEN they are what the loader says", () => {
  const readme = readFileSync("docs/catalog.md", "utf8");
  // st-snmp's ports set to 70000 in the shipped catalog
  const lines = readFileSync("catalog/securetransport.yaml", "utf8").split("\n");
  const snmp = lines.findIndex((l) => l.includes("id: st-snmp"));
  const portsLine = lines.findIndex((l, i) => i > snmp && /^\s+ports: \[/.test(l));
  lines[portsLine] = lines[portsLine].replace(/\[.*\]/, "[70000]");
  const snmpMessage = (() => {
    try {
      parseCatalog(lines.join("\n"), "catalog/securetransport.yaml");
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  })();
  expect(readme).toContain(`\n${snmpMessage}\n`);
  expect(readme).toContain(`\n${errorOf(catalogYaml(GOOD_RULE.replace("set:office", "10.1.2.3/16"))).message}\n`);
});

describe("more careless edits, each with one located message", () => {
  const rule = (from: string, to: string) => catalogYaml(GOOD_RULE.replace(from, to));
  const cases: [string, string, string][] = [
    ["rules: with nothing after it", catalogYaml(""), "catalog/test.yaml:10:7: rules: expected a list, found nothing (the field is empty). Rules in precedence order (first match decides)."],
    [
      "an empty catalog description",
      catalogYaml(GOOD_RULE).replace("description: test catalog", 'description: ""'),
      "catalog/test.yaml:2:14: description is empty. Write it: what the catalog covers.",
    ],
    [
      "a half-written range",
      rule("[443]", "[1-]"),
      'catalog/test.yaml:17:13: rule "web-https": ports: "1-" is not a port, a range or service:<id>. Ports are 1-65535; write a range low-high, such as 7800-7802, or service:<id> for the ports of a service.',
    ],
    ["a range from port 0", rule("[443]", "[0-5]"), 'catalog/test.yaml:17:13: rule "web-https": port 0 is outside 1-65535. Ports are 1-65535; write a range low-high, such as 7800-7802.'],
    [
      "ports: alL",
      rule("[443]", "alL"),
      'catalog/test.yaml:17:12: rule "web-https": ports: "alL" is not the word all or a list of ports. For tcp, udp and sctp only: a list of ports, ranges (80, 7800-7802) and services (service:<id>), or the word all.',
    ],
    [
      "a block scalar as ports",
      rule("[443]", "|\n      443"),
      'catalog/test.yaml:17:12: rule "web-https": ports: "443\\n" is not the word all or a list of ports. For tcp, udp and sctp only: a list of ports, ranges (80, 7800-7802) and services (service:<id>), or the word all.',
    ],
    [
      "protocol 256",
      rule("protocol: tcp", "protocol: 256"),
      'catalog/test.yaml:16:15: rule "web-https": protocol number 256 is outside 0-255. Use an IP protocol number from 0 to 255, or a protocol name.',
    ],
    [
      "protocol -1",
      rule("protocol: tcp", "protocol: -1"),
      'catalog/test.yaml:16:15: rule "web-https": protocol number -1 is outside 0-255. Use an IP protocol number from 0 to 255, or a protocol name.',
    ],
    ["peer role: with no role", rule("peer: set:office", "peer: 'role:'"), 'catalog/test.yaml:15:11: rule "web-https": unknown role "". Declare it under roles, or use one of: web.'],
    [
      "an empty peer",
      rule("peer: set:office", 'peer: ""'),
      'catalog/test.yaml:15:11: rule "web-https": invalid peer: "" is not an IPv4 or IPv6 address or CIDR. Write role:<role id>, set:<address set id>, a CIDR such as 10.0.0.0/16, or any.',
    ],
    [
      "a waiver reason of blanks",
      catalogYaml(`${GOOD_RULE}    waivers:\n      - { check: shadowed-rule, reason: "          x" }\n`),
      'catalog/test.yaml:20:41: rule "web-https": waiver reason for "shadowed-rule" has 1 character besides blanks; at least 10 are needed. Say why the finding is accepted (the coverage report shows it).',
    ],
    [
      "a waiver with an expiry date",
      catalogYaml(`${GOOD_RULE}    waivers:\n      - { check: shadowed-rule, reason: kept for the auditors, until: 2027 }\n`),
      'catalog/test.yaml:20:64: rule "web-https": waivers: unknown field "until". Remove it or use one of: check, reason, expires.',
    ],
    [
      "a quoted duplicate key",
      rule("    protocol: tcp\n", '    "protocol": tcp\n    "protocol": udp\n'),
      'catalog/test.yaml:17:5: YAML error: key "protocol" appears twice in one mapping. Keep one of them: a repeated key would silently replace the first.',
    ],
    [
      "a role with two ids",
      catalogYaml(GOOD_RULE).replace("  - id: web\n", "  - id: web\n    id: db\n"),
      'catalog/test.yaml:5:5: YAML error: key "id" appears twice in one mapping. Keep one of them: a repeated key would silently replace the first.',
    ],
    [
      "a null key",
      catalogYaml(GOOD_RULE).replace("rules:", "~: x\nrules:"),
      'catalog/test.yaml:10:1: unknown field "~". Remove it or use one of: name, description, adminPorts, roles, addressSets, services, rules, invariants.',
    ],
    [
      "an emoji in an id",
      rule("id: web-https", "id: web-🔥"),
      'catalog/test.yaml:11:9: rule "web-🔥": id: "web-🔥" is not valid. Lower-case letters, digits and hyphens, starting with a letter (names on every cloud derive from it).',
    ],
    [
      "a non-breaking space as indentation",
      rule("    protocol: tcp", "\u00a0   protocol: tcp"),
      "catalog/test.yaml:16:15: YAML syntax error: Nested mappings are not allowed in compact mappings. Line 16 holds an unusual space (U+00A0) at column 1: write plain spaces.",
    ],
    ["a document of only ---", "---\n", "catalog/test.yaml:1:4: the file is empty: it holds no firewall rule catalog, only comments, blank lines or null."],
    [
      "a role that is an empty mapping",
      catalogYaml(GOOD_RULE).replace(/roles:[\s\S]*?addressSets:/, "roles:\n  - {}\naddressSets:"),
      'catalog/test.yaml:4:5: role #1: missing required field "id". Add "id".',
    ],
  ];
  test.each(cases)("GIVEN %s THEN a located error", (_name, text, expected) => {
    const lines = errorOf(text).problems.map((p) => formatProblem(p));
    expect(lines.find((l) => l.startsWith(expected)) ?? lines.join("\n")).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  test.each([
    ["Windows line ends", catalogYaml(GOOD_RULE).replace(/\n/g, "\r\n")],
    ["a %YAML directive", `%YAML 1.2\n---\n${catalogYaml(GOOD_RULE)}`],
    ["an explicit document end", `${catalogYaml(GOOD_RULE)}...\n`],
    [
      "an anchor reused by a later rule",
      catalogYaml(
        GOOD_RULE.replace("ports: [443]", "ports: &https [443]") + "  - { id: b, target: web, direction: ingress, action: allow, peer: any, protocol: udp, ports: *https, description: b }\n",
      ),
    ],
  ])("GIVEN %s THEN it is fine", (_name, text) => {
    expect(parseCatalog(text, FILE).rules.length).toBeGreaterThan(0);
  });
});

describe("GIVEN a waiver with a review date", () => {
  const withExpiry = (expires: string) => catalogYaml(`${GOOD_RULE}    waivers:\n      - { check: shadowed-rule, reason: kept for the auditors, expires: ${expires} }\n`);

  test("WHEN it is a calendar day THEN the catalog keeps it on the waiver (unquoted or quoted)", () => {
    expect(parseCatalog(withExpiry("2027-06-30"), FILE).rules[0].waivers).toEqual([{ check: "shadowed-rule", reason: "kept for the auditors", expires: "2027-06-30" }]);
    expect(parseCatalog(withExpiry('"2028-02-29"'), FILE).rules[0].waivers[0].expires).toBe("2028-02-29");
  });

  test.each([["2027-02-30"], ["2027-13-01"], ["2027-00-10"], ["2026-02-29"]])("WHEN it is %s, no day of the calendar, THEN the catalog is refused with its code, located at the date", (day) => {
    const e = errorOf(withExpiry(day));
    expect(e.codes).toEqual(["CATALOG_WAIVER_EXPIRY_INVALID"]);
    expect(e.problems[0].location).toMatchObject({ file: FILE, line: 20 });
  });

  test.each([["tomorrow"], ["2027-6-30"], ["30.06.2027"], ["20270630"], ["2027-06-30T00:00:00Z"]])("WHEN it is written %s THEN the schema refuses it", (text) => {
    const e = errorOf(withExpiry(JSON.stringify(text)));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.codes).toEqual(["SCHEMA_BAD_PATTERN"]);
  });

  test("WHEN a role's waiver has an impossible date THEN it is refused with the same code", () => {
    const text = catalogYaml(GOOD_RULE).replace(
      "    egressDefault: deny\n",
      "    egressDefault: allow\n    waivers:\n      - { check: egress-open-to-world, reason: kept for the auditors, expires: 2027-04-31 }\n",
    );
    expect(errorOf(text).codes).toEqual(["CATALOG_WAIVER_EXPIRY_INVALID"]);
  });
});

/**
 * Named services: a catalog declares sets of ports (the FTP passive range, a
 * site's AS2 port, the database port), rules name them in `ports`, and each
 * environment binds them; binding turns them into the rules' plain ports.
 */
import { bindPolicy, BoundPolicy, ConfigError, decide, definePolicy, EnvironmentBindings, parseCatalog, Policy } from "../../policy";
import { CatalogBuilder, Peer, Port } from "../../policy/builders";
import { lintPolicy } from "../../policy/lint";
import { parseYaml } from "../../policy/yaml-source";
import { readFileSync } from "fs";

const FILE = "catalog/mft.yaml";
const ENV_FILE = "environments/qa.yaml";

/** A catalog with two services (one with a default) and rules naming them; tests change one part. */
function catalogYaml(parts: { services?: string; rules?: string } = {}): string {
  return `name: mft
description: managed file transfer
adminPorts: [5432]
roles:
  - id: ftp
    description: FTP servers
    egressDefault: deny
  - id: db
    description: database servers
    egressDefault: deny
addressSets:
  - id: partners
    description: partner networks
services:
${
  parts.services ??
  `  - id: ftp-passive
    description: FTP passive data ports
    protocol: tcp
  - id: db
    description: database port
    default: [5432]
`
}rules:
${
  parts.rules ??
  `  - id: ftp-in
    target: ftp
    direction: ingress
    action: allow
    peer: set:partners
    protocol: tcp
    ports: [21, service:ftp-passive]
    description: FTP control and passive data from partners
  - id: db-from-ftp
    target: db
    direction: ingress
    action: allow
    peer: role:ftp
    protocol: tcp
    ports: [service:db]
    description: the FTP servers keep their state in the database
`
}`;
}

const bindings = (over: Partial<EnvironmentBindings> = {}): EnvironmentBindings => ({
  environment: "qa",
  file: ENV_FILE,
  addressSets: { partners: ["198.51.100.0/24"] },
  ipv6: false,
  services: { "ftp-passive": ["30000-30100"] },
  ...over,
});

function catalogError(text: string): ConfigError {
  try {
    parseCatalog(text, FILE);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected the catalog to be refused");
}

function bindError(policy: Policy, env: EnvironmentBindings): ConfigError {
  try {
    bindPolicy(policy, env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected the binding to be refused");
}

/** The line and column of the first occurrence of `needle` in `text` (1-based), as the loader reports positions. */
function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not in the fixture`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const rule = (bound: BoundPolicy, id: string) => bound.rules.find((r) => r.id === id)!;

describe("GIVEN a catalog whose rules name services", () => {
  const text = catalogYaml();
  const policy = parseCatalog(text, FILE);

  test("WHEN it is loaded THEN the services are declared, defaults normalised, and each rule keeps its literal ports and the services it names, located", () => {
    expect(policy.services?.map((s) => [s.id, s.protocol, s.default])).toEqual([
      ["ftp-passive", "tcp", undefined],
      ["db", undefined, [{ from: 5432, to: 5432 }]],
    ]);
    const ftp = policy.rules.find((r) => r.id === "ftp-in")!;
    expect(ftp.ports).toEqual([{ from: 21, to: 21 }]);
    expect(ftp.services).toEqual([{ service: "ftp-passive", location: { file: FILE, ...positionOf(text, "service:ftp-passive") } }]);
    expect(policy.rules.find((r) => r.id === "db-from-ftp")!.ports).toEqual([]);
  });

  test("WHEN it is bound THEN the rules carry plain ports, merged and sorted with the literal ones, and the policy keeps which service gave which", () => {
    const bound = bindPolicy(policy, bindings({ services: { "ftp-passive": ["30050-30100", 30000, "30001-30049", 21] } }));
    expect(rule(bound, "ftp-in").ports).toEqual([
      { from: 21, to: 21 },
      { from: 30000, to: 30100 },
    ]);
    expect(rule(bound, "ftp-in").services?.map((s) => [s.service, s.ports])).toEqual([
      [
        "ftp-passive",
        [
          { from: 21, to: 21 },
          { from: 30000, to: 30100 },
        ],
      ],
    ]);
    expect(bound.services).toEqual({
      "ftp-passive": [
        { from: 21, to: 21 },
        { from: 30000, to: 30100 },
      ],
      db: [{ from: 5432, to: 5432 }],
    });
  });

  test("WHEN the environment does not bind a service with a default THEN the default is used; WHEN it binds it THEN its binding replaces the default", () => {
    expect(rule(bindPolicy(policy, bindings()), "db-from-ftp").ports).toEqual([{ from: 5432, to: 5432 }]);
    expect(rule(bindPolicy(policy, bindings({ services: { "ftp-passive": [30000], db: [6432] } })), "db-from-ftp").ports).toEqual([{ from: 6432, to: 6432 }]);
  });

  test("WHEN two environments bind the passive range differently THEN each decides by its own range", () => {
    const qa = bindPolicy(policy, bindings({ services: { "ftp-passive": ["30000-30100"] } }));
    const prod = bindPolicy(policy, bindings({ environment: "prod", services: { "ftp-passive": ["40000-40999"] } }));
    const flow = (port: number) => ({ target: "ftp", direction: "ingress" as const, protocol: 6, port, peer: { kind: "address" as const, address: "198.51.100.7", family: 4 as const } });
    expect([30050, 40500, 21].map((p) => decide(qa, flow(p)).action)).toEqual(["allow", "deny", "allow"]);
    expect([30050, 40500, 21].map((p) => decide(prod, flow(p)).action)).toEqual(["deny", "allow", "allow"]);
  });

  test("WHEN the lint runs on the bound policy THEN it sees the service's ports (an admin port bound to a service and opened to any is found)", () => {
    const open = parseCatalog(
      catalogYaml({
        rules: `  - id: db-open
    target: db
    direction: ingress
    action: allow
    peer: any
    protocol: tcp
    ports: [service:db]
    description: database for everyone
`,
      }),
      FILE,
    );
    const findings = lintPolicy(bindPolicy(open, bindings())).errors.map((f) => [f.check, f.ruleId]);
    expect(findings).toContainEqual(["admin-port-open-to-any", "db-open"]);
  });

  test("WHEN a service is declared but no rule names it THEN an environment need not bind it", () => {
    const unused = parseCatalog(
      catalogYaml({ services: "  - id: as2\n    description: AS2 port of the site\n  - id: ftp-passive\n    description: passive\n  - id: db\n    description: db\n    default: [5432]\n" }),
      FILE,
    );
    const bound = bindPolicy(unused, bindings());
    expect(bound.services).toEqual({ "ftp-passive": [{ from: 30000, to: 30100 }], db: [{ from: 5432, to: 5432 }] });
    // ...and the lint warns that it changes nothing, at its declaration.
    const findings = lintPolicy(bound).warnings.filter((f) => f.check === "unused-service");
    expect(findings.map((f) => [f.subject, f.location?.line])).toEqual([['service "as2"', unused.services![0].location!.line]]);
    expect(lintPolicy(bindPolicy(policy, bindings())).warnings.filter((f) => f.check === "unused-service")).toEqual([]);
  });
});

describe("GIVEN a catalog without services", () => {
  test("THEN neither the policy, its rules nor the bound policy carry a services field (what is written for existing catalogs is unchanged)", () => {
    const text = catalogYaml()
      .replace(/services:\n[\s\S]*?rules:/, "rules:")
      .replace("[21, service:ftp-passive]", "[21]")
      .replace("[service:db]", "[5432]");
    const policy = parseCatalog(text, FILE);
    const bound = bindPolicy(policy, { environment: "qa", addressSets: { partners: ["198.51.100.0/24"] }, ipv6: false });
    expect("services" in policy).toBe(false);
    expect("services" in bound).toBe(false);
    expect(bound.rules.some((r) => "services" in r)).toBe(false);
  });
});

describe("GIVEN a catalog with a bad service or reference THEN a located problem with a stable code", () => {
  const withRule = (ports: string, protocol = "tcp") =>
    catalogYaml({
      rules: `  - id: r
    target: ftp
    direction: ingress
    action: allow
    peer: any
    protocol: ${protocol}
    ports: ${ports}
    description: a rule
`,
    });

  test("WHEN a rule names an undeclared service THEN CATALOG_SERVICE_UNKNOWN at the reference", () => {
    const text = withRule("[21, service:ftp-pasive]");
    const e = catalogError(text);
    expect(e.codes).toEqual(["CATALOG_SERVICE_UNKNOWN"]);
    expect(e.problems[0].location).toEqual({ file: FILE, ...positionOf(text, "service:ftp-pasive") });
    expect(e.problems[0].subject).toBe('rule "r"');
  });

  test.each([["service:FTP-Passive"], ["service:"], ["service: ftp passive"]])("WHEN a rule names a service id that cannot be one (%s) THEN CATALOG_SERVICE_UNKNOWN at the reference", (ref) => {
    const text = withRule(`["${ref}"]`);
    const e = catalogError(text);
    expect(e.codes).toEqual(["CATALOG_SERVICE_UNKNOWN"]);
    expect(e.problems[0].location).toEqual({ file: FILE, ...positionOf(text, `"${ref}"`) });
  });

  test("WHEN a udp rule names a tcp service THEN CATALOG_SERVICE_PROTOCOL_MISMATCH at the reference", () => {
    const text = withRule("[service:ftp-passive]", "udp");
    const e = catalogError(text);
    expect(e.codes).toEqual(["CATALOG_SERVICE_PROTOCOL_MISMATCH"]);
    expect(e.problems[0].location).toEqual({ file: FILE, ...positionOf(text, "service:ftp-passive") });
  });

  test("WHEN a service without a protocol is named by tcp, udp and sctp rules THEN each is accepted", () => {
    for (const protocol of ["tcp", "udp", "sctp"]) expect(parseCatalog(withRule("[service:db]", protocol), FILE).rules[0].services?.[0].service).toBe("db");
  });

  test.each([["icmp"], ["all"], ["47"]])("WHEN a %s rule names a service THEN CATALOG_SERVICE_ON_PORTLESS_PROTOCOL at the reference, and nothing else", (protocol) => {
    const text = withRule("[service:db]", protocol);
    const e = catalogError(text);
    expect(e.codes).toEqual(["CATALOG_SERVICE_ON_PORTLESS_PROTOCOL"]);
    expect(e.problems[0].location).toEqual({ file: FILE, ...positionOf(text, "service:db") });
  });

  test("WHEN a portless rule names a service and a port THEN both the service and the ports are refused", () => {
    const codes = catalogError(withRule("[service:db, 80]", "icmp")).codes;
    expect(codes).toHaveLength(2);
    expect(codes[0]).toBe("CATALOG_SERVICE_ON_PORTLESS_PROTOCOL");
  });

  test("WHEN two services share an id THEN CATALOG_SERVICE_DUPLICATE at the second", () => {
    const text = catalogYaml({ services: "  - id: db\n    description: db\n  - id: ftp-passive\n    description: passive\n  - id: db\n    description: db again\n    default: [5432]\n" });
    const e = catalogError(text);
    expect(e.codes).toEqual(["CATALOG_SERVICE_DUPLICATE"]);
    expect(e.problems[0].location).toEqual({ file: FILE, ...positionOf(text, "db\n    description: db again") });
  });

  test.each([
    ["a port above 65535", "[70000]"],
    ["a reversed range", '["9000-8000"]'],
    ["port 0", "[0]"],
  ])("WHEN a default holds %s THEN CATALOG_SERVICE_PORTS_INVALID at it", (_name, ports) => {
    const text = catalogYaml({ services: `  - id: ftp-passive\n    description: passive\n  - id: db\n    description: db\n    default: [1, ${ports.slice(1, -1)}]\n` });
    const e = catalogError(text);
    expect(e.codes).toEqual(["CATALOG_SERVICE_PORTS_INVALID"]);
    expect(e.problems[0].location?.line).toBe(positionOf(text, "default:").line);
    expect(e.problems[0].subject).toBe('service "db"');
  });

  test.each([
    ["a service of protocol icmp", catalogYaml({ services: "  - id: ftp-passive\n    description: p\n    protocol: icmp\n  - id: db\n    description: db\n" })],
    ["an empty default", catalogYaml({ services: "  - id: ftp-passive\n    description: p\n  - id: db\n    description: db\n    default: []\n" })],
    ["a service without a description", catalogYaml({ services: "  - id: ftp-passive\n  - id: db\n    description: db\n" })],
    [
      "a service in an invariant's ports",
      `${catalogYaml()}invariants:\n  - id: no-db-from-partners\n    description: d\n    never: { from: set:partners, to: db, protocol: tcp, ports: [service:db] }\n`,
    ],
  ])("WHEN %s THEN the schema refuses it, located", (_name, text) => {
    const e = catalogError(text);
    expect(e.problems.length).toBeGreaterThan(0);
    expect(e.problems.every((p) => p.location?.file === FILE && p.location.line > 1)).toBe(true);
  });

  test("WHEN the catalog is written in code THEN the same codes, without a file", () => {
    const doc = parseYaml(FILE, withRule("[service:nope]")).source!.data as Parameters<typeof definePolicy>[0];
    let e: unknown;
    try {
      definePolicy(doc);
    } catch (err) {
      e = err;
    }
    expect((e as ConfigError).codes).toEqual(["CATALOG_SERVICE_UNKNOWN"]);
    expect((e as ConfigError).problems[0].location).toBeUndefined();
  });
});

describe("GIVEN an environment that binds services badly THEN a problem with a stable code naming the environment", () => {
  const policy = parseCatalog(catalogYaml(), FILE);
  const located = (path: readonly (string | number)[], key?: boolean) => ({ file: ENV_FILE, line: 10 + path.length, column: key ? 1 : 3 });

  test("WHEN a service a rule names is not bound and has no default THEN ENV_SERVICE_UNBOUND, in the environment's file", () => {
    const e = bindError(policy, bindings({ services: {} }));
    expect(e.codes).toEqual(["ENV_SERVICE_UNBOUND"]);
    expect(e.problems[0].location?.file).toBe(ENV_FILE);
    expect(e.problems[0].subject).toBe('environment "qa"');
  });

  test("WHEN two rules name the unbound service THEN one problem names both", () => {
    const two = parseCatalog(catalogYaml().replace("ports: [service:db]", "ports: [service:db, service:ftp-passive]"), FILE);
    const e = bindError(two, bindings({ services: undefined }));
    // One problem for the service, however many rules name it.
    expect(e.codes).toEqual(["ENV_SERVICE_UNBOUND"]);
  });

  test("WHEN the environment binds a service the catalog does not declare THEN ENV_SERVICE_UNKNOWN at its key", () => {
    const e = bindError(policy, bindings({ services: { "ftp-passive": [30000], "ftp-pasive": [30001] }, locate: located }));
    expect(e.codes).toEqual(["ENV_SERVICE_UNKNOWN"]);
    expect(e.problems[0].location).toEqual(located(["services", "ftp-pasive"], true));
  });

  test.each<[string, unknown, (string | number)[]]>([
    ["an empty list", [], ["services", "ftp-passive"]],
    ["a bare number", 30000, ["services", "ftp-passive"]],
    ["a string", "30000-30100", ["services", "ftp-passive"]],
    ["a port above 65535", [30000, 70000], ["services", "ftp-passive", 1]],
    ["a reversed range", ["30100-30000"], ["services", "ftp-passive", 0]],
    ["a word", ["passive"], ["services", "ftp-passive", 0]],
    ["an object", [{ from: 1, to: 2 }], ["services", "ftp-passive", 0]],
    ["a BigInt", 30000n, ["services", "ftp-passive"]],
    ["a list holding a BigInt", [30000n], ["services", "ftp-passive", 0]],
  ])("WHEN a service is bound to %s THEN ENV_SERVICE_PORTS_INVALID at it, and the rules that name it are not reported again", (_name, value, at) => {
    const e = bindError(policy, bindings({ services: { "ftp-passive": value as never }, locate: located }));
    expect(e.codes).toEqual(["ENV_SERVICE_PORTS_INVALID"]);
    expect(e.problems[0].location).toEqual(located(at));
  });

  test("WHEN a service is named like a property every object has (constructor, to-string) and not bound THEN ENV_SERVICE_UNBOUND, never the object's own property taken as ports", () => {
    const named = parseCatalog(catalogYaml().replace(/ftp-passive/g, "constructor"), FILE);
    expect(bindError(named, bindings({ services: {} })).codes).toEqual(["ENV_SERVICE_UNBOUND"]);
    expect(rule(bindPolicy(named, bindings({ services: { constructor: [30000] } as never })), "ftp-in").ports).toEqual([
      { from: 21, to: 21 },
      { from: 30000, to: 30000 },
    ]);
  });

  test("WHEN a policy not made by the loader names a service it does not declare THEN CATALOG_SERVICE_UNKNOWN at binding, never a rule dropped in silence", () => {
    const edited = { ...policy, services: policy.services!.filter((s) => s.id !== "db") };
    const e = bindError(edited, bindings());
    expect(e.codes).toEqual(["CATALOG_SERVICE_UNKNOWN"]);
    expect(e.problems[0].location).toEqual(policy.rules.find((r) => r.id === "db-from-ftp")!.services![0].location);
  });

  test("WHEN there is no environment file (bindings from code) THEN the problem has no location but the same code", () => {
    const e = bindError(policy, { environment: "qa", addressSets: { partners: ["198.51.100.0/24"] }, ipv6: false });
    expect(e.codes).toEqual(["ENV_SERVICE_UNBOUND"]);
    expect(e.problems[0].location).toBeUndefined();
  });
});

describe("GIVEN services written in code", () => {
  test("THEN CatalogBuilder gives the document and the Policy the YAML form gives", () => {
    const yaml = parseCatalog(catalogYaml(), FILE);
    const built = new CatalogBuilder({ name: "mft", description: "managed file transfer", adminPorts: [5432] })
      .role("ftp", "FTP servers", { egressDefault: "deny" })
      .role("db", "database servers", { egressDefault: "deny" })
      .addressSet("partners", "partner networks")
      .service("ftp-passive", "FTP passive data ports", { protocol: "tcp" })
      .service("db", "database port", { default: [5432] })
      .allowIngress("ftp-in", { to: "ftp", from: Peer.set("partners"), port: [Port.tcp(21), Port.tcpService("ftp-passive")], description: "FTP control and passive data from partners" })
      .allowIngress("db-from-ftp", { to: "db", from: Peer.role("ftp"), port: Port.tcpService("db"), description: "the FTP servers keep their state in the database" });
    expect(built.toDocument().rules[0].ports).toEqual([21, "service:ftp-passive"]);
    const strip = (p: Policy) => JSON.parse(JSON.stringify(p, (k, v) => (k === "location" || k === "file" ? undefined : v)));
    expect(strip(built.build())).toEqual(strip(yaml));
    expect(rule(bindPolicy(built.build(), bindings()), "ftp-in").ports).toEqual([
      { from: 21, to: 21 },
      { from: 30000, to: 30100 },
    ]);
  });

  test("THEN Port.udpService and Port.sctpService name the service with their protocol, and a mismatch is refused with the catalog's code", () => {
    const builder = () =>
      new CatalogBuilder({ name: "x", description: "x" })
        .role("web", "web", { egressDefault: "deny" })
        .service("syslog", "syslog", { protocol: "udp" })
        .service("diameter", "diameter", { protocol: "sctp" });
    const ok = builder()
      .allowIngress("log", { to: "web", from: Peer.any(), port: Port.udpService("syslog"), description: "d" })
      .allowIngress("dia", { to: "web", from: Peer.any(), port: Port.sctpService("diameter"), description: "d" })
      .build();
    expect(ok.rules.map((r) => [r.protocol, r.services?.[0].service])).toEqual([
      ["udp", "syslog"],
      ["sctp", "diameter"],
    ]);
    let e: unknown;
    try {
      builder()
        .allowIngress("log", { to: "web", from: Peer.any(), port: Port.tcpService("syslog"), description: "d" })
        .build();
    } catch (err) {
      e = err;
    }
    expect((e as ConfigError).codes).toEqual(["CATALOG_SERVICE_PROTOCOL_MISMATCH"]);
  });
});

describe("GIVEN the docs' examples of services", () => {
  /** The first ```yaml block after `heading` in a docs page. */
  const blockAfter = (page: string, heading: string) => {
    const text = readFileSync(page, "utf8");
    const after = text.slice(text.indexOf(heading));
    return /```yaml\n([\s\S]*?)```/.exec(after)![1];
  };

  test("THEN the catalog example loads and the environment example binds it: each rule gets its environment's ports or the default", () => {
    const policy = parseCatalog(blockAfter("docs/catalog.md", "### Named services"), "docs/catalog.md");
    const env = parseYaml("docs/environments.md", blockAfter("docs/environments.md", "### Services")).source!.data as { services: Record<string, (number | string)[]> };
    const bound = bindPolicy(policy, { environment: "prod", addressSets: { partners: ["198.51.100.0/24"] }, ipv6: false, services: env.services });
    expect(bound.rules.map((r) => [r.id, r.ports])).toEqual([
      [
        "ftp-from-partners",
        [
          { from: 21, to: 21 },
          { from: 30000, to: 30100 },
        ],
      ],
      ["pesit-from-partners", [{ from: 5001, to: 5002 }]],
      ["db-from-ftp", [{ from: 5432, to: 5432 }]],
    ]);
  });
});

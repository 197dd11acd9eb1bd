/**
 * Flows written once (from, to): expanded at policy level into the destination
 * side `<id>-in` and the source side `<id>-out`, the source side left out by
 * binding where it only restates the source's egress default; refusals by code.
 */
import { bindPolicy, CatalogDocument, ConfigError, decide, definePolicy, parseCatalog, Policy } from "../../policy";
import { CatalogBuilder, Port } from "../../policy/builders";
import { thrown, thrownOf } from "../support/thrown";

const FILE = "catalog/flows.yaml";

/** Roles server and edge with the given egress defaults, then the rules as YAML. */
function catalog(rules: string, serverEgress: "allow" | "deny" = "deny"): string {
  return `name: flows
description: flows between roles
roles:
  - id: server
    description: servers
    egressDefault: ${serverEgress}
  - id: edge
    description: edges
    egressDefault: deny
addressSets:
  - id: office
    description: office networks
services:
  - id: streaming
    description: streaming port
    protocol: tcp
    default: [8444]
rules:
${rules}`;
}

const STREAM = `  - id: stream
    from: server
    to: edge
    action: allow
    protocol: tcp
    ports: [20021, service:streaming]
    description: Streaming from the servers to the edges
    origin: vendor KB 163747
`;

const bind = (policy: Policy) => bindPolicy(policy, { environment: "dev", addressSets: { office: ["10.1.0.0/16"] }, ipv6: false });

describe("a flow between two roles, written once", () => {
  test("GIVEN a flow THEN it is its destination side <id>-in then its source side <id>-out, at its place, with its fields", () => {
    const policy = parseCatalog(catalog(STREAM), FILE);
    expect(policy.rules.map((r) => [r.id, r.target, r.direction, r.action, r.peer])).toEqual([
      ["stream-in", "edge", "ingress", "allow", { kind: "role", role: "server" }],
      ["stream-out", "server", "egress", "allow", { kind: "role", role: "edge" }],
    ]);
    for (const [rule, side] of [
      [policy.rules[0], "destination"],
      [policy.rules[1], "source"],
    ] as const) {
      expect(rule.flow).toEqual({ id: "stream", from: "server", to: "edge", side });
      expect(rule.origin).toBe("vendor KB 163747");
      expect(rule.description).toBe("Streaming from the servers to the edges");
      expect(rule.services?.map((s) => s.service)).toEqual(["streaming"]);
      expect(rule.location).toEqual({ file: FILE, line: 19, column: 5 });
    }
  });

  test("GIVEN the source restricts its egress THEN both sides bind, and the catalog allows the connection on both", () => {
    const bound = bind(parseCatalog(catalog(STREAM, "deny"), FILE));
    expect(bound.rules.map((r) => [r.id, r.peers, r.inapplicable])).toEqual([
      ["stream-in", [{ kind: "role", role: "server" }], undefined],
      ["stream-out", [{ kind: "role", role: "edge" }], undefined],
    ]);
    expect(bound.rules[0].ports).toEqual([
      { from: 8444, to: 8444 },
      { from: 20021, to: 20021 },
    ]);
    const member = (role: string) => ({ kind: "role" as const, role, family: 4 as const });
    expect(decide(bound, { direction: "ingress", target: "edge", peer: member("server"), protocol: 6, port: 20021 }).rule?.id).toBe("stream-in");
    expect(decide(bound, { direction: "egress", target: "server", peer: member("edge"), protocol: 6, port: 8444 }).rule?.id).toBe("stream-out");
    expect(decide(bound, { direction: "egress", target: "server", peer: member("edge"), protocol: 6, port: 22 }).action).toBe("deny");
  });

  test("GIVEN the source's egress default is allow and no later deny overlaps THEN the source side is left out, with the reason", () => {
    const bound = bind(parseCatalog(catalog(STREAM, "allow"), FILE));
    const out = bound.rules.find((r) => r.id === "stream-out")!;
    expect(out.peers).toEqual([]);
    expect(out.inapplicable).toContain('flow "stream"');
    // The default decides what the side would have: allowed.
    expect(decide(bound, { direction: "egress", target: "server", peer: { kind: "role", role: "edge", family: 4 }, protocol: 6, port: 20021 })).toEqual({ action: "allow" });
  });

  test.each([
    ["a later egress deny of the source to any", "any", "tcp", "[20021]"],
    ["a later egress deny of the source to the destination role", "role:edge", "tcp", "all"],
    ["a later egress deny of all protocols to addresses", "10.0.0.0/8", "all", undefined],
  ])("GIVEN %s THEN the source side is rendered even though the egress default is allow", (_, peer, protocol, ports) => {
    const deny = `  - id: no-out
    target: server
    direction: egress
    action: deny
    peer: ${peer}
    protocol: ${protocol}
${ports ? `    ports: ${ports}\n` : ""}    description: nothing else out
`;
    const bound = bind(parseCatalog(catalog(STREAM + deny, "allow"), FILE));
    expect(bound.rules.find((r) => r.id === "stream-out")!.peers).toEqual([{ kind: "role", role: "edge" }]);
  });

  test("GIVEN a later egress deny that cannot match the destination (another managed role, other ports, an earlier one) THEN the source side is still left out", () => {
    const deny = (id: string, peer: string, port: number) => `  - id: ${id}
    target: server
    direction: egress
    action: deny
    peer: ${peer}
    protocol: tcp
    ports: [${port}]
    description: deny ${id}
`;
    const text = catalog(deny("earlier", "any", 20021) + STREAM + deny("to-self", "role:server", 20021) + deny("other-port", "any", 25), "allow");
    expect(bind(parseCatalog(text, FILE)).rules.find((r) => r.id === "stream-out")!.inapplicable).toBeDefined();
  });

  test("GIVEN the source is bound to addresses THEN its side is left out (not ours to enforce) and the destination side admits those addresses", () => {
    const bound = bindPolicy(parseCatalog(catalog(STREAM, "deny"), FILE), {
      environment: "dev",
      addressSets: { office: ["10.1.0.0/16"] },
      roles: { server: { kind: "addresses", cidrs: ["10.9.0.0/24"] } },
      ipv6: false,
    });
    expect(bound.rules.map((r) => [r.id, r.peers, r.inapplicable !== undefined])).toEqual([
      ["stream-in", [{ kind: "cidr", cidr: "10.9.0.0/24", family: 4 }], false],
      ["stream-out", [], true],
    ]);
  });

  test("GIVEN the destination is bound to addresses THEN binding refuses the destination side as any rule on such a role", () => {
    const run = () =>
      bindPolicy(parseCatalog(catalog(STREAM), FILE), { environment: "dev", addressSets: { office: ["10.1.0.0/16"] }, roles: { edge: { kind: "addresses", cidrs: ["10.9.0.0/24"] } }, ipv6: false });
    expect(thrown(run)).toEqual({ error: "ConfigError", codes: ["ENV_TARGET_BOUND_TO_ADDRESSES"] });
  });

  test("GIVEN CatalogBuilder.allowFlow THEN it writes the catalog's from/to rule and builds the same policy as the YAML", () => {
    const builder = new CatalogBuilder({ name: "flows", description: "flows between roles" })
      .role("server", "servers", { egressDefault: "deny" })
      .role("edge", "edges", { egressDefault: "deny" })
      .addressSet("office", "office networks")
      .service("streaming", "streaming port", { protocol: "tcp", default: [8444] })
      .allowFlow("stream", { from: "server", to: "edge", port: [Port.tcp(20021), Port.tcpService("streaming")], description: "Streaming from the servers to the edges", origin: "vendor KB 163747" });
    expect(builder.toDocument().rules).toEqual([
      {
        id: "stream",
        from: "server",
        to: "edge",
        action: "allow",
        protocol: "tcp",
        ports: [20021, "service:streaming"],
        description: "Streaming from the servers to the edges",
        origin: "vendor KB 163747",
      },
    ]);
    const strip = (p: Policy) => p.rules.map(({ location: _location, services, ...r }) => ({ ...r, services: services?.map((s) => s.service) }));
    expect(strip(builder.build())).toEqual(strip(parseCatalog(catalog(STREAM), FILE)));
  });
});

describe("refusals of a flow, by code and position", () => {
  const codesAt = (text: string) => thrownOf(ConfigError, () => parseCatalog(text, FILE)).problems.map((p) => [p.code, p.location?.line, p.location?.column]);

  test("GIVEN a deny flow THEN CATALOG_FLOW_DENY at its action", () => {
    expect(codesAt(catalog(STREAM.replace("action: allow", "action: deny")))).toEqual([["CATALOG_FLOW_DENY", 22, 13]]);
  });

  test.each([
    ["target", "    target: edge\n"],
    ["direction", "    direction: ingress\n"],
    ["peer", "    peer: any\n"],
  ])("GIVEN a flow that also has %s THEN CATALOG_FLOW_MIXED at that field", (_, extra) => {
    expect(codesAt(catalog(STREAM.replace("    action: allow\n", `    action: allow\n${extra}`)))).toEqual([["CATALOG_FLOW_MIXED", 23, 5 + extra.trim().indexOf(":") + 2]]);
  });

  test("GIVEN a flow without to, and one without from THEN CATALOG_FLOW_INCOMPLETE each", () => {
    const noTo = STREAM.replace("    to: edge\n", "");
    const noFrom = STREAM.replace("stream", "back").replace("    from: server\n", "");
    expect(codesAt(catalog(noTo + noFrom)).map(([code]) => code)).toEqual(["CATALOG_FLOW_INCOMPLETE", "CATALOG_FLOW_INCOMPLETE"]);
  });

  test("GIVEN a one-sided rule without target, direction or peer THEN CATALOG_RULE_INCOMPLETE at the rule", () => {
    const rule = `  - id: web
    target: edge
    action: allow
    protocol: tcp
    ports: [443]
    description: https
`;
    expect(codesAt(catalog(rule))).toEqual([["CATALOG_RULE_INCOMPLETE", 19, 5]]);
  });

  test("GIVEN a flow naming unknown roles THEN CATALOG_UNKNOWN_ROLE at from and at to", () => {
    expect(codesAt(catalog(STREAM.replace("from: server", "from: sever").replace("to: edge", "to: egde")))).toEqual([
      ["CATALOG_UNKNOWN_ROLE", 20, 11],
      ["CATALOG_UNKNOWN_ROLE", 21, 9],
    ]);
  });

  test("GIVEN a rule named as a flow's side THEN CATALOG_FLOW_ID_CLASH at that rule's id, before or after the flow", () => {
    const clash = `  - id: stream-out
    target: server
    direction: egress
    action: allow
    peer: any
    protocol: tcp
    ports: [443]
    description: https out
`;
    expect(codesAt(catalog(STREAM + clash))).toEqual([["CATALOG_FLOW_ID_CLASH", 27, 9]]);
    expect(codesAt(catalog(clash.replace("stream-out", "stream-in") + STREAM))).toEqual([["CATALOG_FLOW_ID_CLASH", 19, 9]]);
  });

  test("GIVEN two flows with one id THEN CATALOG_DUPLICATE_RULE, as for any rule", () => {
    expect(codesAt(catalog(STREAM + STREAM)).map(([code]) => code)).toEqual(["CATALOG_DUPLICATE_RULE"]);
  });

  test("GIVEN a flow id longer than 36 characters THEN CATALOG_FLOW_ID_TOO_LONG (its sides must fit a rule id)", () => {
    expect(codesAt(catalog(STREAM.replace("id: stream", `id: ${"s".repeat(37)}`))).map(([code]) => code)).toEqual(["CATALOG_FLOW_ID_TOO_LONG"]);
  });

  test("GIVEN a flow in code with an unknown role THEN definePolicy refuses with the same code", () => {
    const doc: CatalogDocument = {
      name: "flows",
      description: "flows",
      roles: [{ id: "server", description: "servers", egressDefault: "deny" }],
      rules: [{ id: "stream", from: "server", to: "edge", action: "allow", protocol: "tcp", ports: [443], description: "stream" }],
    };
    expect(thrown(() => definePolicy(doc))).toEqual({ error: "ConfigError", codes: ["CATALOG_UNKNOWN_ROLE"] });
  });
});

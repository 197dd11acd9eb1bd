/** Typed builders (Peer, Port, CatalogBuilder) give the same Policy as the YAML form. */
import { CatalogBuilder, Peer, Port } from "../../policy/builders";
import { parse as parseYamlText } from "yaml";
import { parseCatalog, Policy } from "../../policy";
import { thrown } from "../support/thrown";

const YAML = `name: shop
description: Web shop tier
adminPorts: [8443]
roles:
  - id: web
    description: Web servers
    egressDefault: deny
  - id: db
    description: Database servers
    egressDefault: allow
    waivers:
      - check: egress-open-to-world
        reason: Replication targets differ per site.
addressSets:
  - id: office
    description: Office networks
rules:
  - id: deny-guest
    target: web
    direction: ingress
    action: deny
    peer: 10.1.99.0/24
    protocol: tcp
    ports: [443]
    description: Guests never reach the web servers
  - id: web-https
    target: web
    direction: ingress
    action: allow
    peer: set:office
    protocol: tcp
    ports: [443, 8000-8010]
    description: HTTPS and the application ports from the office
    origin: ticket SEC-42
  - id: web-dns
    target: web
    direction: egress
    action: allow
    peer: 2001:db8::/32
    protocol: udp
    ports: [53]
    description: DNS over IPv6
  - id: db-from-web
    target: db
    direction: ingress
    action: allow
    peer: role:web
    protocol: sctp
    ports: all
    description: SCTP from the web servers
    waivers:
      - check: all-protocols-or-all-ports
        reason: The driver picks its ports.
  - id: ping
    target: web
    direction: ingress
    action: allow
    peer: any
    protocol: icmp
    description: Ping
  - id: ping6
    target: web
    direction: ingress
    action: allow
    peer: any
    protocol: icmpv6
    description: Ping over IPv6
  - id: gre
    target: db
    direction: ingress
    action: allow
    peer: 10.2.0.0/16
    protocol: 47
    description: GRE from the backup site
  - id: db-no-egress
    target: db
    direction: egress
    action: deny
    peer: any
    protocol: all
    description: Nothing else leaves the database
`;

function built(): CatalogBuilder {
  return new CatalogBuilder({ name: "shop", description: "Web shop tier", adminPorts: [8443] })
    .role("web", "Web servers", { egressDefault: "deny" })
    .role("db", "Database servers", { egressDefault: "allow", waivers: [{ check: "egress-open-to-world", reason: "Replication targets differ per site." }] })
    .addressSet("office", "Office networks")
    .denyIngress("deny-guest", { to: "web", from: Peer.ipv4("10.1.99.0/24"), port: Port.tcp(443), description: "Guests never reach the web servers" })
    .allowIngress("web-https", {
      to: "web",
      from: Peer.set("office"),
      port: [Port.tcp(443), Port.tcpRange(8000, 8010)],
      description: "HTTPS and the application ports from the office",
      origin: "ticket SEC-42",
    })
    .allowEgress("web-dns", { from: "web", to: Peer.ipv6("2001:db8::/32"), port: Port.udp(53), description: "DNS over IPv6" })
    .allowIngress("db-from-web", {
      to: "db",
      from: Peer.role("web"),
      port: Port.allSctp(),
      description: "SCTP from the web servers",
      waivers: [{ check: "all-protocols-or-all-ports", reason: "The driver picks its ports." }],
    })
    .allowIngress("ping", { to: "web", from: Peer.any(), port: Port.icmp(), description: "Ping" })
    .allowIngress("ping6", { to: "web", from: Peer.any(), port: Port.icmpv6(), description: "Ping over IPv6" })
    .allowIngress("gre", { to: "db", from: Peer.ipv4("10.2.0.0/16"), port: Port.protocol(47), description: "GRE from the backup site" })
    .denyEgress("db-no-egress", { from: "db", to: Peer.any(), port: Port.allTraffic(), description: "Nothing else leaves the database" });
}

/** The model without where it was written (YAML has positions, code has none). */
function withoutSource(p: Policy): unknown {
  return JSON.parse(JSON.stringify({ ...p, file: undefined }, (k, v) => (k === "location" ? undefined : v)));
}

describe("typed builders", () => {
  test("GIVEN the same catalog in YAML and through the builders THEN both give an equal Policy", () => {
    const fromYaml = parseCatalog(YAML, "catalog/shop.yaml");
    const fromCode = built().build();
    expect(withoutSource(fromCode)).toEqual(withoutSource(fromYaml));
    expect(fromCode.rules.map((r) => r.id)).toEqual(["deny-guest", "web-https", "web-dns", "db-from-web", "ping", "ping6", "gre", "db-no-egress"]);
  });

  test("GIVEN the builders THEN the document is the one YAML holds, field for field", () => {
    expect(built().toDocument()).toEqual(parseYamlText(YAML));
  });

  test("GIVEN a peer of the wrong family or not a network THEN the builder says so at once", () => {
    expect(thrown(() => Peer.ipv4("2001:db8::/32"))).toEqual({ error: "ConfigError", codes: ["LIB_PEER_WRONG_FAMILY"] });
    expect(thrown(() => Peer.ipv6("10.0.0.0/8"))).toEqual({ error: "ConfigError", codes: ["LIB_PEER_WRONG_FAMILY"] });
    expect(thrown(() => Peer.ipv4("10.0.0.300"))).toEqual({ error: "ConfigError", codes: ["LIB_PEER_INVALID"] });
    expect(thrown(() => Peer.ipv4("${TfToken[TOKEN.7]}"))).toEqual({ error: "ConfigError", codes: ["LIB_PEER_TOKEN"] });
  });

  test("GIVEN two protocols in one rule THEN an error: one protocol per rule", () => {
    const b = new CatalogBuilder({ name: "x", description: "x" }).role("web", "web", { egressDefault: "deny" });
    expect(thrown(() => b.allowIngress("r", { to: "web", from: Peer.any(), port: [Port.tcp(53), Port.udp(53)], description: "dns" }))).toEqual({
      error: "ConfigError",
      codes: ["LIB_RULE_MIXED_PROTOCOLS"],
    });
  });

  test("GIVEN a mistake only the catalog check sees THEN build() reports it as for YAML (rule, field, what to do)", () => {
    const b = new CatalogBuilder({ name: "x", description: "x" })
      .role("web", "web", { egressDefault: "deny" })
      .allowIngress("r", { to: "db", from: Peer.set("nope"), port: Port.tcpRange(10, 5), description: "bad" });
    expect(thrown(() => b.build())).toEqual({ error: "ConfigError", codes: ["CATALOG_UNKNOWN_ROLE", "CATALOG_UNKNOWN_ADDRESS_SET", "CATALOG_BAD_PORT"] });
  });
});

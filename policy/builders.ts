/**
 * Typed builders for catalogs written in code, in the spirit of aws-cdk's
 * `Peer` and `Port`: a peer or a port cannot be misspelt, and the result is
 * the same `CatalogDocument` a YAML file holds, checked by the same
 * `definePolicy`, so both ways give the same Policy.
 *
 *   new CatalogBuilder({ name: "shop", description: "Web shop tier" })
 *     .role("web", "Web servers", { egressDefault: "deny" })
 *     .addressSet("office", "Office networks")
 *     .service("ftp-passive", "FTP passive data ports", { protocol: "tcp" })
 *     .allowIngress("web-https", { to: "web", from: Peer.set("office"), port: Port.tcp(443), description: "HTTPS from the office" })
 *     .allowIngress("ftp", { to: "web", from: Peer.set("office"), port: [Port.tcp(21), Port.tcpService("ftp-passive")], description: "FTP" })
 *     .build();
 */
import { CatalogDocument, definePolicy } from "./catalog";
import { parseCidr } from "./cidr";
import { ConfigError } from "./errors";
import { Action, Direction, IpFamily, NamedProtocol, PlatformService, Policy, Waiver } from "./model";
import { ProtocolName } from "./protocols";

/** The other side of a rule: a role, an address set, a network, or any address. */
export class Peer {
  /** Members of a role of this catalog. */
  static role(id: string): Peer {
    return new Peer(`role:${id}`);
  }

  /** A named address set, bound per environment (the way in for addresses known only at deploy time). */
  static set(id: string): Peer {
    return new Peer(`set:${id}`);
  }

  /** An IPv4 network (or one address, a /32). */
  static ipv4(cidr: string): Peer {
    return new Peer(Peer.literal(cidr, 4, "ipv4"));
  }

  /** An IPv6 network (or one address, a /128). */
  static ipv6(cidr: string): Peer {
    return new Peer(Peer.literal(cidr, 6, "ipv6"));
  }

  /** Every address: 0.0.0.0/0, and ::/0 where the environment enables IPv6. */
  static any(): Peer {
    return new Peer("any");
  }

  /**
   * The load balancer and its health checks, as each cloud names them (GCP's
   * health-check ranges, Azure's AzureLoadBalancer tag, on AWS the group of the
   * role built with `platform: "load-balancer"`); ingress only.
   */
  static loadBalancer(): Peer {
    return new Peer("platform:load-balancer");
  }

  private static literal(cidr: string, family: IpFamily, method: string): string {
    const subject = `Peer.${method}("${cidr}")`;
    if (/[$#]\{/.test(cidr)) {
      throw new ConfigError([
        {
          code: "LIB_PEER_TOKEN",
          subject,
          message: "a catalog holds literal networks only, and this is a token (known at deploy time)",
          hint: `Bind it per environment instead: use Peer.set("<name>") here and give the set the token in the environment's bindings.`,
        },
      ]);
    }
    const parsed = parseCidr(cidr);
    if ("error" in parsed) throw new ConfigError([{ code: "LIB_PEER_INVALID", subject, message: parsed.error }]);
    if (parsed.family !== family) throw new ConfigError([{ code: "LIB_PEER_WRONG_FAMILY", subject, message: `an IPv${parsed.family} network; use Peer.ipv${parsed.family}` }]);
    // The catalog check reports host bits with the rule's name; pass the text on as written.
    return cidr;
  }

  private constructor(
    /** The catalog's spelling: role:<id>, set:<id>, a CIDR, or any. */
    readonly text: string,
  ) {}

  /** The peer as the catalog writes it (role:<id>, set:<id>, a CIDR, any, platform:load-balancer). */
  toString(): string {
    return this.text;
  }
}

/** Protocol and ports of a rule: one protocol per rule, as in the catalog. */
export class Port {
  static tcp(port: number): Port {
    return new Port("tcp", [port]);
  }
  static tcpRange(from: number, to: number): Port {
    return new Port("tcp", [`${from}-${to}`]);
  }
  static allTcp(): Port {
    return new Port("tcp", "all");
  }
  static udp(port: number): Port {
    return new Port("udp", [port]);
  }
  static udpRange(from: number, to: number): Port {
    return new Port("udp", [`${from}-${to}`]);
  }
  static allUdp(): Port {
    return new Port("udp", "all");
  }
  static sctp(port: number): Port {
    return new Port("sctp", [port]);
  }
  static sctpRange(from: number, to: number): Port {
    return new Port("sctp", [`${from}-${to}`]);
  }
  static allSctp(): Port {
    return new Port("sctp", "all");
  }
  /** The TCP ports each environment binds to a service of the catalog (service:<id>). */
  static tcpService(id: string): Port {
    return new Port("tcp", [`service:${id}`]);
  }
  /** The UDP ports each environment binds to a service of the catalog (service:<id>). */
  static udpService(id: string): Port {
    return new Port("udp", [`service:${id}`]);
  }
  /** The SCTP ports each environment binds to a service of the catalog (service:<id>). */
  static sctpService(id: string): Port {
    return new Port("sctp", [`service:${id}`]);
  }
  /** Every ICMP type and code (IPv4). */
  static icmp(): Port {
    return new Port("icmp", undefined);
  }
  /** Every ICMPv6 type and code (IPv6). */
  static icmpv6(): Port {
    return new Port("icmpv6", undefined);
  }
  /** Every protocol and port. */
  static allTraffic(): Port {
    return new Port("all", undefined);
  }
  /** Another IP protocol by number (0-255), such as 47 (GRE); named protocols must use their method. */
  static protocol(protocolNumber: number): Port {
    return new Port(protocolNumber, undefined);
  }

  private constructor(
    /** The protocol, by name or IP protocol number. */
    readonly protocol: NamedProtocol | number,
    /** Ports as the catalog writes them; undefined for protocols without ports. */
    readonly ports: "all" | readonly (number | string)[] | undefined,
  ) {}
}

/** What every rule written with CatalogBuilder may carry besides its traffic. */
export interface RuleOptions {
  /** Why the rule exists (shown in the coverage report and on the cloud resources). */
  readonly description: string;
  /** Where the rule came from (a ticket, a vendor table row). @default none */
  readonly origin?: string;
  /** Where the rule's sources disagree, and which reading it takes (listed in the coverage report). @default none */
  readonly note?: string;
  /** Accepted lint findings, each with its reason. @default none */
  readonly waivers?: readonly Waiver[];
}

/** An ingress rule for CatalogBuilder: traffic from a peer to a role's members. */
export interface IngressRuleProps extends RuleOptions {
  /** The role whose members receive the traffic. */
  readonly to: string;
  /** Where the traffic comes from. */
  readonly from: Peer;
  /** One protocol; several ports or ranges of it as a list. */
  readonly port: Port | readonly Port[];
}

/** An egress rule for CatalogBuilder: traffic from a role's members to a peer. */
export interface EgressRuleProps extends RuleOptions {
  /** The role whose members send the traffic. */
  readonly from: string;
  /** Where the traffic goes. */
  readonly to: Peer;
  /** One protocol; several ports or ranges of it as a list. */
  readonly port: Port | readonly Port[];
}

/** A flow between two roles for CatalogBuilder, written once and enforced on both sides. */
export interface FlowProps extends RuleOptions {
  /** The role whose members open the connection. */
  readonly from: string;
  /** The role whose members receive it. */
  readonly to: string;
  /** One protocol; several ports or ranges of it as a list. */
  readonly port: Port | readonly Port[];
}

type RuleDocument = CatalogDocument["rules"][number];

/**
 * A catalog written in code; `build()` checks it exactly as a YAML file is checked.
 *
 * @example
 *   const policy = new CatalogBuilder({ name: "shop", description: "Web shop" })
 *     .role("web", "Web servers", { egressDefault: "deny" })
 *     .allowIngress("https", { to: "web", from: Peer.any(), port: Port.tcp(443), description: "HTTPS" })
 *     .build();
 */
export class CatalogBuilder {
  private readonly doc: CatalogDocument;

  constructor(props: { name: string; description: string; adminPorts?: readonly number[] }) {
    this.doc = { name: props.name, description: props.description, ...(props.adminPorts ? { adminPorts: [...props.adminPorts] } : {}), roles: [], rules: [] };
  }

  /** Adds a role, with its explicit egress default; `platform: "load-balancer"` makes its group what Peer.loadBalancer() is on AWS. */
  role(id: string, description: string, options: { egressDefault: Action; waivers?: readonly Waiver[]; platform?: PlatformService }): this {
    this.doc.roles.push({
      id,
      description,
      egressDefault: options.egressDefault,
      ...(options.waivers ? { waivers: [...options.waivers] } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    });
    return this;
  }

  /** Adds a named address set, bound per environment. */
  addressSet(id: string, description: string): this {
    (this.doc.addressSets ??= []).push({ id, description });
    return this;
  }

  /**
   * Adds a named set of ports, bound per environment (CatalogBindings.services);
   * rules name it with Port.tcpService(id) and the like.
   */
  service(id: string, description: string, options: { protocol?: Extract<ProtocolName, "tcp" | "udp" | "sctp">; default?: readonly (number | string)[] } = {}): this {
    (this.doc.services ??= []).push({ id, description, ...(options.protocol ? { protocol: options.protocol } : {}), ...(options.default ? { default: [...options.default] } : {}) });
    return this;
  }

  /** Adds an ingress allow, after the rules added before it. */
  allowIngress(id: string, props: IngressRuleProps): this {
    return this.rule(id, "ingress", "allow", props.to, props.from, props);
  }

  /** Adds an ingress deny, after the rules added before it. */
  denyIngress(id: string, props: IngressRuleProps): this {
    return this.rule(id, "ingress", "deny", props.to, props.from, props);
  }

  /** Adds an egress allow, after the rules added before it. */
  allowEgress(id: string, props: EgressRuleProps): this {
    return this.rule(id, "egress", "allow", props.from, props.to, props);
  }

  /** Adds an egress deny, after the rules added before it. */
  denyEgress(id: string, props: EgressRuleProps): this {
    return this.rule(id, "egress", "deny", props.from, props.to, props);
  }

  /**
   * Adds a flow between two roles, after the rules added before it: the catalog's
   * `from`/`to` rule, whose sides are `<id>-in` (ingress on `to`) and `<id>-out`
   * (egress on `from`, left out where the egress default of `from` allows it).
   */
  allowFlow(id: string, props: FlowProps): this {
    const rule = this.ruleDocument(id, props);
    this.doc.rules.push({ id, from: props.from, to: props.to, action: "allow", ...rule });
    return this;
  }

  /** The catalog as YAML would hold it (a copy). */
  toDocument(): CatalogDocument {
    return JSON.parse(JSON.stringify(this.doc)) as CatalogDocument;
  }

  /** Checks and normalises the catalog (definePolicy): the same Policy the YAML form gives. */
  build(): Policy {
    return definePolicy(this.toDocument());
  }

  private rule(id: string, direction: Direction, action: Action, target: string, peer: Peer, props: RuleOptions & { port: Port | readonly Port[] }): this {
    this.doc.rules.push({ id, target, direction, action, peer: peer.text, ...this.ruleDocument(id, props) });
    return this;
  }

  /** A rule's protocol, ports, description, origin and waivers, as the catalog writes them. */
  private ruleDocument(id: string, props: RuleOptions & { port: Port | readonly Port[] }): Omit<RuleDocument, "id" | "action"> {
    const ports = (Array.isArray(props.port) ? props.port : [props.port]) as readonly Port[];
    if (ports.length === 0) throw new ConfigError([{ code: "LIB_RULE_NO_PORT", subject: `rule "${id}"`, message: "port is an empty list", hint: "Give at least one Port (such as Port.tcp(443))." }]);
    const protocols = [...new Set(ports.map((p) => p.protocol))];
    if (protocols.length > 1)
      throw new ConfigError([
        { code: "LIB_RULE_MIXED_PROTOCOLS", subject: `rule "${id}"`, message: `one protocol per rule, but port mixes ${protocols.join(" and ")}`, hint: "Write one rule per protocol." },
      ]);
    const rule: Omit<RuleDocument, "id" | "action"> = { protocol: protocols[0], description: props.description };
    const written = ports.map((p) => p.ports);
    if (written.some((w) => w === "all")) rule.ports = "all";
    else if (written.some((w) => w !== undefined)) rule.ports = written.flatMap((w) => [...(w ?? [])]);
    if (props.origin !== undefined) rule.origin = props.origin;
    if (props.note !== undefined) rule.note = props.note;
    if (props.waivers) rule.waivers = [...props.waivers];
    return rule;
  }
}

/**
 * The cloud-neutral policy model: what a catalog means once it is loaded,
 * validated and normalised. Plain data, no cloud imports; cloud modules
 * render it, the verifier checks renderings against it.
 */

export type Direction = "ingress" | "egress";
export type Action = "allow" | "deny";

/** Named protocols; any other IP protocol is given by its number (0-255). */
export type NamedProtocol = import("./protocols").ProtocolName | "all";
export type Protocol = NamedProtocol | number;

/** An inclusive port range. Single ports have from === to. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Every port of a port protocol (the catalog's `ports: all`). */
export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** Where something was written, for error messages and traceability. */
export interface SourceLocation {
  /** Path relative to the project root (never absolute). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Who is on the other side of a rule (source of ingress, destination of egress).
 * - role: members of a role of this catalog
 * - addressSet: a named set of CIDRs, bound per environment
 * - cidr: a literal network, canonical (no host bits)
 * - any: every address (IPv4, and IPv6 where the environment enables it)
 */
export type Peer =
  | { readonly kind: "role"; readonly role: string }
  | { readonly kind: "addressSet"; readonly name: string }
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "any" }
  | { readonly kind: "platform"; readonly service: PlatformService };

/**
 * A service of the cloud platform itself that every deployment needs, which
 * each cloud names in its own vocabulary (the catalog's `platform:<service>`
 * peer): `load-balancer` is the load balancer and its health checks (GCP's
 * health-check ranges, Azure's AzureLoadBalancer tag, on AWS the group of the
 * role designated `platform: load-balancer`).
 */
export type PlatformService = "load-balancer";
export const PLATFORM_SERVICES: readonly PlatformService[] = ["load-balancer"];

/** The role the catalog designates as a platform service (`platform: load-balancer`), if any. */
export function platformRole(policy: { readonly roles: readonly { readonly id: string; readonly platform?: PlatformService }[] }, service: PlatformService): string | undefined {
  return policy.roles.find((r) => r.platform === service)?.id;
}

/** A set of machines that share rules, such as the SecureTransport servers. */
export interface Role {
  /** Unique, kebab-case; group, tag and resource names derive from it. */
  readonly id: string;
  /** What the machines are (kept in a tag on AWS, so editing it replaces nothing). */
  readonly description: string;
  /** What happens to egress that no rule matches. Always explicit. */
  readonly egressDefault: Action;
  /** Accepted lint findings about the role itself (such as its egress default). */
  readonly waivers: readonly Waiver[];
  /** Set when the role's members are a platform service where a cloud gives it a group of ours (AWS: the load balancer's security group). @default none */
  readonly platform?: PlatformService;
  /** Where the role is written, for messages. */
  readonly location?: SourceLocation;
}

export interface AddressSet {
  readonly id: string;
  readonly description: string;
  readonly location?: SourceLocation;
}

/**
 * A named set of ports (the FTP passive range, a site's AS2 or PeSIT port, the
 * database port) whose value each environment binds; rules name it in `ports`.
 */
export interface Service {
  /** Unique, kebab-case; rules name it as service:<id>, environments bind it by it. */
  readonly id: string;
  /** What the ports serve. */
  readonly description: string;
  /** The one protocol of the rules that may name it. @default any port protocol (tcp, udp, sctp) */
  readonly protocol?: import("./protocols").ProtocolName;
  /** Sorted, merged ports of every environment that does not bind it. @default none: each environment must bind it */
  readonly default?: readonly PortRange[];
  /** Where the service is declared, for messages. */
  readonly location?: SourceLocation;
}

/** A service named in a rule's `ports` (service:<id>). */
export interface ServiceReference {
  /** The id of the service named. */
  readonly service: string;
  /** Where the reference is written, for messages. */
  readonly location?: SourceLocation;
}

/** A lint finding that the catalog accepts, with the reason it is accepted. */
export interface Waiver {
  readonly check: string;
  readonly reason: string;
  /**
   * The day the acceptance is to be reviewed (YYYY-MM-DD), shown in the coverage report.
   * Synthesis does not compare it with the clock: the same files must give the same output.
   * @default none
   */
  readonly expires?: string;
}

/** One catalog rule: what it allows or denies, to or from which role, over which protocol and ports. */
export interface Rule {
  /** Unique, kebab-case; names and logical ids on every cloud derive from it. */
  readonly id: string;
  /** The role whose members the rule protects (ingress) or constrains (egress). */
  readonly target: string;
  /** ingress: traffic to the target's members; egress: traffic from them. */
  readonly direction: Direction;
  /** allow or deny; the first matching rule decides. */
  readonly action: Action;
  /** The other side: a role, an address set, a CIDR or any. */
  readonly peer: Peer;
  /** tcp, udp, icmp, icmpv6, sctp, all, or an IP protocol number. */
  readonly protocol: Protocol;
  /**
   * Sorted, merged, non-overlapping ranges; [ALL_PORTS] for every port.
   * Empty for protocols without ports (icmp, icmpv6, all, numbers other than
   * tcp/udp/sctp).
   */
  readonly ports: readonly PortRange[];
  /**
   * Services named in the rule's ports, in the order written. Until binding,
   * `ports` holds only the literal ports; bindPolicy adds each service's bound
   * ports to them. @default none
   */
  readonly services?: readonly ServiceReference[];
  /** Why the rule exists (on the cloud resources and in the report). */
  readonly description: string;
  /** Where the rule came from (for the seed catalog: the seed row). */
  readonly origin?: string;
  /** Where the rule's sources disagree and which reading it takes (coverage report: "Where the sources disagree"). @default none */
  readonly note?: string;
  /** Lint findings the catalog accepts for this rule, each with its reason. */
  readonly waivers: readonly Waiver[];
  /** Where the rule is written, for messages. */
  readonly location?: SourceLocation;
  /** Set when the rule is one side of a flow the catalog wrote once (from, to). @default none */
  readonly flow?: FlowSide;
}

/**
 * Which side of a flow written once a rule is: the destination side `<id>-in`
 * is the ingress on `to` from role `from`, the source side `<id>-out` the egress
 * on `from` to role `to`.
 */
export interface FlowSide {
  /** The id the catalog wrote for the flow. */
  readonly id: string;
  /** The role that opens the connection. */
  readonly from: string;
  /** The role that receives it. */
  readonly to: string;
  /** destination: the ingress on `to`; source: the egress on `from`. */
  readonly side: "destination" | "source";
}

/**
 * A property of the catalog every rendering must keep: `never` traffic no
 * cloud allows (any part of it), `always` traffic every cloud allows (all of it).
 */
export interface Invariant {
  readonly id: string;
  readonly description: string;
  readonly kind: "never" | "always";
  /** The sender, in the rules' peer syntax, or the Internet (every public address, policy/cidr.ts internetCidrs). */
  readonly from: Peer | { readonly kind: "internet" };
  /** The receiving role. */
  readonly to: string;
  readonly protocol: Protocol;
  /** As a rule's: sorted, merged; [ALL_PORTS] for every port; empty for protocols without ports. */
  readonly ports: readonly PortRange[];
  readonly location?: SourceLocation;
}

/** A checked, normalised catalog (from YAML or code); frozen, shared by every environment and cloud. */
export interface Policy {
  /** The catalog's name (in tags and descriptions). */
  readonly name: string;
  /** What the catalog protects. */
  readonly description: string;
  /** Catalog file, relative to the project root, when loaded from YAML. */
  readonly file?: string;
  /** Administration ports besides 22 and 3389, which must never be open to `any`. */
  readonly adminPorts: readonly number[];
  /** Roles in catalog order. */
  readonly roles: readonly Role[];
  /** Named address sets, bound per environment. */
  readonly addressSets: readonly AddressSet[];
  /** Named sets of ports, bound per environment. @default none */
  readonly services?: readonly Service[];
  /** In precedence order: the first rule that matches a flow decides. */
  readonly rules: readonly Rule[];
  /** What every rendering must keep. @default none */
  readonly invariants?: readonly Invariant[];
}

// ---------------------------------------------------------------------------
// Bound policy: a policy plus one environment's bindings. Cloud modules render
// this; it has everything a renderer needs and nothing cloud-specific.

export type IpFamily = 4 | 6;

/** One concrete peer after binding: a role reference or one canonical CIDR. */
export type PeerEntry =
  | { readonly kind: "role"; readonly role: string }
  | {
      readonly kind: "cidr";
      /** Canonical CIDR, or the token's text when `token` is set. */
      readonly cidr: string;
      readonly family: IpFamily;
      /**
       * Set when the network is known only at deploy time (a CDKTF token bound to
       * an address set): passed through to the cloud, never computed with.
       */
      readonly token?: { readonly set: string; readonly index: number };
      /** Set when the network is a platform service's own (Azure's load balancer probes): its addresses are no role's members. @default none */
      readonly platform?: PlatformService;
    };

/** How a binding value is known: a token of one value, a token of a list, or (undefined) a literal. */
export type TokenKind = "value" | "list" | undefined;

/** A service reference with the ports the environment gave it. */
export interface BoundServiceReference extends ServiceReference {
  /** Sorted, merged: the environment's binding, or the service's default. */
  readonly ports: readonly PortRange[];
}

export interface BoundRule extends Rule {
  /** As the rule's, each with its bound ports (already merged into `ports`). @default none */
  readonly services?: readonly BoundServiceReference[];
  /**
   * The peer resolved for this environment, sorted, duplicates removed, and
   * only networks of the protocol's family (ICMP is IPv4 only, ICMPv6 IPv6 only).
   */
  readonly peers: readonly PeerEntry[];
  /** Why the rule matches no traffic in this environment (no network of its protocol's family), when it does not. */
  readonly inapplicable?: string;
  /**
   * Set when the rule's peer is a platform service: `peers` is then empty here,
   * and each cloud fills it in its own vocabulary (modules/platform.ts) before
   * rendering or deciding. @default none
   */
  readonly platform?: PlatformService;
  /**
   * The cloud (its id) whose words `peers` holds for the platform service,
   * once modules/platform.ts filled them; a policy placed in networks after
   * that keeps them as placed (a load balancer's group of another VPC becomes
   * its VPC's CIDRs). @default not yet filled
   */
  readonly platformIn?: string;
}

/** How an environment binds a role: managed by us, or a list of addresses. */
export type RoleBinding = { readonly kind: "managed" } | { readonly kind: "addresses"; readonly cidrs: readonly string[] };

export interface EnvironmentBindings {
  /** Environment name, used in error messages and resource names. */
  readonly environment: string;
  /** File the bindings came from (relative), for error messages. */
  readonly file?: string;
  /** CIDRs (or single addresses) per address set. */
  readonly addressSets: Readonly<Record<string, readonly string[]>>;
  /** Roles bound to addresses instead of managed groups (default: managed). */
  readonly roles?: Readonly<Record<string, RoleBinding>>;
  /**
   * Ports per service, as a catalog writes them (5432, "30000-30100"); a
   * service not bound takes its default. @default {}
   */
  readonly services?: Readonly<Record<string, readonly (number | string)[]>>;
  /** When true, `any` also means ::/0. */
  readonly ipv6: boolean;
  /**
   * Recognises values known only at deploy time (CDKTF tokens) among the
   * address-set entries; FirewallCatalog passes CDKTF's own test. A token of
   * one value is taken as one IPv4 network and passed through.
   * @default none: every entry must be an address or CIDR
   */
  readonly tokenKind?: (value: string) => TokenKind;
  /**
   * Where a value of the environment file is, by its path there (["addressSets", "office", 2],
   * ["roles", "db", "addresses", 0]; `key` for the key itself), for messages.
   */
  readonly locate?: (path: readonly (string | number)[], key?: boolean) => SourceLocation;
}

/** A catalog bound to one environment: what every cloud's construct renders. */
export interface BoundPolicy {
  /** The catalog it binds. */
  readonly policy: Policy;
  /** The environment's name. */
  readonly environment: string;
  /** Whether `any` also means ::/0 here. */
  readonly ipv6: boolean;
  /** Roles this environment manages (gets a group / tag for), in catalog order. */
  readonly managedRoles: readonly Role[];
  /** How each role is bound: managed by us, or a list of addresses. */
  readonly roleBindings: Readonly<Record<string, RoleBinding>>;
  /** Canonical CIDRs per address set, sorted. */
  readonly addressSets: Readonly<Record<string, readonly string[]>>;
  /** Sorted, merged ports per service of the catalog (bound or default). @default none: the catalog declares no service */
  readonly services?: Readonly<Record<string, readonly PortRange[]>>;
  /** Rules in precedence order. */
  readonly rules: readonly BoundRule[];
}

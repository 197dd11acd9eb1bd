/**
 * The catalog's protocol vocabulary, in one table: each named IP protocol, its
 * IANA number, whether its rules carry ports, and the one address family it
 * travels in. Every other list of names, numbers or port protocols derives
 * from it (the catalog checks, binding, the clouds' renderings and readers,
 * the lint, the verifier's flows).
 */
import { IpFamily, Protocol } from "./model";

interface ProtocolEntry {
  readonly number: number;
  /** Whether rules of the protocol carry ports. */
  readonly ports: boolean;
  /** The one address family it exists in; undefined when it runs over both. */
  readonly family?: IpFamily;
}

/** In the order messages list them: port protocols first. */
const TABLE = {
  tcp: { number: 6, ports: true },
  udp: { number: 17, ports: true },
  sctp: { number: 132, ports: true },
  icmp: { number: 1, ports: false, family: 4 },
  icmpv6: { number: 58, ports: false, family: 6 },
} as const satisfies Record<string, ProtocolEntry>;

export type ProtocolName = keyof typeof TABLE;

/** IANA numbers of the named protocols. */
export const PROTOCOL_NUMBERS: Readonly<Record<ProtocolName, number>> = Object.fromEntries(Object.entries(TABLE).map(([name, e]) => [name, e.number])) as Record<ProtocolName, number>;

/** Every protocol name a catalog may write: the table's, and `all`. */
export const NAMED_PROTOCOLS: readonly string[] = [...Object.keys(TABLE), "all"];

/** Protocols whose rules carry ports (tcp, udp, sctp), in table order. */
export const PORT_PROTOCOLS: readonly ProtocolName[] = (Object.keys(TABLE) as ProtocolName[]).filter((name) => TABLE[name].ports);

const NAME_OF_NUMBER = new Map<number, ProtocolName>(Object.entries(TABLE).map(([name, e]) => [e.number, name as ProtocolName]));

/** The name of a protocol number, when it has one (6 → tcp). */
export function protocolName(protocolNumber: number): ProtocolName | undefined {
  return NAME_OF_NUMBER.get(protocolNumber);
}

/** Whether a protocol, by name or number, carries ports (tcp, udp, sctp; 6, 17, 132). */
export function hasPorts(p: Protocol | number): boolean {
  const name = typeof p === "number" ? protocolName(p) : p;
  return name !== undefined && name !== "all" && TABLE[name as ProtocolName]?.ports === true;
}

/** The IP protocol number of a rule's protocol, or "all". */
export function protocolNumber(p: Protocol): number | "all" {
  if (p === "all") return "all";
  if (typeof p === "number") return p;
  return TABLE[p].number;
}

/** The one address family a protocol exists in (ICMP: IPv4, ICMPv6: IPv6), or undefined when it runs over both. */
export function protocolFamily(p: Protocol): IpFamily | undefined {
  return typeof p === "string" && p !== "all" ? (TABLE[p] as ProtocolEntry).family : undefined;
}

/** How the catalog names ICMP of a family. */
export function icmpName(family: IpFamily): string {
  return family === 4 ? "ICMP" : "ICMPv6";
}

/**
 * IANA keywords of protocols a catalog writes by number, for reports and
 * diagrams only (47 is shown as GRE; the catalog and the clouds keep the number).
 */
const DISPLAY_NAMES: Readonly<Record<number, string>> = {
  2: "IGMP",
  4: "IPIP",
  41: "IPv6",
  47: "GRE",
  50: "ESP",
  51: "AH",
  88: "EIGRP",
  89: "OSPF",
  103: "PIM",
  112: "VRRP",
  115: "L2TP",
};

/** How reports name a protocol: the catalog's name (tcp), an IANA keyword (GRE), `protocol 99`, or `all protocols`. */
export function protocolDisplayName(p: Protocol): string {
  if (p === "all") return "all protocols";
  if (typeof p === "string") return p;
  return protocolName(p) ?? DISPLAY_NAMES[p] ?? `protocol ${p}`;
}

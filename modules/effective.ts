/** What the clouds' readers of their own synthesized Terraform share: decisions, and matching of addresses, role members, protocols. */
import { cidrContainsAddress, cidrInterval, FlowPeer } from "../policy";

export interface CloudDecision {
  readonly action: "allow" | "deny";
  /** Resources that decided: the matching rules, or the firewall that matched first; empty when the default decided. */
  readonly resources: string[];
}

/** Protocol names both clouds use in Terraform, as IP protocol numbers. */
const NAMES: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58, sctp: 132, "ipv6-icmp": 58 };

/** A Terraform protocol value ("tcp", "6", "-1", "all") as a number, or "all". */
export function protocolOf(value: string | number): number | "all" {
  const v = String(value).toLowerCase();
  if (v === "-1" || v === "all") return "all";
  if (v in NAMES) return NAMES[v];
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`unknown protocol "${value}" in synthesized Terraform`);
  return n;
}

export function hasPorts(protocol: number): boolean {
  return protocol === 6 || protocol === 17 || protocol === 132;
}

/**
 * Whether a CIDR holds the flow's peer. A role member's address is unknown to
 * the catalog, so only the whole address space of its family is sure to hold it
 * (the same reading as policy/semantics.ts).
 */
export function cidrHolds(cidr: string, peer: FlowPeer): boolean {
  if (peer.kind === "address") return cidrContainsAddress(cidr, peer.address);
  const net = cidrInterval(cidr);
  return net.family === peer.family && net.first === 0n && net.last === (1n << BigInt(peer.family === 4 ? 32 : 128)) - 1n;
}

/** "80" or "7800-7802" holds port? */
export function portSpecHolds(spec: string, port: number): boolean {
  const [from, to] = spec.split("-").map(Number);
  return port >= from && port <= (to ?? from);
}

/** The logical id inside "${aws_security_group.<id>.id}". */
export function referencedId(ref: unknown, type: string): string | undefined {
  const m = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.id\\}$`).exec(String(ref ?? ""));
  return m?.[1];
}

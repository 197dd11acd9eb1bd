/** What the clouds' readers of their own synthesized Terraform share: decisions, and matching of addresses, role members, protocols. */
import { cidrContainsAddress, coversAddressSpace, Direction, FlowPeer, hasPorts as protocolHasPorts, parseCidr, PROTOCOL_NUMBERS } from "../policy";

export interface CloudDecision {
  readonly action: "allow" | "deny";
  /** Resources that decided: the matching rules, or the firewall that matched first; empty when the default decided. */
  readonly resources: string[];
  /** Set when the decision depends on something the configuration does not say (such as whether an address is in Azure's virtual network): the verifier counts it as a disagreement. */
  readonly uncertain?: string;
}

/**
 * A CIDR a rule matches against, and the rule's traffic. Only flows of that
 * traffic can be decided differently inside and outside the CIDR, so the
 * verifier cuts only their address space there (a wider traffic is always safe).
 */
export interface CidrCut {
  readonly direction: Direction;
  readonly protocol: number | "all";
  /** Undefined: every port (or a protocol without ports). */
  readonly ports?: readonly { readonly from: number; readonly to: number }[];
  readonly cidr: string;
}

/**
 * What one rendered rule can match, as the verifier's probes need it: its
 * traffic and what its peer side names. A view gives the footprints of the
 * rules that can decide a role's flows (EffectiveView.footprints), so the
 * probes for that role cut the address space and pick role members only where
 * those rules do.
 */
export interface Footprint {
  readonly direction: Direction;
  readonly protocol: number | "all";
  /** Undefined: every port (or a protocol without ports). */
  readonly ports?: readonly { readonly from: number; readonly to: number }[];
  /** The ICMP type the rule narrows to, if any. */
  readonly icmpType?: number;
  /** The CIDRs its peer side matches addresses against. */
  readonly cidrs: readonly string[];
  /** The roles whose members its peer side names (by group, tag, service account or application security group). */
  readonly roles: readonly string[];
}

/** Protocol names both clouds use in Terraform, as IP protocol numbers: the catalog's, and AWS's spelling of ICMPv6. */
const NAMES: Record<string, number> = { ...PROTOCOL_NUMBERS, "ipv6-icmp": PROTOCOL_NUMBERS.icmpv6 };

/** A Terraform protocol value ("tcp", "6", "-1", "all") as a number, or "all". */
export function protocolOf(value: string | number): number | "all" {
  const v = String(value).toLowerCase();
  if (v === "-1" || v === "all") return "all";
  if (v in NAMES) return NAMES[v];
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`unknown protocol "${value}" in synthesized Terraform`);
  return n;
}

export function hasPorts(protocol: number): boolean {
  return protocolHasPorts(protocol);
}

/** A CIDR a cloud resource names, canonical (the network the cloud applies), or an error naming the resource. */
export function canonicalCidr(text: unknown, where: string): string {
  const parsed = parseCidr(String(text));
  if ("error" in parsed) throw new Error(`${where}: ${parsed.error}`);
  return parsed.cidr;
}

/**
 * Whether a CIDR holds the flow's peer. Probe flows give role members a
 * concrete address (the verifier's probes); a member without one is
 * only sure to be inside the whole address space of its family.
 */
export function cidrHolds(cidr: string, peer: FlowPeer): boolean {
  const address = (peer as { address?: string }).address;
  if (address !== undefined) return cidrContainsAddress(cidr, address);
  return coversAddressSpace(cidr, peer.family);
}

/** "80" or "7800-7802" as a range; each spec is split once (the checks ask for every probe flow). */
export function portSpecRange(spec: string): { readonly from: number; readonly to: number } {
  let range = specRanges.get(spec);
  if (!range) {
    const [from, to] = spec.split("-").map(Number);
    range = { from, to: to ?? from };
    if (specRanges.size < 100_000) specRanges.set(spec, range);
  }
  return range;
}

/** "80" or "7800-7802" holds port? */
export function portSpecHolds(spec: string, port: number): boolean {
  const range = portSpecRange(spec);
  return port >= range.from && port <= range.to;
}

const specRanges = new Map<string, { from: number; to: number }>();

/** The logical id inside "${<type>.<id>.id}". */
export function referencedId(ref: unknown, type: string): string | undefined {
  const m = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.id\\}$`).exec(String(ref ?? ""));
  return m?.[1];
}

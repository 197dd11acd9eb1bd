/**
 * Logical ids from content, never from list positions: a resource's id only
 * depends on its role, direction, rule id, protocol, ports and peer, so adding
 * or reordering catalog rules renames nothing else.
 */
import { Direction, PeerEntry, PortRange, Protocol, SynthesisError } from "../../policy";

/** Terraform allows at most this many characters in an identifier we send through CDKTF. */
const MAX_LOGICAL_ID = 255;
const TERRAFORM_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Catalog ids are kebab-case; Terraform identifiers read better in snake_case. */
export function snake(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, "_");
}

/** `st-server` → `st_server`. */
export function groupLogicalId(role: string): string {
  return checked(snake(role), `role "${role}"`);
}

/** `self` for the group itself, `sg_<role>` for another group, `set_<set>_<n>` for a token, else the CIDR with `.:/` as `_`. */
export function peerKey(peer: PeerEntry, ownRole: string): string {
  if (peer.kind === "role") return peer.role === ownRole ? "self" : `sg_${snake(peer.role)}`;
  // A token's text changes with construction order: name it by its place in the address set.
  if (peer.token) return `set_${snake(peer.token.set)}_${peer.token.index + 1}`;
  return peer.cidr.replace(/[.:/]/g, "_");
}

/** Named protocols by name; other IP protocols as `proto<number>`. */
export function protocolKey(protocol: Protocol): string {
  return typeof protocol === "number" ? `proto${protocol}` : protocol;
}

/** `80` for one port, `8088_8093` for a range. */
export function portsKey(range: PortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}_${range.to}`;
}

/** `<role>_<direction>_<rule>_<proto>[_<from>[_<to>]]_<peer>`, e.g. `st_server_ingress_st_snmp_tcp_80_self`. */
export function ruleLogicalId(role: string, direction: Direction, ruleId: string, protocol: Protocol, range: PortRange | undefined, peer: PeerEntry): string {
  const ports = range ? `_${portsKey(range)}` : "";
  return checked(`${snake(role)}_${direction}_${snake(ruleId)}_${protocolKey(protocol)}${ports}_${peerKey(peer, role)}`, `rule "${ruleId}"`);
}

/**
 * The role's implicit trailing egress allow: `<role>_egress_default_all_ipv4` / `_ipv6`
 * while whole; pieces left by egress denies are named by their CIDR.
 */
export function egressDefaultLogicalId(role: string, peer: PeerEntry): string {
  const whole = peer.kind === "cidr" && (peer.cidr === "0.0.0.0/0" || peer.cidr === "::/0");
  const key = whole ? `ipv${peer.family}` : peerKey(peer, role);
  return checked(`${snake(role)}_egress_default_all_${key}`, `role "${role}"`);
}

function checked(id: string, subject: string): string {
  if (id.length > MAX_LOGICAL_ID || !TERRAFORM_IDENTIFIER.test(id)) {
    throw new SynthesisError(
      `${subject}: logical id "${id}" is not a Terraform identifier of at most ${MAX_LOGICAL_ID} characters. Shorten the role or rule id in the catalog.`,
      undefined,
      "AWS_LOGICAL_ID_INVALID",
    );
  }
  return id;
}

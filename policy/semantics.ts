/**
 * What the catalog itself decides for a flow, the one definition of the
 * catalog's meaning that every check (verify, reach, invariants, matchers,
 * review) compares a cloud with: the first rule that matches
 * decides; unmatched ingress is denied; unmatched egress follows the target
 * role's declared egress default, for the address families the environment
 * has: where IPv6 is off (`ipv6: false`), unmatched IPv6 egress is denied
 * whatever the egress default (no cloud may open IPv6 the environment does not
 * use; GCP's implied allow is overridden by an explicit deny). The verifier
 * compares every cloud to this.
 */
import { cidrContainsAddress, coversAddressSpace } from "./cidr";
import { portsContain } from "./ports";
import { Action, BoundPolicy, BoundRule, Direction, IpFamily, PeerEntry } from "./model";
import { protocolNumber } from "./protocols";

/**
 * The other side of a flow: a member of a role, or an address. A role member
 * may carry the address it sits at (the checks' probes do): a catalog rule then
 * matches it through a role entry naming its role or a CIDR entry holding the address.
 */
export type FlowPeer =
  { readonly kind: "role"; readonly role: string; readonly family: IpFamily; readonly address?: string } | { readonly kind: "address"; readonly address: string; readonly family: IpFamily };

export interface Flow {
  readonly direction: Direction;
  /** The role whose member receives (ingress) or sends (egress). */
  readonly target: string;
  readonly peer: FlowPeer;
  /** IP protocol number. */
  readonly protocol: number;
  /** Destination port, for tcp/udp/sctp. */
  readonly port?: number;
  /**
   * ICMP/ICMPv6 message type. Catalog rules match every type; a cloud rule
   * narrowed to one type matches only flows of that type. Undefined: a type no
   * rule names.
   */
  readonly icmpType?: number;
}

export interface Decision {
  readonly action: Action;
  /** The deciding rule, or undefined when the default decided. */
  readonly rule?: BoundRule;
}

export function peerEntryMatches(entry: PeerEntry, peer: FlowPeer): boolean {
  if (entry.kind === "role") return peer.kind === "role" && peer.role === entry.role;
  // A platform service's own addresses (Azure's load balancer probes) are no machine of a role.
  if (entry.platform && peer.kind === "role") return false;
  if (entry.token) throw new Error(`address set "${entry.token.set}" holds a token (${entry.cidr}): the catalog cannot decide flows for a network known only at deploy time`);
  if (peer.address !== undefined) return cidrContainsAddress(entry.cidr, peer.address);
  // A role member whose address is not given: only the whole address space
  // (`any`) is sure to contain it.
  return coversAddressSpace(entry.cidr, peer.family);
}

export function ruleMatches(rule: BoundRule, flow: Flow): boolean {
  return rule.target === flow.target && rule.direction === flow.direction && matchesOnTarget(rule, protocolNumber(rule.protocol), flow);
}

// The rules of one direction and target, in precedence order, with their protocol numbers (a check asks for tens of thousands of flows).
const rulesByTarget = new WeakMap<BoundPolicy, Record<Direction, Map<string, { rule: BoundRule; protocol: number | "all" }[]>>>();

function rulesOf(bound: BoundPolicy, flow: Flow): readonly { rule: BoundRule; protocol: number | "all" }[] {
  let index = rulesByTarget.get(bound);
  if (!index) {
    index = { ingress: new Map(), egress: new Map() };
    for (const r of bound.rules) index[r.direction].set(r.target, [...(index[r.direction].get(r.target) ?? []), { rule: r, protocol: protocolNumber(r.protocol) }]);
    rulesByTarget.set(bound, index);
  }
  return index[flow.direction].get(flow.target) ?? [];
}

/** ruleMatches for a rule of the flow's target and direction, its protocol number known (decide's index holds it). */
function matchesOnTarget(rule: BoundRule, protocol: number | "all", flow: Flow): boolean {
  if (protocol !== "all" && protocol !== flow.protocol) return false;
  if (rule.ports.length > 0 && (flow.port === undefined || !portsContain(rule.ports, flow.port))) return false;
  for (const e of rule.peers) if (peerEntryMatches(e, flow.peer)) return true;
  return false;
}

export function decide(bound: BoundPolicy, flow: Flow): Decision {
  let rule: BoundRule | undefined;
  for (const r of rulesOf(bound, flow))
    if (matchesOnTarget(r.rule, r.protocol, flow)) {
      rule = r.rule;
      break;
    }
  if (rule) return { action: rule.action, rule };
  if (flow.direction === "ingress") return { action: "deny" };
  if (flow.peer.family === 6 && !bound.ipv6) return { action: "deny" };
  const role = bound.policy.roles.find((r) => r.id === flow.target);
  return { action: role?.egressDefault ?? "deny" };
}

import { cidrContains, coversAddressSpace } from "../../cidr";
import { BoundRule, PeerEntry, PortRange } from "../../model";
import { isAllPorts, subtractPorts } from "../../ports";
import { LintCheck, ruleSubject } from "../check";

/** A part of a rule's match: one peer entry with the ports still not covered. */
interface Piece {
  readonly peer: PeerEntry;
  /** Empty means every port (or a protocol without ports). */
  readonly ports: readonly PortRange[] | "all";
}

/** Whether `by` surely covers `peer` (a role's addresses are unknown: only a /0 or the role itself covers it). */
function peerCovers(by: PeerEntry, peer: PeerEntry, ipv6: boolean, others: readonly PeerEntry[]): boolean {
  if (peer.kind === "role") {
    if (by.kind === "role") return by.role === peer.role;
    const whole = new Set(others.flatMap((e) => (e.kind === "cidr" && (e.cidr === "0.0.0.0/0" || e.cidr === "::/0") ? [e.family] : [])));
    return whole.has(4) && (!ipv6 || whole.has(6));
  }
  if (by.kind !== "cidr" || by.family !== peer.family) return false;
  // A token is unknown at synthesis: only the whole address space, or the same token, surely covers it.
  if (by.token || peer.token) return by.cidr === peer.cidr || (!by.token && coversAddressSpace(by.cidr, by.family));
  return cidrContains(by.cidr, peer.cidr);
}

/** What of `piece` is left after `earlier`: the piece itself when untouched, a smaller piece, or nothing. */
function cover(piece: Piece, rule: BoundRule, earlier: BoundRule, ipv6: boolean): Piece | undefined {
  if (earlier.protocol !== "all" && earlier.protocol !== rule.protocol) return piece;
  if (!earlier.peers.some((e) => peerCovers(e, piece.peer, ipv6, earlier.peers))) return piece;
  if (earlier.protocol === "all" || earlier.ports.length === 0 || isAllPorts(earlier.ports)) return undefined;
  if (piece.ports === "all") return piece; // a port list never covers "every port" in this conservative reading
  const rest = subtractPorts(piece.ports, earlier.ports);
  if (rest.length === 0) return undefined;
  const untouched = rest.length === piece.ports.length && rest.every((r, i) => r.from === (piece.ports as readonly PortRange[])[i].from && r.to === (piece.ports as readonly PortRange[])[i].to);
  return untouched ? piece : { ...piece, ports: rest };
}

export const shadowedRule: LintCheck = {
  id: "shadowed-rule",
  severity: "warning",
  title: "Rule shadowed by, or redundant with, earlier rules",
  explanation:
    "A rule whose whole match is decided by earlier rules never decides anything: shadowed (an earlier rule of the other action wins, so the rule misleads readers) or redundant (earlier rules already do it).",
  check(bound) {
    const findings = [];
    // Only rules of the same target, direction and protocol (or "all") can cover one another:
    // index the earlier rules that way instead of scanning all of them for every rule.
    const earlierOf = new Map<string, BoundRule[]>();
    const position = new Map(bound.rules.map((r, i) => [r, i]));
    const group = (r: BoundRule, protocol: BoundRule["protocol"]) => {
      const k = `${r.direction} ${r.target} ${protocol}`;
      let list = earlierOf.get(k);
      if (!list) earlierOf.set(k, (list = []));
      return list;
    };
    for (const rule of bound.rules) {
      const sameProtocol = group(rule, rule.protocol);
      const allProtocols = rule.protocol === "all" ? [] : group(rule, "all");
      const earlier = allProtocols.length === 0 ? sameProtocol : [...sameProtocol, ...allProtocols].sort((x, y) => position.get(x)! - position.get(y)!);
      let pieces: Piece[] = rule.peers.map((peer) => ({ peer, ports: rule.ports.length === 0 || isAllPorts(rule.ports) ? "all" : rule.ports }));
      const coveredBy = new Set<BoundRule>();
      for (const e of earlier) {
        if (pieces.length === 0) break;
        let changed = false;
        const next: Piece[] = [];
        for (const p of pieces) {
          const left = cover(p, rule, e, bound.ipv6);
          if (left !== p) changed = true;
          if (left) next.push(left);
        }
        if (changed) coveredBy.add(e);
        pieces = next;
      }
      sameProtocol.push(rule);
      if (pieces.length > 0 || coveredBy.size === 0) continue;
      const by = [...coveredBy];
      const other = by.filter((e) => e.action !== rule.action);
      findings.push({
        ...ruleSubject(rule),
        message:
          other.length > 0
            ? `is shadowed: earlier rule(s) ${by.map((e) => `"${e.id}"`).join(", ")} decide every flow it matches, ${other.map((e) => `"${e.id}" with the opposite action`).join(", ")}. Move it above them or remove it`
            : `is redundant: earlier rule(s) ${by.map((e) => `"${e.id}"`).join(", ")} already ${rule.action} every flow it matches. Remove it`,
      });
    }
    return findings;
  },
};

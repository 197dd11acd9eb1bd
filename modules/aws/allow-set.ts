/**
 * AWS security groups are allow-only: a catalog deny must be realised either
 * by AWS's implicit deny (when no later allow overlaps it) or by cutting it
 * out of the later allows it overlaps. This file computes, per role and
 * direction, the allow pieces that mean exactly what the catalog means.
 */
import {
  BoundPolicy,
  BoundRule,
  cidrContains,
  cidrInterval,
  cidrsOverlap,
  IpFamily,
  PeerEntry,
  PortRange,
  Protocol,
  subtractCidr,
  subtractPorts,
  SynthesisError,
} from "../../policy";

/** One allow entry as AWS can hold it: one peer entry, one protocol, its ports. */
export interface AllowPiece {
  readonly peer: PeerEntry;
  readonly protocol: Protocol;
  /** Empty for protocols without ports. */
  readonly ports: readonly PortRange[];
}

export interface ResolvedRule {
  /** The catalog rule, or undefined for the role's egress default. */
  readonly rule?: BoundRule;
  readonly pieces: readonly AllowPiece[];
  /** Deny rule ids that cut into this allow. */
  readonly cutBy: readonly string[];
}

export interface ResolvedDirection {
  readonly allows: readonly ResolvedRule[];
  /** Deny id → ids of the allows it cut. Empty list: it restates the default. */
  readonly denies: ReadonlyMap<string, string[]>;
}

const FULL_RANGE: Record<IpFamily, string> = { 4: "0.0.0.0/0", 6: "::/0" };

/**
 * Resolves the rules of one role and direction in precedence order. For egress
 * of a role whose default is allow, that default becomes a last allow-all.
 */
export function resolveDirection(bound: BoundPolicy, role: string, direction: "ingress" | "egress"): ResolvedDirection {
  const rules = bound.rules.filter((r) => r.target === role && r.direction === direction);
  const roleDef = bound.policy.roles.find((r) => r.id === role);
  const denies = new Map<string, string[]>();
  const earlierDenies: BoundRule[] = [];
  const allows: ResolvedRule[] = [];

  const resolveAllow = (rule: BoundRule | undefined, start: AllowPiece[], label: string) => {
    let pieces = start;
    const cutBy: string[] = [];
    for (const deny of earlierDenies) {
      const next = pieces.flatMap((p) => subtractDeny(p, deny, bound.ipv6, label));
      if (!samePieces(next, pieces)) {
        cutBy.push(deny.id);
        denies.get(deny.id)!.push(label);
      }
      pieces = next;
    }
    allows.push({ rule, pieces, cutBy });
  };

  for (const rule of rules) {
    if (rule.action === "deny") {
      denies.set(rule.id, []);
      earlierDenies.push(rule);
      continue;
    }
    resolveAllow(
      rule,
      rule.peers.map((peer) => ({ peer, protocol: rule.protocol, ports: rule.ports })),
      `rule "${rule.id}"`,
    );
  }
  if (direction === "egress" && roleDef?.egressDefault === "allow") {
    const families: IpFamily[] = bound.ipv6 ? [4, 6] : [4];
    resolveAllow(
      undefined,
      families.map((f) => ({ peer: { kind: "cidr", cidr: FULL_RANGE[f], family: f }, protocol: "all", ports: [] })),
      `role "${role}" egress default (allow)`,
    );
  }
  return { allows, denies };
}

function samePieces(a: AllowPiece[], b: AllowPiece[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isFullRange(e: PeerEntry): boolean {
  if (e.kind !== "cidr") return false;
  const { first, last, family } = cidrInterval(e.cidr);
  return first === 0n && last === (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
}

/** The part of `piece` that `deny` leaves allowed, or an error when AWS cannot express it. */
function subtractDeny(piece: AllowPiece, deny: BoundRule, ipv6: boolean, allowLabel: string): AllowPiece[] {
  // Protocol: which ports of the piece does the deny cover?
  let coveredPorts: readonly PortRange[] | "all";
  if (deny.protocol === "all") coveredPorts = "all";
  else if (piece.protocol === "all") {
    if (!deny.peers.some((d) => peersMayOverlap(piece.peer, d))) return [piece];
    throw inexpressible(allowLabel, deny, `it allows every protocol, and AWS cannot allow "every protocol except ${deny.protocol}"`);
  } else if (deny.protocol !== piece.protocol) return [piece];
  else coveredPorts = piece.ports.length === 0 ? "all" : deny.ports;

  const remainingPorts = coveredPorts === "all" ? [] : subtractPorts(piece.ports, coveredPorts);
  if (remainingPorts.length === piece.ports.length && JSON.stringify(remainingPorts) === JSON.stringify(piece.ports) && coveredPorts !== "all") {
    return [piece]; // the deny's ports miss this piece entirely
  }

  // Peers: which part of the piece's peer does the deny cover?
  let rest: AllowPiece[] = [piece];
  for (const d of deny.peers) {
    const next: AllowPiece[] = [];
    for (const p of rest) next.push(...cutPeer(p, d, remainingPorts, deny, ipv6, allowLabel));
    rest = next;
  }
  return rest;
}

function peersMayOverlap(a: PeerEntry, b: PeerEntry): boolean {
  if (a.kind === "cidr" && b.kind === "cidr") return a.family === b.family && cidrsOverlap(a.cidr, b.cidr);
  return true; // a role's addresses are unknown: assume they may overlap
}

function cutPeer(p: AllowPiece, d: PeerEntry, remainingPorts: PortRange[], deny: BoundRule, ipv6: boolean, allowLabel: string): AllowPiece[] {
  const narrowed = remainingPorts.length > 0 ? [{ ...p, ports: remainingPorts }] : [];
  if (p.peer.kind === "role") {
    if (d.kind === "role" && d.role === p.peer.role) return narrowed;
    if (d.kind === "cidr" && isFullRange(d)) {
      // A /0 covers role members of its family; in a dual-stack environment the
      // other family's /0 must be denied too (the deny's peers are cut one by one).
      const otherFamilyDenied = !ipv6 || deny.peers.some((x) => x.kind === "cidr" && isFullRange(x) && x.family !== d.family);
      if (otherFamilyDenied) return narrowed;
    }
    throw inexpressible(allowLabel, deny, `its peer role "${p.peer.role}" may overlap the deny's ${describe(d)}, and AWS cannot subtract addresses from a group reference`);
  }
  // p.peer is a CIDR
  if (d.kind === "role") {
    throw inexpressible(allowLabel, deny, `the deny's peer role "${d.role}" has addresses AWS does not know at synthesis, so it cannot be cut out of ${p.peer.cidr}`);
  }
  if (d.family !== p.peer.family || !cidrsOverlap(d.cidr, p.peer.cidr)) return [p];
  if (cidrContains(d.cidr, p.peer.cidr)) return narrowed;
  // The deny covers part of the allowed network: keep the rest whole, and the denied part with the remaining ports.
  const outside = subtractCidr(p.peer.cidr, d.cidr).map((cidr): AllowPiece => ({ ...p, peer: { kind: "cidr", cidr, family: p.peer.kind === "cidr" ? p.peer.family : 4 } }));
  const inside = remainingPorts.length > 0 ? [{ ...p, peer: { ...d }, ports: remainingPorts }] : [];
  return [...outside, ...inside];
}

function describe(e: PeerEntry): string {
  return e.kind === "role" ? `role "${e.role}"` : e.cidr;
}

function inexpressible(allowLabel: string, deny: BoundRule, why: string): SynthesisError {
  return new SynthesisError(
    `${allowLabel} cannot be rendered on AWS below deny rule "${deny.id}": ${why}. ` +
      `Security groups only allow, so the deny must be cut out of the allow. Narrow ${allowLabel} in the catalog so it no longer overlaps "${deny.id}", or move it above the deny.`,
  );
}


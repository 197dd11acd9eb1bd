/**
 * Security groups only allow. A catalog deny is therefore realised by AWS's
 * implicit deny plus, where a later allow overlaps it, by cutting the denied
 * traffic out of that allow. Cuts are exact: allow − deny is
 *   (peers outside the deny) × (allowed traffic)  ∪  (peers inside the deny) × (allowed traffic − denied traffic),
 * with CIDR arithmetic for peers and port arithmetic for traffic. What AWS
 * cannot express (addresses out of a group reference, a protocol out of "all")
 * is an error naming both rules.
 */
import {
  BoundPolicy,
  BoundRule,
  Direction,
  intersectPorts,
  IpFamily,
  normalisePorts,
  PeerEntry,
  PortRange,
  Protocol,
  protocolNumber,
  subtractCidr,
  subtractPorts,
  SourceLocation,
  SynthesisError,
} from "../../policy";
import { at } from "./aws-limits";

/** One allow entry in the shape AWS holds: one peer, one protocol, its ports (empty when portless). */
export interface AllowPiece {
  readonly peer: PeerEntry;
  readonly protocol: Protocol;
  readonly ports: readonly PortRange[];
  /** Ids of the denies that cut this piece to its present shape. */
  readonly cutBy?: readonly string[];
}

/** An allow after the denies before it: the catalog rule, or the role's egress default. */
export interface ResolvedAllow {
  /** undefined for the role's implicit trailing egress allow. */
  readonly rule?: BoundRule;
  /** e.g. `rule "st-snmp"`, for messages. */
  readonly label: string;
  /** Where the rule (or, for the egress default, the role) is written. */
  readonly location?: SourceLocation;
  readonly pieces: readonly AllowPiece[];
  /** Ids of the denies that cut something out of it, in catalog order. */
  readonly cutBy: readonly string[];
}

export interface ResolvedDirection {
  readonly allows: readonly ResolvedAllow[];
  /** Deny id → labels of the allows it cut; empty when it only restates the default. */
  readonly denies: ReadonlyMap<string, readonly string[]>;
}

const WHOLE_FAMILY: Record<IpFamily, string> = { 4: "0.0.0.0/0", 6: "::/0" };

/** The allows of one role and direction, each narrowed by the denies above it. */
export function resolveDirection(bound: BoundPolicy, role: string, direction: Direction): ResolvedDirection {
  const families: IpFamily[] = bound.ipv6 ? [4, 6] : [4];
  const denies = new Map<string, string[]>();
  const earlier: BoundRule[] = [];
  const allows: ResolvedAllow[] = [];

  const resolve = (rule: BoundRule | undefined, label: string, location: SourceLocation | undefined, start: AllowPiece[]) => {
    let pieces = start;
    const cutBy: string[] = [];
    for (const deny of earlier) {
      const next = mergePieces(pieces.flatMap((p) => cutPiece(p, deny, families, { label, location })));
      if (!samePieces(next, pieces)) {
        cutBy.push(deny.id);
        denies.get(deny.id)!.push(label);
      }
      pieces = next;
    }
    allows.push({ rule, label, location, pieces, cutBy });
  };

  for (const rule of rulesOf(bound, role, direction)) {
    if (rule.action === "deny") {
      denies.set(rule.id, []);
      earlier.push(rule);
    } else {
      resolve(rule, `rule "${rule.id}"`, rule.location, mergePieces(rule.peers.map((peer) => ({ peer, protocol: rule.protocol, ports: rule.ports }))));
    }
  }
  const roleDef = bound.policy.roles.find((r) => r.id === role);
  if (direction === "egress" && roleDef?.egressDefault === "allow") {
    const whole = families.map((family): AllowPiece => ({ peer: { kind: "cidr", cidr: WHOLE_FAMILY[family], family }, protocol: "all", ports: [] }));
    resolve(undefined, `the egress default (allow) of role "${role}"`, roleDef.location, whole);
  }
  return { allows, denies };
}

/** Each bound policy's rules by target and direction, in catalog order: every role's two directions are resolved, and at 5,000 rules scanning them all for each was quadratic. */
const RULES_BY_TARGET = new WeakMap<BoundPolicy, Map<string, BoundRule[]>>();

function rulesOf(bound: BoundPolicy, role: string, direction: Direction): readonly BoundRule[] {
  let index = RULES_BY_TARGET.get(bound);
  if (!index) {
    index = new Map();
    for (const rule of bound.rules) {
      const key = `${rule.target}\u0000${rule.direction}`;
      const list = index.get(key);
      if (list) list.push(rule);
      else index.set(key, [rule]);
    }
    RULES_BY_TARGET.set(bound, index);
  }
  return index.get(`${role}\u0000${direction}`) ?? [];
}

/** The allow a piece belongs to, for messages. */
export interface AllowOwner {
  readonly label: string;
  readonly location?: SourceLocation;
}

/** What `deny` leaves of `piece`. */
export function cutPiece(piece: AllowPiece, deny: BoundRule, families: readonly IpFamily[], owner: AllowOwner): AllowPiece[] {
  const traffic = deniedTraffic(piece, deny);
  if (traffic === "none") return [piece];
  const { inside, outside } = splitPeer(piece.peer, deny, families, owner);
  if (inside.length === 0) return [piece];
  if (traffic === "protocol-out-of-all") {
    throw inexpressible(owner, deny, `it allows every protocol, and AWS cannot allow "every protocol but ${deny.protocol}"`);
  }
  const cutBy = [...(piece.cutBy ?? []), deny.id];
  const kept = traffic.remainingPorts.length > 0 ? inside.map((peer) => ({ ...piece, peer, ports: traffic.remainingPorts, cutBy })) : [];
  return [...outside.map((peer) => ({ ...piece, peer, cutBy })), ...kept];
}

type DeniedTraffic = "none" | "protocol-out-of-all" | { remainingPorts: PortRange[] };

/** How the deny's protocol and ports meet the piece's, ignoring peers. */
function deniedTraffic(piece: AllowPiece, deny: BoundRule): DeniedTraffic {
  const denied = protocolNumber(deny.protocol);
  const allowed = protocolNumber(piece.protocol);
  if (denied === "all") return { remainingPorts: [] };
  if (allowed === "all") return "protocol-out-of-all";
  if (denied !== allowed) return "none";
  if (piece.ports.length === 0) return { remainingPorts: [] };
  if (intersectPorts(piece.ports, deny.ports).length === 0) return "none";
  return { remainingPorts: subtractPorts(piece.ports, deny.ports) };
}

/** The piece's peer split into the part the deny's peers cover and the rest. */
function splitPeer(peer: PeerEntry, deny: BoundRule, families: readonly IpFamily[], owner: AllowOwner): { inside: PeerEntry[]; outside: PeerEntry[] } {
  if (peer.kind === "role") {
    // A group reference covers its members' addresses, which nobody knows at synthesis:
    // only the same role, or every address of every family in use, covers it for sure.
    const sameRole = deny.peers.some((d) => d.kind === "role" && d.role === peer.role);
    const everyAddress = families.every((f) => deny.peers.some((d) => d.kind === "cidr" && d.cidr === WHOLE_FAMILY[f]));
    if (sameRole || everyAddress) return { inside: [peer], outside: [] };
    throw inexpressible(owner, deny, `its peer role "${peer.role}" may have members in the deny's ${describePeers(deny.peers)}, and AWS cannot subtract addresses from a security group reference`);
  }
  const overlappingRole = deny.peers.find((d) => d.kind === "role");
  if (overlappingRole && overlappingRole.kind === "role") {
    throw inexpressible(owner, deny, `the deny's peer role "${overlappingRole.role}" has addresses unknown at synthesis, so AWS cannot cut them out of ${peer.cidr}`);
  }
  const sameFamily = deny.peers.filter((d): d is Extract<PeerEntry, { kind: "cidr" }> => d.kind === "cidr" && d.family === peer.family);
  if (sameFamily.some((d) => !d.token && d.cidr === WHOLE_FAMILY[peer.family]) || sameFamily.some((d) => d.cidr === peer.cidr)) return { inside: [peer], outside: [] };
  const token = [peer, ...sameFamily].find((d) => d.token);
  if (token?.token && sameFamily.length > 0) {
    throw inexpressible(
      owner,
      deny,
      `address set "${token.token.set}" holds a network known only at deploy time (a token), and cutting the deny out of the allow needs concrete addresses at synthesis`,
      `Bind address set "${token.token.set}" to literal CIDRs in this environment, or change the catalog so the two rules no longer overlap.`,
    );
  }
  const cuts = sameFamily.map((d) => d.cidr);
  const outside = subtractAll([peer.cidr], cuts);
  const inside = subtractAll([peer.cidr], outside);
  const entry = (cidr: string): PeerEntry => ({ kind: "cidr", cidr, family: peer.family });
  return { inside: inside.map(entry), outside: outside.map(entry) };
}

function subtractAll(from: string[], cuts: readonly string[]): string[] {
  let rest = from;
  for (const cut of cuts) rest = rest.flatMap((c) => subtractCidr(c, cut));
  return rest;
}

/** Pieces with the same peer and protocol become one, with their ports merged. */
function mergePieces(pieces: AllowPiece[]): AllowPiece[] {
  const byKey = new Map<string, AllowPiece>();
  for (const p of pieces) {
    const key = `${p.protocol}|${p.peer.kind === "role" ? `role:${p.peer.role}` : p.peer.cidr}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, p);
    else byKey.set(key, { ...seen, ports: normalisePorts([...seen.ports, ...p.ports]), cutBy: union(seen.cutBy, p.cutBy) });
  }
  return [...byKey.values()];
}

function union(a: readonly string[] = [], b: readonly string[] = []): string[] | undefined {
  const all = [...new Set([...a, ...b])];
  return all.length > 0 ? all : undefined;
}

function samePieces(a: readonly AllowPiece[], b: readonly AllowPiece[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describePeers(peers: readonly PeerEntry[]): string {
  return peers.map((p) => (p.kind === "role" ? `role "${p.role}"` : p.cidr)).join(", ");
}

/** Names both rules, each with where it is written; the error is located at the allow. */
function inexpressible(owner: AllowOwner, deny: BoundRule, why: string, fixFirst?: string): SynthesisError {
  const label = owner.label;
  const fix =
    fixFirst ??
    (label.startsWith("rule ")
      ? `Move ${label} above "${deny.id}" if it should win, or narrow one of the two in the catalog so they no longer overlap.`
      : `Set the role's egressDefault to deny and list the egress it needs as allow rules, or widen "${deny.id}" to protocol all.`);
  return new SynthesisError(
    `${label} cannot be rendered on AWS below deny rule "${deny.id}"${at(deny.location)}: ${why}. Security groups only allow, so a deny must be cut out of the allows after it. ${fix}`,
    owner.location,
    "AWS_DENY_INEXPRESSIBLE",
  );
}

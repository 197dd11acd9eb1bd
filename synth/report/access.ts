/**
 * Who reaches a role, worked out exactly from the bound catalog: the address
 * space is cut at every network a rule or the environment names, so that each
 * piece (and each role's members) is decided the same way by every rule, and
 * each piece is walked through the role's ingress rules in order, first match
 * deciding port by port. The Exposure section reads this; the cloud probes
 * (exposure.ts) check the clouds agree at the same places.
 */
import {
  ALL_PORTS,
  BoundPolicy,
  BoundRule,
  cidrInterval,
  coversAddressSpace,
  hasPorts,
  intersectPorts,
  intervalToCidrs,
  IpFamily,
  lastAddressValue,
  PortRange,
  Protocol,
  protocolNumber,
  subtractPorts,
} from "../../policy";

/** A set of peers every rule treats alike: one role's members, or a piece of the address space. */
export type Atom =
  | { readonly kind: "role"; readonly role: string; readonly family: IpFamily }
  | { readonly kind: "range"; readonly family: IpFamily; readonly first: bigint; readonly last: bigint; readonly inside: boolean };

/** A protocol the role's rules name, or every other protocol (reached only by rules of protocol `all`). */
export type ProtocolClass = { readonly protocol: Protocol; readonly others: boolean };

/** What the catalog decides for an atom and a protocol, port range by port range (one segment, without ports, for protocols without them). */
export interface Segment {
  /** Empty for protocols without ports. */
  readonly ports: readonly PortRange[];
  readonly action: "allow" | "deny";
  /** The deciding rule; undefined when the default (deny unmatched ingress) decided. */
  readonly rule?: BoundRule;
}

export interface RoleAccess {
  readonly role: string;
  readonly classes: readonly { readonly cls: ProtocolClass; readonly atoms: readonly { readonly atom: Atom; readonly segments: readonly Segment[] }[] }[];
  /** Allow rules whose peer holds a network known only at deploy time: who they admit cannot be worked out at synthesis. */
  readonly deployTime: readonly BoundRule[];
}

/** The environment's own networks, by interval: what the outside is the rest of. */
export interface InsideNetwork {
  readonly cidr: string;
  readonly family: IpFamily;
}

/** Every managed role's ingress, atom by atom. `inside` are the environment's own networks (see exposure.ts). */
export function roleAccess(bound: BoundPolicy, inside: readonly InsideNetwork[]): RoleAccess[] {
  const families: IpFamily[] = bound.ipv6 ? [4, 6] : [4];
  return bound.managedRoles.map((role) => {
    const rules = bound.rules.filter((r) => r.target === role.id && r.direction === "ingress" && !r.inapplicable);
    const deployTime = rules.filter((r) => r.action === "allow" && r.peers.some((e) => e.kind === "cidr" && e.token));
    const atoms = atomsOf(rules, inside, families);
    return {
      role: role.id,
      deployTime,
      classes: protocolClasses(rules).map((cls) => {
        const relevant = rules.filter((r) => (cls.others ? r.protocol === "all" : r.protocol === "all" || protocolNumber(r.protocol) === protocolNumber(cls.protocol)));
        const withPorts = !cls.others && hasPorts(cls.protocol);
        return { cls, atoms: atoms.map((atom) => ({ atom, segments: decideAtom(relevant, atom, withPorts) })) };
      }),
    };
  });
}

/** Each protocol the rules name, in their order, then "every other protocol" when a rule of protocol all exists. */
function protocolClasses(rules: readonly BoundRule[]): ProtocolClass[] {
  const seen = new Map<string, ProtocolClass>();
  for (const r of rules) if (r.protocol !== "all") seen.set(String(protocolNumber(r.protocol)), { protocol: r.protocol, others: false });
  const classes = [...seen.values()];
  if (rules.some((r) => r.protocol === "all")) classes.push({ protocol: "all", others: true });
  return classes;
}

/** Members of every role a rule names, and the address space cut at every network the rules and the environment name. */
function atomsOf(rules: readonly BoundRule[], inside: readonly InsideNetwork[], families: readonly IpFamily[]): Atom[] {
  const atoms: Atom[] = [];
  const roles = [...new Set(rules.flatMap((r) => r.peers.flatMap((e) => (e.kind === "role" ? [e.role] : []))))].sort();
  for (const family of families) for (const role of roles) atoms.push({ kind: "role", role, family });
  for (const family of families) {
    const insideIntervals = inside.filter((n) => n.family === family).map((n) => cidrInterval(n.cidr));
    const cuts = new Set<bigint>([0n]);
    const addCut = (first: bigint, last: bigint) => {
      cuts.add(first);
      cuts.add(last + 1n);
    };
    for (const r of rules) for (const e of r.peers) if (e.kind === "cidr" && !e.token && e.family === family) addCut(cidrInterval(e.cidr).first, cidrInterval(e.cidr).last);
    for (const i of insideIntervals) addCut(i.first, i.last);
    const end = lastAddressValue(family) + 1n;
    const points = [...cuts].filter((c) => c < end).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    points.forEach((first, i) => {
      const last = (i + 1 < points.length ? points[i + 1] : end) - 1n;
      atoms.push({ kind: "range", family, first, last, inside: insideIntervals.some((n) => n.first <= first && last <= n.last) });
    });
  }
  return atoms;
}

/** Whether a rule's peer holds the atom (the atom is never cut by a rule's network, so holding one address is holding all). */
export function ruleHoldsAtom(rule: BoundRule, atom: Atom): boolean {
  return rule.peers.some((e) => {
    if (e.kind === "role") return atom.kind === "role" && atom.role === e.role;
    if (e.token || e.family !== atom.family) return false;
    if (atom.kind === "role") return coversAddressSpace(e.cidr, atom.family);
    const net = cidrInterval(e.cidr);
    return net.first <= atom.first && atom.last <= net.last;
  });
}

/** First match, port by port: the segments of the port space (or the one segment of a protocol without ports) and what decides each. */
function decideAtom(rules: readonly BoundRule[], atom: Atom, withPorts: boolean): Segment[] {
  const segments: Segment[] = [];
  let undecided: PortRange[] = withPorts ? [ALL_PORTS] : [];
  let decided = false;
  for (const rule of rules) {
    if (!ruleHoldsAtom(rule, atom)) continue;
    if (!withPorts) {
      segments.push({ ports: [], action: rule.action, rule });
      decided = true;
      break;
    }
    const rulePorts = rule.ports.length > 0 ? rule.ports : [ALL_PORTS];
    const taken = intersectPorts(undecided, rulePorts);
    if (taken.length === 0) continue;
    segments.push({ ports: taken, action: rule.action, rule });
    undecided = subtractPorts(undecided, taken);
    if (undecided.length === 0) break;
  }
  if (withPorts && undecided.length > 0) segments.push({ ports: undecided, action: "deny" });
  if (!withPorts && !decided) segments.push({ ports: [], action: "deny" });
  return segments;
}

/** Merged address intervals as canonical CIDRs, in order: the pieces of one family that touch become one. */
export function rangesToCidrs(ranges: readonly { family: IpFamily; first: bigint; last: bigint }[]): string[] {
  const sorted = [...ranges].sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: { family: IpFamily; first: bigint; last: bigint }[] = [];
  for (const r of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && prev.family === r.family && r.first <= prev.last + 1n) merged[merged.length - 1] = { ...prev, last: r.last > prev.last ? r.last : prev.last };
    else merged.push({ ...r });
  }
  return merged.flatMap((r) => intervalToCidrs(r.first, r.last, r.family));
}

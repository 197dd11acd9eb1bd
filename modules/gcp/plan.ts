/**
 * Plans GCP firewall resources for a bound policy: rules that commute share a
 * resource, and resources get priorities that keep the catalog's first-match
 * order. Pure logic; the construct in index.ts renders the plan.
 */
import { BoundPolicy, BoundRule, cidrsOverlap, Direction, intersectPorts, IpFamily, PeerEntry, Problem, Protocol, PROTOCOL_NUMBERS, SynthesisError } from "../../policy";

/** Where a firewall's traffic comes from (ingress) or goes to (egress). */
export type PeerSpec = { readonly kind: "role"; readonly role: string } | { readonly kind: "ranges"; readonly family: IpFamily; readonly cidrs: readonly string[]; readonly unresolved?: boolean };

/** One catalog rule's share of a firewall resource. */
export interface Member {
  readonly rule: BoundRule;
  readonly peer: PeerSpec;
}

export interface FirewallGroup {
  readonly direction: Direction;
  readonly action: "allow" | "deny";
  readonly target: string;
  readonly peer: PeerSpec;
  /** Label of the peer for names: role id, address set id, any, or the CIDR. */
  readonly peerLabel: string;
  readonly members: Member[];
  /** Position in evaluation order (0 first). */
  readonly position: number;
  /** Groups that must come first (lower priority): some flow matches both, with the opposite action. Any other pair may be in either order. */
  readonly after: Set<FirewallGroup>;
}

/** Splits a rule's peers into the firewall peers GCP can hold: one role, or ranges of one family. */
export function peerSpecs(rule: BoundRule): PeerSpec[] {
  const specs: PeerSpec[] = [];
  for (const e of rule.peers) if (e.kind === "role") specs.push({ kind: "role", role: e.role });
  for (const family of [4, 6] as const) {
    const entries = rule.peers.filter((e): e is Extract<PeerEntry, { kind: "cidr" }> => e.kind === "cidr" && e.family === family);
    if (entries.length > 0) specs.push({ kind: "ranges", family, cidrs: entries.map((e) => e.cidr), ...(entries.some((e) => e.token) ? { unresolved: true } : {}) });
  }
  return specs;
}

function peerKey(p: PeerSpec): string {
  return p.kind === "role" ? `role:${p.role}` : `v${p.family}:${p.cidrs.join(",")}`;
}

function peerLabel(rule: BoundRule, spec: PeerSpec): string {
  const v6 = spec.kind === "ranges" && spec.family === 6 ? "-v6" : "";
  const p = rule.peer;
  if (p.kind === "role") return spec.kind === "role" ? p.role : `${p.role}${v6}`;
  if (p.kind === "addressSet") return `${p.name}${v6}`;
  if (p.kind === "any") return `any${v6}`;
  if (p.kind === "platform") return `${p.service}${v6}`;
  return p.cidr.replace(/[.:/]+/g, "-").replace(/^-|-$/g, "") + v6;
}

function protocolsOverlap(a: BoundRule, b: BoundRule): boolean {
  if (a.protocol === "all" || b.protocol === "all") return true;
  if (a.protocol !== b.protocol) return false;
  if (a.ports.length === 0 || b.ports.length === 0) return true;
  return intersectPorts(a.ports, b.ports).length > 0;
}

/** Whether two peers may share an address. A role's addresses are unknown, so it may overlap anything. */
function peersOverlap(a: PeerSpec, b: PeerSpec): boolean {
  if (a.kind === "ranges" && b.kind === "ranges") {
    if (a.family !== b.family) return false;
    // A token's network is unknown at synthesis: it may overlap anything of its family.
    if (a.unresolved || b.unresolved) return true;
    return a.cidrs.some((x) => b.cidrs.some((y) => cidrsOverlap(x, y)));
  }
  return true;
}

/** Two members must keep their order when some flow matches both and they disagree. */
function conflict(a: Member, b: Member): boolean {
  return a.rule.action !== b.rule.action && a.rule.target === b.rule.target && a.rule.direction === b.rule.direction && protocolsOverlap(a.rule, b.rule) && peersOverlap(a.peer, b.peer);
}

/**
 * Greedy grouping in catalog order: a member joins the latest group with the
 * same direction, action, target and peer unless an earlier member that
 * conflicts with it sits in that group or after it, which would reorder a decision.
 * A rule GCP cannot render joins `problems` when given (the caller refuses once
 * with all of them); without, planGroups refuses with every such rule itself.
 */
export function planGroups(bound: BoundPolicy, problems?: Problem[]): FirewallGroup[] {
  const found: Problem[] = problems ?? [];
  const groups: FirewallGroup[] = [];
  // Only members of the same target and direction can conflict: index them so.
  const placed = new Map<string, { member: Member; group: FirewallGroup }[]>();
  const latestGroup = new Map<string, FirewallGroup>();
  for (const rule of bound.rules) {
    for (const spec of peerSpecs(rule)) {
      if (rule.direction === "egress" && spec.kind === "role" && rule.flow) {
        // The source side of a flow whose source's egress is restricted: GCP cannot say "to the members of a role" in an egress rule.
        const { id, from, to } = rule.flow;
        found.push({
          code: "GCP_FLOW_SOURCE_EGRESS_TO_ROLE",
          location: rule.location,
          subject: `environment "${bound.environment}", flow "${id}"`,
          message: `role "${from}" restricts its egress, so the flow's source side ${rule.id} is an egress rule to the members of role "${to}", and GCP egress rules can only name destination ranges, not network tags`,
          hint: `Write the flow as two rules: ingress on ${to} from role:${from}, and egress on ${from} to an address set (set:<id>) that this environment binds to the subnets of role "${to}"; or give role "${from}" egressDefault allow, which leaves the source side out. Or declare gcp.networks with each network's cidrs and a gcp.placement: the source side then names the CIDRs of the destination's network.`,
        });
        continue;
      }
      if (rule.direction === "egress" && spec.kind === "role") {
        found.push({
          code: "GCP_EGRESS_TO_ROLE",
          location: rule.location,
          subject: `environment "${bound.environment}", rule "${rule.id}"`,
          message: `GCP egress rules can only name destination ranges, not the network tags of role "${spec.role}"`,
          hint: `Use an address set with the role's subnets as the peer, bind role "${spec.role}" to addresses in this environment, or declare gcp.networks with each network's cidrs and a gcp.placement, which names the role by its network's CIDRs.`,
        });
        continue;
      }
      const member: Member = { rule, peer: spec };
      const scope = `${rule.direction}|${rule.target}`;
      const key = `${rule.action}|${scope}|${peerKey(spec)}`;
      let same = placed.get(scope);
      if (!same) placed.set(scope, (same = []));
      let limit = -1;
      const earlier = new Set<FirewallGroup>();
      for (const p of same) {
        if (earlier.has(p.group) || !conflict(p.member, member)) continue;
        earlier.add(p.group);
        if (p.group.position > limit) limit = p.group.position;
      }
      const latest = latestGroup.get(key);
      const candidate = latest && latest.position > limit ? latest : undefined;
      const group: FirewallGroup = candidate ?? {
        direction: rule.direction,
        action: rule.action,
        target: rule.target,
        peer: spec,
        peerLabel: peerLabel(rule, spec),
        members: [],
        position: groups.length,
        after: new Set(),
      };
      if (!candidate) {
        groups.push(group);
        latestGroup.set(key, group);
      }
      group.members.push(member);
      for (const g of earlier) if (g !== group) group.after.add(g);
      same.push({ member, group });
    }
  }
  if (!problems && found.length > 0) throw SynthesisError.of(found);
  return groups;
}

/** GCP protocol names; IPv6 ICMP is given by number, as the API expects. */
export function gcpProtocol(p: Protocol): string {
  if (typeof p === "number") return String(p);
  return p === "icmpv6" ? String(PROTOCOL_NUMBERS.icmpv6) : p;
}

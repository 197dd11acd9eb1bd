/**
 * Catalog invariants judged on a cloud's rendering by the effective-access
 * engine: `never` traffic must be denied for every piece of the sender's
 * range and every port; `always` traffic allowed for all of it. A broken
 * invariant names the catalog rules that decide the offending flows (the
 * rules responsible) and the cloud resources that let them through or stop them.
 */
import { BoundPolicy, decide, Flow, Invariant, PortRange, protocolNumber } from "../../policy";
import type { EffectiveView } from "../cloud";
import { targetCuts, decidedBy, describeQuestion, parseEndpoint, questionFlows, ReachQuestion, RoleFootprints, roleFootprints } from "./reach";

export interface InvariantViolation {
  readonly invariant: Invariant;
  /** The offending flows, one line each (at most a few). */
  readonly flows: readonly string[];
  /** Catalog rules deciding the offending flows ("the default" when none does). */
  readonly rules: readonly string[];
  /** Cloud resources (or defaults) deciding them. */
  readonly resources: readonly string[];
}

function peerText(peer: Invariant["from"]): string {
  switch (peer.kind) {
    case "any":
      return "any";
    case "internet":
      return "internet";
    case "cidr":
      return peer.cidr;
    case "role":
      return `role:${peer.role}`;
    case "addressSet":
      return `set:${peer.name}`;
    case "platform":
      return `platform:${peer.service}`;
  }
}

/** The ports to ask an invariant about: the start of its ranges and every rule edge inside them, so each run of ports decided alike is asked once. */
function probePorts(ranges: readonly PortRange[], ruleEdges: readonly number[]): (number | undefined)[] {
  if (ranges.length === 0) return [undefined];
  const edges = new Set<number>();
  for (const r of ranges) edges.add(r.from);
  const inside = (p: number) => ranges.some((r) => r.from <= p && p <= r.to);
  for (const p of ruleEdges) if (inside(p)) edges.add(p);
  return [...edges].sort((a, b) => a - b);
}

/**
 * Every port where a rule that can decide a role's traffic in one direction
 * starts or ends: the catalog's rules of that role and the view's (its
 * footprints, as verify probes each role at its own rules). Between two such
 * ports every flow of the role is decided alike.
 */
function roleEdges(footprintsOf: RoleFootprints): (role: string, direction: "ingress" | "egress") => readonly number[] {
  const memo = new Map<string, number[]>();
  return (role, direction) => {
    const key = `${direction}|${role}`;
    let edges = memo.get(key);
    if (!edges) {
      const set = new Set<number>();
      for (const f of footprintsOf(role)) if (f.direction === direction && f.ports) for (const r of f.ports) set.add(r.from).add(r.to + 1);
      memo.set(key, (edges = [...set]));
    }
    return edges;
  };
}

export function describeInvariant(inv: Invariant): string {
  const ports = inv.ports.length === 0 ? "" : ` ${inv.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(",")}`;
  return `${inv.kind} ${inv.protocol}${ports} from ${peerText(inv.from)} to ${inv.to}`;
}

/**
 * The flows that break the invariant, when it is broken for this question:
 * `never` is broken when every direction the traffic crosses lets some of it
 * through over the same IP family (a packet is of one family: a sender that
 * lets only IPv4 out and a receiver that admits only IPv6 pass nothing), so
 * the first direction that lets none through settles it; `always` is broken
 * when any piece is stopped.
 */
function offendingFlows(kind: Invariant["kind"], directions: readonly { flows: readonly Flow[] }[], view: EffectiveView): Flow[][] | undefined {
  const offending: Flow[][] = [];
  let families: Set<number> | undefined;
  for (const { flows } of directions) {
    const mine = flows.filter((f) => (view.decide(f).action === "allow") === (kind === "never"));
    if (kind === "never") {
      families = new Set(mine.map((f) => f.peer.family).filter((family) => !families || families.has(family)));
      if (families.size === 0) return undefined;
    }
    offending.push(mine);
  }
  if (kind === "never") return offending.map((o) => o.filter((f) => families!.has(f.peer.family)));
  return offending.some((o) => o.length > 0) ? offending : undefined;
}

/** The invariants of the bound catalog that the cloud's view breaks. */
export function checkInvariants(bound: BoundPolicy, view: EffectiveView): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const footprintsOf = roleFootprints(bound, [view]);
  const cuts = targetCuts(bound, [view], footprintsOf);
  const edgesOf = roleEdges(footprintsOf);
  for (const inv of bound.policy.invariants ?? []) {
    // The ports where the traffic's decision can change: the receiving role's ingress rules and, from a role, its egress rules.
    const edges = [...edgesOf(inv.to, "ingress"), ...(inv.from.kind === "role" ? edgesOf(inv.from.role, "egress") : [])];
    const protocol = protocolNumber(inv.protocol);
    // `all` stands for every protocol: ask tcp, udp and one protocol no rule names (the rules' own protocols are asked too).
    const protocols = protocol === "all" ? [...new Set([6, 17, 47, ...bound.rules.map((r) => protocolNumber(r.protocol)).filter((p): p is number => p !== "all")])] : [protocol];
    const flows: string[] = [];
    const rules = new Set<string>();
    const resources = new Set<string>();
    const from = parseEndpoint(peerText(inv.from), bound, "from");
    for (const p of protocols) {
      for (const port of p === 6 || p === 17 || p === 132 ? probePorts(inv.ports.length > 0 ? inv.ports : [{ from: 1, to: 65535 }], edges) : [undefined]) {
        const question: ReachQuestion = { from, to: { kind: "role", role: inv.to }, protocol: p, port };
        const offending = offendingFlows(inv.kind, questionFlows(bound, question, cuts), view);
        if (!offending) continue;
        flows.push(`${describeQuestion(question)}${offending.flat()[0]?.peer.kind === "address" ? ` (at ${(offending.flat()[0].peer as { address: string }).address})` : ""}`);
        for (const f of offending.flat()) {
          const d = view.decide(f);
          rules.add(decide(bound, f).rule?.id ?? "the default");
          resources.add(decidedBy(view, f, d));
        }
      }
    }
    if (flows.length > 0) out.push({ invariant: inv, flows: flows.slice(0, 3), rules: [...rules].sort(), resources: [...resources].sort() });
  }
  return out;
}

/**
 * The tiers of the coverage report: each role of the catalog (a tier of the
 * deployment) and the flows between tiers, one per rule whose peer is a role
 * (or platform:load-balancer, where a role is the catalog's load balancer),
 * with the rule's origin; drawn as a diagram of its own (Mermaid in the
 * Markdown, an SVG laid out at synthesis in the HTML), one edge per (from, to,
 * action).
 */
import { BoundPolicy, platformRole } from "../../policy";
import { DiagramEdge, DiagramNode } from "./diagram";
import { Traffic, trafficLabel, trafficText } from "./traffic";

/** One rule between two tiers, as the report's tier table lists it. */
export interface TierFlowJson {
  /** The tier the traffic comes from. */
  readonly from: string;
  /** The tier the traffic goes to. */
  readonly to: string;
  readonly action: "allow" | "deny";
  /** The side the rule is written on: ingress of `to`, or egress of `from`. */
  readonly side: "ingress" | "egress";
  readonly traffic: string;
  readonly rule: string;
  readonly origin: string | null;
}

export interface TiersJson {
  /** Every role of the catalog, in catalog order. */
  readonly roles: string[];
  /** Every rule between two roles, in precedence order. */
  readonly flows: TierFlowJson[];
  /** The tier graph the Mermaid and SVG diagrams draw: one node per role that a flow names, one edge per (from, to, action). */
  readonly diagram: { nodes: DiagramNode[]; edges: DiagramEdge[] };
}

const nodeId = (role: string) => `tier_${role.replace(/[^A-Za-z0-9]/g, "_")}`;

export function buildTiers(b: BoundPolicy): TiersJson {
  const flows: TierFlowJson[] = [];
  const grouped = new Map<string, { from: string; to: string; action: "allow" | "deny"; side: "ingress" | "egress"; traffic: Traffic[]; rules: string[] }>();
  // A rule that matches no traffic in this environment is no flow here; the rules table says why.
  // The load balancer (platform:load-balancer) is a tier where the catalog marks a role as it (platform: load-balancer).
  for (const rule of b.rules.filter((r) => !r.inapplicable)) {
    const peerRole = rule.peer.kind === "role" ? rule.peer.role : rule.peer.kind === "platform" ? platformRole(b.policy, rule.peer.service) : undefined;
    if (peerRole === undefined) continue;
    const [from, to] = rule.direction === "ingress" ? [peerRole, rule.target] : [rule.target, peerRole];
    flows.push({ from, to, action: rule.action, side: rule.direction, traffic: trafficText(rule), rule: rule.id, origin: rule.origin ?? null });
    // Grouped by side too: the SVG draws an ingress edge left of its target and an egress edge right of its source.
    const key = `${from}|${to}|${rule.action}|${rule.direction}`;
    const g = grouped.get(key) ?? { from, to, action: rule.action, side: rule.direction, traffic: [], rules: [] };
    g.traffic.push({ protocol: rule.protocol, ports: rule.ports });
    g.rules.push(rule.id);
    grouped.set(key, g);
  }
  const named = new Set(flows.flatMap((f) => [f.from, f.to]));
  const nodes: DiagramNode[] = b.policy.roles.filter((r) => named.has(r.id)).map((r) => ({ id: nodeId(r.id), kind: "role", label: `tier ${r.id}` }));
  const edges: DiagramEdge[] = [...grouped.values()].map((g) => ({
    from: nodeId(g.from),
    to: nodeId(g.to),
    action: g.action,
    direction: g.side,
    label: `${trafficLabel(g.traffic)} (${g.rules.join(", ")})`,
    egressDefault: false,
  }));
  return { roles: b.policy.roles.map((r) => r.id), flows, diagram: { nodes, edges } };
}

/**
 * "Can X reach Y?" asked of the effective-access engine: one question, the
 * flows it stands for (the ingress of the receiving role, and the egress of
 * the sending role when the sender is a role too, for every piece of the
 * sender's address range that the rules cut apart), and per cloud the
 * decision with the resource that made it. reach, the jest matchers and the
 * invariants ask this.
 */
import { BoundPolicy, cidrFamily, ConfigError, decide, Decision, Direction, Flow, FlowPeer, internetCidrs, IpFamily, parseCidr, PROTOCOL_NUMBERS, protocolNumber } from "../../policy";
import type { EffectiveView } from "../cloud";
import type { CloudDecision, Footprint } from "../effective";
import { catalogFootprints, footprintApplies, rangeCells } from "./flows";

/** One side of the question, as the catalog's peer syntax writes it: `any`, a CIDR or address, `set:<id>`, `role:<id>` (or a bare role id). */
export type Endpoint = { readonly kind: "role"; readonly role: string } | { readonly kind: "cidrs"; readonly cidrs: readonly string[]; readonly text: string };

export interface ReachQuestion {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** IP protocol number. */
  readonly protocol: number;
  readonly port?: number;
}

export interface ReachAnswer {
  readonly decision: "allow" | "deny";
  /** The deciding resource's address, or the default that decided (never empty). */
  readonly by: string;
  /** Set when the decision depends on what the configuration does not say. */
  readonly uncertain?: string;
}

export interface CatalogAnswer {
  readonly decision: "allow" | "deny";
  /** The deciding catalog rule, or null when a default decided. */
  readonly rule: string | null;
  readonly by: string;
}

const WHOLE: Record<IpFamily, string> = { 4: "0.0.0.0/0", 6: "::/0" };

/** Parses an endpoint in the catalog's peer syntax; a ConfigError (REACH_…) naming what is wrong. */
/** Every address, as the arrays questions from any are asked with (the same ones each time: rangeCells memoises by array). */
const ANY_V4: readonly string[] = [WHOLE[4]];
const ANY_BOTH: readonly string[] = [WHOLE[4], WHOLE[6]];

export function parseEndpoint(text: string, bound: BoundPolicy, which: "from" | "to"): Endpoint {
  const roles = new Set(bound.policy.roles.map((r) => r.id));
  const fail = (message: string, hint: string, code = "REACH_BAD_ENDPOINT") => new ConfigError([{ code, subject: `--${which} ${JSON.stringify(text)}`, message, hint }]);
  if (text === "any") return { kind: "cidrs", cidrs: bound.ipv6 ? ANY_BOTH : ANY_V4, text };
  if (text === "internet") return { kind: "cidrs", cidrs: internetCidrs(bound.ipv6), text };
  if (text.startsWith("set:")) {
    const set = text.slice(4);
    const cidrs = bound.addressSets[set];
    if (!cidrs && bound.policy.addressSets.some((a) => a.id === set))
      throw fail(
        `names address set "${set}", which environment "${bound.environment}" does not bind`,
        `Bind it under addressSets in the environment file, or ask about another set: ${Object.keys(bound.addressSets).sort().join(", ") || "none"}.`,
        "REACH_UNBOUND_SET",
      );
    if (!cidrs) throw fail(`names address set "${set}", which the catalog does not define`, `Sets: ${Object.keys(bound.addressSets).sort().join(", ") || "none"}.`);
    return { kind: "cidrs", cidrs, text };
  }
  const role = text.startsWith("role:") ? text.slice(5) : text;
  if (roles.has(role)) {
    const binding = bound.roleBindings[role] as { kind: string; cidrs?: string[] } | undefined;
    // A role bound to addresses is those addresses; a managed role is its members.
    if (binding?.kind === "addresses" && binding.cidrs) return { kind: "cidrs", cidrs: binding.cidrs, text };
    return { kind: "role", role };
  }
  if (text.startsWith("role:")) throw fail(`names role "${role}", which the catalog does not define`, `Roles: ${[...roles].sort().join(", ")}.`);
  const literal = text.includes("/") ? text : `${text}/${text.includes(":") ? 128 : 32}`;
  const parsed = parseCidr(literal);
  if ("error" in parsed) throw fail(`is neither any, a role, set:<id> nor an address or CIDR (${parsed.error})`, `Roles: ${[...roles].sort().join(", ")}.`);
  return { kind: "cidrs", cidrs: [parsed.cidr], text };
}

/** Parses a protocol name or number. */
export function parseProtocol(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : (PROTOCOL_NUMBERS as Record<string, number>)[text.toLowerCase()];
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 255)
    throw new ConfigError([
      { code: "REACH_BAD_PROTOCOL", subject: `--protocol ${JSON.stringify(text)}`, message: "is not a protocol", hint: `Use ${Object.keys(PROTOCOL_NUMBERS).join(", ")} or a number 0-255.` },
    ]);
  return n;
}

/** The flows a question stands for: each direction that must allow it, each with the probe peers the question's sender range is cut into. */
export function questionFlows(bound: BoundPolicy, q: ReachQuestion, cutsFor: readonly string[] | QuestionCuts): { direction: string; flows: Flow[] }[] {
  const managed = new Set(bound.managedRoles.map((r) => r.id));
  const base = { protocol: q.protocol, port: q.port };
  const peersOf = (e: Endpoint, direction: Direction, target: string): FlowPeer[] => {
    const cuts = typeof cutsFor === "function" ? cutsFor(direction, target, q.protocol, q.port) : cutsFor;
    // ICMP exists only over IPv4 and ICMPv6 only over IPv6.
    const exists = (family: IpFamily) => !((q.protocol === PROTOCOL_NUMBERS.icmp && family === 6) || (q.protocol === PROTOCOL_NUMBERS.icmpv6 && family === 4));
    if (e.kind === "role") return ((bound.ipv6 ? [4, 6] : [4]) as IpFamily[]).filter(exists).map((family) => ({ kind: "role", role: e.role, family }));
    const families = [...new Set(e.cidrs.map((c) => cidrFamily(c)))].filter(exists);
    // The pieces of the range that the rules' networks cut apart: every address of a piece is decided alike.
    return families.flatMap((family) => rangeCells(e.cidrs, cuts, family).map((c) => ({ kind: "address", address: c.first, family }) as FlowPeer));
  };
  const out: { direction: string; flows: Flow[] }[] = [];
  if (q.to.kind === "role") {
    if (!managed.has(q.to.role))
      throw new ConfigError([{ code: "REACH_UNMANAGED_ROLE", subject: `--to ${q.to.role}`, message: "is a role bound to addresses in this environment: no cloud resource guards it" }]);
    out.push({ direction: `ingress of ${q.to.role}`, flows: peersOf(q.from, "ingress", q.to.role).map((peer) => ({ direction: "ingress", target: (q.to as { role: string }).role, peer, ...base })) });
  }
  if (q.from.kind === "role") {
    if (!managed.has(q.from.role))
      throw new ConfigError([{ code: "REACH_UNMANAGED_ROLE", subject: `--from ${q.from.role}`, message: "is a role bound to addresses in this environment: no cloud resource guards it" }]);
    out.push({ direction: `egress of ${q.from.role}`, flows: peersOf(q.to, "egress", q.from.role).map((peer) => ({ direction: "egress", target: (q.from as { role: string }).role, peer, ...base })) });
  }
  if (out.length === 0) throw new ConfigError([{ code: "REACH_NO_ROLE", message: "neither --from nor --to is a role: the catalog guards roles only", hint: "Name a role on one side (role:<id>)." }]);
  return out;
}

/** Every CIDR the catalog and the views match against: the question's ranges are cut there. */
export function cutsOf(bound: BoundPolicy, views: readonly EffectiveView[]): string[] {
  const cuts = new Set<string>();
  for (const r of bound.rules) for (const e of r.peers) if (e.kind === "cidr" && !e.token) cuts.add(e.cidr);
  for (const v of views) for (const c of v.cuts()) cuts.add(c.cidr);
  return [...cuts];
}

/** The flows of a question as the views and the catalog's rules cut it (questionFlows with targetCuts). */
export function questionFlowsIn(bound: BoundPolicy, q: ReachQuestion, views: readonly EffectiveView[]): { direction: string; flows: Flow[] }[] {
  return questionFlows(bound, q, targetCuts(bound, views));
}

/** The CIDRs that can cut a question's range for one direction and role: where the rules that can decide its traffic match. */
export type QuestionCuts = (direction: Direction, target: string, protocol: number, port: number | undefined) => readonly string[];

/**
 * Cuts per direction, role and traffic, from the catalog's rules of that role
 * and each view's footprints of it: a question about one role is cut where
 * that role's rules are, not at every network of the catalog.
 */
export function targetCuts(bound: BoundPolicy, views: readonly EffectiveView[], of: RoleFootprints = roleFootprints(bound, views)): QuestionCuts {
  return (direction, target, protocol, port) => {
    const cuts = new Set<string>();
    for (const f of of(target)) if (f.direction === direction && footprintApplies(f, { protocol, port })) for (const c of f.cidrs) cuts.add(c);
    return [...cuts];
  };
}

/** Every rule that can decide a role's flows: the catalog's rules of the role and each view's footprints of it. */
export type RoleFootprints = (role: string) => readonly Footprint[];

/** RoleFootprints, each role's list made once. */
export function roleFootprints(bound: BoundPolicy, views: readonly EffectiveView[]): RoleFootprints {
  const footprints = new Map<string, Footprint[]>();
  return (role) => {
    let list = footprints.get(role);
    if (!list) footprints.set(role, (list = [...catalogFootprints(bound, role), ...views.flatMap((v) => v.footprints(role))]));
    return list;
  };
}

/** What decided one flow on a cloud: the resource, or `default <action> of <what the cloud defaults by>`. */
export function decidedBy(view: EffectiveView, flow: Flow, d: CloudDecision): string {
  if (d.resources.length > 0) return d.resources[0];
  const named = (d as { decidedBy?: string }).decidedBy;
  return `default ${d.action} of ${view.defaultOf(flow.target)}${named && named !== "no network security group" ? ` (${named})` : ""}`;
}

/** One cloud's answer: allow when every flow of every direction is allowed; else the first denial, with what denied it. */
export function cloudAnswer(view: EffectiveView, directions: readonly { direction: string; flows: Flow[] }[]): ReachAnswer {
  const bys: string[] = [];
  let uncertain: string | undefined;
  for (const { flows } of directions) {
    let allowedBy: string | undefined;
    for (const flow of flows) {
      const d = view.decide(flow);
      uncertain ??= d.uncertain;
      if (d.action === "deny") return { decision: "deny", by: decidedBy(view, flow, d), ...(uncertain ? { uncertain } : {}) };
      allowedBy ??= decidedBy(view, flow, d);
    }
    if (allowedBy) bys.push(allowedBy);
  }
  return { decision: "allow", by: bys.join(" and "), ...(uncertain ? { uncertain } : {}) };
}

/** The catalog's own answer, by the same flows. */
export function catalogAnswer(bound: BoundPolicy, directions: readonly { direction: string; flows: Flow[] }[]): CatalogAnswer {
  let allow: { rule: string | null; by: string } | undefined;
  for (const { direction, flows } of directions) {
    for (const flow of flows) {
      const d: Decision = decide(bound, flow);
      const by = d.rule ? `rule ${d.rule.id}` : flow.direction === "ingress" ? `default deny of ${direction}` : `egress default of role ${flow.target} (${d.action})`;
      if (d.action === "deny") return { decision: "deny", rule: d.rule?.id ?? null, by };
      // The ingress rule names the answer; an egress default only when no rule allowed.
      if (!allow || (allow.rule === null && d.rule)) allow = { rule: d.rule?.id ?? null, by };
    }
  }
  return { decision: "allow", rule: allow?.rule ?? null, by: allow?.by ?? "nothing to decide" };
}

/** A readable one-line form of the question (messages, matcher failures). */
export function describeQuestion(q: ReachQuestion): string {
  const side = (e: Endpoint) => (e.kind === "role" ? `role ${e.role}` : e.text);
  const proto = Object.entries(PROTOCOL_NUMBERS).find(([, n]) => n === q.protocol)?.[0] ?? `protocol ${q.protocol}`;
  return `${proto}${q.port !== undefined ? ` ${q.port}` : ""} from ${side(q.from)} to ${side(q.to)}`;
}

/** Whether the protocol takes a port: a question about tcp/udp/sctp must give one. */
export function needsPort(protocol: number): boolean {
  const name = Object.entries(PROTOCOL_NUMBERS).find(([, n]) => n === protocol)?.[0];
  return name !== undefined && ["tcp", "udp", "sctp"].includes(name) && protocolNumber(name as never) === protocol;
}

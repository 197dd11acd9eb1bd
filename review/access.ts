/**
 * The access diff of one environment on one cloud: every flow whose decision
 * differs between the two sides, decided by the effective-policy engine that
 * `verify` uses, grouped as a person reads them (one line per peer, traffic
 * and pair of responsible rules, ports as ranges).
 *
 * Exact: the flows are the verifier's probes over both sides (every port edge
 * of either side starts an interval on which every rule is constant; every
 * network either side names cuts the address space into cells that every rule
 * treats alike; role members are probed at an address of every cell), so
 * deciding one probe decides its whole interval and cell.
 */
import { CidrCut, CloudDecision } from "../modules/effective";
import { BoundPolicy, cidrFamily, cidrInterval, Direction, Flow, formatPortRange, PortRange, PROTOCOL_NUMBERS, protocolNumber } from "../policy";
import { decide as catalogDecide } from "../policy";
import { ProbeFlow, systematicFlows } from "../modules/engine/flows";
import { CloudEvaluator } from "./clouds";
import { CoverageJson } from "./side";

export interface DecisionSide {
  readonly action: "allow" | "deny";
  /** The catalog rule that decides, or null when the default decides. */
  readonly rule: string | null;
  /** Set when the cloud's rendering disagrees with the catalog (what `npm run verify` reports). */
  readonly disagreement?: string;
}

export interface AccessChange {
  readonly direction: Direction;
  /** The role whose members receive (ingress) or send (egress). */
  readonly target: string;
  /** "role st-server", "role st-server (IPv6 members)", "10.30.0.12/32 (set admin-host)", "other IPv4 addresses". */
  readonly peer: string;
  /** The peer role, when the peer is a role's members. */
  readonly peerRole?: string;
  /** "tcp 9998", "udp 8088-8093", "icmp", "other protocols". */
  readonly traffic: string;
  readonly before: DecisionSide;
  readonly after: DecisionSide;
  /** For port protocols: the ports concerned (for risk checks). */
  readonly protocol: string;
  readonly ports: readonly PortRange[];
}

/** Everything the access diff of one stack needs from one side. */
export interface AccessSide {
  readonly evaluator: CloudEvaluator;
  readonly bound?: BoundPolicy;
  readonly report?: CoverageJson;
  readonly cloud: string;
}

export interface AccessDiff {
  readonly changes: AccessChange[];
  /** Roles managed on only one side (their flows are not compared). */
  readonly rolesAdded: string[];
  readonly rolesRemoved: string[];
  /** Flows decided on each side. */
  readonly flowsCompared: number;
}

const NAMES = new Map(Object.entries(PROTOCOL_NUMBERS).map(([name, n]) => [n, name]));

/** Called for every flow compared, changed or not (the deny-window risk looks at unchanged ones). */
export type FlowObserver = (flow: Flow, before: CloudDecision, after: CloudDecision) => void;

export function diffAccess(base: AccessSide, head: AccessSide, observe?: FlowObserver): AccessDiff {
  const baseRoles = new Set(base.evaluator.roles);
  const headRoles = new Set(head.evaluator.roles);
  const targets = new Set([...headRoles].filter((r) => baseRoles.has(r)));
  const probe = probeFlows(base, head, targets);
  const labeller = cellLabeller(
    [base.bound, head.bound].filter((b): b is BoundPolicy => b !== undefined),
    probe.cidrs,
  );

  // Every probe of one traffic unit (direction, target, protocol, port interval) and what changed in it.
  interface Unit {
    direction: Direction;
    target: string;
    protocol: string;
    range?: PortRange;
    peers: Set<string>;
    changed: Map<string, { before: DecisionSide; after: DecisionSide; peers: { peer: string; role?: string; address: string; at: string }[] }>;
  }
  const units = new Map<string, Unit>();
  let flowsCompared = 0;
  for (const flow of probe.flows) {
    // ICMP exists only over IPv4 and ICMPv6 only over IPv6.
    if ((flow.protocol === PROTOCOL_NUMBERS.icmp && flow.peer.family === 6) || (flow.protocol === PROTOCOL_NUMBERS.icmpv6 && flow.peer.family === 4)) continue;
    flowsCompared++;
    const protocol = protocolLabel(flow.protocol, probe.other);
    const unitKey = `${flow.direction} ${flow.target} ${flow.protocol} ${flow.port ?? ""}`;
    let unit = units.get(unitKey);
    if (!unit) {
      unit = {
        direction: flow.direction,
        target: flow.target,
        protocol,
        range: flow.port !== undefined ? { from: flow.port, to: flow.portUpTo ?? flow.port } : undefined,
        peers: new Set(),
        changed: new Map(),
      };
      units.set(unitKey, unit);
    }
    const at = labeller(flow.peer.address, flow.peer.lastAddress);
    const peerId = flow.peer.kind === "role" ? `role ${flow.peer.role} at ${flow.peer.address}` : flow.peer.address;
    unit.peers.add(peerId);
    const b = base.evaluator.decide(flow);
    const a = head.evaluator.decide(flow);
    observe?.(flow, b, a);
    if (b.action === a.action) continue;
    const before = attribute(base, flow, b);
    const after = attribute(head, flow, a);
    const decisionKey = JSON.stringify([before, after]);
    const entry = unit.changed.get(decisionKey) ?? { before, after, peers: [] };
    entry.peers.push({ peer: peerId, role: flow.peer.kind === "role" ? flow.peer.role : undefined, address: flow.peer.address, at });
    unit.changed.set(decisionKey, entry);
  }

  // Within a unit: every peer changed alike is "anywhere"; every member of a role changed alike is the role.
  const groups = new Map<string, { change: Omit<AccessChange, "ports" | "traffic">; ports: PortRange[] }>();
  const add = (unit: Unit, peer: string, peerRole: string | undefined, before: DecisionSide, after: DecisionSide) => {
    const key = JSON.stringify([unit.direction, unit.target, peer, unit.protocol, before, after]);
    let group = groups.get(key);
    if (!group) {
      group = { change: { direction: unit.direction, target: unit.target, peer, ...(peerRole !== undefined ? { peerRole } : {}), before, after, protocol: unit.protocol }, ports: [] };
      groups.set(key, group);
    }
    if (unit.range) group.ports.push(unit.range);
  };
  for (const unit of units.values()) {
    for (const { before, after, peers } of unit.changed.values()) {
      if (peers.length === unit.peers.size) {
        add(unit, "anywhere", undefined, before, after);
        continue;
      }
      const plain = new Set(peers.filter((p) => p.role === undefined).map((p) => p.address));
      const byRole = new Map<string, { address: string; at: string }[]>();
      for (const p of peers) {
        if (p.role === undefined) add(unit, p.at, undefined, before, after);
        else byRole.set(p.role, [...(byRole.get(p.role) ?? []), p]);
      }
      for (const [role, at] of byRole) {
        const members = [...unit.peers].filter((x) => x.startsWith(`role ${role} at `)).length;
        if (at.length === members) add(unit, `role ${role}`, role, before, after);
        // A member at an address whose line already says the same says nothing more.
        else for (const label of new Set(at.filter((m) => !plain.has(m.address)).map((m) => m.at))) add(unit, `role ${role} (members in ${label})`, role, before, after);
      }
    }
  }

  const lines: AccessChange[] = [...groups.values()].map((g) => {
    const ports = mergeRanges(g.ports);
    const traffic = ports.length > 0 ? `${g.change.protocol} ${isAll(ports) ? "(all ports)" : ports.map(formatPortRange).join(", ")}` : g.change.protocol;
    return { ...g.change, traffic, ports };
  });
  const protocolsProbed = new Map<string, Set<string>>();
  for (const u of units.values())
    (protocolsProbed.get(`${u.direction}|${u.target}`) ?? protocolsProbed.set(`${u.direction}|${u.target}`, new Set()).get(`${u.direction}|${u.target}`)!).add(u.protocol);
  const changes = allTraffic(lines, protocolsProbed);
  changes.sort(compareChanges);
  return {
    changes,
    rolesAdded: [...headRoles].filter((r) => !baseRoles.has(r)).sort(),
    rolesRemoved: [...baseRoles].filter((r) => !headRoles.has(r)).sort(),
    flowsCompared,
  };
}

/**
 * The verifier's probe flows over both sides: the head's catalog (or the
 * base's, or one made of the roles alone when neither side has its catalog),
 * cut also by what the other catalog and both renderings name, probing both
 * address families when either side has IPv6.
 */
function probeFlows(base: AccessSide, head: AccessSide, targets: ReadonlySet<string>): { flows: ProbeFlow[]; cidrs: Set<string>; other: number } {
  const primary = head.bound ?? base.bound;
  const second = primary === head.bound ? base.bound : undefined;
  const cuts: CidrCut[] = [...base.evaluator.cuts, ...head.evaluator.cuts];
  const ports = [...base.evaluator.ports, ...head.evaluator.ports];
  const protocols = [...base.evaluator.protocols, ...head.evaluator.protocols];
  for (const b of [primary, second]) {
    for (const rule of b?.rules ?? []) {
      const protocol = protocolNumber(rule.protocol);
      if (protocol !== "all") protocols.push(protocol);
      for (const r of rule.ports) ports.push(r.from, r.to);
      for (const e of rule.peers) if (e.kind === "cidr") cuts.push({ direction: rule.direction, protocol, ports: rule.ports.length > 0 ? rule.ports : undefined, cidr: e.cidr });
    }
  }
  // Protocols an earlier synthesis's catalog named by number (its coverage report).
  for (const side of [base, head]) for (const rule of side.report?.rules ?? []) if (/^\d+$/.test(String(rule.protocol))) protocols.push(Number(rule.protocol));
  // Role members have IPv6 addresses where a side's environment has IPv6. Without either catalog, an IPv6
  // network the renderings name says so, but not `::/0` alone: that is the deny of IPv6 where it is off.
  const ipv6 = primary ? Boolean(base.bound?.ipv6 || head.bound?.ipv6) : cuts.some((c) => cidrFamily(c.cidr) === 6 && c.cidr !== "::/0");
  const roles = primary?.managedRoles.filter((r) => targets.has(r.id)) ?? [...targets].sort().map((id) => ({ id, description: "", egressDefault: "deny" as const, waivers: [] }));
  const bound: BoundPolicy = primary
    ? { ...primary, ipv6, managedRoles: roles }
    : { policy: { name: "", description: "", adminPorts: [], roles, addressSets: [], rules: [] }, environment: "", ipv6, managedRoles: roles, roleBindings: {}, addressSets: {}, rules: [] };
  const flows = systematicFlows(bound, { cuts, ports, protocols });
  // The protocol the engine probes for every protocol nobody names, when nobody names it.
  const named = new Set([...protocols, ...Object.values(PROTOCOL_NUMBERS)]);
  const other = flows.find((f) => f.port === undefined && !named.has(f.protocol))?.protocol ?? -1;
  return { flows, cidrs: new Set(cuts.map((c) => c.cidr)), other };
}

const ALL_TRAFFIC = "all traffic";

/** Every protocol of one peer changed alike at every port reads "all traffic". */
function allTraffic(lines: AccessChange[], probed: ReadonlyMap<string, ReadonlySet<string>>): AccessChange[] {
  const groups = new Map<string, AccessChange[]>();
  for (const c of lines) {
    const key = JSON.stringify([c.direction, c.target, c.peer, c.before, c.after]);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].flatMap((group) => {
    const whole = new Set(group.filter((c) => c.ports.length === 0 || isAll(c.ports)).map((c) => c.protocol));
    const all = [...(probed.get(`${group[0].direction}|${group[0].target}`) ?? [])].every((p) => whole.has(p));
    return all ? [{ ...group[0], traffic: ALL_TRAFFIC, protocol: "all", ports: [{ from: 1, to: 65535 }] }] : group;
  });
}

/** Which catalog rule decides the flow on one side: the catalog's own decision when the side has its catalog, else the coverage report. */
function attribute(side: AccessSide, flow: Flow, cloud: CloudDecision): DecisionSide {
  if (side.bound) {
    const catalog = catalogDecide(side.bound, flow);
    const rule = catalog.rule?.id ?? null;
    if (catalog.action !== cloud.action) return { action: cloud.action, rule, disagreement: `the catalog ${catalog.action === "allow" ? "allows" : "denies"} it: run \`npm run verify\`` };
    return { action: cloud.action, rule };
  }
  if (cloud.resources.length === 0) return { action: cloud.action, rule: null };
  const protocol = NAMES.get(flow.protocol) ?? flow.protocol;
  const rule = side.report?.rules.find(
    (r) =>
      r.target === flow.target &&
      r.direction === flow.direction &&
      r.action === cloud.action &&
      (r.protocol === "all" || String(r.protocol) === String(protocol)) &&
      (r.ports === null || flow.port === undefined || r.ports.split(",").some((p) => p === "all" || inSpec(p, flow.port!))) &&
      (r.clouds[side.cloud]?.resources ?? []).some((x) => cloud.resources.includes(x)),
  );
  return { action: cloud.action, rule: rule?.id ?? cloud.resources.join(", ") };
}

function inSpec(spec: string, port: number): boolean {
  const [from, to] = spec.split("-").map(Number);
  return port >= from && port <= (to ?? from);
}

/**
 * Names an address cell [first, last]: "any IPv4 address" when it is the whole
 * family; else the smallest network either side names that holds it, with the
 * address sets it is bound to; else "other IPv4 addresses".
 */
function cellLabeller(bounds: readonly BoundPolicy[], cidrs: Set<string>): (first: string, last: string) => string {
  const sets = new Map<string, Set<string>>();
  for (const b of bounds) for (const [name, list] of Object.entries(b.addressSets)) for (const c of list) sets.set(c, (sets.get(c) ?? new Set()).add(name));
  const networks = [...cidrs].map((cidr) => ({ cidr, ...cidrInterval(cidr) }));
  const cache = new Map<string, string>();
  const label = (first: string, last: string) => {
    const family = cidrFamily(first);
    const host = family === 4 ? 32 : 128;
    const [from, to] = [cidrInterval(`${first}/${host}`).first, cidrInterval(`${last}/${host}`).first];
    if (from === 0n && to === (1n << BigInt(family === 4 ? 32 : 128)) - 1n) return `any IPv${family} address`;
    let best: (typeof networks)[number] | undefined;
    for (const n of networks) if (n.family === family && n.first <= from && to <= n.last && (!best || n.last - n.first < best.last - best.first)) best = n;
    if (!best || (best.first === 0n && best.last === (1n << BigInt(family === 4 ? 32 : 128)) - 1n)) return `other IPv${family} addresses`;
    const names = sets.get(best.cidr);
    return names ? `${best.cidr} (set ${[...names].sort().join(", set ")})` : best.cidr;
  };
  // Probes of every traffic share the same few cells.
  return (first, last) => {
    const key = `${first}-${last}`;
    return cache.get(key) ?? cache.set(key, label(first, last)).get(key)!;
  };
}

function protocolLabel(n: number, other: number): string {
  if (n === other) return "other protocols";
  return NAMES.get(n) ?? `protocol ${n}`;
}

export function mergeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    else out.push({ ...r });
  }
  return out;
}

function isAll(ports: readonly PortRange[]): boolean {
  return ports.length === 1 && ports[0].from <= 1 && ports[0].to === 65535;
}

const PROTOCOL_ORDER = ["tcp", "udp", "sctp", "icmp", "icmpv6"];
function compareChanges(a: AccessChange, b: AccessChange): number {
  const rank = (p: string) => (PROTOCOL_ORDER.includes(p) ? PROTOCOL_ORDER.indexOf(p) : PROTOCOL_ORDER.length);
  return (
    a.target.localeCompare(b.target) ||
    a.direction.localeCompare(b.direction) ||
    rank(a.protocol) - rank(b.protocol) ||
    a.protocol.localeCompare(b.protocol) ||
    (a.ports[0]?.from ?? 0) - (b.ports[0]?.from ?? 0) ||
    a.peer.localeCompare(b.peer) ||
    a.after.action.localeCompare(b.after.action)
  );
}

/**
 * The access diff of one environment on one cloud: every flow whose decision
 * differs between the two sides, decided by the effective-policy engine that
 * `verify` uses, grouped as a person reads them (one line per peer, traffic
 * and pair of responsible rules, ports as ranges).
 *
 * Exact over ports: the sides' port edges cut 1-65535 into intervals on which
 * every rule of either side is constant, so deciding one port per interval
 * decides them all. Peers are the engine's systematic ones (role members,
 * addresses inside and just outside every network either side names).
 */
import {
  BoundPolicy,
  cidrContainsAddress,
  cidrFamily,
  cidrInterval,
  cidrProbeAddresses,
  decide,
  Direction,
  Flow,
  FlowPeer,
  formatPortRange,
  IpFamily,
  PortRange,
  PROTOCOL_NUMBERS,
} from "../policy";
import { CloudDecision } from "../modules/effective";
import { systematicFlows } from "../verify/effective/flows";
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

const PORT_PROTOCOLS = [PROTOCOL_NUMBERS.tcp, PROTOCOL_NUMBERS.udp, PROTOCOL_NUMBERS.sctp];
const NAMES = new Map(Object.entries(PROTOCOL_NUMBERS).map(([name, n]) => [n, name]));

/** Called for every flow compared, changed or not (the deny-window risk looks at unchanged ones). */
export type FlowObserver = (flow: Flow, before: CloudDecision, after: CloudDecision) => void;

export function diffAccess(base: AccessSide, head: AccessSide, observe?: FlowObserver): AccessDiff {
  const bounds = [base.bound, head.bound].filter((b): b is BoundPolicy => b !== undefined);
  const baseRoles = new Set(base.evaluator.roles);
  const headRoles = new Set(head.evaluator.roles);
  const targets = [...headRoles].filter((r) => baseRoles.has(r)).sort();
  const allRoles = [...new Set([...baseRoles, ...headRoles])].sort();
  const cidrs = new Set<string>([...base.evaluator.cidrs, ...head.evaluator.cidrs]);
  for (const b of bounds) {
    for (const rule of b.rules) for (const e of rule.peers) if (e.kind === "cidr") cidrs.add(e.cidr);
    for (const list of Object.values(b.addressSets)) list.forEach((c) => cidrs.add(c));
  }
  const ipv6 = bounds.some((b) => b.ipv6) || [...cidrs].some((c) => cidrFamily(c) === 6);
  const families: IpFamily[] = ipv6 ? [4, 6] : [4];

  // Peers: the engine's systematic peers of each side, plus every role and network either rendering names.
  const peers = new Map<string, FlowPeer>();
  const addPeer = (p: FlowPeer) => peers.set(p.kind === "role" ? `role:${p.role}:${p.family}` : p.address, p);
  for (const b of bounds) for (const f of systematicFlows(b)) addPeer(f.peer);
  for (const role of allRoles) for (const family of families) addPeer({ kind: "role", role, family });
  for (const cidr of cidrs) {
    const { inside, outside } = cidrProbeAddresses(cidr);
    for (const address of [...inside, ...outside]) addPeer({ kind: "address", address, family: cidrFamily(address) });
  }
  addPeer({ kind: "address", address: "192.0.2.1", family: 4 });
  if (ipv6) addPeer({ kind: "address", address: "2001:db8:ffff::1", family: 6 });

  // Port intervals: each edge starts one, and the port after it starts the next.
  const starts = new Set<number>([1]);
  const edge = (p: number) => [p, p + 1].filter((x) => x >= 1 && x <= 65535).forEach((x) => starts.add(x));
  for (const b of bounds) for (const rule of b.rules) for (const r of rule.ports) (edge(r.from), edge(r.to));
  [...base.evaluator.ports, ...head.evaluator.ports].forEach(edge);
  const sorted = [...starts].sort((a, b) => a - b);
  const intervals: PortRange[] = sorted.map((from, i) => ({ from, to: i + 1 < sorted.length ? sorted[i + 1] - 1 : 65535 }));

  // Protocols the catalogs name by number (from the coverage report when a side is an earlier synthesis).
  const named = new Set<number>();
  for (const b of bounds) for (const rule of b.rules) if (typeof rule.protocol === "number") named.add(rule.protocol);
  for (const side of [base, head]) for (const rule of side.report?.rules ?? []) if (/^\d+$/.test(String(rule.protocol))) named.add(Number(rule.protocol));
  const known = new Set<number>(Object.values(PROTOCOL_NUMBERS));
  // One protocol that neither side names stands for all of them.
  let other = 47;
  while (named.has(other) || known.has(other)) other++;
  const portless = [...new Set([PROTOCOL_NUMBERS.icmp, PROTOCOL_NUMBERS.icmpv6, ...[...named].filter((n) => !known.has(n)), other])];

  const groups = new Map<string, { change: Omit<AccessChange, "ports" | "traffic">; family: IpFamily | undefined; protocol: number; ports: PortRange[] }>();
  let flowsCompared = 0;
  const labeller = peerLabeller(bounds, cidrs);
  /** Per peer (a role, or an address label), the protocols probed: to say "all traffic" only when all of it changed. */
  const probed = new Map<string, Set<string>>();
  const compare = (flow: Flow, range?: PortRange) => {
    flowsCompared++;
    const peerKey = flow.peer.kind === "role" ? `role ${flow.peer.role}` : labeller(flow.peer.address);
    if (!probed.has(peerKey)) probed.set(peerKey, new Set());
    probed.get(peerKey)!.add(protocolLabel(flow.protocol, other));
    const b = base.evaluator.decide(flow);
    const a = head.evaluator.decide(flow);
    observe?.(flow, b, a);
    if (b.action === a.action) return;
    const before = attribute(base, flow, b);
    const after = attribute(head, flow, a);
    const peer = flow.peer.kind === "role" ? `role ${flow.peer.role}` : labeller(flow.peer.address);
    const family = flow.peer.kind === "role" ? flow.peer.family : undefined;
    const key = JSON.stringify([flow.direction, flow.target, peer, family, flow.protocol, before, after]);
    let group = groups.get(key);
    if (!group) {
      const peerRole = flow.peer.kind === "role" ? { peerRole: flow.peer.role } : {};
      group = { change: { direction: flow.direction, target: flow.target, peer, ...peerRole, before, after, protocol: protocolLabel(flow.protocol, other) }, family, protocol: flow.protocol, ports: [] };
      groups.set(key, group);
    }
    if (range) group.ports.push(range);
  };
  for (const target of targets) {
    for (const direction of ["ingress", "egress"] as const) {
      for (const peer of peers.values()) {
        for (const protocol of PORT_PROTOCOLS) for (const range of intervals) compare({ direction, target, peer, protocol, port: range.from }, range);
        for (const protocol of portless) {
          // ICMP exists only over IPv4 and ICMPv6 only over IPv6.
          if ((protocol === PROTOCOL_NUMBERS.icmp && peer.family === 6) || (protocol === PROTOCOL_NUMBERS.icmpv6 && peer.family === 4)) continue;
          compare({ direction, target, peer, protocol });
        }
      }
    }
  }

  // One line for both families of a role when they changed alike.
  const lines = new Map<string, AccessChange & { families: Set<IpFamily | undefined> }>();
  for (const g of groups.values()) {
    const ports = mergeRanges(g.ports);
    const traffic = ports.length > 0 ? `${g.change.protocol} ${isAll(ports) ? "(all ports)" : ports.map(formatPortRange).join(", ")}` : g.change.protocol;
    const key = JSON.stringify([g.change.direction, g.change.target, g.change.peer, traffic, g.change.before, g.change.after]);
    const line = lines.get(key) ?? { ...g.change, traffic, ports, families: new Set() };
    line.families.add(g.family);
    lines.set(key, line);
  }
  const lineList: AccessChange[] = [...lines.values()].map(({ families, ...line }) => {
    const only = ipv6 && line.peerRole !== undefined && families.size === 1 ? [...families][0] : undefined;
    return only ? { ...line, peer: `${line.peer} (IPv${only} members)` } : line;
  });
  const changes = summarise(lineList, probed);
  changes.sort(compareChanges);
  return {
    changes,
    rolesAdded: [...headRoles].filter((r) => !baseRoles.has(r)).sort(),
    rolesRemoved: [...baseRoles].filter((r) => !headRoles.has(r)).sort(),
    flowsCompared,
  };
}

const ALL_TRAFFIC = "all traffic";

/**
 * Reads as a person would: every protocol of one peer changed alike is "all
 * traffic"; all traffic changed alike for every peer is "anywhere".
 */
function summarise(lines: AccessChange[], probed: ReadonlyMap<string, ReadonlySet<string>>): AccessChange[] {
  const peerKey = (c: AccessChange) => (c.peerRole !== undefined ? `role ${c.peerRole}` : c.peer);
  const whole = (c: AccessChange) => c.ports.length === 0 || isAll(c.ports);
  const groupBy = (items: AccessChange[], key: (c: AccessChange) => string) => {
    const out = new Map<string, AccessChange[]>();
    for (const c of items) out.set(key(c), [...(out.get(key(c)) ?? []), c]);
    return [...out.values()];
  };
  const decisions = (c: AccessChange) => JSON.stringify([c.direction, c.target, c.before, c.after]);
  const byTraffic = groupBy(lines, (c) => `${decisions(c)}|${peerKey(c)}`).flatMap((group) => {
    const protocols = new Set(group.filter(whole).map((c) => c.protocol));
    const all = [...(probed.get(peerKey(group[0])) ?? [])].every((p) => protocols.has(p));
    if (!all) return group;
    const { peerRole } = group[0];
    return [{ ...group[0], peer: peerRole !== undefined ? `role ${peerRole}` : group[0].peer, traffic: ALL_TRAFFIC, protocol: "all", ports: [{ from: 1, to: 65535 }] }];
  });
  return groupBy(byTraffic, (c) => `${decisions(c)}|${c.traffic}`).flatMap((group) => {
    if (group[0].traffic !== ALL_TRAFFIC || ![...probed.keys()].every((k) => group.some((c) => peerKey(c) === k))) return group;
    const { peerRole: _role, ...line } = group[0];
    return [{ ...line, peer: "anywhere" }];
  });
}

/** Which catalog rule decides the flow on one side: the catalog's own decision when the side has its catalog, else the coverage report. */
function attribute(side: AccessSide, flow: Flow, cloud: CloudDecision): DecisionSide {
  if (side.bound) {
    const catalog = decide(side.bound, flow);
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

/** Names an address by the smallest network either side names that holds it, with the address sets it belongs to. */
function peerLabeller(bounds: readonly BoundPolicy[], cidrs: Set<string>): (address: string) => string {
  const sets = new Map<string, Set<string>>();
  for (const b of bounds) for (const [name, list] of Object.entries(b.addressSets)) for (const c of list) sets.set(c, (sets.get(c) ?? new Set()).add(name));
  const networks = [...cidrs].map((c) => ({ cidr: c, size: (() => { const i = cidrInterval(c); return i.last - i.first; })() }));
  return (address) => {
    const family = cidrFamily(address);
    let best: { cidr: string; size: bigint } | undefined;
    for (const n of networks) if (cidrContainsAddress(n.cidr, address) && (!best || n.size < best.size)) best = n;
    if (!best || best.cidr === "0.0.0.0/0" || best.cidr === "::/0") return `other IPv${family} addresses`;
    const names = sets.get(best.cidr);
    return names ? `${best.cidr} (set ${[...names].sort().join(", set ")})` : best.cidr;
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

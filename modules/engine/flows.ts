/**
 * A systematic set of flows for one bound policy: every managed role as
 * target, both directions; every protocol the catalog or the clouds name plus
 * one nobody names; every port edge and its neighbours; and as the other side,
 * one address of every "cell" of the address space (the pieces that the CIDRs
 * of the policy's and the renderings' rules for that traffic cut it into), once
 * as a plain address and once as the address of a member of each managed role.
 *
 * Why cells make the check exact: every rule of the catalog and of both clouds
 * matches an address only through "this CIDR contains it", so all addresses of
 * one cell get the same decision from all three. Checking one address per cell
 * therefore checks every address, and a role member (whose address the catalog
 * does not know) is checked at every address it could have.
 */
import * as ipaddr from "ipaddr.js";
import { CidrCut, Footprint } from "../effective";
import { BoundPolicy, cidrFamily, cidrInterval, Direction, Flow, IpFamily, PORT_PROTOCOLS, PROTOCOL_NUMBERS, protocolName, protocolNumber } from "../../policy";

/** A protocol no catalog rule names, to catch rules that open too much. */
const OTHER_PROTOCOL = 47;

/** The other side of a probe flow, always at a concrete address: the first of a cell that ends at `lastAddress`. */
export type ProbePeer = (
  { readonly kind: "address"; readonly address: string; readonly family: IpFamily } | { readonly kind: "role"; readonly role: string; readonly address: string; readonly family: IpFamily }
) & {
  readonly lastAddress: string;
  /** Index of the cell in its family's address order (adjacent cells can be reported as one range). */
  readonly cell: number;
  /** A role member standing for the members of every role listed (itself included): no rule of the flow's traffic names them, so all are decided alike. */
  readonly standsFor?: readonly string[];
};

export interface ProbeFlow extends Flow {
  readonly peer: ProbePeer;
  /**
   * The last port this probe stands for: every port from `port` up to the next
   * probe is inside and outside the same rules' ranges (each range's first port
   * and the port after its last are probes), so all are decided alike.
   */
  readonly portUpTo?: number;
}

/** What the renderings mention beyond the catalog, so a rule a cloud has and the catalog lacks is probed too. */
export interface RenderedExtras {
  readonly cuts?: Iterable<CidrCut>;
  readonly ports?: Iterable<number>;
  readonly protocols?: Iterable<number>;
  /** ICMP types a rendering narrows a rule to: each is probed, besides a type nobody names. */
  readonly icmpTypes?: Iterable<number>;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function addressText(value: bigint, family: IpFamily): string {
  const bytes: number[] = [];
  for (let i = BITS[family] / 8 - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

const byValue = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Adds, for each CIDR of the family, its first address and the address after its last. */
function addEdges(points: Set<bigint>, cidrs: Iterable<string>, family: IpFamily): Set<bigint> {
  for (const cidr of cidrs) {
    if (cidrFamily(cidr) !== family) continue;
    const net = cidrInterval(cidr);
    points.add(net.first).add(net.last + 1n);
  }
  return points;
}

/** The cells between consecutive points, in address order, those whose first address `keep` accepts (asked in that order). */
function cellsBetween(points: Set<bigint>, family: IpFamily, keep: (first: bigint) => boolean = () => true): { first: string; last: string }[] {
  const sorted = [...points].sort(byValue);
  const cells: { first: string; last: string }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) if (keep(sorted[i])) cells.push({ first: addressText(sorted[i], family), last: addressText(sorted[i + 1] - 1n, family) });
  return cells;
}

/** The cells the CIDRs cut a family's address space into, as [first, last] address texts, in address order. */
export function addressCells(cidrs: Iterable<string>, family: IpFamily): { first: string; last: string }[] {
  return cellsBetween(addEdges(new Set([0n, 1n << BigInt(BITS[family])]), cidrs, family), family);
}

/**
 * addressCells of a sorted cidr list, kept across checks: verify, the review
 * and the mutation tests check the same footprints' lists again and again, and
 * turning each cell's bounds into text is most of the work. Read-only.
 */
function sharedAddressCells(cidrs: readonly string[], family: IpFamily): readonly { readonly first: string; readonly last: string }[] {
  const key = `${family}|${cidrs.join(" ")}`;
  let cells = addressCellsMemo.get(key);
  if (!cells) {
    // Bounded: a long review of large catalogs must not keep every list it ever cut.
    if (addressCellsMemo.size >= 4096) addressCellsMemo.clear();
    addressCellsMemo.set(key, (cells = addressCells(cidrs, family)));
  }
  return cells;
}

const addressCellsMemo = new Map<string, readonly { readonly first: string; readonly last: string }[]>();

/**
 * The cells of the union of `cidrs` (one family) that `cuts` cut apart, in
 * address order. Adjacent or overlapping CIDRs are merged first: a boundary
 * between two of them is no rule's, so both sides are decided alike (the
 * Internet's 103 IPv4 CIDRs are 12 ranges).
 */
export function rangeCells(cidrs: readonly string[], cuts: readonly string[], family: IpFamily): readonly { first: string; last: string }[] {
  // An invariant asks the same range at every port and protocol, with a few sets of cuts: each answer is kept.
  let memo = rangeCellsMemo.get(cidrs);
  if (!memo) rangeCellsMemo.set(cidrs, (memo = new Map()));
  const key = `${family}|${cuts.join(",")}`;
  let cells = memo.get(key);
  if (!cells) memo.set(key, (cells = computeRangeCells(cidrs, cuts, family)));
  return cells;
}

const rangeCellsMemo = new WeakMap<readonly string[], Map<string, readonly { first: string; last: string }[]>>();

function computeRangeCells(cidrs: readonly string[], cuts: readonly string[], family: IpFamily): { first: string; last: string }[] {
  const nets = cidrs
    .filter((c) => cidrFamily(c) === family)
    .map((c) => cidrInterval(c))
    .sort((a, b) => byValue(a.first, b.first));
  const union: { first: bigint; last: bigint }[] = [];
  for (const n of nets) {
    const top = union[union.length - 1];
    if (top && n.first <= top.last + 1n) top.last = n.last > top.last ? n.last : top.last;
    else union.push({ first: n.first, last: n.last });
  }
  const points = new Set<bigint>();
  for (const u of union) points.add(u.first).add(u.last + 1n);
  let u = 0;
  return cellsBetween(addEdges(points, cuts, family), family, (first) => {
    while (u < union.length && union[u].last < first) u++;
    return u < union.length && first >= union[u].first;
  });
}

/**
 * The probe flows of a bound policy. With `footprintsOf` (each cloud view's
 * rules that can decide a role's flows), every role is probed at the ports,
 * cells and peer roles of its own rules and those cloud rules only: a role
 * member no rule of that traffic names is decided exactly as any other such
 * member at the same address, so one of them (the first) stands for all
 * (`standsFor`). Without it, every role's flows are probed against the extras
 * of all rules, with every role's members as peers.
 */
export function systematicFlows(bound: BoundPolicy, extras: RenderedExtras = {}, footprintsOf?: (role: string) => Iterable<Footprint>): ProbeFlow[] {
  const flows: ProbeFlow[] = [];
  visitSystematicFlows(bound, extras, footprintsOf, (flow) => {
    flows.push(flow);
  });
  return flows;
}

/**
 * The probe flows of systematicFlows, in the same order, handed to `visit` as
 * they are made: a caller that stops at a first answer (`visit` returns
 * false) never makes the rest. Returns how many were visited.
 */
export function visitSystematicFlows(
  bound: BoundPolicy,
  extras: RenderedExtras,
  footprintsOf: ((role: string) => Iterable<Footprint>) | undefined,
  visit: (flow: ProbeFlow) => boolean | void,
): number {
  // IPv6 addresses are probed where IPv6 is off too (every cloud must deny them there, as the catalog does);
  // role members there have IPv4 addresses only, which is what ipv6: false means.
  const families: IpFamily[] = [4, 6];
  const roleFamilies = new Set<IpFamily>(bound.ipv6 ? [4, 6] : [4]);
  const managed = bound.managedRoles.map((r) => r.id);
  const everyRole = footprintsOf === undefined;
  const global: Footprint[] = [
    ...[...(extras.cuts ?? [])].map((c) => ({ direction: c.direction, protocol: c.protocol, ports: c.ports, cidrs: [c.cidr], roles: [] })),
    ...[...(extras.ports ?? [])].flatMap((p) => (["ingress", "egress"] as const).map((direction) => ({ direction, protocol: "all" as const, ports: [{ from: p, to: p }], cidrs: [], roles: [] }))),
    ...[...(extras.protocols ?? [])].flatMap((protocol) => (["ingress", "egress"] as const).map((direction) => ({ direction, protocol, cidrs: [], roles: [] }))),
    ...[...(extras.icmpTypes ?? [])].flatMap((icmpType) =>
      (["ingress", "egress"] as const).flatMap((direction) => [PROTOCOL_NUMBERS.icmp, PROTOCOL_NUMBERS.icmpv6].map((protocol) => ({ direction, protocol, icmpType, cidrs: [], roles: [] }))),
    ),
  ];
  // Peers are shared by every traffic and role whose rules cut alike and name the same roles.
  const peersByKey = new Map<string, ProbePeer[]>();
  const peersFor = (cidrs: readonly string[], named: readonly string[]): ProbePeer[] => {
    const key = `${cidrs.join(" ")}|${named.join(" ")}`;
    let peers = peersByKey.get(key);
    if (peers) return peers;
    const probed: { role: string; standsFor?: readonly string[] }[] = everyRole ? managed.map((role) => ({ role })) : named.map((role) => ({ role }));
    if (!everyRole) {
      const others = managed.filter((r) => !named.includes(r));
      if (others.length > 0) probed.push({ role: others[0], standsFor: others });
    }
    peers = [];
    for (const family of families) {
      const cells = sharedAddressCells(cidrs, family);
      cells.forEach((c, cell) => peers!.push({ kind: "address", address: c.first, lastAddress: c.last, family, cell }));
      if (roleFamilies.has(family))
        for (const { role, standsFor } of probed)
          cells.forEach((c, cell) => peers!.push({ kind: "role", role, address: c.first, lastAddress: c.last, family, cell, ...(standsFor ? { standsFor } : {}) }));
    }
    peersByKey.set(key, peers);
    return peers;
  };

  const portProtocols = PORT_PROTOCOLS.map((name) => PROTOCOL_NUMBERS[name]);
  const managedSet = new Set(managed);
  // The extras are the same for every role: what of them applies to a traffic is worked out once, not once per role
  // (the review's extras are both sides' every cut, thousands of footprints), from the extras of its direction and protocol.
  const globalBy = new Map<string, Footprint[]>();
  // Only extras that name peers decide peers (the rest add traffic only).
  for (const f of global) {
    if (f.cidrs.length === 0 && f.roles.length === 0) continue;
    const key = `${f.direction} ${f.protocol}`;
    globalBy.set(key, [...(globalBy.get(key) ?? []), f]);
  }
  // Between two port edges of the extras, what applies is the same: one answer per stretch, found by its first edge above.
  const edgesBy = new Map<string, number[]>();
  for (const [key, list] of globalBy)
    edgesBy.set(
      key,
      [...new Set(list.flatMap((f) => (f.ports ?? []).flatMap((r) => [r.from, r.to + 1])))].sort((a, b) => a - b),
    );
  const stretchOf = (edges: readonly number[] | undefined, port: number) => {
    let lo = 0;
    let hi = edges?.length ?? 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges![mid] <= port) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const globalApplying = new Map<string, { id: number; cidrs: readonly string[]; set: ReadonlySet<string>; roles: readonly string[] }>();
  const NOTHING_SHARED = { id: 0, cidrs: [] as readonly string[], set: new Set<string>() as ReadonlySet<string>, roles: [] as readonly string[] };
  const globalOf = (direction: Direction, t: Traffic) => {
    if (globalBy.size === 0) return NOTHING_SHARED;
    const stretch = t.port === undefined ? "" : `${stretchOf(edgesBy.get(`${direction} all`), t.port)} ${stretchOf(edgesBy.get(`${direction} ${t.protocol}`), t.port)}`;
    const key = `${direction} ${t.protocol} ${stretch}`;
    let hit = globalApplying.get(key);
    if (!hit) {
      const applying = [...(globalBy.get(`${direction} all`) ?? []), ...(globalBy.get(`${direction} ${t.protocol}`) ?? [])].filter((f) => footprintApplies(f, t));
      const set = new Set(applying.flatMap((f) => f.cidrs));
      hit = { id: globalApplying.size + 1, cidrs: [...set].sort(), set, roles: applying.flatMap((f) => f.roles) };
      globalApplying.set(key, hit);
    }
    return hit;
  };
  const globalOfDirection = { ingress: global.filter((f) => f.direction === "ingress"), egress: global.filter((f) => f.direction === "egress") };
  let visited = 0;
  for (const target of managed) {
    const local = [...catalogFootprints(bound, target), ...(footprintsOf ? footprintsOf(target) : [])];
    for (const direction of ["ingress", "egress"] as const) {
      const own = local.filter((f) => f.direction === direction);
      // Neighbouring traffic is mostly cut by the same footprints: the peers are worked out once per set of them.
      const peersOfApplying = new Map<string, ProbePeer[]>();
      for (const t of trafficOf([...own, ...globalOfDirection[direction]], portProtocols)) {
        const shared = globalOf(direction, t);
        let applyingKey = `${shared.id}|`;
        for (let i = 0; i < own.length; i++) if (footprintApplies(own[i], t)) applyingKey += `${i},`;
        let peers = peersOfApplying.get(applyingKey);
        if (!peers) {
          const applying = own.filter((f) => footprintApplies(f, t));
          const localCidrs = applying.flatMap((f) => f.cidrs);
          const cidrs = localCidrs.every((c) => shared.set.has(c)) ? shared.cidrs : [...new Set([...localCidrs, ...shared.cidrs])].sort();
          const named = everyRole ? [] : [...new Set([...applying.flatMap((f) => f.roles), ...shared.roles])].filter((r) => managedSet.has(r)).sort();
          peers = peersFor(cidrs, named);
          peersOfApplying.set(applyingKey, peers);
        }
        for (const peer of peers) {
          if (!existsInFamily(t.protocol, peer.family)) continue;
          visited++;
          if (visit({ direction, target, peer, ...t }) === false) return visited;
        }
      }
    }
  }
  return visited;
}

type Traffic = { protocol: number; port?: number; portUpTo?: number; icmpType?: number };

/** Every port protocol at every port edge the footprints mention; every other protocol they name, ICMP, ICMPv6 and one nobody names, with each ICMP type they narrow to. */
function trafficOf(footprints: readonly Footprint[], portProtocols: readonly number[]): Traffic[] {
  const ports = new Set<number>([1, 1024, 65535]);
  const edges = (from: number, to: number) => [from - 1, from, from + 1, to - 1, to, to + 1].filter((p) => p >= 1 && p <= 65535).forEach((p) => ports.add(p));
  const otherProtocols = new Set<number>([PROTOCOL_NUMBERS.icmp, PROTOCOL_NUMBERS.icmpv6, OTHER_PROTOCOL]);
  const icmpTypes = new Set<number>();
  for (const f of footprints) {
    for (const r of f.ports ?? []) edges(r.from, r.to);
    if (f.protocol !== "all") otherProtocols.add(f.protocol);
    if (f.icmpType !== undefined) icmpTypes.add(f.icmpType);
  }
  const portList = [...ports].sort((a, b) => a - b);
  const traffic: Traffic[] = [];
  for (const protocol of portProtocols) portList.forEach((port, i) => traffic.push({ protocol, port, portUpTo: i + 1 < portList.length ? portList[i + 1] - 1 : 65535 }));
  const types = [...icmpTypes].sort((a, b) => a - b);
  for (const protocol of [...otherProtocols].sort((a, b) => a - b)) {
    if (portProtocols.includes(protocol)) continue;
    traffic.push({ protocol });
    if (protocol === PROTOCOL_NUMBERS.icmp || protocol === PROTOCOL_NUMBERS.icmpv6) for (const icmpType of types) traffic.push({ protocol, icmpType });
  }
  return traffic;
}

/** ICMP exists only over IPv4 and ICMPv6 only over IPv6 (the catalog's meaning): each is probed in its own family only. */
function existsInFamily(protocol: number, family: IpFamily): boolean {
  return !((protocol === PROTOCOL_NUMBERS.icmp && family === 6) || (protocol === PROTOCOL_NUMBERS.icmpv6 && family === 4));
}

/** What each catalog rule of a role matches, as a cloud view's footprints say it (token addresses cut nothing: the catalog refuses to decide them). */
export function catalogFootprints(bound: BoundPolicy, role: string): readonly Footprint[] {
  let byRole = footprintsOfCatalog.get(bound);
  if (!byRole) {
    byRole = new Map();
    for (const rule of bound.rules) {
      const list = byRole.get(rule.target) ?? [];
      list.push({
        direction: rule.direction,
        protocol: protocolNumber(rule.protocol),
        ports: rule.ports.length > 0 ? rule.ports : undefined,
        cidrs: rule.peers.flatMap((e) => (e.kind === "cidr" && !e.token ? [e.cidr] : [])),
        roles: rule.peers.flatMap((e) => (e.kind === "role" ? [e.role] : [])),
      });
      byRole.set(rule.target, list);
    }
    footprintsOfCatalog.set(bound, byRole);
  }
  return byRole.get(role) ?? [];
}

const footprintsOfCatalog = new WeakMap<BoundPolicy, Map<string, Footprint[]>>();

/** Whether a rule of this footprint can match the traffic (a wider traffic is always safe: its cuts are merely finer). */
export function footprintApplies(f: Footprint, t: { readonly protocol: number; readonly port?: number }): boolean {
  if (f.protocol !== "all" && f.protocol !== t.protocol) return false;
  return f.protocol === "all" || t.port === undefined || f.ports === undefined || f.ports.some((r) => r.from <= t.port! && t.port! <= r.to);
}

const WHOLE_SPACE: Record<IpFamily, [string, string]> = { 4: ["0.0.0.0", "255.255.255.255"], 6: ["::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"] };

function describePeer(peer: Flow["peer"]): string {
  const p = peer as Partial<ProbePeer> & Flow["peer"];
  if (p.address === undefined) return p.kind === "role" ? `a member of role ${p.role} (IPv${p.family})` : "";
  const whole = p.address === WHOLE_SPACE[p.family][0] && p.lastAddress === WHOLE_SPACE[p.family][1];
  const range = p.lastAddress === undefined || p.lastAddress === p.address ? p.address : `${p.address}-${p.lastAddress}`;
  const others = p.standsFor && p.standsFor.length > 1 ? ` (or of any of the ${p.standsFor.length - 1} other roles no rule of this traffic names)` : "";
  if (p.kind === "role") return `a member of role ${p.role}${others} ${whole ? `at any IPv${p.family} address` : `at ${range}`}`;
  return whole ? `any IPv${p.family} address` : range;
}

/** "tcp 22 from 10.0.0.0-10.0.255.255 to role web": a cell stands for each of its addresses (all decided alike). */
export function describeFlow(f: Flow, peerNote = ""): string {
  const peer = describePeer(f.peer) + peerNote;
  const proto = protocolName(f.protocol) ?? `protocol ${f.protocol}`;
  const upTo = (f as ProbeFlow).portUpTo;
  const what = `${proto}${f.port !== undefined ? ` ${f.port}${upTo !== undefined && upTo > f.port ? `-${upTo}` : ""}` : ""}${f.icmpType !== undefined ? ` type ${f.icmpType}` : f.protocol === PROTOCOL_NUMBERS.icmp || f.protocol === PROTOCOL_NUMBERS.icmpv6 ? " (a type no rule names)" : ""}`;
  return f.direction === "ingress" ? `${what} from ${peer} to role ${f.target}` : `${what} from role ${f.target} to ${peer}`;
}

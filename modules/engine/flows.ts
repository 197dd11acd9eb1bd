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
import { CidrCut } from "../effective";
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

/** The cells the CIDRs cut a family's address space into, as [first, last] address texts, in address order. */
export function addressCells(cidrs: Iterable<string>, family: IpFamily): { first: string; last: string }[] {
  const end = 1n << BigInt(BITS[family]);
  const cuts = new Set<bigint>([0n, end]);
  for (const cidr of cidrs) {
    if (cidrFamily(cidr) !== family) continue;
    const net = cidrInterval(cidr);
    cuts.add(net.first);
    cuts.add(net.last + 1n);
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const cells: { first: string; last: string }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) cells.push({ first: addressText(sorted[i], family), last: addressText(sorted[i + 1] - 1n, family) });
  return cells;
}

export function systematicFlows(bound: BoundPolicy, extras: RenderedExtras = {}): ProbeFlow[] {
  // IPv6 addresses are probed where IPv6 is off too (every cloud must deny them there, as the catalog does);
  // role members there have IPv4 addresses only, which is what ipv6: false means.
  const families: IpFamily[] = [4, 6];
  const roleFamilies = new Set<IpFamily>(bound.ipv6 ? [4, 6] : [4]);
  const cuts: CidrCut[] = [...(extras.cuts ?? [])];
  for (const rule of bound.rules) {
    for (const e of rule.peers)
      if (e.kind === "cidr") cuts.push({ direction: rule.direction, protocol: protocolNumber(rule.protocol), ports: rule.ports.length > 0 ? rule.ports : undefined, cidr: e.cidr });
  }

  const ports = new Set<number>([1, 1024, 65535]);
  const edges = (from: number, to: number) => [from - 1, from, from + 1, to - 1, to, to + 1].filter((p) => p >= 1 && p <= 65535).forEach((p) => ports.add(p));
  for (const rule of bound.rules) for (const r of rule.ports) edges(r.from, r.to);
  for (const p of extras.ports ?? []) edges(p, p);
  const portList = [...ports].sort((a, b) => a - b);
  const portProtocols = PORT_PROTOCOLS.map((name) => PROTOCOL_NUMBERS[name]);
  const otherProtocols = new Set<number>([PROTOCOL_NUMBERS.icmp, PROTOCOL_NUMBERS.icmpv6, OTHER_PROTOCOL, ...(extras.protocols ?? [])]);
  for (const rule of bound.rules) {
    const p = protocolNumber(rule.protocol);
    if (p !== "all") otherProtocols.add(p);
  }
  const traffic: { protocol: number; port?: number; portUpTo?: number; icmpType?: number }[] = [];
  const icmpTypes = [...new Set(extras.icmpTypes ?? [])].sort((a, b) => a - b);
  for (const protocol of portProtocols) portList.forEach((port, i) => traffic.push({ protocol, port, portUpTo: i + 1 < portList.length ? portList[i + 1] - 1 : 65535 }));
  for (const protocol of [...otherProtocols].sort((a, b) => a - b)) {
    if (portProtocols.includes(protocol)) continue;
    traffic.push({ protocol });
    if (protocol === PROTOCOL_NUMBERS.icmp || protocol === PROTOCOL_NUMBERS.icmpv6) for (const icmpType of icmpTypes) traffic.push({ protocol, icmpType });
  }

  // The peers of one direction and traffic: the cells cut by the CIDRs of the rules that can match that traffic.
  const peersByCuts = new Map<string, ProbePeer[]>();
  const peersFor = (direction: Direction, t: { protocol: number; port?: number }): ProbePeer[] => {
    const cidrs = [...new Set(cuts.filter((c) => cutApplies(c, direction, t)).map((c) => c.cidr))].sort();
    const key = cidrs.join(" ");
    let peers = peersByCuts.get(key);
    if (!peers) {
      peers = [];
      for (const family of families) {
        const cells = addressCells(cidrs, family);
        cells.forEach((c, cell) => peers!.push({ kind: "address", address: c.first, lastAddress: c.last, family, cell }));
        if (roleFamilies.has(family))
          for (const role of bound.managedRoles) cells.forEach((c, cell) => peers!.push({ kind: "role", role: role.id, address: c.first, lastAddress: c.last, family, cell }));
      }
      peersByCuts.set(key, peers);
    }
    return peers;
  };

  const flows: ProbeFlow[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const t of traffic) {
      const peers = peersFor(direction, t);
      for (const role of bound.managedRoles) for (const peer of peers) if (existsInFamily(t.protocol, peer.family)) flows.push({ direction, target: role.id, peer, ...t });
    }
  }
  return flows;
}

/** ICMP exists only over IPv4 and ICMPv6 only over IPv6 (the catalog's meaning): each is probed in its own family only. */
function existsInFamily(protocol: number, family: IpFamily): boolean {
  return !((protocol === PROTOCOL_NUMBERS.icmp && family === 6) || (protocol === PROTOCOL_NUMBERS.icmpv6 && family === 4));
}

function cutApplies(cut: CidrCut, direction: Direction, t: { protocol: number; port?: number }): boolean {
  if (cut.direction !== direction || (cut.protocol !== "all" && cut.protocol !== t.protocol)) return false;
  return cut.protocol === "all" || t.port === undefined || cut.ports === undefined || cut.ports.some((r) => r.from <= t.port! && t.port! <= r.to);
}

const WHOLE_SPACE: Record<IpFamily, [string, string]> = { 4: ["0.0.0.0", "255.255.255.255"], 6: ["::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"] };

function describePeer(peer: Flow["peer"]): string {
  const p = peer as Partial<ProbePeer> & Flow["peer"];
  if (p.address === undefined) return p.kind === "role" ? `a member of role ${p.role} (IPv${p.family})` : "";
  const whole = p.address === WHOLE_SPACE[p.family][0] && p.lastAddress === WHOLE_SPACE[p.family][1];
  const range = p.lastAddress === undefined || p.lastAddress === p.address ? p.address : `${p.address}-${p.lastAddress}`;
  if (p.kind === "role") return `a member of role ${p.role} ${whole ? `at any IPv${p.family} address` : `at ${range}`}`;
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

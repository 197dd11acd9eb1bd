/**
 * A systematic set of flows for one bound policy: every managed role as
 * target, both directions; members of every managed role and addresses inside
 * and just outside every bound network; every protocol the clouds name plus
 * one they do not; every catalog port edge and its neighbours.
 */
import { BoundPolicy, cidrFamily, cidrProbeAddresses, Flow, FlowPeer, IpFamily, PROTOCOL_NUMBERS } from "../../policy";

/** A protocol no catalog rule names, to catch rules that open too much. */
const OTHER_PROTOCOL = 47;

/**
 * `extraPorts` adds ports the renderings mention (so a rule a cloud has and the
 * catalog lacks is probed too).
 */
export function systematicFlows(bound: BoundPolicy, extraPorts: Iterable<number> = []): Flow[] {
  const families: IpFamily[] = bound.ipv6 ? [4, 6] : [4];
  const peers = new Map<string, FlowPeer>();
  for (const role of bound.managedRoles) for (const family of families) peers.set(`role:${role.id}:${family}`, { kind: "role", role: role.id, family });
  const networks = new Set<string>();
  for (const rule of bound.rules) for (const e of rule.peers) if (e.kind === "cidr") networks.add(e.cidr);
  for (const cidrs of Object.values(bound.addressSets)) cidrs.forEach((c) => networks.add(c));
  for (const cidr of networks) {
    const { inside, outside } = cidrProbeAddresses(cidr);
    for (const address of [...inside, ...outside]) peers.set(address, { kind: "address", address, family: cidrFamily(address) });
  }
  peers.set("192.0.2.1", { kind: "address", address: "192.0.2.1", family: 4 });
  if (bound.ipv6) peers.set("2001:db8:ffff::1", { kind: "address", address: "2001:db8:ffff::1", family: 6 });

  const ports = new Set<number>([1, 1024, 65535]);
  const edges = (from: number, to: number) => [from - 1, from, from + 1, to - 1, to, to + 1].filter((p) => p >= 1 && p <= 65535).forEach((p) => ports.add(p));
  for (const rule of bound.rules) for (const r of rule.ports) edges(r.from, r.to);
  for (const p of extraPorts) edges(p, p);
  const portList = [...ports].sort((a, b) => a - b);
  const traffic: { protocol: number; port?: number }[] = [];
  for (const name of ["tcp", "udp", "sctp"]) for (const port of portList) traffic.push({ protocol: PROTOCOL_NUMBERS[name], port });
  traffic.push({ protocol: OTHER_PROTOCOL });
  // ICMP exists only over IPv4 and ICMPv6 only over IPv6 (as the catalog reads them): each is probed in its own family.
  const icmpOf = (family: IpFamily) => ({ protocol: family === 4 ? PROTOCOL_NUMBERS.icmp : PROTOCOL_NUMBERS.icmpv6 });

  const flows: Flow[] = [];
  for (const role of bound.managedRoles) {
    for (const direction of ["ingress", "egress"] as const) {
      for (const peer of peers.values()) for (const t of [...traffic, icmpOf(peer.family)]) flows.push({ direction, target: role.id, peer, ...t });
    }
  }
  return flows;
}

export function describeFlow(f: Flow): string {
  const peer = f.peer.kind === "role" ? `a member of role ${f.peer.role} (IPv${f.peer.family})` : f.peer.address;
  const proto = Object.entries(PROTOCOL_NUMBERS).find(([, n]) => n === f.protocol)?.[0] ?? `protocol ${f.protocol}`;
  const what = `${proto}${f.port !== undefined ? ` ${f.port}` : ""}`;
  return f.direction === "ingress" ? `${what} from ${peer} to role ${f.target}` : `${what} from role ${f.target} to ${peer}`;
}

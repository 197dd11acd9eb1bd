/**
 * How the report writes traffic: protocols by name (GRE for 47), ports sorted
 * and merged, and several rules' traffic grouped by protocol into one label
 * (`tcp 7, 22, 80, 443, 8088-8093; udp 8088-8093, 10022; icmp`).
 */
import { formatPortRange, isAllPorts, normalisePorts, PortRange, Protocol, protocolDisplayName, protocolNumber } from "../../policy";

export interface Traffic {
  readonly protocol: Protocol;
  /** Empty for protocols without ports. */
  readonly ports: readonly PortRange[];
}

/** Ports as a reader counts them: `22, 80, 8088-8093`, or `all ports`. */
export function portsText(ports: readonly PortRange[]): string {
  return isAllPorts(ports) ? "all ports" : ports.map(formatPortRange).join(", ");
}

/** One protocol and its ports: `tcp 22, 443`, `icmp`, `GRE`, `all protocols`. */
export function trafficText(t: Traffic): string {
  const name = protocolDisplayName(t.protocol);
  return t.ports.length > 0 ? `${name} ${portsText(t.ports)}` : name;
}

/** Table order: tcp, udp, sctp, icmp, icmpv6 (by the vocabulary's order of numbers below), other numbers ascending, then all. */
function protocolOrder(p: Protocol): number {
  const n = protocolNumber(p);
  if (n === "all") return 1000;
  const named = [6, 17, 132, 1, 58].indexOf(n);
  return named >= 0 ? named - 10 : n;
}

/** Groups traffic by protocol, each protocol's ports sorted and merged; a protocol with every port and another without ports stays as written. */
export function groupTraffic(items: readonly Traffic[]): Traffic[] {
  const byProtocol = new Map<string, { protocol: Protocol; ports: PortRange[]; portless: boolean }>();
  for (const t of items) {
    const key = String(t.protocol);
    const g = byProtocol.get(key) ?? { protocol: t.protocol, ports: [], portless: false };
    if (t.ports.length === 0) g.portless = true;
    else g.ports.push(...t.ports);
    byProtocol.set(key, g);
  }
  return [...byProtocol.values()].sort((a, b) => protocolOrder(a.protocol) - protocolOrder(b.protocol)).map((g) => ({ protocol: g.protocol, ports: g.portless ? [] : normalisePorts(g.ports) }));
}

/** The label of several rules' traffic: groups joined by "; ". */
export function trafficLabel(items: readonly Traffic[]): string {
  return groupTraffic(items).map(trafficText).join("; ");
}

/**
 * Ingredients of the randomized agreement tests (a cloud's rendering against
 * the catalog over generated catalogs): a seeded generator, so every run checks
 * the same catalogs, and the peers and traffic the catalogs draw from.
 */
import { RuleInput } from "./policies";

/** Small deterministic PRNG (mulberry32), so every run checks the same catalogs. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Roles, a set, nested CIDRs of both families, and any. */
export const PEERS = ["any", "role:web", "role:db", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "set:office", "::/0", "2001:db8::/32"];

/** Traffic every cloud renders: overlapping TCP ports and ranges, UDP, ICMP of both families, all protocols. */
export const TRAFFIC: Partial<RuleInput>[] = [
  { protocol: "tcp", ports: [22] },
  { protocol: "tcp", ports: ["1-1000"] },
  { protocol: "tcp", ports: ["20-25", 443] },
  { protocol: "tcp", ports: "all" },
  { protocol: "udp", ports: [53, "20-30"] },
  { protocol: "icmp", ports: undefined },
  { protocol: "icmpv6", ports: undefined },
  { protocol: "all", ports: undefined },
];

/** A catalog refuses an explicit network of the wrong family for ICMP (v4) or ICMPv6 (v6). */
export function peerFits(peer: string, protocol: RuleInput["protocol"]): boolean {
  const v6Network = peer.includes(":");
  const explicit = /^[\d:]/.test(peer);
  return !explicit || (protocol === "icmp" ? !v6Network : protocol === "icmpv6" ? v6Network : true);
}

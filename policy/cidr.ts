/** CIDR parsing and arithmetic, on top of ipaddr.js. */
import * as ipaddr from "ipaddr.js";
import { IpFamily } from "./model";

export interface ParsedCidr {
  readonly family: IpFamily;
  /** Canonical text: network address, compressed IPv6, explicit prefix. */
  readonly cidr: string;
  /** Set when the input had host bits set (the canonical network is `cidr`). */
  readonly hadHostBits: boolean;
}

/** The family of a canonical CIDR or address. */
export function cidrFamily(cidr: string): IpFamily {
  return cidr.includes(":") ? 6 : 4;
}

/**
 * Parses "10.0.0.0/8", "10.1.2.3" (a /32), "2001:db8::/32". Returns an error
 * message instead of throwing, so callers can attach file and rule context.
 */
export function parseCidr(text: string): ParsedCidr | { error: string } {
  // Synthesis and the checks parse the same few hundred CIDRs hundreds of thousands of times: parse each once.
  let parsed = parsedCidrs.get(text);
  if (!parsed) {
    parsed = parseCidrText(text);
    if (parsedCidrs.size >= MAX_REMEMBERED_CIDRS) parsedCidrs.clear();
    parsedCidrs.set(text, parsed);
  }
  return parsed;
}

const MAX_REMEMBERED_CIDRS = 100_000;
const parsedCidrs = new Map<string, Readonly<ParsedCidr> | Readonly<{ error: string }>>();

function parseCidrText(text: string): ParsedCidr | { error: string } {
  const trimmed = text.trim();
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    if (trimmed.includes("/")) {
      [addr, prefix] = ipaddr.parseCIDR(trimmed);
    } else {
      addr = ipaddr.parse(trimmed);
      prefix = addr.kind() === "ipv4" ? 32 : 128;
    }
  } catch {
    return { error: `"${text}" is not an IPv4 or IPv6 address or CIDR` };
  }
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return { error: `"${text}" is an IPv4-mapped IPv6 address; write the IPv4 form` };
  }
  // A zone (fe80::1%eth0) names an interface of one host: no firewall rule can mean it, and ipaddr drops it.
  if (trimmed.includes("%")) return { error: `"${text}" carries an interface zone (%…), which no firewall rule can mean; write the address without it` };
  // ipaddr accepts legacy forms such as "10.1" or octal; insist on dotted quads.
  if (addr.kind() === "ipv4" && !/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(trimmed)) {
    return { error: `"${text}" is not a dotted-quad IPv4 address or CIDR` };
  }
  // ipaddr reads an octet with a leading zero as octal (010 is 8); other tools read it as decimal or refuse it.
  if (addr.kind() === "ipv4" && /(^|\.)0\d/.test(trimmed.split("/")[0])) {
    return { error: `"${text}" has an octet with a leading zero, read as octal by some tools (010 is 8) and as decimal by others; write it without leading zeros` };
  }
  const family: IpFamily = addr.kind() === "ipv4" ? 4 : 6;
  const network = networkAddress(addr, prefix);
  const cidr = `${network.toString()}/${prefix}`;
  return { family, cidr, hadHostBits: network.toString() !== addr.toString() };
}

function networkAddress(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const bitsLeft = prefix - i * 8;
    if (bitsLeft >= 8) continue;
    bytes[i] = bitsLeft <= 0 ? 0 : bytes[i] & (0xff << (8 - bitsLeft)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes);
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

interface Interval {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

// Checks ask about the same few networks and addresses many times: parse each once.
const intervals = new Map<string, Interval>();
const addresses = new Map<string, { family: IpFamily; value: bigint }>();

/** The inclusive address interval a canonical CIDR covers. */
export function cidrInterval(cidr: string): Interval {
  let interval = intervals.get(cidr);
  if (!interval) {
    const [addr, prefix] = ipaddr.parseCIDR(cidr);
    const family: IpFamily = addr.kind() === "ipv4" ? 4 : 6;
    const size = 1n << BigInt(familyBits(family) - prefix);
    const first = toBigInt(addr);
    interval = { family, first, last: first + size - 1n };
    intervals.set(cidr, interval);
  }
  return interval;
}

export function cidrContainsAddress(cidr: string, address: string): boolean {
  const net = cidrInterval(cidr);
  let a = addresses.get(address);
  if (!a) {
    const parsed = ipaddr.parse(address);
    a = { family: parsed.kind() === "ipv4" ? 4 : 6, value: toBigInt(parsed) };
    addresses.set(address, a);
  }
  return a.family === net.family && net.first <= a.value && a.value <= net.last;
}

/**
 * True when the CIDR is the whole address space of the family (0.0.0.0/0, ::/0).
 * A role member's own address is unknown to the catalog, so only such a
 * network is sure to hold it (the catalog's decision and the clouds' readers
 * both ask this).
 */
export function coversAddressSpace(cidr: string, family: IpFamily): boolean {
  const net = cidrInterval(cidr);
  return net.family === family && net.first === 0n && net.last === (1n << BigInt(familyBits(family))) - 1n;
}

/** True when every address of `inner` is in `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = cidrInterval(outer);
  const i = cidrInterval(inner);
  return o.family === i.family && o.first <= i.first && i.last <= o.last;
}

export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** `a` minus `b` as a minimal list of canonical CIDRs (sorted). */
export function subtractCidr(a: string, b: string): string[] {
  if (!cidrsOverlap(a, b)) return [a];
  if (cidrContains(b, a)) return [];
  // b is strictly inside a: split a in halves until b is isolated.
  const [addr, prefix] = ipaddr.parseCIDR(a);
  const family: IpFamily = addr.kind() === "ipv4" ? 4 : 6;
  const bits = familyBits(family);
  const first = toBigInt(addr);
  const half = 1n << BigInt(bits - prefix - 1);
  const lower = `${fromBigInt(first, family)}/${prefix + 1}`;
  const upper = `${fromBigInt(first + half, family)}/${prefix + 1}`;
  return [...subtractCidr(lower, b), ...subtractCidr(upper, b)].sort(compareCidrs);
}

function fromBigInt(v: bigint, family: IpFamily): string {
  // Reports and probes convert addresses by the hundred thousand: no per-byte BigInt arithmetic.
  if (family === 4) {
    const n = Number(v);
    return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
  }
  const hex = v.toString(16).padStart(32, "0");
  const parts: number[] = [];
  for (let i = 0; i < 32; i += 4) parts.push(parseInt(hex.slice(i, i + 4), 16));
  return new ipaddr.IPv6(parts).toString();
}

/** Orders IPv4 before IPv6, then by address, then by prefix length. */
export function compareCidrs(a: string, b: string): number {
  const x = cidrInterval(a);
  const y = cidrInterval(b);
  if (x.family !== y.family) return x.family - y.family;
  if (x.first !== y.first) return x.first < y.first ? -1 : 1;
  return x.last === y.last ? 0 : x.last > y.last ? -1 : 1;
}

/** An address inside the CIDR (its first) and addresses just outside it, for tests of edges. */
export function cidrProbeAddresses(cidr: string): { inside: string[]; outside: string[] } {
  const { family, first, last } = cidrInterval(cidr);
  const max = (1n << BigInt(familyBits(family))) - 1n;
  const inside = [fromBigInt(first, family), fromBigInt(last, family)];
  const outside: string[] = [];
  if (first > 0n) outside.push(fromBigInt(first - 1n, family));
  if (last < max) outside.push(fromBigInt(last + 1n, family));
  return { inside, outside };
}

/** The address of a family at an integer position (the inverse of an interval's bounds), for probes. */
export function addressAt(value: bigint, family: IpFamily): string {
  return fromBigInt(value, family);
}

/** The last address of a family's space as an integer (2^32-1, 2^128-1). */
export function lastAddressValue(family: IpFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

/** The minimal list of canonical CIDRs that covers an inclusive address interval exactly, in order. */
export function intervalToCidrs(first: bigint, last: bigint, family: IpFamily): string[] {
  const bits = familyBits(family);
  const out: string[] = [];
  let at = first;
  while (at <= last) {
    // The largest block that starts at `at` (aligned: at most its trailing zero bits) and ends by `last` (at most the bits of the length left).
    const binary = at.toString(2);
    const aligned = at === 0n ? bits : binary.length - 1 - binary.lastIndexOf("1");
    const fits = (last - at + 1n).toString(2).length - 1;
    const size = Math.min(aligned, fits, bits);
    out.push(`${fromBigInt(at, family)}/${bits - size}`);
    at += 1n << BigInt(size);
  }
  return out;
}

/**
 * IPv4 addresses that are not the Internet: the blocks IANA's special-purpose
 * registry (RFC 6890) marks not globally reachable, such as "this network",
 * private RFC 1918 space, shared CGNAT space, loopback, link-local, the
 * documentation ranges (TEST-NET) and benchmarking, and multicast and
 * reserved space.
 */
export const NOT_INTERNET_V4: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/3",
];

/** IPv6's Internet: global unicast, without its documentation range. */
export const INTERNET_V6 = "2000::/3";
export const NOT_INTERNET_V6: readonly string[] = ["2001:db8::/32"];

let internet: { 4: readonly string[]; both: readonly string[] } | undefined;

/** The Internet's address space as sorted CIDRs: IPv4 without NOT_INTERNET_V4, and IPv6 global unicast without NOT_INTERNET_V6 where the environment enables IPv6. */
export function internetCidrs(ipv6: boolean): readonly string[] {
  const minus = (whole: string, out: readonly string[]) => out.reduce<string[]>((rest, b) => rest.flatMap((a) => subtractCidr(a, b)), [whole]).sort(compareCidrs);
  if (!internet) {
    const v4 = minus("0.0.0.0/0", NOT_INTERNET_V4);
    internet = { 4: v4, both: [...v4, ...minus(INTERNET_V6, NOT_INTERNET_V6)] };
  }
  // The same arrays each time: questions about them are memoised by array (rangeCells).
  return ipv6 ? internet.both : internet[4];
}

/**
 * Property check of deny narrowing: for many generated catalogs, what the AWS
 * entries allow (a union of allows) equals what the catalog decides (first
 * match wins), flow by flow. Catalogs AWS cannot express must fail with a
 * SynthesisError, never render something else.
 *
 * Flows come from concrete machines: a role member has an address too, so a
 * CIDR rule matches it when the address is inside (what the network does),
 * where policy/semantics.ts, not knowing members' addresses, only lets a /0
 * match a member.
 */
import { BoundPolicy, BoundRule, cidrContainsAddress, Direction, IpFamily, PeerEntry, protocolNumber, SynthesisError } from "../../../policy";
import { planRules, RuleEntry } from "../../../modules/aws/plan";
import { PEERS, peerFits, random, TRAFFIC } from "../../support/random-catalogs";
import { allow, RuleInput, testPolicy } from "./fixtures";

/** The machine on the other side: its address, and its role when it is a member of one. */
interface Machine {
  readonly address: string;
  readonly family: IpFamily;
  readonly role?: string;
}

interface Flow {
  readonly direction: Direction;
  readonly peer: Machine;
  readonly protocol: number;
  readonly port?: number;
}

const MACHINES: Machine[] = [
  { role: "web", address: "10.1.2.3", family: 4 },
  { role: "web", address: "192.168.0.5", family: 4 },
  { role: "db", address: "10.1.2.4", family: 4 },
  { role: "db", address: "2001:db8::5", family: 6 },
  ...["10.1.2.3", "10.1.3.1", "10.2.0.1", "192.168.0.1"].map((address): Machine => ({ address, family: 4 })),
  ...["2001:db8::1", "2001:db9::1"].map((address): Machine => ({ address, family: 6 })),
];
const FLOW_TRAFFIC: { protocol: number; port?: number }[] = [
  ...[1, 19, 20, 22, 25, 26, 443, 1000, 1001, 65535].map((port) => ({ protocol: 6, port })),
  ...[19, 20, 30, 31, 53].map((port) => ({ protocol: 17, port })),
  { protocol: 1 },
  { protocol: 58 },
  { protocol: 47 },
];

function generate(next: () => number): { rules: RuleInput[]; ipv6: boolean; webEgress: "allow" | "deny" } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const ipv6 = next() < 0.5;
  const peers = PEERS.filter((p) => ipv6 || !p.includes(":"));
  const rules = Array.from({ length: 1 + Math.floor(next() * 5) }, (_, i) => {
    const action = next() < 0.5 ? "deny" : "allow";
    const direction = next() < 0.7 ? "ingress" : "egress";
    const traffic = pick(TRAFFIC);
    return allow(`r${i}`, { action, direction, peer: pick(peers.filter((p) => peerFits(p, traffic.protocol!))), ...traffic });
  });
  return { rules, ipv6, webEgress: next() < 0.5 ? "allow" : "deny" };
}

function peerHolds(entry: PeerEntry, machine: Machine): boolean {
  return entry.kind === "role" ? machine.role === entry.role : cidrContainsAddress(entry.cidr, machine.address);
}

/** The catalog, first match wins, for role web. */
function catalogAllows(bound: BoundPolicy, flow: Flow): boolean {
  const matches = (r: BoundRule) =>
    r.target === "web" &&
    r.direction === flow.direction &&
    (r.protocol === "all" || protocolNumber(r.protocol) === flow.protocol) &&
    (r.ports.length === 0 || r.ports.some((p) => flow.port !== undefined && p.from <= flow.port && flow.port <= p.to)) &&
    r.peers.some((e) => peerHolds(e, flow.peer));
  const rule = bound.rules.find(matches);
  if (rule) return rule.action === "allow";
  return flow.direction === "egress" && bound.policy.roles.find((r) => r.id === "web")!.egressDefault === "allow";
}

/** The security group of role web: a union of allows. */
function awsAllows(entries: readonly RuleEntry[], flow: Flow): boolean {
  return entries.some((e) => {
    if (e.role !== "web" || e.direction !== flow.direction) return false;
    if (e.protocol !== "all" && protocolNumber(e.protocol) !== flow.protocol) return false;
    if (e.range && (flow.port === undefined || flow.port < e.range.from || flow.port > e.range.to)) return false;
    return peerHolds(e.peer, flow.peer);
  });
}

test("GIVEN 400 generated catalogs THEN AWS entries and the catalog decide every flow alike, or synthesis refuses the catalog", () => {
  const next = random(20261125);
  let rendered = 0;
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    const spec = generate(next);
    const bound = testPolicy(spec.rules, { ipv6: spec.ipv6, egressDefault: spec.webEgress, addressSets: { office: ["10.1.2.0/25", "10.9.0.0/16"] } });
    let entries: readonly RuleEntry[];
    try {
      entries = planRules(bound, { groupNames: { web: "st-test-web", db: "st-test-db" }, rulesPerGroupQuota: 1000 }).entries;
    } catch (e) {
      expect(e).toBeInstanceOf(SynthesisError);
      refused++;
      continue;
    }
    rendered++;
    for (const direction of ["ingress", "egress"] as const) {
      for (const peer of MACHINES.filter((m) => spec.ipv6 || m.family === 4)) {
        for (const traffic of FLOW_TRAFFIC) {
          const flow: Flow = { direction, peer, ...traffic };
          const catalog = catalogAllows(bound, flow);
          if (awsAllows(entries, flow) !== catalog) {
            throw new Error(`catalog ${JSON.stringify(spec)} flow ${JSON.stringify(flow)}: catalog ${catalog ? "allows" : "denies"}, AWS does not agree`);
          }
        }
      }
    }
  }
  // Both outcomes must really be exercised.
  expect(rendered).toBeGreaterThan(150);
  expect(refused).toBeGreaterThan(20);
});

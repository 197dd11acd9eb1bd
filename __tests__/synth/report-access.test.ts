/**
 * The Exposure section's reckoning (synth/report/access.ts) against the
 * catalog's own decision (policy/semantics.ts): for many generated catalogs,
 * every piece of the address space and every role's members, at the first,
 * last and a middle port of every segment, are decided alike. Probing inside
 * the report checks the same at synthesis; this checks it widely.
 */
import { addressAt, decide, Flow, FlowPeer, hasPorts, intervalToCidrs, protocolNumber } from "../../policy";
import { roleAccess } from "../../synth/report/access";
import { insideNetworks } from "../../synth/report/exposure";
import { boundOf, rule, RuleInput } from "../support/policies";
import { PEERS, peerFits, random, TRAFFIC } from "../support/random-catalogs";

function generate(next: () => number): { rules: RuleInput[]; ipv6: boolean } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const ipv6 = next() < 0.5;
  const traffic = [...TRAFFIC, { protocol: 47 as const, ports: undefined }];
  const rules = Array.from({ length: 2 + Math.floor(next() * 8) }, (_, i) => {
    const t = pick(traffic);
    const fitting = PEERS.filter((p) => (ipv6 || !p.includes(":")) && peerFits(p, t.protocol!));
    return rule(`r${i}`, { action: next() < 0.5 ? "deny" : "allow", target: next() < 0.8 ? "web" : "db", peer: pick(fitting), ...t, waivers: [] });
  });
  return { rules, ipv6 };
}

describe("GIVEN 300 generated catalogs", () => {
  test("THEN the exposure reckoning decides every piece and role, port by port, as the catalog does", () => {
    const next = random(20261202);
    let probes = 0;
    for (let i = 0; i < 300; i++) {
      const spec = generate(next);
      const bound = boundOf(spec.rules, { ipv6: spec.ipv6, addressSets: { office: ["10.1.2.0/25", "10.9.0.0/16"] } });
      for (const ra of roleAccess(bound, insideNetworks(bound).inside)) {
        for (const { cls, atoms } of ra.classes) {
          const number = cls.others ? 250 : protocolNumber(cls.protocol);
          if (number === "all") throw new Error("a class stands for one protocol");
          for (const { atom, segments } of atoms) {
            const peers: FlowPeer[] =
              atom.kind === "role"
                ? [{ kind: "role", role: atom.role, family: atom.family }]
                : [atom.first, atom.last].map((v) => ({ kind: "address" as const, address: addressAt(v, atom.family), family: atom.family }));
            for (const s of segments) {
              const ports = hasPorts(number) ? s.ports.flatMap((r) => [r.from, r.to, Math.floor((r.from + r.to) / 2)]) : [undefined];
              for (const peer of peers) {
                for (const port of ports) {
                  const flow: Flow = { direction: "ingress", target: ra.role, peer, protocol: number, ...(port !== undefined ? { port } : {}) };
                  probes++;
                  const d = decide(bound, flow);
                  if (d.action !== s.action || d.rule?.id !== s.rule?.id) {
                    throw new Error(`catalog ${JSON.stringify(spec)}: ${JSON.stringify(flow)}: reckoning ${s.action} (${s.rule?.id ?? "default"}), catalog ${d.action} (${d.rule?.id ?? "default"})`);
                  }
                }
              }
            }
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(20000);
  });
});

describe("GIVEN address intervals", () => {
  test("THEN they are written as the fewest CIDRs that cover them exactly", () => {
    expect(intervalToCidrs(0n, 4294967295n, 4)).toEqual(["0.0.0.0/0"]);
    expect(intervalToCidrs(167772170n, 167772171n, 4)).toEqual(["10.0.0.10/31"]);
    expect(intervalToCidrs(167772169n, 167772172n, 4)).toEqual(["10.0.0.9/32", "10.0.0.10/31", "10.0.0.12/32"]);
    expect(intervalToCidrs(0n, (1n << 128n) - 1n, 6)).toEqual(["::/0"]);
  });
});

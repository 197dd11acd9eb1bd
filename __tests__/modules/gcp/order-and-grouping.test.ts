import { synth, byPriority, inOnly } from "./fixtures";
import { boundOf, rule, secureTransportOnGcp } from "../../support/policies";

describe("order and grouping", () => {
  test("GIVEN a rule that conflicts with an earlier deny THEN it does not jump over it", () => {
    // GIVEN allow 80, deny 80-90, allow 85: the last must stay below the deny
    const { fw } = synth(boundOf([rule("a", { ports: [80] }), rule("d", { action: "deny", ports: ["80-90"] }), rule("c", { ports: [85] })]));
    const ordered = byPriority(inOnly(fw));
    expect(ordered.map((f: any) => [f.allow ?? f.deny, f.priority])).toEqual([
      [[{ protocol: "tcp", ports: ["80"] }], 3000],
      [[{ protocol: "tcp", ports: ["80-90"] }], 5000],
      [[{ protocol: "tcp", ports: ["85"] }], 7000],
    ]);
    expect(fw.st_test_in_allow_web_from_any_c).toBeDefined();
  });

  test("GIVEN rules that commute with the denies between them THEN they share a resource", () => {
    const { fw } = synth(boundOf([rule("a", { ports: [80] }), rule("d", { action: "deny", protocol: "udp", ports: "all" }), rule("c", { ports: [443] })]));
    expect(Object.keys(inOnly(fw))).toHaveLength(2);
    expect(fw.st_test_in_allow_web_from_any.allow).toEqual([{ protocol: "tcp", ports: ["80", "443"] }]);
  });

  test("GIVEN a priority base and step THEN a first allocation starts a step after the base, a step apart, and stays within the base and 65533", () => {
    const { fw } = synth(secureTransportOnGcp(), { priorityBase: 2000, priorityStep: 100 });
    // Each direction is its own scope: the catalog's firewalls of each start at 2100, 100 apart; the egress default denies sit at 65534.
    for (const direction of ["INGRESS", "EGRESS"]) {
      const priorities = byPriority(fw)
        .filter((f: any) => f.direction === direction && f.priority !== 65534)
        .map((f: any) => f.priority);
      expect(priorities.length).toBeGreaterThan(3);
      expect(priorities).toEqual(priorities.map((_p: number, i: number) => 2100 + 100 * i));
    }
    const tightFw = synth(secureTransportOnGcp(), { priorityBase: 65500, priorityStep: 100 }).fw;
    for (const direction of ["INGRESS", "EGRESS"]) {
      const tight = byPriority(tightFw)
        .filter((f: any) => f.direction === direction && f.priority !== 65534)
        .map((f: any) => f.priority);
      expect(tight.every((p: number, i: number) => p >= 65500 && p <= 65533 && (i === 0 || p > tight[i - 1]))).toBe(true);
    }
  });

  test("GIVEN a previous allocation THEN its firewalls keep their priorities and the new allocation is exposed", () => {
    const first = synth(secureTransportOnGcp()).module.priorityAllocation;
    const { fw, module } = synth(secureTransportOnGcp(), { priorities: first });
    expect(module.priorityAllocation).toEqual(first);
    expect(module.renumbered).toEqual([]);
    expect(byPriority(inOnly(fw)).map((f: any) => f.priority)).toEqual(Object.values(first.ingress.priorities));
    expect(
      byPriority(fw)
        .filter((f: any) => f.direction === "EGRESS" && f.priority !== 65534)
        .map((f: any) => f.priority),
    ).toEqual(Object.values(first.egress.priorities));
  });

  test("GIVEN a previous allocation that is not valid THEN GCP_PRIORITIES_INVALID, before any resource", () => {
    for (const priorities of [{ sideways: { priorities: {} } }, { ingress: { priorities: { a: -1 } } }, { ingress: { priorities: { a: 5, b: 5 } } }] as any[]) {
      expect(() => synth(secureTransportOnGcp(), { priorities })).toThrow(expect.objectContaining({ code: "GCP_PRIORITIES_INVALID" }));
    }
  });

  test("GIVEN egress default deny THEN a deny-all egress after every catalog rule, at a priority no insert moves (65534)", () => {
    const { fw, module } = synth(boundOf([rule("dns", { direction: "egress", peer: "10.0.0.2/32", protocol: "udp", ports: [53] })], { egressDefault: "deny" }));
    expect(fw.st_test_eg_default_deny_web).toEqual(
      expect.objectContaining({ direction: "EGRESS", destination_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }], priority: 65534, target_tags: ["st-test-web"] }),
    );
    expect(fw.st_test_eg_allow_web_to_10_0_0_2_32).toEqual(expect.objectContaining({ destination_ranges: ["10.0.0.2/32"], priority: 3000 }));
    expect(module.egressDefaults.find((e) => e.roleId === "web")).toEqual(expect.objectContaining({ how: "rendered" }));
  });
});

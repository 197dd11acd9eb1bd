import { synth, byPriority, inOnly } from "./fixtures";
import { boundOf, rule, secureTransport } from "../../support/policies";

describe("order and grouping", () => {
  test("GIVEN a rule that conflicts with an earlier deny THEN it does not jump over it", () => {
    // GIVEN allow 80, deny 80-90, allow 85: the last must stay below the deny
    const { fw } = synth(boundOf([rule("a", { ports: [80] }), rule("d", { action: "deny", ports: ["80-90"] }), rule("c", { ports: [85] })]));
    const ordered = byPriority(inOnly(fw));
    expect(ordered.map((f: any) => [f.allow ?? f.deny, f.priority])).toEqual([
      [[{ protocol: "tcp", ports: ["80"] }], 1000],
      [[{ protocol: "tcp", ports: ["80-90"] }], 1010],
      [[{ protocol: "tcp", ports: ["85"] }], 1020],
    ]);
    expect(fw.st_test_in_allow_web_from_any_c).toBeDefined();
  });

  test("GIVEN rules that commute with the denies between them THEN they share a resource", () => {
    const { fw } = synth(boundOf([rule("a", { ports: [80] }), rule("d", { action: "deny", protocol: "udp", ports: "all" }), rule("c", { ports: [443] })]));
    expect(Object.keys(inOnly(fw))).toHaveLength(2);
    expect(fw.st_test_in_allow_web_from_any.allow).toEqual([{ protocol: "tcp", ports: ["80", "443"] }]);
  });

  test("GIVEN a priority base and step THEN priorities follow them and stay within 0-65535", () => {
    const { fw } = synth(secureTransport(), { priorityBase: 2000, priorityStep: 100 });
    expect(byPriority(fw).map((f: any) => f.priority)).toEqual([2000, 2100, 2200]);
    expect(() => synth(secureTransport(), { priorityBase: 65530, priorityStep: 10 })).toThrow(/pass 65534 .*\. Lower gcp\.priorityBase or gcp\.priorityStep/);
  });

  test("GIVEN egress default deny THEN a deny-all egress after every catalog rule", () => {
    const { fw, module } = synth(boundOf([rule("dns", { direction: "egress", peer: "10.0.0.2/32", protocol: "udp", ports: [53] })], { egressDefault: "deny" }));
    expect(fw.st_test_eg_default_deny_web).toEqual(
      expect.objectContaining({ direction: "EGRESS", destination_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }], priority: 1010, target_tags: ["st-test-web"] }),
    );
    expect(fw.st_test_eg_allow_web_to_10_0_0_2_32).toEqual(expect.objectContaining({ destination_ranges: ["10.0.0.2/32"], priority: 1000 }));
    expect(module.egressDefaults.find((e) => e.roleId === "web")).toEqual(expect.objectContaining({ how: "rendered" }));
  });
});

import { synth, inOnly } from "./fixtures";
import { boundOf, rule } from "../../support/policies";

describe("names", () => {
  test("GIVEN long ids THEN names are at most 63 characters of [a-z0-9-], start with a letter, and stay unique when shortened", () => {
    const longA = "a".repeat(20) + "-x";
    const longB = "a".repeat(20) + "-y";
    const { fw } = synth(boundOf([rule("r1", { peer: `set:${longA}` }), rule("r2", { peer: `set:${longB}` })], { addressSets: { [longA]: ["10.0.0.0/8"], [longB]: ["11.0.0.0/8"] } }), {
      namePrefix: "verylongprefix",
    });
    const names = Object.values(inOnly(fw)).map((f: any) => f.name);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(n).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(63);
  });

  test("GIVEN a rule added THEN no other resource is renamed", () => {
    const base = [rule("a", { ports: [80] }), rule("b", { peer: "set:office", ports: [22] })];
    const before = synth(boundOf(base)).fw;
    const after = synth(boundOf([rule("new", { peer: "role:db", ports: [5432] }), ...base])).fw;
    for (const id of Object.keys(before)) expect(after[id]).toEqual({ ...before[id], priority: after[id].priority });
  });
});

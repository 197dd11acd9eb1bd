import { allocateScope, allocationProblems, PriorityRangeFull, ScopeAllocation, ScopeResult } from "../../modules/priorities";

const RANGE = { first: 100, last: 4095, step: 100 };
const names = (n: number, prefix = "r") => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const fresh = (list: readonly string[], range = RANGE) => allocateScope({ names: list, ...range });
const next = (before: ScopeResult, list: readonly string[], range = RANGE) => allocateScope({ names: list, previous: before.allocation, ...range });
const values = (r: ScopeResult) => [...r.priorities.values()];
/** Every name the two results share keeps its priority. */
const unchanged = (a: ScopeResult, b: ScopeResult) => [...a.priorities].filter(([n, p]) => b.priorities.has(n) && b.priorities.get(n) !== p).map(([n]) => n);
const increasing = (r: ScopeResult) => values(r).every((p, i, all) => i === 0 || p > all[i - 1]);

describe("GIVEN a first allocation", () => {
  test("THEN the first rule sits a step after the base and rules are a step apart", () => {
    expect(values(fresh(names(4)))).toEqual([200, 300, 400, 500]);
  });

  test("WHEN the range is too short for the step THEN the rules are spread closer, still with room above the first", () => {
    const r = fresh(names(50), { first: 100, last: 1099, step: 100 });
    expect(increasing(r)).toBe(true);
    expect(values(r)[0]).toBeGreaterThan(100);
    expect(Math.max(...values(r))).toBeLessThanOrEqual(1099);
    expect(values(r)[1] - values(r)[0]).toBe(19);
  });

  test("WHEN there are more rules than priorities THEN PriorityRangeFull says how many are free", () => {
    expect(() => fresh(names(11), { first: 100, last: 109, step: 100 })).toThrow(PriorityRangeFull);
    expect(values(fresh(names(10), { first: 100, last: 109, step: 100 }))).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  });

  test("WHEN it is made twice from the same input THEN it is identical", () => {
    expect(fresh(names(30))).toEqual(fresh(names(30)));
  });
});

describe("GIVEN an existing allocation of 6 rules", () => {
  const before = fresh(names(6));
  /** GCP's default room: 2,000 between rules. */
  const GCP = { first: 1000, last: 65533, step: 2000 };

  test("WHEN 10 rules are inserted at the top THEN every existing rule keeps its priority", () => {
    const after = next(before, [...names(10, "top"), ...names(6)]);
    expect(unchanged(before, after)).toEqual([]);
    expect(after.renumbered).toEqual([]);
    expect(increasing(after)).toBe(true);
    expect(values(after)[0]).toBeGreaterThanOrEqual(RANGE.first);
  });

  test("WHEN 10 rules are inserted between two rules THEN every existing rule keeps its priority and the new ones sit between them", () => {
    const list = [...names(3), ...names(10, "mid"), ...names(3).map((_n, i) => `r${i + 4}`)];
    const after = next(before, list);
    expect(unchanged(before, after)).toEqual([]);
    expect(increasing(after)).toBe(true);
    for (const n of names(10, "mid")) expect(after.priorities.get(n)).toBeGreaterThan(400);
    for (const n of names(10, "mid")) expect(after.priorities.get(n)).toBeLessThan(500);
  });

  test("WHEN rules are inserted one edit at a time, 10 times, each at the top, with GCP's default room THEN no existing rule ever moves", () => {
    let current = fresh(names(6), GCP);
    let list = names(6);
    for (let i = 0; i < 10; i++) {
      list = [`new${i}`, ...list];
      const after = next(current, list, GCP);
      expect(after.renumbered).toEqual([]);
      expect(increasing(after)).toBe(true);
      current = after;
    }
  });

  test("WHEN rules are inserted one edit at a time, 10 times, each just below the last inserted, with GCP's default room THEN no existing rule ever moves", () => {
    let current = fresh(names(6), GCP);
    let list = names(6);
    for (let i = 0; i < 10; i++) {
      list = [...list.slice(0, 3 + i), `new${i}`, ...list.slice(3 + i)];
      const after = next(current, list, GCP);
      expect(after.renumbered).toEqual([]);
      expect(increasing(after)).toBe(true);
      current = after;
    }
  });

  test("WHEN rules are inserted one edit at a time at the top with Azure's default room (100) THEN 6 fit, and after that each renumbering keeps the order and takes only priorities nobody held", () => {
    let current = before;
    let list = names(6);
    const moves: number[] = [];
    for (let i = 0; i < 10; i++) {
      list = [`new${i}`, ...list];
      const after = next(current, list);
      expect(increasing(after)).toBe(true);
      const held = new Set([...Object.values(current.allocation.priorities), ...Object.keys(current.allocation.retired ?? {}).map(Number)]);
      for (const n of [...after.renumbered, list[0]]) expect(held.has(after.priorities.get(n)!)).toBe(false);
      // The rules of the first allocation never move: only the inserted ones are renumbered.
      expect(after.renumbered.filter((n) => names(6).includes(n))).toEqual([]);
      moves.push(after.renumbered.length);
      current = after;
    }
    expect(moves.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test("WHEN a rule is appended THEN it takes the next step", () => {
    expect(next(before, [...names(6), "r7"]).priorities.get("r7")).toBe(800);
  });

  test("WHEN a rule in the middle is deleted THEN the others keep theirs and its priority is retired", () => {
    const after = next(
      before,
      names(6).filter((n) => n !== "r3"),
    );
    expect(unchanged(before, after)).toEqual([]);
    expect(after.allocation.retired).toEqual({ "400": "r3" });
  });

  test("WHEN a rule is deleted and a new one inserted in its place THEN the new one never takes the retired priority", () => {
    const deleted = next(
      before,
      names(6).filter((n) => n !== "r3"),
    );
    const inserted = next(deleted, ["r1", "r2", "x", "r4", "r5", "r6"]);
    expect(inserted.priorities.get("x")).not.toBe(400);
    expect(inserted.priorities.get("x")).toBeGreaterThan(300);
    expect(inserted.priorities.get("x")).toBeLessThan(500);
    // Even in the same edit: the deletion may be applied after the insert.
    expect(next(before, ["r1", "r2", "x", "r4", "r5", "r6"]).priorities.get("x")).not.toBe(400);
  });

  test("WHEN a deleted rule comes back at its place THEN it takes back its own retired priority", () => {
    const deleted = next(
      before,
      names(6).filter((n) => n !== "r3"),
    );
    const back = next(deleted, names(6));
    expect(back.priorities.get("r3")).toBe(400);
    expect(back.allocation.retired).toBeUndefined();
  });

  test("WHEN a rule moves THEN only the moved rule is renumbered, to a fresh priority, and its old one is retired", () => {
    const after = next(before, ["r1", "r5", "r2", "r3", "r4", "r6"]);
    expect(after.renumbered).toEqual(["r5"]);
    expect(increasing(after)).toBe(true);
    expect(after.priorities.get("r5")).toBeGreaterThan(200);
    expect(after.priorities.get("r5")).toBeLessThan(300);
    expect(after.allocation.retired).toEqual({ "600": "r5" });
  });

  test("WHEN two rules swap THEN one of them is renumbered, never onto the other's old priority", () => {
    const after = next(before, ["r1", "r3", "r2", "r4", "r5", "r6"]);
    expect(after.renumbered).toHaveLength(1);
    expect(increasing(after)).toBe(true);
    const moved = after.renumbered[0];
    expect([300, 400]).not.toContain(after.priorities.get(moved));
  });

  test("WHEN the order is reversed THEN the longest kept order stays (one rule) and the rest is renumbered", () => {
    const after = next(before, [...names(6)].reverse());
    expect(after.renumbered).toHaveLength(5);
    expect(increasing(after)).toBe(true);
  });
});

describe("GIVEN neighbours with no free priority between them", () => {
  const tight: ScopeAllocation = { priorities: { a: 100, b: 101, c: 102, d: 200 } };

  test("WHEN a rule is inserted between a and b THEN the smallest set is renumbered (b and c: a sits at the range's start) to fresh priorities", () => {
    const after = allocateScope({ names: ["a", "x", "b", "c", "d"], previous: tight, first: 100, last: 4095, step: 100 });
    expect(after.renumbered).toEqual(["b", "c"]);
    expect(increasing(after)).toBe(true);
    for (const n of ["x", "b", "c"]) expect(Object.values(tight.priorities)).not.toContain(after.priorities.get(n));
    expect(after.priorities.get("d")).toBe(200);
  });

  test("WHEN a rule is inserted between b and c THEN one neighbour is renumbered, to a fresh priority", () => {
    const after = allocateScope({ names: ["a", "b", "x", "c", "d"], previous: tight, first: 100, last: 4095, step: 100 });
    expect(after.renumbered).toEqual(["c"]);
    expect(increasing(after)).toBe(true);
    expect(after.allocation.retired).toEqual({ "102": "c" });
  });

  test("WHEN the retired priorities fill the range THEN PriorityRangeFull counts them", () => {
    const full: ScopeAllocation = { priorities: { a: 100 }, retired: { "101": "gone1", "102": "gone2" } };
    try {
      allocateScope({ names: ["a", "b", "c"], previous: full, first: 100, last: 102, step: 1 });
      throw new Error("allocated");
    } catch (e) {
      expect(e).toBeInstanceOf(PriorityRangeFull);
      expect((e as PriorityRangeFull).retiredCount).toBe(2);
    }
  });

  test("WHEN a previous priority is outside a new, narrower range THEN that rule is renumbered into the range", () => {
    const after = allocateScope({ names: ["a", "b", "c", "d"], previous: tight, first: 150, last: 4095, step: 100 });
    expect(after.renumbered).toEqual(["a", "b", "c"]);
    expect(values(after).every((p) => p >= 150)).toBe(true);
    expect(after.priorities.get("d")).toBe(200);
  });
});

describe("GIVEN allocations written by hand or by code", () => {
  test.each([
    ["a scope that is not a map", { ingress: 3 }],
    ["a priority that is not a number", { ingress: { priorities: { a: "100" } } }],
    ["a priority that is not whole", { ingress: { priorities: { a: 100.5 } } }],
    ["a priority out of range", { ingress: { priorities: { a: 70000 } } }],
    ["two rules on one priority", { ingress: { priorities: { a: 100, b: 100 } } }],
    ["an unknown key", { ingress: { priorities: {}, extra: 1 } }],
    ["a retired key that is not a priority", { ingress: { priorities: {}, retired: { abc: "x" } } }],
    ["a retired priority without a name", { ingress: { priorities: {}, retired: { "100": "" } } }],
    ["a retired priority held by another rule", { ingress: { priorities: { a: 100 }, retired: { "100": "b" } } }],
    ["a list instead of a map", []],
  ])("WHEN it holds %s THEN a problem names it", (_what, value) => {
    expect(allocationProblems(value).length).toBeGreaterThan(0);
  });

  test("WHEN it is valid THEN there is no problem", () => {
    expect(allocationProblems({ ingress: { priorities: { a: 100, b: 200 }, retired: { "300": "c" } } })).toEqual([]);
  });
});

describe("GIVEN the pairs whose order matters (after)", () => {
  const before = fresh(["a", "b", "c", "d"]);

  test("WHEN a rule moves past rules it cannot disagree with THEN nobody is renumbered", () => {
    const after = allocateScope({ names: ["d", "a", "b", "c"], after: new Map([["c", new Set(["b"])]]), previous: before.allocation, ...RANGE });
    expect(after.renumbered).toEqual([]);
    expect(Object.fromEntries(after.priorities)).toEqual(Object.fromEntries(before.priorities));
  });

  test("WHEN a rule moves before a rule it must now precede THEN one of the two is renumbered, and it comes first", () => {
    const after = allocateScope({ names: ["d", "a", "b", "c"], after: new Map([["a", new Set(["d"])]]), previous: before.allocation, ...RANGE });
    expect(after.renumbered).toHaveLength(1);
    expect(after.priorities.get("d")!).toBeLessThan(after.priorities.get("a")!);
  });

  test("WHEN a new rule comes with no pair THEN it goes just before the next rule of the planner's order", () => {
    const after = allocateScope({ names: ["a", "b", "x", "c", "d"], after: new Map(), previous: before.allocation, ...RANGE });
    expect(after.priorities.get("x")!).toBeGreaterThan(after.priorities.get("b")!);
    expect(after.priorities.get("x")!).toBeLessThan(after.priorities.get("c")!);
  });
});

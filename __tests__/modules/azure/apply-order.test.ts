/**
 * No apply order makes two security rules of one NSG direction hold one
 * priority. The possible orders are derived from the two synthesized
 * configurations and their dependencies (modules/azure/apply-order.ts) and
 * each is walked; the quick check the review uses must find exactly the same.
 */
import { applyOrders, azureApplyPlan, possibleCollisions, simulate } from "../../../modules/azure/apply-order";
import { CloudPriorities } from "../../../modules/priorities";
import { boundOf, rule, RuleInput } from "../../support/policies";
import { synthAzure } from "./support";

/** Allow and deny alternating over overlapping ports: every pair's order decides flows. */
const r = (id: string, i: number): RuleInput => (i % 2 ? rule(id, { action: "deny", ports: ["1000-1100"] }) : rule(id, { ports: [1000 + i] }));
const catalog = (ids: string[]) => boundOf(ids.map((id, i) => r(id, Number(id.replace(/\D/g, "")) || i)));

/** The old configuration, then the new one synthesized from the old's allocation, as `npm run synth` does. */
function change(oldIds: string[], newIds: string[], options: { priorities?: CloudPriorities; priorityStep?: number; fresh?: boolean } = {}) {
  const old = synthAzure(catalog(oldIds), { priorities: options.priorities, priorityStep: options.priorityStep });
  const next = synthAzure(catalog(newIds), { priorities: options.fresh ? undefined : old.module.priorityAllocation, priorityStep: options.priorityStep });
  return { old, next, plan: azureApplyPlan(old.json, next.json) };
}

/** Walks every order the dependencies allow; returns how many there were and how many ended refused. */
function walk(plan: ReturnType<typeof azureApplyPlan>): { orders: number; refused: number } {
  let orders = 0;
  let refused = 0;
  for (const order of applyOrders(plan)) {
    orders++;
    if (simulate(plan, order)) refused++;
  }
  return { orders, refused };
}

const SIX = ["r1", "r2", "r3", "r4", "r5", "r6"];

describe("GIVEN an NSG whose rules are applied from a committed allocation", () => {
  test.each([
    ["an insert at the top", SIX, ["r0", ...SIX]],
    ["an insert in the middle", SIX, ["r1", "r2", "r3", "r9", "r4", "r5", "r6"]],
    ["a deletion and an insert in its place, in one apply", SIX, ["r1", "r2", "r8", "r4", "r5", "r6"]],
    ["a move of a rule past rules it disagrees with", SIX, ["r1", "r5", "r2", "r3", "r4", "r6"]],
    ["a swap of two neighbours", SIX, ["r2", "r1", "r3", "r4", "r5", "r6"]],
  ])("WHEN the catalog gets %s THEN no apply order makes two rules share a priority", (_what, oldIds, newIds) => {
    const { plan } = change(oldIds, newIds);
    const { orders, refused } = walk(plan);
    expect(orders).toBeGreaterThan(0);
    expect(refused).toBe(0);
    expect(possibleCollisions(plan)).toEqual([]);
  });

  test("WHEN no gap is left and neighbours are renumbered THEN no apply order makes two rules share a priority either", () => {
    // Priorities packed by hand: inserting between r2 and r3 must move r3 (and maybe r4).
    const packed: CloudPriorities = { "web/inbound": { priorities: { "in-deny-r1": 100, "in-allow-r2": 101, "in-deny-r3": 102, "in-allow-r4": 103, "in-deny-r5": 300, "in-allow-r6": 400 } } };
    const { next, plan } = change(SIX, ["r1", "r2", "r7", "r3", "r4", "r5", "r6"], { priorities: packed });
    expect(next.module.renumbered.length).toBeGreaterThan(0);
    const { orders, refused } = walk(plan);
    expect(orders).toBeGreaterThan(1);
    expect(refused).toBe(0);
    expect(possibleCollisions(plan)).toEqual([]);
  });
});

describe("GIVEN priorities numbered by position, without an allocation (the scheme this replaces)", () => {
  test("WHEN a rule is inserted at the top THEN some apply orders collide, and the quick check finds them too", () => {
    const { plan } = change(SIX, ["r0", ...SIX], { priorityStep: 1, fresh: true });
    const { orders, refused } = walk(plan);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(orders);
    expect(possibleCollisions(plan).length).toBeGreaterThan(0);
  });

  test("WHEN two rules swap priorities THEN every apply order collides", () => {
    const { plan } = change(SIX, ["r2", "r1", "r3", "r4", "r5", "r6"], { priorityStep: 1, fresh: true });
    const { orders, refused } = walk(plan);
    expect(refused).toBe(orders);
    expect(possibleCollisions(plan).length).toBeGreaterThan(0);
  });
});

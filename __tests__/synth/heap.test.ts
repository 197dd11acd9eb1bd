import { getHeapStatistics } from "v8";
import { collectGarbage } from "../../synth/heap";

test("GIVEN a process without --expose-gc and an unreachable object WHEN collectGarbage runs with no heap threshold THEN the object is collected", async () => {
  expect(process.execArgv).not.toContain("--expose-gc");
  const ref = new WeakRef({ payload: new Array(10_000).fill("garbage") });
  // a WeakRef's target is kept until the current job ends
  await new Promise((resolve) => setImmediate(resolve));
  expect(collectGarbage(0)).toBe(true);
  expect(ref.deref()).toBeUndefined();
});

test("GIVEN a used heap below the threshold WHEN collectGarbage runs THEN it leaves the collection to V8 and says so", () => {
  const used = getHeapStatistics().used_heap_size;
  expect(collectGarbage(used * 4)).toBe(false);
});

import { collectGarbage } from "../../synth/heap";

test("GIVEN a process without --expose-gc and an unreachable object WHEN collectGarbage runs THEN the object is collected", async () => {
  expect(process.execArgv).not.toContain("--expose-gc");
  const ref = new WeakRef({ payload: new Array(10_000).fill("garbage") });
  // a WeakRef's target is kept until the current job ends
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});

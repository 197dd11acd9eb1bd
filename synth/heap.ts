/**
 * A full garbage collection between environments, so that each environment
 * starts from a collected heap as a run of one environment does.
 *
 * Why: what one environment leaves behind is small (its coverage data), but V8
 * sizes the heap by the live data it last found, and sees the most while a stack
 * is being built; left alone, the heap limit ratchets up over a long run and a
 * 10-environment synthesis peaked about 1.5 times as high as a 1-environment one.
 * Collecting between environments costs about a tenth of a second per
 * environment at 5,000 rules (see the performance table in docs/performance.md).
 */
import { setFlagsFromString } from "v8";
import { runInNewContext } from "vm";

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === "function") {
      gc = exposed;
    } else {
      // Node exposes V8's collector only behind a flag; a context made after setting it has `gc`.
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    }
  }
  gc();
}

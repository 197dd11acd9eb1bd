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
 *
 * Only a large heap is collected: the ratchet matters at hundreds of MiB (150-200
 * MiB used at each collection of a 5,000-rule run), while the example app's heap
 * is 30-40 MiB, where V8's own pacing is enough and five forced collections were
 * a tenth of its run time.
 */
import { getHeapStatistics, setFlagsFromString } from "v8";
import { runInNewContext } from "vm";

/** Below this many bytes of used heap, a collection is left to V8. */
export const COLLECT_ABOVE_BYTES = 96 * 1024 * 1024;

let gc: (() => void) | undefined;

/** Collects when the used heap is at least `aboveBytes`; says whether it did. */
export function collectGarbage(aboveBytes = COLLECT_ABOVE_BYTES): boolean {
  if (getHeapStatistics().used_heap_size < aboveBytes) return false;
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
  return true;
}

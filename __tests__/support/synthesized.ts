/**
 * One synthesis of the example environments shared by every test file in a
 * worker: synthesis is the expensive step and its output is read-only here.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeAll, SynthResult } from "../../synth/synthesize";

let pending: Promise<SynthResult> | undefined;

export function synthesizeExamples(): Promise<SynthResult> {
  pending ??= synthesizeAll({ outdir: mkdtempSync(path.join(os.tmpdir(), "fw-synth-")) });
  return pending;
}

export function readJson(file: string): Record<string, any> {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Every file under dir, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

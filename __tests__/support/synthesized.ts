/**
 * The suite's one synthesis of the example environments (see global-setup.js),
 * shared read-only by every test file.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { CLOUD_IDS, CloudId } from "../../modules/clouds";

export interface ExampleSynthesis {
  readonly outdir: string;
  /** The stacks found in it, sorted by name. */
  readonly stacks: { readonly name: string; readonly cloud: CloudId }[];
}

export async function synthesizeExamples(): Promise<ExampleSynthesis> {
  const outdir = process.env.FW_TEST_SYNTH_OUTDIR;
  if (!outdir) throw new Error("FW_TEST_SYNTH_OUTDIR is not set: run the tests through jest (jest.config.js runs __tests__/support/global-setup.js)");
  const stacks = readdirSync(path.join(outdir, "stacks"))
    .sort()
    .map((name) => ({ name, cloud: CLOUD_IDS.find((id) => name.endsWith(`-${id}`))! }));
  return { outdir, stacks };
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

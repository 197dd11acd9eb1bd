/**
 * The two synthesized trees the HCL tests read: the example environments (the
 * suite's synthesis), and a generated catalog with many roles, address sets,
 * egress rules, denies and a tag full of characters HCL must escape: the
 * layout and the round trip must hold beyond the shapes of the example catalog.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { generateCatalog } from "../../bench/generate";
import { synthesizeAll } from "../../synth/synthesize";
import { synthesizeExamples } from "./synthesized";

export interface Tree {
  readonly outdir: string;
  readonly stacks: string[];
}

const AWKWARD = 'quote \\" backslash \\\\ dollar ${x} $${y} percent %{ if z } unicode é ☃ tab\\t newline\\n end';

/**
 * Synthesizes both trees before the file's tests (a beforeAll with a minute's
 * timeout); `both()` then lists them by name, examples first.
 */
export function useHclTrees(): { trees: { examples?: Tree; generated?: Tree }; both: () => [string, Tree][] } {
  const trees: { examples?: Tree; generated?: Tree } = {};
  beforeAll(async () => Object.assign(trees, await synthesizeHclTrees()), 60_000);
  const both = (): [string, Tree][] => [
    ["examples", trees.examples!],
    ["generated", trees.generated!],
  ];
  return { trees, both };
}

async function synthesizeHclTrees(): Promise<{ examples: Tree; generated: Tree }> {
  const examples = await synthesizeExamples();
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-hcl-generated-"));
  // Three invariants: synthesis checks them on every stack (it refuses the catalog if one breaks).
  const { catalogDir, environmentsDir } = generateCatalog(dir, 60, 6, 2, 3);
  for (const file of readdirSync(environmentsDir)) {
    const p = path.join(environmentsDir, file);
    writeFileSync(
      p,
      readFileSync(p, "utf8").replace(/^(  vpcId: .*)$/m, (line) => `${line}\n  tags: { note: "${AWKWARD}", "key with spaces": x }`),
    );
  }
  const outdir = path.join(dir, "out");
  return {
    examples: { outdir: examples.outdir, stacks: examples.stacks.map((s) => s.name) },
    generated: { outdir, stacks: (await synthesizeAll({ outdir, catalogDir, environmentsDir })).stacks.map((s) => s.name) },
  };
}

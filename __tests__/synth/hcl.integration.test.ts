/**
 * The HCL tree as HashiCorp's own tools see it, each run as a child process:
 * hclwrite (@cdktf/hcl-tools) formats it to the same bytes, and `terraform
 * fmt` would change nothing. The writer itself is unit-tested in hcl.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { alignAssignments } from "../../synth/hcl";
import { hclDir } from "../../synth/synthesize";
import { EXAMPLE_STACKS } from "../support/cdktf-cli";
import { useHclTrees } from "../support/hcl-trees";
import { formatWithHclwrite } from "../support/hclwrite";
import { listFiles } from "../support/synthesized";
import { terraformAvailability, terraformFmtCheck } from "../support/terraform";

const { trees, both } = useHclTrees();

describe("the HCL tree of every synthesized stack", () => {
  test("GIVEN the HCL THEN it is laid out byte for byte as HashiCorp's hclwrite formats it (@cdktf/hcl-tools)", async () => {
    const files: Record<string, string> = {};
    for (const [tree, { outdir, stacks }] of both()) {
      for (const s of stacks) for (const f of listFiles(hclDir(outdir, s))) files[`${tree}/${s}/${f}`] = readFileSync(path.join(hclDir(outdir, s), f), "utf8");
    }
    expect(Object.keys(files)).toHaveLength(4 * (EXAMPLE_STACKS.length + trees.generated!.stacks.length));
    expect(await formatWithHclwrite(files)).toEqual(files);
    // The writer aligns while it writes; the pass over the text it replaced would change nothing.
    for (const [name, text] of Object.entries(files)) expect([name, alignAssignments(text)]).toEqual([name, text]);
  }, 30_000);

  const tf = terraformAvailability();
  (tf.available ? test : test.skip)("is formatted exactly as terraform fmt formats it (skipped only without a Terraform CLI)", () => {
    for (const [, { outdir, stacks }] of both()) {
      expect(stacks.map((s) => path.dirname(hclDir(outdir, s)))).toEqual(stacks.map(() => path.join(outdir, "hcl")));
      expect(terraformFmtCheck(path.join(outdir, "hcl"))).toEqual([]);
    }
  });

  (tf.available ? test : test.skip)("terraformFmtCheck lists a file terraform fmt would change (skipped only without a Terraform CLI)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fw-fmt-"));
    mkdirSync(path.join(dir, "stack"));
    writeFileSync(path.join(dir, "stack", "bad.tf"), "locals {\n  a = 1\n  bb = 2\n}\n");
    expect(terraformFmtCheck(dir)).toEqual([path.join("stack", "bad.tf")]);
  });
});

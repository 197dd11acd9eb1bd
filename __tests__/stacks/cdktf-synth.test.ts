import { mkdtempSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath } from "../../synth/synthesize";
import { EXAMPLE_STACKS, runCdktf } from "../support/cdktf-cli";
import { synthesizeExamples } from "../support/synthesized";

test("npx cdktf synth runs our app (cdktf.json) and writes the nine stacks with the same JSON as the main command", async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "fw-cdktf-synth-"));
  const printed = await runCdktf(["synth", "--output", out]);
  expect(printed).toMatch(/Generated Terraform code for the stacks: dev-aws, dev-azure, dev-gcp, prod-aws,\s+prod-azure, prod-gcp, staging-aws, staging-azure, staging-gcp/);
  const ours = (await synthesizeExamples()).outdir;
  for (const stack of EXAMPLE_STACKS) {
    expect(readFileSync(jsonPath(out, stack), "utf8")).toBe(readFileSync(jsonPath(ours, stack), "utf8"));
  }
}, 60_000);

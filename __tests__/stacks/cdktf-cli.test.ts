import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath } from "../../synth/synthesize";
import { synthesizeExamples } from "../support/synthesized";

test("npx cdktf synth runs our app and lists the same six stacks with the same JSON as the main command", async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "fw-cdktf-cli-"));
  const printed = execFileSync("npx", ["cdktf", "synth", "--output", out], { encoding: "utf8", env: { ...process.env, CI: "true", CHECKPOINT_DISABLE: "1" } });
  expect(printed).toMatch(/Generated Terraform code for the stacks: dev-aws, dev-gcp, prod-aws, prod-gcp,\s+staging-aws, staging-gcp/);
  const ours = (await synthesizeExamples()).outdir;
  for (const stack of ["dev-aws", "dev-gcp", "prod-aws", "prod-gcp", "staging-aws", "staging-gcp"]) {
    expect(readFileSync(jsonPath(out, stack), "utf8")).toBe(readFileSync(jsonPath(ours, stack), "utf8"));
  }
}, 60_000);

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { jsonPath } from "../../synth/synthesize";
import { EXAMPLE_STACKS, runCdktf } from "../support/cdktf-cli";
import { synthesizeExamples } from "../support/synthesized";

test("GIVEN an output folder with state and stacks no longer produced WHEN npx cdktf synth runs our app (cdktf.json) THEN it writes the nine stacks with the same JSON as the main command, keeping state and a removed stack's folder that holds state", async () => {
  const ours = (await synthesizeExamples()).outdir;
  // GIVEN an output folder with a user's state in dev-aws, and two stacks that are no longer produced:
  // old-aws with state (must be kept) and gone-gcp with only its generated JSON (removed)
  const out = mkdtempSync(path.join(os.tmpdir(), "fw-cdktf-synth-"));
  const generatedJson = (stack: string) => {
    const json = JSON.parse(readFileSync(jsonPath(ours, "dev-aws"), "utf8"));
    json["//"].metadata.stackName = stack;
    return JSON.stringify(json);
  };
  for (const stack of ["dev-aws", "old-aws", "gone-gcp"]) mkdirSync(path.join(out, "stacks", stack), { recursive: true });
  writeFileSync(path.join(out, "stacks", "dev-aws", "terraform.tfstate"), "dev state\n");
  writeFileSync(path.join(out, "stacks", "old-aws", "cdk.tf.json"), generatedJson("old-aws"));
  writeFileSync(path.join(out, "stacks", "old-aws", "terraform.tfstate"), "old state\n");
  writeFileSync(path.join(out, "stacks", "gone-gcp", "cdk.tf.json"), generatedJson("gone-gcp"));

  const printed = await runCdktf(["synth", "--output", out]);

  expect(printed).toMatch(new RegExp(`Generated Terraform code for the stacks: ${[...EXAMPLE_STACKS, "old-aws"].sort().join(",\\s+")}\\s`));
  for (const stack of EXAMPLE_STACKS) {
    expect(readFileSync(jsonPath(out, stack), "utf8")).toBe(readFileSync(jsonPath(ours, stack), "utf8"));
  }
  // THEN the state files survive (the CLI deletes stack folders its manifest does not list, so ours lists old-aws) and gone-gcp is gone
  expect(readFileSync(path.join(out, "stacks", "dev-aws", "terraform.tfstate"), "utf8")).toBe("dev state\n");
  expect(readFileSync(path.join(out, "stacks", "old-aws", "terraform.tfstate"), "utf8")).toBe("old state\n");
  expect(existsSync(path.join(out, "stacks", "gone-gcp"))).toBe(false);
}, 60_000);

import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "@cdktf/hcl2json";
import { alignAssignments, terraformJsonToHcl } from "../../synth/hcl";
import { resourceBlocks, providerBlocks } from "../../synth/provider-schema";
import { hclDir, jsonPath } from "../../synth/synthesize";
import { EXAMPLE_STACKS } from "../support/cdktf-cli";
import { useHclTrees } from "../support/hcl-trees";
import { listFiles, readJson } from "../support/synthesized";
// verify reads HCL back with the same normalisation: CDKTF's "//" comments dropped, HCL's one-element block lists unwrapped.
import { normaliseConfig as normalise } from "../../verify/effective/twin";

async function parseHclFolder(dir: string): Promise<Record<string, unknown>> {
  const merged: Record<string, any> = {};
  for (const file of listFiles(dir)) {
    const parsed = await parse(file, readFileSync(path.join(dir, file), "utf8"));
    for (const [key, value] of Object.entries(parsed)) {
      if (Array.isArray(value)) merged[key] = [...(merged[key] ?? []), ...value];
      else merged[key] = deepMerge(merged[key] ?? {}, value);
    }
  }
  return merged;
}

function deepMerge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out && typeof v === "object" && !Array.isArray(v) ? deepMerge(out[k], v) : v;
  return out;
}

describe("block knowledge comes from the provider bindings", () => {
  test("GIVEN google_compute_firewall THEN allow, deny and log_config are blocks; ranges and tags are attributes", () => {
    const blocks = resourceBlocks("google_compute_firewall");
    expect(Object.keys(blocks)).toEqual(expect.arrayContaining(["allow", "deny", "log_config", "lifecycle"]));
    expect(blocks).not.toHaveProperty("source_ranges");
    expect(blocks).not.toHaveProperty("target_tags");
  });
  test("GIVEN provider aws THEN default_tags is a block; aws_vpc_security_group_ingress_rule has no nested blocks but meta ones", () => {
    expect(providerBlocks("aws")).toHaveProperty("default_tags");
    expect(Object.keys(resourceBlocks("aws_vpc_security_group_ingress_rule")).sort()).toEqual(["connection", "lifecycle", "provisioner"]);
  });
});

describe("JSON to HCL", () => {
  test("GIVEN runs of single-line attributes THEN = is aligned as hclwrite does; multi-line values and blocks end a run", () => {
    const text = ['resource "x" "y" {', "  a = 1", '  long_name = "v = w"', "  m = {", '    k = "v"', '    kk = ["a", "b"]', "  }", '  z = "${a.b}"', "", "  b {", "    c = 1", "  }", "}", ""].join(
      "\n",
    );
    const aligned = alignAssignments(text);
    expect(aligned).toBe(
      ['resource "x" "y" {', "  a         = 1", '  long_name = "v = w"', "  m = {", '    k  = "v"', '    kk = ["a", "b"]', "  }", '  z = "${a.b}"', "", "  b {", "    c = 1", "  }", "}", ""].join(
        "\n",
      ),
    );
  });

  test("GIVEN references and strings THEN references become bare expressions; other strings stay quoted templates with escapes", async () => {
    const files = await terraformJsonToHcl({
      resource: {
        aws_vpc_security_group_ingress_rule: {
          r: { security_group_id: "${aws_security_group.web.id}", description: 'say "hi" \\ ${var.x}', from_port: 80 },
        },
      },
    });
    expect(files["main.tf"]).toContain("security_group_id = aws_security_group.web.id\n");
    expect(files["main.tf"]).toContain('description       = "say \\"hi\\" \\\\ ${var.x}"');
  });
  test("GIVEN provider default_tags THEN it renders as a block, tag maps as attributes", async () => {
    const files = await terraformJsonToHcl({ provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { team: "sec" } }] }] } });
    expect(files["providers.tf"]).toMatch(/provider "aws" \{\n  region = "eu-west-1"\n\n  default_tags \{\n    tags = \{\n      team = "sec"\n    \}\n  \}\n\}/);
  });
});

const { trees, both } = useHclTrees();

describe("the HCL tree of every synthesized stack", () => {
  test("GIVEN the example synthesis THEN HCL sits in its own folder per stack, apart from the JSON", () => {
    expect(trees.examples!.stacks).toEqual(EXAMPLE_STACKS);
    expect(trees.generated!.stacks).toEqual(["e00-aws", "e00-gcp", "e01-aws", "e01-gcp"]);
    for (const [, { outdir, stacks }] of both()) {
      for (const s of stacks) {
        expect(listFiles(hclDir(outdir, s))).toEqual(["main.tf", "outputs.tf", "providers.tf", "versions.tf"]);
        expect(listFiles(path.dirname(jsonPath(outdir, s))).filter((f) => f.endsWith(".tf"))).toEqual([]);
      }
    }
  });

  test("GIVEN the HCL THEN it parses back (HashiCorp's HCL parser) to the same configuration as its JSON twin", async () => {
    for (const [, { outdir, stacks }] of both()) {
      for (const s of stacks) {
        const fromHcl = await parseHclFolder(hclDir(outdir, s));
        expect(normalise(fromHcl)).toEqual(normalise(readJson(jsonPath(outdir, s))));
      }
    }
    // The awkward tag made it through, escaped for HCL and for Terraform's templates.
    expect(readFileSync(path.join(hclDir(trees.generated!.outdir, "e00-aws"), "providers.tf"), "utf8")).toContain(
      '"key with spaces" = "x"\n      note              = "quote \\" backslash \\\\ dollar $${x} $$${y} percent %%{ if z } unicode é ☃ tab\\t newline\\n end"',
    );
  });

  test("GIVEN the HCL THEN references are plain expressions, not interpolation strings", () => {
    const main = readFileSync(path.join(hclDir(trees.examples!.outdir, "prod-aws"), "main.tf"), "utf8");
    expect(main).toMatch(/security_group_id\s+= aws_security_group\.\w+\.id\n/);
    expect(main).not.toContain('"${');
  });
});

/** synth/layout.ts owns the output folder's layout: its paths are the documented ones, and no other stage spells the file names. */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { GENERATED_FILES, hclDir, inputsPath, jsonPath, manifestPath, manifestStackPaths, reportPath } from "../../synth/layout";

const ROOT = path.resolve(__dirname, "..", "..");
const STAGE_FOLDERS = ["synth", "verify", "review", "cli"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Code only: comments may name the files. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

test("GIVEN an output folder THEN the layout gives the documented paths", () => {
  expect(jsonPath("out", "dev-aws")).toBe(path.join("out", "stacks", "dev-aws", "cdk.tf.json"));
  expect(hclDir("out", "dev-aws")).toBe(path.join("out", "hcl", "dev-aws"));
  expect(reportPath("out", "dev", "md")).toBe(path.join("out", "reports", "dev.md"));
  expect([manifestPath("out"), inputsPath("out")]).toEqual([path.join("out", "manifest.json"), path.join("out", "inputs.json")]);
  expect(manifestStackPaths("dev-aws").synthesizedStackPath).toBe(path.join("stacks", "dev-aws", "cdk.tf.json"));
  expect(GENERATED_FILES).toEqual({ stacks: ["cdk.tf.json"], hcl: ["main.tf", "outputs.tf", "providers.tf", "versions.tf"] });
});

test("GIVEN the stages that read or write the output THEN none but the layout spells its file names as strings", () => {
  const spelled = STAGE_FOLDERS.flatMap((folder) => sources(path.join(ROOT, folder)))
    .filter((file) => !file.endsWith(path.join("synth", "layout.ts")))
    .filter((file) => /["'`](cdk\.tf\.json|manifest\.json|inputs\.json|reports)["'`/]/.test(withoutComments(readFileSync(file, "utf8"))))
    .map((file) => path.relative(ROOT, file));
  expect(spelled).toEqual([]);
});

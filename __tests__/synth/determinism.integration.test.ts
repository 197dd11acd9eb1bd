import { execFileSync } from "child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from "fs";
import * as os from "os";
import * as path from "path";
import { listFiles, synthesizeExamples } from "../support/synthesized";

const PROJECT_FILES = [
  "index.ts",
  "main.ts",
  "package.json",
  "tsconfig.json",
  "scripts",
  "catalog",
  "environments",
  "policy",
  "modules",
  "stacks",
  "synth",
  "verify",
  "review",
  "cli",
  "testing",
  "bench",
];

/** Copies the project to a fresh folder and runs the main command there (`npm run synth`: compile, then synthesize). */
function synthesizeInCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-copy-"));
  for (const f of PROJECT_FILES) cpSync(path.resolve(f), path.join(dir, f), { recursive: true });
  symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
  const env = { ...process.env, CDKTF_OUTDIR: "" };
  execFileSync(process.execPath, ["scripts/build.js"], { cwd: dir, stdio: "pipe", env });
  execFileSync(process.execPath, ["dist/main.js"], { cwd: dir, stdio: "pipe", env });
  return path.join(dir, "cdktf.out");
}

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), "utf8")]));
}

test("GIVEN two syntheses in two working directories THEN byte-identical JSON, HCL and reports", async () => {
  // GIVEN a copy of the project in another folder, and the suite's own synthesis in this one (built and run apart:
  // the copy compiles its own dist/ and writes its own cdktf.out/; a third copy would only repeat the comparison)
  const a = synthesizeInCopy();
  const here = (await synthesizeExamples()).outdir;
  expect(path.resolve(a, "..")).not.toBe(path.resolve("."));
  // THEN every file is the same, byte for byte
  const treeA = tree(a);
  expect(Object.keys(treeA).length).toBeGreaterThan(20);
  expect(tree(here)).toEqual(treeA);
});

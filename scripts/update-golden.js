#!/usr/bin/env node
/**
 * `npm run golden:update`: synthesizes every golden case (scripts/golden.js)
 * and replaces its expected output under __tests__/golden/, so a rendering
 * change shows up in review as a diff of the Terraform a user will apply.
 * A case that fails to synthesize leaves every expected folder as it was.
 */
const fs = require("fs");
const os = require("os");
const path = require("path");
const { goldenCases, synthesizeCase, listFiles, root } = require("./golden.js");

async function main() {
  require("./build.js");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fw-golden-"));
  const cases = goldenCases();
  // Synthesize all first: one failure changes nothing.
  await Promise.all(cases.map((c) => synthesizeCase(c, path.join(scratch, c.name))));
  for (const c of cases) {
    const target = path.join(root, c.expected);
    const before = listFiles(target);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(path.join(scratch, c.name), target, { recursive: true });
    process.stdout.write(`${c.expected}: ${listFiles(target).length} files (${before.length} before)\n`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  process.stdout.write("Review the changes with git diff __tests__/golden\n");
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});

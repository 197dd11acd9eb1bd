/**
 * The e2e suite's expectations (rule counts, day-two plan counts, the
 * examples' stacks and buckets) were written for one catalog and one set of
 * example environments. Before it runs, the working tree's catalog/*.yaml and
 * environments/*.yaml are compared, by sha256, with e2e/expected-inputs.json;
 * any difference stops the suite with the files named and what to do, instead
 * of a hundred failures that look like bugs.
 *
 *   node e2e/support/fingerprint.js --update   after reviewing the expectations
 */
const { createHash } = require("crypto");
const { existsSync, readdirSync, readFileSync, writeFileSync } = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const EXPECTED = path.join("e2e", "expected-inputs.json");
const FOLDERS = ["catalog", "environments"];

/** sha256 of each catalog and environment file, by its path relative to the root (sorted). */
function inputFingerprint(root = ROOT) {
  const out = {};
  for (const folder of FOLDERS) {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      out[`${folder}/${name}`] = createHash("sha256")
        .update(readFileSync(path.join(dir, name)))
        .digest("hex");
    }
  }
  return out;
}

/** Throws, naming every added, removed and changed file, unless the inputs are the ones the suite expects. */
function checkInputs(root = ROOT) {
  const file = path.join(root, EXPECTED);
  if (!existsSync(file)) throw new Error(`${EXPECTED} is missing: the e2e suite cannot tell which catalog and environments it was written for`);
  const expected = JSON.parse(readFileSync(file, "utf8")).files;
  const actual = inputFingerprint(root);
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const differences = names.flatMap((n) => (!(n in actual) ? [`${n} is gone`] : !(n in expected) ? [`${n} is new`] : expected[n] !== actual[n] ? [`${n} was changed`] : []));
  if (differences.length === 0) return;
  throw new Error(
    `The e2e suite refuses to run: it was written for other catalog and environment files than the working tree's (${differences.join("; ")}). ` +
      "Its expectations (rules per stack, day-two plan counts, stacks and state buckets) would fail for reasons that are not bugs. " +
      "Run it on the committed examples (git stash), or review its expectations in e2e/*.e2e.test.ts against your change and then record the files with: node e2e/support/fingerprint.js --update",
  );
}

function updateInputs(root = ROOT) {
  const body = { comment: "sha256 of the catalog and environment files the e2e suite's expectations were written for (e2e/support/fingerprint.js)", files: inputFingerprint(root) };
  writeFileSync(path.join(root, EXPECTED), `${JSON.stringify(body, null, 2)}\n`);
}

if (require.main === module) {
  if (process.argv[2] === "--update") {
    updateInputs();
    process.stdout.write(`wrote ${EXPECTED}\n`);
  } else {
    try {
      checkInputs();
      process.stdout.write("the catalog and environments are the ones the e2e suite expects\n");
    } catch (e) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
    }
  }
}

module.exports = { checkInputs, inputFingerprint, updateInputs, EXPECTED };

/**
 * Runs the main command once, as `npm run synth` does (compile to dist/, then
 * synthesize the example environments), into a scratch folder that every test
 * file reads: one synthesis for the whole suite instead of one per file, and
 * the tests read what users get.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "..", "..");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fw-synth-"));
  const run = (args, env = {}) => execFileSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...env } });
  run(["scripts/build.js"]);
  // --check: the suite never writes the committed priority allocation, and fails while it is not current (docs/priorities.md).
  run(["dist/main.js", "--check"], { CDKTF_OUTDIR: outdir });
  // Workers start after this and inherit the environment.
  process.env.FW_TEST_SYNTH_OUTDIR = outdir;
};

/**
 * Runs the main command once, as `npm run synth` does (compile to dist/, then
 * synthesize the example environments), into a scratch folder that every test
 * file reads: one synthesis for the whole suite instead of one per file, and
 * the tests read what users get.
 *
 * Every temporary folder of the run (the tests' mkdtemp, CDKTF's Testing.app
 * outdirs, child processes') goes into one scratch folder, TMPDIR for the
 * workers, which global-teardown.js removes: a run leaves nothing in /tmp.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "..", "..");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fw-test-run-"));
  // Workers start after this and inherit the environment; os.tmpdir() reads TMPDIR on every call.
  process.env.TMPDIR = scratch;
  process.env.FW_TEST_SCRATCH = scratch;
  const outdir = fs.mkdtempSync(path.join(scratch, "fw-synth-"));
  const run = (args, env = {}) => execFileSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...env } });
  run(["scripts/build.js"]);
  // --check: the suite never writes the committed priority allocation, and fails while it is not current (docs/priorities.md).
  run(["dist/main.js", "--check"], { CDKTF_OUTDIR: outdir });
  process.env.FW_TEST_SYNTH_OUTDIR = outdir;
};

/**
 * The golden cases: the example environments (catalog/ and environments/)
 * and every folder under __tests__/golden/ with an input/ folder (its own
 * catalog/ and environments/). Each case's expected synthesis, byte for byte,
 * is its output folder. Shared by `npm run golden:update` and the golden test.
 */
const { execFile } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const goldenDir = path.join(root, "__tests__", "golden");

/** [{ name, catalogDir, environmentsDir, expected }], paths relative to the project root. */
function goldenCases() {
  const cases = [{ name: "examples", catalogDir: "catalog", environmentsDir: "environments", expected: "__tests__/golden/examples" }];
  for (const name of fs.readdirSync(goldenDir).sort()) {
    const input = path.join(goldenDir, name, "input");
    if (!fs.existsSync(input)) continue;
    const rel = `__tests__/golden/${name}`;
    cases.push({ name, catalogDir: `${rel}/input/catalog`, environmentsDir: `${rel}/input/environments`, expected: `${rel}/output` });
  }
  return cases;
}

/** Synthesizes a case with the compiled main command (build first) into outdir. */
function synthesizeCase(c, outdir) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["dist/main.js"],
      { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir, FIREWALL_CATALOG_DIR: c.catalogDir, FIREWALL_ENVIRONMENTS_DIR: c.environmentsDir, FIREWALL_ENVIRONMENTS: "" } },
      (error, stdout, stderr) => (error ? reject(new Error(`golden case ${c.name}: ${stderr || error.message}`)) : resolve()),
    );
  });
}

/** Every file under dir, relative with forward slashes, sorted. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join("/"));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

module.exports = { goldenCases, synthesizeCase, listFiles, root };

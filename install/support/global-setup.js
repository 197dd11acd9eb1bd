/**
 * Packs the module once per run (`npm pack`, whose prepack builds the JS and
 * the declarations) into the system's temporary folder; every install test
 * file installs that one tarball. Workers start after this and inherit the
 * environment variable.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "..", "..");
  const dir = path.join(os.tmpdir(), "firewall-catalog-install");
  fs.mkdirSync(dir, { recursive: true });
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  process.env.FIREWALL_CATALOG_TARBALL = path.join(dir, out.trim().split("\n").pop());
};

/**
 * Before any e2e file: the working tree's catalog and environments must be the
 * ones the suite was written for (e2e/support/fingerprint.js), the emulator
 * must be there (fail, never skip, saying how to install it), and the app is
 * compiled once (dist/), as `npm run synth` does.
 */
const { execFileSync } = require("child_process");
const path = require("path");

module.exports = async function globalSetup() {
  // Before anything slow: the suite's expectations hold only for the files it was written for.
  require("./fingerprint").checkInputs();
  const python = process.env.MOTO_PYTHON || "python3";
  try {
    execFileSync(python, ["-c", "import moto.server, werkzeug, flask, moto; print(moto.__version__)"], { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const why =
      e.code === "ENOENT"
        ? `${python} is not on PATH`
        : String(e.stderr || e.message)
            .trim()
            .split("\n")
            .pop();
    throw new Error(
      `The e2e suite needs moto's server (moto_server) for ${python}, and it is not installed (${why}). ` + "Install it with: pip install 'moto[server]' (or set MOTO_PYTHON to a Python that has it).",
      { cause: e },
    );
  }
  // The SDK warns once per process that it will need Node 22 from 2027; known, and noise in every test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const root = path.resolve(__dirname, "..", "..");
  execFileSync(process.execPath, ["scripts/build.js"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
};

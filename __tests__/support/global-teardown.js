/** Removes the suite's synthesis (see global-setup.js). */
const fs = require("fs");

module.exports = async function globalTeardown() {
  if (process.env.FW_TEST_SYNTH_OUTDIR) fs.rmSync(process.env.FW_TEST_SYNTH_OUTDIR, { recursive: true, force: true });
};

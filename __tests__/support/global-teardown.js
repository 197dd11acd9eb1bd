/** Removes the run's scratch folder (see global-setup.js): the suite's synthesis and every temporary folder the tests made. */
const fs = require("fs");

module.exports = async function globalTeardown() {
  if (process.env.FW_TEST_SCRATCH) fs.rmSync(process.env.FW_TEST_SCRATCH, { recursive: true, force: true });
};

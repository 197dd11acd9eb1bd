/**
 * The integration suite (`npm run test:integration`): the commands as users
 * run them, in child processes: the compiled CLIs (synth, verify, diff, drift,
 * plan, reach, the apply gate), Terraform init/validate/plan/fmt/console
 * offline against the provider mirror, the CDKTF CLI, git, and the other
 * programs that judge our output (hclwrite, Mermaid's parser). The tests sit
 * beside the unit tests of the code they exercise, as *.integration.test.ts.
 */
const unit = require("./jest.config.js");

module.exports = {
  ...unit,
  testMatch: ["**/*.integration.test.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  // Most of the time is spent waiting on child processes: two workers overlap them.
  maxWorkers: 2,
};

/**
 * `npm run test:e2e`: the lifecycle against moto_server (see e2e/support/emulator.ts).
 * Not part of `npm test`, whose jest config has only __tests__ as its root.
 */
module.exports = {
  rootDir: "..",
  testEnvironment: "node",
  roots: ["<rootDir>/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // Terraform against the emulator: applies of whole stacks. The suite's own budget is 5 minutes.
  // A safety net for a machine shared with other jobs, not the budget (about 3 minutes alone).
  testTimeout: 600_000,
  // One worker per test file: each waits mostly on Terraform and its own moto_server.
  maxWorkers: 3,
  globalSetup: "<rootDir>/e2e/support/global-setup.js",
};

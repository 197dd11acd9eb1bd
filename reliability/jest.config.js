/**
 * `npm run test:reliability`: synthesis SIGKILLed at every stage of installing
 * its output, each run a child process (about 40 s alone). Not part of
 * `npm test`, whose jest config has only __tests__ as its root; `.ci/run` runs it.
 */
module.exports = {
  rootDir: "..",
  testEnvironment: "node",
  roots: ["<rootDir>/reliability"],
  testMatch: ["**/*.reliability.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // A safety net for a machine shared with other jobs (about 40 s alone).
  testTimeout: 300_000,
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
};

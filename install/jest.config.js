/**
 * The install suite (`npm run test:install`, run by .ci/run, not by npm test):
 * the module packed once, installed with real npm into fresh apps outside the
 * repository, and run there as users run it. Slow (registry installs), so it
 * has its own config; shared helpers are in install/support/.
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  roots: ["<rootDir>"],
  testMatch: ["**/*.install.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // A fresh install from the registry takes minutes on a loaded machine.
  testTimeout: 15 * 60 * 1000,
  // Each file installs its own app shape: two at a time keeps npm and the disk busy without starving the machine.
  maxWorkers: 2,
  globalSetup: "<rootDir>/support/global-setup.js",
};

/**
 * `npm run test:browser`: opens the HTML coverage reports in a real headless
 * Chromium (Debian's, /usr/bin/chromium; `.ci/run` installs it) through
 * playwright-core. Not part of `npm test`, which stays the fast unit suite.
 */
module.exports = {
  rootDir: "..",
  testEnvironment: "node",
  roots: ["<rootDir>/browser"],
  testMatch: ["**/*.browser.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 120_000,
  maxWorkers: 1,
};

/** Tests run TypeScript through swc (no type-check here: `npm test` runs `tsc --noEmit` first). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 30000,
  // Jest's default on a 2-core machine is one worker; the Terraform and CDKTF CLI
  // tests spend much of their time in child processes, so two workers overlap them.
  maxWorkers: 2,
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
};

/**
 * The unit suite: our code in-process. Tests that run a program as a child
 * process (our compiled commands, Terraform, the CDKTF CLI, git checkouts,
 * Python, hclwrite, Mermaid's parser, Node under a loader) are named
 * *.integration.test.ts and run in `npm run test:integration`
 * (jest.integration.config.js); docs/checks.md names the two quick calls the
 * unit suite keeps. Tests run TypeScript through swc (no
 * type-check here: `npm run lint` runs `tsc --noEmit`).
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "\\.integration\\.test\\.ts$"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 30000,
  // Jest's default on a 2-core machine is one worker.
  maxWorkers: 2,
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
};

/**
 * `npm run test:install`: the package as users install it (npm pack into fresh apps outside the repository).
 * Not part of `npm test`, whose jest config has only __tests__ as its root.
 */
module.exports = {
  rootDir: "..",
  testEnvironment: "node",
  roots: ["<rootDir>/install"],
  testMatch: ["**/*.install.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 180_000,
};

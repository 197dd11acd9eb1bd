/**
 * The test suites and CI: every test file in the repository belongs to exactly
 * one jest config, and .ci/run runs the script of every config, so splitting a
 * suite can never leave a test that nothing runs.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface JestConfig {
  readonly rootDir?: string;
  readonly roots: readonly string[];
  readonly testMatch: readonly string[];
  readonly testPathIgnorePatterns?: readonly string[];
}

/** The suites: each npm script, and the config it runs. */
const SUITES: Record<string, string> = {
  test: "jest.config.js",
  "test:integration": "jest.integration.config.js",
  "test:e2e": "e2e/jest.config.js",
  "test:install": "install/jest.config.js",
  "test:reliability": "reliability/jest.config.js",
  "test:browser": "browser/jest.config.js",
};

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name !== "node_modules" && !name.startsWith("."))
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return testFiles(p);
      return name.endsWith(".test.ts") ? [p] : [];
    });
}

/** Jest's testMatch globs used here: `**` + `/*<suffix>`. */
function globMatches(glob: string, file: string): boolean {
  const m = /^\*\*\/\*([\w.-]+)$/.exec(glob);
  if (!m) throw new Error(`test-suites.test.ts reads testMatch globs of the form **/*<suffix> only, not ${glob}: extend globMatches`);
  return file.endsWith(m[1]);
}

function runs(configFile: string, file: string): boolean {
  const config = require(path.join(ROOT, configFile)) as JestConfig;
  const rootDir = config.rootDir ? path.resolve(path.dirname(path.join(ROOT, configFile)), config.rootDir) : path.dirname(path.join(ROOT, configFile));
  const inRoot = config.roots.some((r) => file.startsWith(r.replace("<rootDir>", rootDir) + path.sep));
  const ignored = (config.testPathIgnorePatterns ?? ["/node_modules/"]).some((p) => new RegExp(p).test(file));
  return inRoot && !ignored && config.testMatch.some((g) => globMatches(g, file));
}

describe("the test suites", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const ci = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");

  test("GIVEN every test file of the repository THEN exactly one suite's config runs it", () => {
    const files = testFiles(ROOT);
    expect(files.length).toBeGreaterThan(100);
    const owners = files.map((f) => [path.relative(ROOT, f), Object.keys(SUITES).filter((s) => runs(SUITES[s], f))] as const);
    expect(owners.filter(([, suites]) => suites.length !== 1)).toEqual([]);
    // The integration tests are not in the unit suite, and are where the Terraform and CLI checks went.
    expect(owners.filter(([f]) => f.endsWith(".integration.test.ts")).every(([, s]) => s[0] === "test:integration")).toBe(true);
    expect(owners.map(([f]) => f)).toContain("__tests__/synth/terraform.integration.test.ts");
  });

  test("GIVEN the suites THEN each has its npm script, and .ci/run runs every one", () => {
    for (const [script, config] of Object.entries(SUITES)) {
      expect([script, pkg.scripts[script]]).toEqual([script, script === "test" ? "jest" : `jest -c ${config}`]);
      expect(ci).toMatch(new RegExp(`^npm (run )?${script}$`, "m"));
    }
  });
});

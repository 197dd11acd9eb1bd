/**
 * The jest matchers as a user gets them: the packed package in a fresh app
 * outside the repository, a user's test written as in the CDKTF template
 * (jest + ts-jest, tsconfig with module commonjs and default module
 * resolution, which ignores `exports`), importing `firewall-catalog-cdktf/testing`.
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { FreshApp, freshAppWithPackage, PACKAGE, ROOT } from "./support/fresh-app";

let app: FreshApp;
beforeAll(() => {
  app = freshAppWithPackage();
}, 120000);
afterAll(() => app?.remove());

const USER_TEST = `
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { definePolicy, FirewallCatalog } from "${PACKAGE}";
import { firewallMatchers } from "${PACKAGE}/testing";

expect.extend(firewallMatchers);

describe("shop firewall", () => {
  const stack = new TerraformStack(Testing.app(), "shop");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const policy = definePolicy({
    name: "shop",
    description: "Web shop tier",
    roles: [{ id: "web", description: "Web servers", egressDefault: "deny" }],
    addressSets: [{ id: "office", description: "Office networks" }],
    rules: [{ id: "web-https", target: "web", direction: "ingress", action: "allow", peer: "set:office", protocol: "tcp", ports: [443], description: "HTTPS from the office" }],
  });
  new FirewallCatalog(stack, "firewall", { policy, bindings: { environment: "prod", addressSets: { office: ["192.168.0.0/16"] } }, namePrefix: "shop", clouds: { aws: { vpcId: "vpc-1" } } });
  const json = Testing.synth(stack);

  it("lets the office in on 443", () => {
    expect(json).toAllowFlow({ from: "192.168.1.10", to: "web", protocol: "tcp", port: 443 });
  });
  it("keeps SSH closed", () => {
    expect(json).not.toAllowFlow({ from: "any", to: "web", protocol: "tcp", port: 22, cloud: "aws" });
  });
  it("fails with the flow, the cloud and the deciding resource", () => {
    expect(() => expect(json).toAllowFlow({ from: "203.0.113.1", to: "web", protocol: "tcp", port: 443 })).toThrow(/AWS denies it: default deny of aws_\\w+\\.\\w+/);
  });
});
`;

test("GIVEN the packed package in a fresh app with jest and ts-jest as the CDKTF template sets them up WHEN the user's test uses firewall-catalog-cdktf/testing THEN it type-checks and passes", () => {
  expect(existsSync(path.join(app.installed, "dist", "testing", "index.d.ts"))).toBe(true);
  writeFileSync(path.join(app.dir, "package.json"), JSON.stringify({ name: "shop-infra", private: true }));
  // The CDKTF template's tsconfig (module commonjs, no moduleResolution: node10 resolution, which ignores exports).
  writeFileSync(
    path.join(app.dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2018", module: "CommonJS", lib: ["es2018"], strict: true, esModuleInterop: true, skipLibCheck: true, types: ["node", "jest"] },
      include: ["**/*.ts"],
      exclude: ["node_modules"],
    }),
  );
  writeFileSync(
    path.join(app.dir, "jest.config.js"),
    `module.exports = { testEnvironment: "node", roots: ["<rootDir>/__tests__"], transform: { "^.+\\\\.tsx?$": ["ts-jest", { diagnostics: true }] } };\n`,
  );
  const tests = path.join(app.dir, "__tests__");
  mkdirSync(tests);
  writeFileSync(path.join(tests, "firewall.test.ts"), USER_TEST);
  // Type-check the user's test as the template's `tsc` would, then run it with the user's jest.
  const tsc = spawnSync(process.execPath, [path.join(app.dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: app.dir, encoding: "utf8" });
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.status).toBe(0);
  const jest = spawnSync(process.execPath, [path.join(app.dir, "node_modules", "jest", "bin", "jest.js"), "--ci", "--colors=false"], {
    cwd: app.dir,
    encoding: "utf8",
    env: { ...process.env, FW_TEST_SYNTH_OUTDIR: "" },
  });
  expect(jest.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
  expect(jest.status).toBe(0);
  expect(ROOT).not.toBe(app.dir);
}, 180000);

/**
 * What package.json promises users: the app's core, constructs and bindings
 * are peers (only constructs required, so npm never adds a second core to a
 * cdktn app), our own app pins them exactly as devDependencies, and the
 * package ships its bin, licence and changelog.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const APP_PACKAGES = ["cdktf", "cdktn", "constructs", "@cdktf/provider-aws", "@cdktn/provider-aws", "@cdktf/provider-google", "@cdktf/provider-azurerm", "@aws-sdk/client-ec2"];

describe("package.json", () => {
  test("GIVEN the peers THEN constructs is required and every core, binding and SDK is optional", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(expect.arrayContaining(APP_PACKAGES.sort()));
    const optional = Object.keys(pkg.peerDependenciesMeta).filter((n) => pkg.peerDependenciesMeta[n].optional === true);
    expect(Object.keys(pkg.peerDependencies).filter((n) => !optional.includes(n))).toEqual(["constructs"]);
    expect(pkg.peerDependencies["@cdktf/provider-aws"]).toBe(">=20.1.0 <22.0.0");
  });

  test("GIVEN the dependencies THEN none of the app's packages is among them, and our own app pins each exactly", () => {
    for (const name of APP_PACKAGES) expect(pkg.dependencies[name]).toBeUndefined();
    for (const name of APP_PACKAGES.filter((n) => !n.startsWith("@cdktn") && n !== "cdktn")) expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("GIVEN engines, bin and files THEN Node 22, a bin that the files ship, and the licence texts beside them", () => {
    expect(pkg.engines.node).toBe(">=22");
    expect(pkg.devDependencies["@types/node"]).toBe("^22");
    expect(pkg.bin["firewall-catalog"]).toBe("dist/cli/main.js");
    expect(pkg.files).toContain("dist/cli/");
    expect(existsSync(path.join(ROOT, "cli", "main.ts"))).toBe(true);
    expect(pkg.license).toBe("MPL-2.0");
    const license = readFileSync(path.join(ROOT, "LICENSE"), "utf8");
    expect(license.startsWith("Mozilla Public License Version 2.0\n")).toBe(true);
    expect(license).toContain('Exhibit B - "Incompatible With Secondary Licenses" Notice');
    for (const file of ["CHANGELOG.md", "SECURITY.md", "docs/own-cdktf-app.md"]) expect(existsSync(path.join(ROOT, file))).toBe(true);
    expect(pkg.scripts["test:install"]).toBe("jest -c install/jest.config.js");
    expect(readFileSync(path.join(ROOT, ".ci", "run"), "utf8")).toContain("npm run test:install");
  });
});

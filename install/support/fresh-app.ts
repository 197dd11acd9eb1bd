/**
 * A fresh app outside the repository for install tests: its node_modules holds
 * the packed tarball of this package (npm pack, as a user gets it) and links to
 * the packages the app itself would install (cdktf, the provider bindings,
 * jest, ts-jest, typescript), taken from our node_modules: nothing downloads.
 * (A small local helper until the install/ suite's shared helpers land.)
 */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).name as string;

export interface FreshApp {
  readonly dir: string;
  readonly installed: string;
  remove(): void;
}

export function freshAppWithPackage(): FreshApp {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-install-"));
  const modules = path.join(dir, "node_modules");
  mkdirSync(modules);
  for (const name of readdirSync(path.join(ROOT, "node_modules"))) {
    if (name === PACKAGE || name.startsWith(".")) continue;
    if (name.startsWith("@")) {
      mkdirSync(path.join(modules, name));
      for (const sub of readdirSync(path.join(ROOT, "node_modules", name))) symlinkSync(path.join(ROOT, "node_modules", name, sub), path.join(modules, name, sub));
    } else symlinkSync(path.join(ROOT, "node_modules", name), path.join(modules, name));
  }
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  const installed = path.join(modules, PACKAGE);
  mkdirSync(installed);
  execFileSync("tar", ["-xzf", path.join(dir, tarball), "-C", installed, "--strip-components=1"]);
  return { dir, installed, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The e2e suite's refusal to run on other inputs (e2e/support/fingerprint.js):
 * the committed record matches the committed examples, and an edited,
 * added or removed catalog or environment file stops it, naming the file.
 */
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

const { checkInputs, updateInputs } = require("../../e2e/support/fingerprint.js") as { checkInputs(root?: string): void; updateInputs(root?: string): void };
const ROOT = path.resolve(__dirname, "..", "..");

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "e2e-fingerprint-"));
  for (const dir of ["catalog", "environments", "e2e"]) cpSync(path.join(ROOT, dir), path.join(root, dir), { recursive: true, filter: (src) => !src.includes("node_modules") });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test("GIVEN the committed catalog and environments THEN the e2e suite accepts them (its record is up to date)", () => {
  expect(() => checkInputs(ROOT)).not.toThrow();
});

test.each<[string, (root: string) => void, RegExp]>([
  ["a catalog edited", (r) => writeFileSync(path.join(r, "catalog", "securetransport.yaml"), "name: other\n"), /catalog\/securetransport\.yaml was changed/],
  ["an environment added", (r) => writeFileSync(path.join(r, "environments", "qa.yaml"), "name: qa\n"), /environments\/qa\.yaml is new/],
  ["an environment removed", (r) => unlinkSync(path.join(r, "environments", "staging.yaml")), /environments\/staging\.yaml is gone/],
  ["the record removed", (r) => unlinkSync(path.join(r, "e2e", "expected-inputs.json")), /expected-inputs\.json is missing/],
])("GIVEN %s THEN the e2e suite refuses to run, naming the file and what to do", (_what, change, message) => {
  change(root);
  expect(() => checkInputs(root)).toThrow(message);
  if (!/record/.test(_what)) expect(() => checkInputs(root)).toThrow(/refuses to run.*fingerprint\.js --update/);
});

test("GIVEN an edit recorded with --update THEN the suite accepts it", () => {
  writeFileSync(path.join(root, "catalog", "securetransport.yaml"), "name: other\n");
  updateInputs(root);
  expect(() => checkInputs(root)).not.toThrow();
});

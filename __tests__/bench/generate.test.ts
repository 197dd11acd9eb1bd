/** The bench's generated catalogs: valid catalogs of the size asked, with the invariants asked (which their renderings hold: __tests__/synth/hcl.test.ts synthesizes one). */
import { mkdtempSync } from "fs";
import * as os from "os";
import * as path from "path";
import { generateCatalog } from "../../bench/generate";
import { loadCatalogFile } from "../../policy";

test("GIVEN 200 rules, 8 roles and 5 invariants THEN the catalog loads with exactly those", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-generate-"));
  const { catalogDir } = generateCatalog(dir, 200, 8, 1, 5);
  const policy = loadCatalogFile(path.join(catalogDir, "bench.yaml"));
  expect(policy.rules).toHaveLength(200);
  expect(policy.roles).toHaveLength(8);
  expect(policy.invariants?.map((i) => [i.id, i.kind, i.to])).toEqual([
    ["no-ssh-to-r000-0", "never", "r000"],
    ["no-ssh-to-r001-1", "never", "r001"],
    ["no-ssh-to-r002-2", "never", "r002"],
    ["no-ssh-to-r003-3", "never", "r003"],
    ["no-ssh-to-r004-4", "never", "r004"],
  ]);
});

test("GIVEN no invariant count (the public four-argument form) THEN the catalog has none", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-generate-"));
  const policy = loadCatalogFile(path.join(generateCatalog(dir, 20, 4, 1).catalogDir, "bench.yaml"));
  expect(policy.invariants ?? []).toEqual([]);
});

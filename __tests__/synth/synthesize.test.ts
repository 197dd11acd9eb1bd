import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { loadCatalogFile } from "../../policy";
import { synthesizeAll } from "../../synth/synthesize";
import { listFiles } from "../support/synthesized";
import { rejected } from "../support/thrown";

/** A copy of the example catalog and environments that a test may change. */
function workspace(edit: (dir: string) => void): { catalogDir: string; environmentsDir: string; outdir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-ws-"));
  cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
  cpSync("environments", path.join(dir, "environments"), { recursive: true });
  edit(dir);
  return { catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "out") };
}

test("GIVEN a lint error THEN synthesis stops before any file is written, naming the rule and the environment", async () => {
  // GIVEN an environment that binds the Administration host set to the whole Internet
  const ws = workspace((dir) => {
    const file = path.join(dir, "environments", "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("admin-host: [10.10.0.10/32]", "admin-host: [0.0.0.0/0]"));
  });
  // WHEN synthesizing THEN it fails on the admin port 444 now open to anyone
  expect(await rejected(synthesizeAll({ ...ws, only: ["dev"] }))).toEqual({ error: "SynthesisError", codes: ["CATALOG_LINT_ERROR"] });
  // (CDKTF creates the empty folders when the stacks are constructed; no file is written)
  expect(existsSync(ws.outdir) ? listFiles(ws.outdir) : []).toEqual([]);
});

test("GIVEN an unbound address set THEN synthesis fails naming the environment", async () => {
  const ws = workspace((dir) => {
    const file = path.join(dir, "environments", "staging.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("  admin-host: [10.20.0.10/32, 10.20.0.11/32]\n", ""));
  });
  // One problem per rule that names the set.
  const naming = loadCatalogFile("catalog/securetransport.yaml").rules.filter((r) => r.peer.kind === "addressSet" && r.peer.name === "admin-host");
  expect(naming.length).toBeGreaterThan(1);
  expect(await rejected(synthesizeAll({ ...ws, only: ["staging"] }))).toEqual({ error: "ConfigError", codes: naming.map(() => "ENV_ADDRESS_SET_UNBOUND") });
});

test("GIVEN selected environments THEN only those are synthesized", async () => {
  const ws = workspace(() => undefined);
  const result = await synthesizeAll({ ...ws, only: ["dev"] });
  expect(result.stacks.map((s) => s.name)).toEqual(["dev-aws", "dev-azure", "dev-gcp"]);
  expect(existsSync(path.join(ws.outdir, "reports", "dev.md"))).toBe(true);
  expect(existsSync(path.join(ws.outdir, "reports", "prod.md"))).toBe(false);
});

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
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

test("GIVEN writeOutput: false (the review's sides) THEN every stack's configuration is handed over in memory, as a written run writes it, and the output folder and priority files are left as they were", async () => {
  const ws = workspace(() => undefined);
  const prioritiesDir = ws.environmentsDir;
  const before = listFiles(prioritiesDir).map((f) => [f, readFileSync(path.join(prioritiesDir, f), "utf8")]);
  writeFileSync(path.join(path.dirname(ws.outdir), "out-marker"), "");
  const result = await synthesizeAll({ ...ws, only: ["dev"], keepConfigurations: true, priorities: "keep", writeOutput: false });
  expect(result.stacks.map((s) => s.name)).toEqual(["dev-aws", "dev-azure", "dev-gcp"]);
  expect(existsSync(ws.outdir)).toBe(false);
  expect(readdirSync(path.dirname(ws.outdir)).sort()).toEqual(["catalog", "environments", "out-marker"]);
  expect(listFiles(prioritiesDir).map((f) => [f, readFileSync(path.join(prioritiesDir, f), "utf8")])).toEqual(before);
  // The same JSON a written run puts in cdk.tf.json.
  const written = await synthesizeAll({ ...ws, only: ["dev"], priorities: "keep" });
  for (const s of result.stacks) expect(s.configuration).toEqual(JSON.parse(readFileSync(path.join(written.outdir, "stacks", s.name, "cdk.tf.json"), "utf8")));
});

test("GIVEN writeOutput: false without keepConfigurations or with priorities other than keep THEN refused (LIB_SYNTH_OPTIONS): the configurations would be lost, or a priority file written for no output", async () => {
  const ws = workspace(() => undefined);
  expect(await rejected(synthesizeAll({ ...ws, only: ["dev"], priorities: "keep", writeOutput: false }))).toEqual({ error: "SynthesisError", codes: ["LIB_SYNTH_OPTIONS"] });
  expect(await rejected(synthesizeAll({ ...ws, only: ["dev"], keepConfigurations: true, writeOutput: false }))).toEqual({ error: "SynthesisError", codes: ["LIB_SYNTH_OPTIONS"] });
  expect(existsSync(ws.outdir)).toBe(false);
});

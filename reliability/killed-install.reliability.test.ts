/**
 * A synthesis killed (SIGKILL: no cleanup runs) at many points of its install
 * never leaves a folder half old and half new, never loses a user's file, is
 * refused by readers while interrupted, and is completed by the next run.
 */
import { spawnSync } from "child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { ConfigError } from "../policy";
import { assertOutputComplete, JOURNAL_FILE } from "../synth/output";
import { synthesizeAll } from "../synth/synthesize";
import { runVerify } from "../__tests__/support/verify-cli";
import { addUserFiles, leftovers, missingUserFiles, treeHash, USER_FILES, workspace } from "../__tests__/hostile/support/workspace";

const FOLDERS = ["stacks/dev-aws", "stacks/dev-azure", "stacks/dev-gcp", "hcl/dev-aws", "hcl/dev-azure", "hcl/dev-gcp", "reports"];
const WITH_USER_FILES = ["stacks/dev-aws", "hcl/dev-gcp"];
const USER_TOPS = new Set([...Object.keys(USER_FILES).map((f) => f.split("/")[0]), "notes.md"]);
/** A folder's generated part: what synthesis wrote (the user's files are checked on their own). */
const generated = (dir: string) => treeHash(dir, (rel) => USER_TOPS.has(rel.split(path.sep)[0]));
const hidden = (outdir: string, rel: string, suffix: string) => path.join(outdir, path.dirname(rel), `.${path.basename(rel)}${suffix}`);

function killedRun(ws: ReturnType<typeof workspace>, killAt: number, countFile?: string) {
  return spawnSync(process.execPath, ["--require", path.join(__dirname, "kill-at.js"), "dist/main.js"], {
    encoding: "utf8",
    env: {
      ...process.env,
      CDKTF_OUTDIR: ws.outdir,
      FIREWALL_CATALOG_DIR: ws.catalogDir,
      FIREWALL_ENVIRONMENTS_DIR: ws.environmentsDir,
      KILL_UNDER: ws.outdir,
      KILL_AT: String(killAt),
      ...(countFile ? { KILL_COUNT_FILE: countFile } : {}),
    },
  });
}

test("GIVEN a synthesis SIGKILLed at the Nth change of its install, for N across the whole install THEN each folder is wholly old or wholly new, readers refuse while interrupted, and the next run completes it with every user file intact", async () => {
  // GIVEN dev synthesized, with a Terraform user's files in two stack folders and a note in reports/
  const ws = workspace(["dev"]);
  await synthesizeAll(ws);
  for (const f of WITH_USER_FILES) addUserFiles(path.join(ws.outdir, f));
  writeFileSync(path.join(ws.outdir, "reports", "notes.md"), "team notes\n");
  const old = new Map(FOLDERS.map((f) => [f, generated(path.join(ws.outdir, f))]));
  const pristine = path.join(ws.dir, "pristine");
  cpSync(ws.outdir, pristine, { recursive: true, verbatimSymlinks: true });
  // and a catalog change that rewrites every generated file
  const catalog = path.join(ws.catalogDir, "securetransport.yaml");
  writeFileSync(catalog, readFileSync(catalog, "utf8").replace(/description: (.*)/g, "description: $1 (changed)"));
  const fresh = path.join(ws.dir, "fresh-out");
  await synthesizeAll({ ...ws, outdir: fresh });
  const next = new Map(FOLDERS.map((f) => [f, generated(path.join(fresh, f))]));
  for (const f of FOLDERS) expect(next.get(f)).not.toBe(old.get(f));
  const restore = () => {
    rmSync(ws.outdir, { recursive: true, force: true });
    cpSync(pristine, ws.outdir, { recursive: true, verbatimSymlinks: true });
  };

  // The number of changes a whole install makes under cdktf.out
  restore();
  const countFile = path.join(ws.dir, "count");
  expect(killedRun(ws, 0, countFile).status).toBe(0);
  const total = Number(readFileSync(countFile, "utf8"));
  expect(total).toBeGreaterThan(40);
  const step = Math.max(1, Math.floor(total / 16));
  const points = [...new Set([1, 2, 3, ...Array.from({ length: Math.ceil(total / step) }, (_, i) => 1 + i * step), total - 2, total - 1, total])]
    .filter((n) => n >= 1 && n <= total)
    .sort((a, b) => a - b);

  let interrupted = 0;
  let verifiedRefusal = false;
  for (const n of points) {
    restore();
    // WHEN the run is killed at the nth change
    const r = killedRun(ws, n);
    expect({ n, signal: r.signal }).toEqual({ n, signal: "SIGKILL" });

    // THEN every folder is wholly old or wholly new (or, between its two renames, absent with both versions whole beside it)
    const versions = new Set<string>();
    for (const f of FOLDERS) {
      const dir = path.join(ws.outdir, f);
      if (existsSync(dir)) {
        const h = generated(dir);
        const version = h === old.get(f) ? "old" : h === next.get(f) ? "new" : "torn";
        expect({ n, folder: f, version }).not.toEqual({ n, folder: f, version: "torn" });
        versions.add(version);
        if (WITH_USER_FILES.includes(f)) expect({ n, f, missing: missingUserFiles(dir) }).toEqual({ n, f, missing: [] });
      } else {
        expect({ n, f, journal: existsSync(path.join(ws.outdir, JOURNAL_FILE)) }).toEqual({ n, f, journal: true });
        expect({ n, f, old: generated(hidden(ws.outdir, f, ".synth-old")) }).toEqual({ n, f, old: old.get(f) });
        expect({ n, f, next: generated(hidden(ws.outdir, f, ".synth-new")) }).toEqual({ n, f, next: next.get(f) });
        if (WITH_USER_FILES.includes(f)) expect(missingUserFiles(hidden(ws.outdir, f, ".synth-old"))).toEqual([]);
      }
    }
    if (existsSync(path.join(ws.outdir, JOURNAL_FILE))) {
      interrupted += 1;
      // and every reader refuses the interrupted install
      let refused: unknown;
      try {
        assertOutputComplete(ws.outdir);
      } catch (e) {
        refused = e;
      }
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as ConfigError).codes).toEqual(["OUTPUT_INSTALL_INTERRUPTED"]);
      if (!verifiedRefusal && versions.has("old") && versions.has("new")) {
        const v = runVerify(ws.outdir, { FIREWALL_CATALOG_DIR: ws.catalogDir, FIREWALL_ENVIRONMENTS_DIR: ws.environmentsDir });
        expect(v.code).toBe(2);
        expect(v.err).toMatch(/interrupted/);
        verifiedRefusal = true;
      }
    } else {
      // without a journal, the output is one version throughout
      expect({ n, versions: [...versions] }).toEqual({ n, versions: [n >= total - 1 ? "new" : "old"].filter((v) => versions.has(v)) });
    }

    // WHEN the next run goes through THEN everything is new, the user's files are there, nothing is left over
    await synthesizeAll(ws);
    for (const f of FOLDERS) expect({ n, f, h: generated(path.join(ws.outdir, f)) }).toEqual({ n, f, h: next.get(f) });
    for (const f of WITH_USER_FILES) expect({ n, f, missing: missingUserFiles(path.join(ws.outdir, f)) }).toEqual({ n, f, missing: [] });
    expect(readFileSync(path.join(ws.outdir, "reports", "notes.md"), "utf8")).toBe("team notes\n");
    expect({ n, left: leftovers(ws).filter((l) => !l.startsWith("pristine") && !l.startsWith("fresh-out")) }).toEqual({ n, left: [] });
    expect(() => assertOutputComplete(ws.outdir)).not.toThrow();
  }
  expect(interrupted).toBeGreaterThan(points.length / 2);
  expect(verifiedRefusal).toBe(true);
}, 180000);

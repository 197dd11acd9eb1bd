/**
 * Hostile surroundings of the output folder: links that lead out of it, input
 * folders that are missing or empty, output files that are truncated or
 * edited, an install that was interrupted. Each is refused with a code, names
 * what is wrong, and changes nothing that is not ours.
 */
import { spawnSync } from "child_process";
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "fs";
import * as path from "path";
import { ConfigError, SynthesisError } from "../../policy";
import { JOURNAL_FILE } from "../../synth/output";
import { synthesizeAll } from "../../synth/synthesize";
import { checkPlan } from "../../verify/apply-gate";
import { driftOf } from "../../verify/drift";
import { plan } from "../../verify/plan";
import { readSynthesisSide } from "../../review/side";
import { runVerify } from "../support/verify-cli";
import { leftovers, synthesizedWorkspace, treeHash, workspace, Workspace } from "./support/workspace";

/** What synthesis threw (or undefined), as the code a user's script would match. */
async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.codes.join(",");
    if (e instanceof SynthesisError) return e.code;
    throw e;
  }
}

function synthCli(ws: Workspace, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["dist/main.js"], {
    encoding: "utf8",
    env: { ...process.env, CDKTF_OUTDIR: ws.outdir, FIREWALL_CATALOG_DIR: ws.catalogDir, FIREWALL_ENVIRONMENTS_DIR: ws.environmentsDir, ...env },
  });
}

function verifyCli(ws: Workspace) {
  return runVerify(ws.outdir, { FIREWALL_CATALOG_DIR: ws.catalogDir, FIREWALL_ENVIRONMENTS_DIR: ws.environmentsDir });
}

/** No stack trace: no "    at " frame lines. */
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe("GIVEN a symbolic link under the output folder", () => {
  let ws: Workspace;
  let team: string;
  beforeEach(async () => {
    ws = await synthesizedWorkspace(["dev"]);
    team = path.join(ws.dir, "team");
    mkdirSync(team);
    writeFileSync(path.join(team, "main.tf"), "# the team's own main.tf\n");
    writeFileSync(path.join(team, "notes.md"), "notes\n");
  });

  test.each([["hcl/dev-aws"], ["stacks/dev-gcp"], ["reports"], ["hcl"], ["stacks"]])(
    "WHEN %s is a link to a team's folder THEN synthesis refuses naming the link, and the team's files and the output stay as they were",
    async (rel) => {
      const link = path.join(ws.outdir, rel);
      rmSync(link, { recursive: true });
      symlinkSync(team, link);
      const before = treeHash(ws.outdir);
      const teamBefore = treeHash(team);
      let error: unknown;
      await synthesizeAll(ws).catch((e) => (error = e));
      expect(error).toBeInstanceOf(SynthesisError);
      expect((error as SynthesisError).code).toBe("OUTPUT_SYMLINK");
      expect((error as SynthesisError).problems.map((p) => p.subject)).toEqual([link]);
      expect(treeHash(team)).toBe(teamBefore);
      expect(treeHash(ws.outdir)).toBe(before);
      expect(leftovers(ws).filter((l) => !l.startsWith("team"))).toEqual([]);
    },
  );

  test("WHEN a generated file (hcl/dev-aws/main.tf) is a link to the team's file THEN the link itself is replaced by our file and the team's file is left alone", async () => {
    const mainTf = path.join(ws.outdir, "hcl", "dev-aws", "main.tf");
    const ours = readFileSync(mainTf, "utf8");
    rmSync(mainTf);
    symlinkSync(path.join(team, "main.tf"), mainTf);
    await synthesizeAll(ws);
    expect(lstatSync(mainTf).isSymbolicLink()).toBe(false);
    expect(readFileSync(mainTf, "utf8")).toBe(ours);
    expect(readFileSync(path.join(team, "main.tf"), "utf8")).toBe("# the team's own main.tf\n");
  });

  test("WHEN a user's own file in a stack folder is a link (a shared override) THEN it is kept as the same link, and its target is not touched", async () => {
    const override = path.join(ws.outdir, "hcl", "dev-gcp", "shared_override.tf");
    symlinkSync(path.join(team, "notes.md"), override);
    await synthesizeAll(ws);
    expect(readlinkSync(override)).toBe(path.join(team, "notes.md"));
    expect(readFileSync(path.join(team, "notes.md"), "utf8")).toBe("notes\n");
  });

  test("WHEN a link on the way is dangling THEN refused too, naming it", async () => {
    const link = path.join(ws.outdir, "hcl", "dev-azure");
    rmSync(link, { recursive: true });
    symlinkSync(path.join(ws.dir, "gone"), link);
    expect(await codeOf(() => synthesizeAll(ws))).toBe("OUTPUT_SYMLINK");
  });

  test("WHEN an orphaned stack folder is a link THEN a full run leaves the link and its target alone", async () => {
    writeFileSync(path.join(team, "cdk.tf.json"), JSON.stringify({ "//": { metadata: { stackName: "old-aws" } } }));
    symlinkSync(team, path.join(ws.outdir, "stacks", "old-aws"));
    const teamBefore = treeHash(team);
    await synthesizeAll(ws);
    expect(lstatSync(path.join(ws.outdir, "stacks", "old-aws")).isSymbolicLink()).toBe(true);
    expect(treeHash(team)).toBe(teamBefore);
  });
});

describe("GIVEN missing or empty input folders", () => {
  test.each([
    ["a missing environments folder", (ws: Workspace) => rmSync(ws.environmentsDir, { recursive: true }), "ENV_FOLDER_MISSING", "environments"],
    [
      "an empty environments folder",
      (ws: Workspace) => {
        rmSync(ws.environmentsDir, { recursive: true });
        mkdirSync(ws.environmentsDir);
      },
      "ENV_FOLDER_EMPTY",
      "environments",
    ],
    [
      "an environments folder with only its schema",
      (ws: Workspace) => {
        for (const f of ["dev", "prod", "staging"]) rmSync(path.join(ws.environmentsDir, `${f}.yaml`));
      },
      "ENV_FOLDER_EMPTY",
      "environments",
    ],
    [
      "a file where the environments folder should be",
      (ws: Workspace) => {
        rmSync(ws.environmentsDir, { recursive: true });
        writeFileSync(ws.environmentsDir, "x");
      },
      "ENV_FOLDER_NOT_A_FOLDER",
      "environments",
    ],
    [
      "a dangling link as the environments folder",
      (ws: Workspace) => {
        rmSync(ws.environmentsDir, { recursive: true });
        symlinkSync(path.join(ws.dir, "nowhere"), ws.environmentsDir);
      },
      "ENV_FOLDER_MISSING",
      "environments",
    ],
    ["a missing catalog folder", (ws: Workspace) => rmSync(ws.catalogDir, { recursive: true }), "CATALOG_FOLDER_MISSING", "catalog"],
    [
      "an empty catalog folder",
      (ws: Workspace) => {
        rmSync(ws.catalogDir, { recursive: true });
        mkdirSync(ws.catalogDir);
      },
      "CATALOG_FOLDER_EMPTY",
      "catalog",
    ],
    [
      "an environment naming a catalog that is not there",
      (ws: Workspace) =>
        writeFileSync(path.join(ws.environmentsDir, "dev.yaml"), readFileSync(path.join(ws.environmentsDir, "dev.yaml"), "utf8").replace("catalog: securetransport", "catalog: securetransprot")),
      "CATALOG_NOT_FOUND",
      "catalog",
    ],
  ])("WHEN %s THEN the run is refused with its code, names the folder, prints no stack trace and changes nothing in cdktf.out", async (_what, breakIt, code, folder) => {
    const ws = await synthesizedWorkspace();
    const before = treeHash(ws.outdir);
    breakIt(ws);
    expect(await codeOf(() => synthesizeAll(ws))).toBe(code);
    const r = synthCli(ws);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(path.join(ws.dir, folder));
    noStackTrace(r.stderr);
    expect(treeHash(ws.outdir)).toBe(before);
    expect(leftovers(ws)).toEqual([]);
  });

  test("WHEN the output folder does not exist yet and the run is refused THEN no output folder is made", async () => {
    const ws = workspace();
    rmSync(ws.environmentsDir, { recursive: true });
    expect(await codeOf(() => synthesizeAll(ws))).toBe("ENV_FOLDER_MISSING");
    expect(leftovers(ws)).toEqual([]);
    expect(() => lstatSync(ws.outdir)).toThrow();
  });
});

describe("GIVEN a corrupt output file", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await synthesizedWorkspace(["dev"]);
  });
  const corrupt = (rel: string, text: string) => {
    const file = path.join(ws.outdir, rel);
    const saved = readFileSync(file);
    writeFileSync(file, text);
    return { file, restore: () => writeFileSync(file, saved) };
  };

  test.each([
    ["manifest.json truncated", "manifest.json", '{"stacks": {"dev-aws": '],
    ["manifest.json empty", "manifest.json", ""],
    ["manifest.json a list", "manifest.json", "[]"],
    ["a stack's JSON truncated", "stacks/dev-aws/cdk.tf.json", '{"resource": {'],
    ["a stack's JSON empty", "stacks/dev-gcp/cdk.tf.json", ""],
    ["a stack's JSON a string", "stacks/dev-azure/cdk.tf.json", '"x"'],
    ["inputs.json truncated", "inputs.json", '{"generator": '],
  ])("WHEN %s THEN verify exits 2 naming the file and saying what to do, with no stack trace", (_what, rel, text) => {
    const { file, restore } = corrupt(rel, text);
    try {
      const r = verifyCli(ws);
      expect(r.code).toBe(2);
      expect(r.err).toContain(file);
      expect(r.err).toMatch(/npm run synth/);
      noStackTrace(r.err);
    } finally {
      restore();
    }
  });

  test.each([
    ["a stack's JSON truncated", "stacks/dev-aws/cdk.tf.json", '{"resource": {'],
    ["a coverage report truncated", "reports/dev.json", '{"rules": ['],
  ])("WHEN %s THEN diff against that folder refuses it with OUTPUT_CORRUPT_FILE, naming the file", (_what, rel, text) => {
    const { file, restore } = corrupt(rel, text);
    try {
      let error: unknown;
      try {
        readSynthesisSide(ws.outdir, "old");
      } catch (e) {
        error = e;
      }
      expect((error as ConfigError).codes).toEqual(["OUTPUT_CORRUPT_FILE"]);
      expect((error as ConfigError).problems[0].subject).toContain(file);
    } finally {
      restore();
    }
  });

  test("WHEN a stack's JSON is truncated THEN drift cannot tell (exit 2), naming the file, with the corrupt-file code", async () => {
    const { file, restore } = corrupt("stacks/dev-aws/cdk.tf.json", '{"resource": {');
    try {
      await expect(driftOf("dev-aws", { outdir: ws.outdir })).rejects.toMatchObject({ code: "DRIFT_STACK_NOT_JSON", message: expect.stringContaining(file) });
      const r = spawnSync(process.execPath, ["dist/cli/drift.js", "dev-aws", "--json"], { encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: ws.outdir } });
      expect(r.status).toBe(2);
      // drift's fields beside the CLI layer's error document (cli/run.ts).
      expect(JSON.parse(r.stdout)).toMatchObject({ stack: "dev-aws", drift: null, code: "DRIFT_STACK_NOT_JSON", error: { codes: ["DRIFT_STACK_NOT_JSON"], message: expect.stringContaining(file) } });
      noStackTrace(r.stderr);
    } finally {
      restore();
    }
  });

  test("WHEN an install journal is left behind THEN verify, diff, drift, plan and the apply gate refuse the output as interrupted", async () => {
    writeFileSync(path.join(ws.outdir, JOURNAL_FILE), JSON.stringify({ format: 1, phase: "switching", folders: [], files: [] }));
    try {
      const v = verifyCli(ws);
      expect(v.code).toBe(2);
      expect(v.err).toMatch(/interrupted/);
      expect(() => readSynthesisSide(ws.outdir, "old")).toThrow(expect.objectContaining({ codes: ["OUTPUT_INSTALL_INTERRUPTED"] }));
      await expect(driftOf("dev-aws", { outdir: ws.outdir })).rejects.toMatchObject({ code: "OUTPUT_INSTALL_INTERRUPTED" });
      // and plan without synthesis, and the apply gate
      await expect(plan({ stack: "dev-aws", synth: false, terraformArgs: [] }, { ...process.env, CDKTF_OUTDIR: ws.outdir })).rejects.toMatchObject({ code: "OUTPUT_INSTALL_INTERRUPTED" });
      expect(() => checkPlan("dev-aws", { outdir: ws.outdir, commit: "0".repeat(40), env: {} })).toThrow(expect.objectContaining({ code: "OUTPUT_INSTALL_INTERRUPTED" }));
    } finally {
      rmSync(path.join(ws.outdir, JOURNAL_FILE));
    }
  });

  test("WHEN the journal itself is corrupt THEN synthesis refuses to guess (OUTPUT_JOURNAL_CORRUPT) and changes nothing", async () => {
    writeFileSync(path.join(ws.outdir, JOURNAL_FILE), "{ trunc");
    const before = treeHash(ws.outdir);
    try {
      expect(await codeOf(() => synthesizeAll(ws))).toBe("OUTPUT_JOURNAL_CORRUPT");
      expect(treeHash(ws.outdir)).toBe(before);
    } finally {
      rmSync(path.join(ws.outdir, JOURNAL_FILE));
    }
  });
});

describe("GIVEN an install interrupted while switching, and a user who wrote into the output before the next run", () => {
  /** stacks/dev-aws switched (new version in place, old beside it), as a kill between the switch and the clean-up leaves it. */
  async function interrupted(): Promise<{ ws: Workspace; dir: string; old: string }> {
    const ws = await synthesizedWorkspace(["dev"]);
    const dir = path.join(ws.outdir, "stacks", "dev-aws");
    const old = path.join(ws.outdir, "stacks", ".dev-aws.synth-old");
    writeFileSync(path.join(dir, "terraform.tfstate"), '{"serial": 1}\n');
    spawnSync("cp", ["-a", dir, old]);
    writeFileSync(path.join(ws.outdir, JOURNAL_FILE), JSON.stringify({ format: 1, phase: "switching", folders: [{ dir: "stacks/dev-aws", ours: ["cdk.tf.json"], drop: false }], files: [] }));
    return { ws, dir, old };
  }

  test("WHEN a file appeared only in the old version THEN the next run moves it into the folder and leaves nothing behind", async () => {
    const { ws, dir, old } = await interrupted();
    writeFileSync(path.join(old, "late.tfplan"), "plan\n");
    const { outputNotices } = await synthesizeAll(ws);
    expect(readFileSync(path.join(dir, "late.tfplan"), "utf8")).toBe("plan\n");
    expect(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")).toBe('{"serial": 1}\n');
    expect(outputNotices.some((n) => /completed the install of an earlier synthesis/.test(n))).toBe(true);
    expect(leftovers(ws)).toEqual([]);
  });

  test("WHEN both versions hold a different state file THEN neither is lost: the old version is kept under before-synth/, with a warning naming it", async () => {
    const { ws, dir, old } = await interrupted();
    writeFileSync(path.join(old, "terraform.tfstate"), '{"serial": 2}\n');
    const { outputNotices } = await synthesizeAll(ws);
    expect(readFileSync(path.join(dir, "terraform.tfstate"), "utf8")).toBe('{"serial": 1}\n');
    const kept = path.join(ws.outdir, "before-synth", "stacks", "dev-aws");
    expect(readFileSync(path.join(kept, "terraform.tfstate"), "utf8")).toBe('{"serial": 2}\n');
    expect(outputNotices.find((n) => n.startsWith("warning:"))).toContain(kept);
  });
});

describe("GIVEN unusual entries in a stack folder", () => {
  test("WHEN it holds a named pipe THEN synthesis refuses (OUTPUT_UNSUPPORTED_ENTRY), naming it, and changes nothing", async () => {
    const ws = await synthesizedWorkspace(["dev"]);
    const fifo = path.join(ws.outdir, "hcl", "dev-aws", "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const catalog = path.join(ws.catalogDir, "securetransport.yaml");
    writeFileSync(catalog, readFileSync(catalog, "utf8").replace(/description: (.*)/, "description: $1 (changed)"));
    // (a pipe is never opened: reading it would wait for a writer)
    const notThePipe = (rel: string) => rel === path.join("hcl", "dev-aws", "pipe");
    const before = treeHash(ws.outdir, notThePipe);
    let error: unknown;
    await synthesizeAll(ws).catch((e) => (error = e));
    expect((error as SynthesisError).code).toBe("OUTPUT_UNSUPPORTED_ENTRY");
    expect((error as SynthesisError).problems.map((p) => p.subject)).toEqual([fifo]);
    expect(treeHash(ws.outdir, notThePipe)).toBe(before);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(leftovers(ws)).toEqual([]);
  });

  test("WHEN a stack folder and a folder in it are read-only THEN they keep their modes and their files across a run", async () => {
    const ws = await synthesizedWorkspace(["dev"]);
    const dir = path.join(ws.outdir, "stacks", "dev-gcp");
    mkdirSync(path.join(dir, "keep"));
    writeFileSync(path.join(dir, "keep", "file"), "x\n");
    spawnSync("chmod", ["555", path.join(dir, "keep"), dir]);
    await synthesizeAll(ws);
    expect(lstatSync(dir).mode & 0o777).toBe(0o555);
    expect(lstatSync(path.join(dir, "keep")).mode & 0o777).toBe(0o555);
    expect(readFileSync(path.join(dir, "keep", "file"), "utf8")).toBe("x\n");
    spawnSync("chmod", ["-R", "u+w", ws.dir]);
  });
});

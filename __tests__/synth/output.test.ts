/**
 * Regenerating output never loses what synthesis did not write, and a run that
 * fails (late, or while installing) leaves the output folder byte-identical.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeAll } from "../../synth/synthesize";
import { ConfigError, SynthesisError } from "../../policy";
import { EXAMPLE_STACKS } from "../support/cdktf-cli";
import { INPUTS_FILE, readOutputRecord } from "../../stacks/inputs";
import { rejected, thrown } from "../support/thrown";
import { assertOutputComplete, OutputStaging, takeInstallLock } from "../../synth/output";
import { synthesizedWorkspace } from "../hostile/support/workspace";

interface Workspace {
  readonly dir: string;
  readonly catalogDir: string;
  readonly environmentsDir: string;
  readonly outdir: string;
}

/** A copy of the example catalog and environments that a test may change. */
function workspace(): Workspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-out-"));
  cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
  cpSync("environments", path.join(dir, "environments"), { recursive: true });
  return { dir, catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") };
}

/** Every entry under dir (dotfiles, folders and symlinks included) with its content: equal hashes mean byte-identical trees. */
function treeHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(dir, p);
      if (st.isSymbolicLink()) hash.update(`L ${rel} -> ${fs.readlinkSync(p)}\n`);
      else if (st.isDirectory()) {
        hash.update(`D ${rel}\n`);
        walk(p);
      } else hash.update(`F ${rel} ${st.mode.toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}\n`);
    }
  };
  walk(dir);
  return hash.digest("hex");
}

/** Files a Terraform user leaves in a stack folder. */
const USER_FILES: Record<string, string> = {
  "terraform.tfstate": '{"version": 4, "serial": 7}\n',
  "terraform.tfstate.backup": '{"version": 4, "serial": 6}\n',
  ".terraform.lock.hcl": "# lock\n",
  ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws": "binary\n",
  ".terraform/terraform.tfstate": "{}\n",
  "team_override.tf": 'locals { owner = "team" }\n',
};

function addUserFiles(folder: string): void {
  for (const [rel, content] of Object.entries(USER_FILES)) {
    mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    writeFileSync(path.join(folder, rel), content);
  }
}

function expectUserFiles(folder: string): void {
  for (const [rel, content] of Object.entries(USER_FILES)) expect(readFileSync(path.join(folder, rel), "utf8")).toBe(content);
}

function manifestStacks(outdir: string): string[] {
  return Object.keys(JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks).sort();
}

function stagingLeftovers(ws: Workspace): string[] {
  return readdirSync(ws.dir).filter((n) => n.includes("staging"));
}

const ALL_STACKS = EXAMPLE_STACKS;

test("GIVEN state, .terraform/, the lock file and a user's override in both trees WHEN synthesized twice THEN they survive and generated files are rewritten", async () => {
  // GIVEN a synthesis and a Terraform user's files in both folders of dev-aws and of prod-gcp
  const ws = await synthesizedWorkspace();
  const folders = ["stacks/dev-aws", "hcl/dev-aws", "stacks/prod-gcp", "hcl/prod-gcp"].map((f) => path.join(ws.outdir, f));
  folders.forEach(addUserFiles);
  // and a hand edit of a generated file
  const mainTf = path.join(ws.outdir, "hcl", "dev-aws", "main.tf");
  const generated = readFileSync(mainTf, "utf8");
  writeFileSync(mainTf, "# edited by hand\n");

  // WHEN synthesizing twice more
  await synthesizeAll(ws);
  await synthesizeAll(ws);

  // THEN every user file is there, byte for byte, and the generated file is ours again
  folders.forEach(expectUserFiles);
  expect(readFileSync(mainTf, "utf8")).toBe(generated);
  expect(manifestStacks(ws.outdir)).toEqual(ALL_STACKS);
  expect(stagingLeftovers(ws)).toEqual([]);
});

test("GIVEN a removed environment's folders THEN kept with a warning when they hold state, removed with a notice when they hold only generated files", async () => {
  // GIVEN a synthesis, state in staging-aws's HCL folder and nothing of ours... in staging-gcp
  const ws = await synthesizedWorkspace();
  writeFileSync(path.join(ws.outdir, "hcl", "staging-aws", "terraform.tfstate"), "state\n");
  mkdirSync(path.join(ws.outdir, "stacks", "staging-aws", ".terraform"));
  const keptJson = readFileSync(path.join(ws.outdir, "stacks", "staging-aws", "cdk.tf.json"), "utf8");
  // WHEN the staging environment is removed and synthesis runs again
  rmSync(path.join(ws.environmentsDir, "staging.yaml"));
  const result = await synthesizeAll(ws);

  // THEN staging-aws is kept, named on the console with what it holds and what to do
  expect(result.outputNotices).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(`^warning: kept ${escape(path.join(ws.outdir, "hcl", "staging-aws"))}: stack staging-aws is no longer synthesized .*terraform\\.tfstate\\. .*terraform destroy`),
      ),
      expect.stringMatching(new RegExp(`^warning: kept ${escape(path.join(ws.outdir, "stacks", "staging-aws"))}: .*\\.terraform/`)),
    ]),
  );
  expect(readFileSync(path.join(ws.outdir, "hcl", "staging-aws", "terraform.tfstate"), "utf8")).toBe("state\n");
  expect(readFileSync(path.join(ws.outdir, "stacks", "staging-aws", "cdk.tf.json"), "utf8")).toBe(keptJson);
  // and staging-gcp, which held only generated files, is gone from both trees, said so
  expect(existsSync(path.join(ws.outdir, "stacks", "staging-gcp"))).toBe(false);
  expect(existsSync(path.join(ws.outdir, "hcl", "staging-gcp"))).toBe(false);
  expect(result.outputNotices).toEqual(
    expect.arrayContaining([
      `removed ${path.join(ws.outdir, "stacks", "staging-gcp")}: stack staging-gcp is no longer synthesized and the folder held only generated files (cdk.tf.json).`,
      `removed ${path.join(ws.outdir, "hcl", "staging-gcp")}: stack staging-gcp is no longer synthesized and the folder held only generated files (main.tf, outputs.tf, providers.tf, versions.tf).`,
    ]),
  );
  // (staging-azure went the same way as staging-gcp)
  expect(result.outputNotices).toHaveLength(6);
  // the staging reports and record are gone; the manifest lists what is there (the kept folder, so `cdktf synth` does not delete it)
  expect(readdirSync(path.join(ws.outdir, "reports")).sort()).toEqual(["dev.html", "dev.json", "dev.md", "prod.html", "prod.json", "prod.md"]);
  expect(Object.keys(readOutputRecord(ws.outdir)!.environments)).toEqual(["dev", "prod"]);
  expect(manifestStacks(ws.outdir)).toEqual([...EXAMPLE_STACKS.filter((s) => !s.startsWith("staging-")), "staging-aws"]);
});

test("GIVEN a folder that was never a stack of ours, and a removed stack's hand-edited file THEN the first is left alone, silently, and the second keeps its folder", async () => {
  const ws = await synthesizedWorkspace();
  // a user's own module beside the stacks, with a main.tf of their own
  mkdirSync(path.join(ws.outdir, "hcl", "shared-module"));
  writeFileSync(path.join(ws.outdir, "hcl", "shared-module", "main.tf"), 'variable "x" {}\n');
  // and a hand edit in a stack that is about to disappear
  writeFileSync(path.join(ws.outdir, "hcl", "staging-gcp", "main.tf"), "# my notes\n");
  rmSync(path.join(ws.environmentsDir, "staging.yaml"));
  const result = await synthesizeAll(ws);
  expect(readFileSync(path.join(ws.outdir, "hcl", "shared-module", "main.tf"), "utf8")).toBe('variable "x" {}\n');
  expect(result.outputNotices.filter((n) => n.includes("shared-module"))).toEqual([]);
  expect(result.outputNotices).toContainEqual(expect.stringMatching(/^warning: kept .*hcl\/staging-gcp: .*files synthesis did not write \(or that were edited since\): main\.tf\./));
  expect(readFileSync(path.join(ws.outdir, "hcl", "staging-gcp", "main.tf"), "utf8")).toBe("# my notes\n");
});

test("GIVEN a synthesis that fails late (GCP rendering of the last environment, after its AWS stack was built) THEN cdktf.out stays byte-identical", async () => {
  // GIVEN a complete synthesis with a user's state in it
  const ws = await synthesizedWorkspace();
  addUserFiles(path.join(ws.outdir, "hcl", "dev-aws"));
  const before = treeHash(ws.outdir);
  // WHEN staging's GCP priorities overflow (found only while rendering its GCP stack, the last of all stacks) and the catalog changed too
  const stagingEnv = path.join(ws.environmentsDir, "staging.yaml");
  writeFileSync(stagingEnv, readFileSync(stagingEnv, "utf8").replace(/\ngcp:\n/, "\ngcp:\n  priorityBase: 65533\n"));
  const catalog = path.join(ws.catalogDir, "securetransport.yaml");
  writeFileSync(catalog, readFileSync(catalog, "utf8").replace(/description: (.*)/, "description: $1 (changed)"));
  expect(await rejected(synthesizeAll(ws))).toEqual({ error: "ConfigError", codes: ["SCHEMA_OUT_OF_RANGE"] });
  // THEN nothing changed, and no staging folder is left behind
  expect(treeHash(ws.outdir)).toBe(before);
  expect(stagingLeftovers(ws)).toEqual([]);
});

test("GIVEN a failure while installing (the 5th rename) THEN everything already installed is put back", async () => {
  const ws = await synthesizedWorkspace();
  addUserFiles(path.join(ws.outdir, "stacks", "prod-aws"));
  const before = treeHash(ws.outdir);
  const catalog = path.join(ws.catalogDir, "securetransport.yaml");
  writeFileSync(catalog, readFileSync(catalog, "utf8").replace(/description: (.*)/, "description: $1 (changed)"));
  // the fs module itself (an `import * as` binding is a copy that synthesis does not call through)
  const nodeFs = require("fs") as typeof fs;
  const realRename = nodeFs.renameSync;
  let renames = 0;
  const spy = jest.spyOn(nodeFs, "renameSync").mockImplementation((from, to) => {
    if (++renames === 5) throw Object.assign(new Error("EIO: i/o error"), { code: "EIO", path: String(to) });
    return realRename(from, to);
  });
  try {
    expect(await rejected(synthesizeAll(ws))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_INSTALL_FAILED"] });
  } finally {
    spy.mockRestore();
  }
  expect(renames).toBeGreaterThan(5); // the failing rename, then the restores of the four files already installed
  expect(treeHash(ws.outdir)).toBe(before);
});

test("GIVEN a file where a stack folder should be, or a folder where a generated file goes THEN refused before anything changes", async () => {
  const ws = await synthesizedWorkspace();
  rmSync(path.join(ws.outdir, "hcl", "prod-aws"), { recursive: true });
  writeFileSync(path.join(ws.outdir, "hcl", "prod-aws"), "not a folder\n");
  rmSync(path.join(ws.outdir, "stacks", "dev-gcp", "cdk.tf.json"));
  mkdirSync(path.join(ws.outdir, "stacks", "dev-gcp", "cdk.tf.json"));
  const before = treeHash(ws.outdir);
  expect(await rejected(synthesizeAll(ws))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_IN_THE_WAY", "OUTPUT_IN_THE_WAY"] });
  expect(treeHash(ws.outdir)).toBe(before);
});

test("GIVEN a write that fails halfway (the disk fails while the next version of a folder is built) THEN no next version or journal is left and nothing changes", async () => {
  const ws = await synthesizedWorkspace();
  addUserFiles(path.join(ws.outdir, "stacks", "dev-aws"));
  const catalog = path.join(ws.catalogDir, "securetransport.yaml");
  writeFileSync(catalog, readFileSync(catalog, "utf8").replace(/description: (.*)/, "description: $1 (changed)"));
  const before = treeHash(ws.outdir);
  const nodeFs = require("fs") as typeof fs;
  const realCopy = nodeFs.copyFileSync;
  let copies = 0;
  const spy = jest.spyOn(nodeFs, "copyFileSync").mockImplementation((from, to, mode) => {
    if (String(to).startsWith(ws.outdir) && ++copies === 7) throw Object.assign(new Error("EIO: i/o error"), { code: "EIO", path: String(to) });
    return realCopy(from, to, mode);
  });
  let error: unknown;
  try {
    await synthesizeAll(ws).catch((e) => (error = e));
  } finally {
    spy.mockRestore();
  }
  expect(error).toBeInstanceOf(SynthesisError);
  expect((error as SynthesisError).code).toBe("OUTPUT_INSTALL_FAILED");
  expect(treeHash(ws.outdir)).toBe(before);
});

test("GIVEN FIREWALL_ENVIRONMENTS THEN a selective run replaces the selected environment's output only; the manifest and the record list every stack there", async () => {
  // GIVEN a full synthesis
  const ws = await synthesizedWorkspace();
  const others = ["stacks/dev-aws", "stacks/dev-gcp", "hcl/dev-aws", "hcl/dev-gcp", "stacks/staging-aws", "hcl/staging-gcp"].map((f) => path.join(ws.outdir, f));
  const othersBefore = others.map(treeHash);
  const reportsBefore = ["dev.html", "dev.json", "dev.md", "staging.html", "staging.json", "staging.md"].map((f) => readFileSync(path.join(ws.outdir, "reports", f), "utf8"));
  const recordBefore = readOutputRecord(ws.outdir)!;
  // WHEN prod changes and only prod is synthesized
  const prodEnv = path.join(ws.environmentsDir, "prod.yaml");
  writeFileSync(prodEnv, readFileSync(prodEnv, "utf8").replace(/admin-host: \[[^\]]*\]/, "admin-host: [10.99.0.10/32]"));
  const result = await synthesizeAll({ ...ws, only: ["prod"] });
  // THEN prod is new, the others are untouched, and the manifest and the record still list everything
  expect(result.stacks.map((s) => s.name)).toEqual(["prod-aws", "prod-azure", "prod-gcp"]);
  expect(readFileSync(path.join(ws.outdir, "stacks", "prod-aws", "cdk.tf.json"), "utf8")).toContain("10.99.0.10/32");
  expect(readFileSync(path.join(ws.outdir, "hcl", "prod-gcp", "main.tf"), "utf8")).toContain("10.99.0.10/32");
  expect(readFileSync(path.join(ws.outdir, "reports", "prod.md"), "utf8")).toContain("10.99.0.10/32");
  expect(others.map(treeHash)).toEqual(othersBefore);
  expect(readFileSync(path.join(ws.outdir, "reports", "prod.html"), "utf8")).toContain("10.99.0.10/32");
  expect(["dev.html", "dev.json", "dev.md", "staging.html", "staging.json", "staging.md"].map((f) => readFileSync(path.join(ws.outdir, "reports", f), "utf8"))).toEqual(reportsBefore);
  expect(manifestStacks(ws.outdir)).toEqual(ALL_STACKS);
  const record = readOutputRecord(ws.outdir)!;
  expect(record.environments.dev).toEqual(recordBefore.environments.dev);
  expect(record.environments.staging).toEqual(recordBefore.environments.staging);
  expect(record.environments.prod.fingerprint).not.toEqual(recordBefore.environments.prod.fingerprint);
  // and a full run afterwards gives exactly what a full run from scratch gives
  await synthesizeAll(ws);
  const fresh = workspace();
  writeFileSync(path.join(fresh.environmentsDir, "prod.yaml"), readFileSync(prodEnv));
  await synthesizeAll(fresh);
  expect(treeHash(ws.outdir)).toBe(treeHash(fresh.outdir));
});

test("GIVEN a selective run whose environment dropped a cloud THEN that cloud's folders are cleaned like a full run does", async () => {
  const ws = await synthesizedWorkspace();
  writeFileSync(path.join(ws.outdir, "hcl", "prod-gcp", "terraform.tfstate"), "state\n");
  const prodEnv = path.join(ws.environmentsDir, "prod.yaml");
  writeFileSync(prodEnv, readFileSync(prodEnv, "utf8").replace(/\ngcp:\n(?: .*\n)*/, "\n"));
  const result = await synthesizeAll({ ...ws, only: ["prod"] });
  expect(result.outputNotices).toEqual([
    `removed ${path.join(ws.outdir, "stacks", "prod-gcp")}: stack prod-gcp is no longer synthesized and the folder held only generated files (cdk.tf.json).`,
    expect.stringMatching(/^warning: kept .*hcl\/prod-gcp: .*terraform\.tfstate/),
  ]);
  expect(manifestStacks(ws.outdir)).toEqual(EXAMPLE_STACKS.filter((s) => s !== "prod-gcp"));
  expect(readOutputRecord(ws.outdir)!.environments.prod.stacks).toEqual(["prod-aws", "prod-azure"]);
});

test("GIVEN an output folder that is a symlink THEN the staging folder goes beside its target and is removed", async () => {
  const ws = workspace();
  const real = path.join(ws.dir, "real-out");
  mkdirSync(real);
  symlinkSync(real, ws.outdir);
  await synthesizeAll(ws);
  expect(fs.lstatSync(ws.outdir).isSymbolicLink()).toBe(true);
  expect(readdirSync(real).sort()).toEqual(["hcl", INPUTS_FILE, "manifest.json", "reports", "stacks"]);
  expect(stagingLeftovers(ws)).toEqual([]);
});

test("GIVEN a staging folder left by a killed run, and one of a live run THEN the next run removes the first, not the second", async () => {
  const ws = workspace();
  const dead = spawnSync(process.execPath, ["-e", ""]).pid!; // a process that has ended
  for (const pid of [dead, process.pid]) mkdirSync(path.join(ws.dir, `.cdktf.out.staging-${pid}-abc123`, "stacks"), { recursive: true });
  await synthesizeAll(ws);
  expect(stagingLeftovers(ws)).toEqual([`.cdktf.out.staging-${process.pid}-abc123`]);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("an output folder that is no output folder", () => {
  test("GIVEN CDKTF_OUTDIR names a file THEN the run is refused before anything is built, and the file is left as it was", async () => {
    const ws = workspace();
    writeFileSync(ws.outdir, "a user's notes\n");
    expect(await rejected(synthesizeAll(ws))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_DIR_UNFIT"] });
    expect(readFileSync(ws.outdir, "utf8")).toBe("a user's notes\n");
    expect(stagingLeftovers(ws)).toEqual([]);
  });

  test.each(["cdktf.json", "package.json"])("GIVEN the output folder holds %s (CDKTF_OUTDIR=. in a project) THEN the run is refused and writes nothing there", async (file) => {
    const ws = workspace();
    mkdirSync(ws.outdir);
    writeFileSync(path.join(ws.outdir, file), "{}\n");
    mkdirSync(path.join(ws.outdir, "stacks"));
    writeFileSync(path.join(ws.outdir, "stacks", "app.ts"), "// the project's own stack wiring\n");
    const before = treeHash(ws.outdir);
    expect(await rejected(synthesizeAll(ws))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_DIR_UNFIT"] });
    expect(treeHash(ws.outdir)).toBe(before);
  });

  test("GIVEN the output folder is a link to a project folder THEN the project is what is judged, and refused", async () => {
    const ws = workspace();
    const project = path.join(ws.dir, "project");
    mkdirSync(project);
    writeFileSync(path.join(project, "cdktf.json"), "{}\n");
    symlinkSync(project, ws.outdir);
    expect(await rejected(synthesizeAll(ws))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_DIR_UNFIT"] });
    expect(readdirSync(project)).toEqual(["cdktf.json"]);
  });

  test("GIVEN the root of the file system THEN staging it is refused", () => {
    expect(thrown(() => OutputStaging.begin("/"))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_DIR_UNFIT"] });
  });

  test("GIVEN an output folder that is a git repository of its own (rendered output a pipeline checks out) THEN it is a fair output folder", async () => {
    const ws = workspace();
    mkdirSync(path.join(ws.outdir, ".git"), { recursive: true });
    writeFileSync(path.join(ws.outdir, ".git", "HEAD"), "ref: refs/heads/main\n");
    await synthesizeAll(ws);
    expect(manifestStacks(ws.outdir)).toEqual(ALL_STACKS);
    expect(readFileSync(path.join(ws.outdir, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
  });
});

describe("one install at a time into an output folder", () => {
  const lockOf = (outdir: string) => path.join(path.dirname(outdir), `.${path.basename(outdir)}.synth-lock`);

  test("GIVEN another live synthesis holding the install lock THEN this one waits, then refuses (OUTPUT_BUSY) and leaves the lock alone", () => {
    const ws = workspace();
    // This test's own process stands in for the other synthesis: alive, on this host.
    writeFileSync(lockOf(ws.outdir), `${process.pid} ${os.hostname()}\n`);
    expect(thrown(() => takeInstallLock(ws.outdir, 150))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_BUSY"] });
    expect(readFileSync(lockOf(ws.outdir), "utf8")).toBe(`${process.pid} ${os.hostname()}\n`);
  });

  test("GIVEN a lock of another host THEN it is taken as held (its process cannot be asked)", () => {
    const ws = workspace();
    writeFileSync(lockOf(ws.outdir), "1 another-host.example\n");
    expect(thrown(() => takeInstallLock(ws.outdir, 100))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_BUSY"] });
  });

  test("GIVEN a lock left by a killed synthesis (its process is gone) THEN a synthesis takes it over and removes it when done", async () => {
    const ws = workspace();
    // Above Linux's largest pid_max (2^22): no such process.
    writeFileSync(lockOf(ws.outdir), `99999999 ${os.hostname()}\n`);
    await synthesizeAll(ws);
    expect(manifestStacks(ws.outdir)).toEqual(ALL_STACKS);
    expect(existsSync(lockOf(ws.outdir))).toBe(false);
  });

  test("GIVEN the lock taken THEN a second taker waits until it is released, and the release removes only its own lock", () => {
    const ws = workspace();
    const release = takeInstallLock(ws.outdir);
    expect(thrown(() => takeInstallLock(ws.outdir, 100))).toEqual({ error: "SynthesisError", codes: ["OUTPUT_BUSY"] });
    release();
    expect(existsSync(lockOf(ws.outdir))).toBe(false);
    const again = takeInstallLock(ws.outdir, 100);
    writeFileSync(lockOf(ws.outdir), "999999 someone-else\n"); // taken over by another run meanwhile
    again();
    expect(readFileSync(lockOf(ws.outdir), "utf8")).toBe("999999 someone-else\n");
  });
});

test("GIVEN an install under way in another live process THEN readers refuse the output as being installed, naming that process, not as interrupted", async () => {
  const ws = workspace();
  await synthesizeAll(ws);
  const lock = path.join(path.dirname(ws.outdir), `.${path.basename(ws.outdir)}.synth-lock`);
  writeFileSync(path.join(ws.outdir, ".synth-journal.json"), JSON.stringify({ format: 1, phase: "preparing", folders: [], files: [] }));
  const refused = (): ConfigError => {
    try {
      assertOutputComplete(ws.outdir);
    } catch (e) {
      return e as ConfigError;
    }
    throw new Error("the output was taken as complete");
  };
  const interrupted = refused();
  writeFileSync(lock, `${process.pid} ${os.hostname()}\n`);
  const underWay = refused();
  expect([interrupted.codes, underWay.codes]).toEqual([["OUTPUT_INSTALL_INTERRUPTED"], ["OUTPUT_INSTALL_INTERRUPTED"]]);
  expect([interrupted.problems[0].subject, underWay.problems[0].subject]).toEqual([undefined, `the synthesis of process ${process.pid} on ${os.hostname()}`]);
});

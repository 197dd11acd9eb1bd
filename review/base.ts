/**
 * The base side of a review: a git ref (its catalogs and environments are
 * written to a temporary folder from git's objects, so the user's working tree
 * and index are never touched) or a folder holding an earlier synthesis.
 */
import { execFileSync } from "child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../policy";
import { findSynthesisFolder, readSynthesisSide, ReviewSide, synthesizeSide } from "./side";

export interface BaseOptions {
  /** Folders of the working tree whose versions at the ref are compared. */
  readonly catalogDir: string;
  readonly environmentsDir: string;
  readonly only?: readonly string[];
  /** Where git runs. @default process.cwd() */
  readonly cwd?: string;
}

/** `ref` is a folder with an earlier synthesis when one exists there; otherwise a git ref. */
export async function loadBase(ref: string, options: BaseOptions): Promise<ReviewSide> {
  const cwd = options.cwd ?? process.cwd();
  if (ref.trim() === "" || ref.startsWith("-"))
    throw new ConfigError([{ code: "DIFF_BAD_BASE", message: `"${ref}" is not a base`, hint: "Pass a git ref (a branch, tag or commit), or a folder written by `npm run synth`." }]);
  const asDir = path.resolve(cwd, ref);
  if (existsSync(asDir) && statSync(asDir).isDirectory()) {
    if (findSynthesisFolder(asDir)) return readSynthesisSide(asDir, ref);
    if (!isGitRef(ref, cwd))
      throw new ConfigError([
        {
          code: "DIFF_NO_SYNTHESIS",
          message: `${ref} is a folder without a synthesis (no stacks/ in it or in its cdktf.out/)`,
          hint: "Pass a git ref (a branch, tag or commit), or a folder written by `npm run synth`.",
        },
      ]);
  }
  return synthesizeAtRef(ref, options);
}

function git(args: string[], cwd: string, input?: Buffer): Buffer {
  return execFileSync("git", args, { cwd, input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 512 * 1024 * 1024 });
}

function isGitRef(ref: string, cwd: string): boolean {
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the files of `ref:inRepo` under `target`, blob by blob (git archive
 * would apply export-ignore and export-subst attributes and change them).
 */
function writeTree(ref: string, inRepo: string, target: string, top: string): void {
  const listing = git(["ls-tree", "-r", "-z", "--full-tree", ref, "--", inRepo], top).toString();
  const entries = listing
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split("\t");
      const [mode, type, sha] = meta.split(" ");
      return { mode, type, sha, file };
    });
  if (entries.length === 0)
    throw new ConfigError([{ code: "DIFF_REF_WITHOUT_FOLDER", message: `${ref} has no folder ${inRepo}`, hint: `Pass a ref that has ${inRepo}, or a folder written by \`npm run synth\`.` }]);
  // A link in the ref could lead anywhere (a file outside the repository, this machine's own files): the review reads committed files only.
  const links = entries.filter((e) => e.mode === "120000");
  if (links.length > 0) {
    throw new ConfigError(
      links.map((e) => ({
        code: "DIFF_SYMLINK_IN_REF",
        message: `${ref}:${e.file} is a symbolic link (to ${git(["cat-file", "blob", e.sha], top).toString()}), not a file; the review compares committed catalogs and environments only, never what a link leads to`,
        hint: "Commit the file itself in place of the link, or review against a ref without it.",
      })),
    );
  }
  for (const e of entries) {
    if (e.type !== "blob") continue; // a submodule holds no catalog
    const out = path.join(target, path.relative(inRepo, e.file));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, git(["cat-file", "blob", e.sha], top));
  }
}

async function synthesizeAtRef(ref: string, options: BaseOptions): Promise<ReviewSide> {
  const cwd = options.cwd ?? process.cwd();
  let top: string;
  try {
    top = git(["rev-parse", "--show-toplevel"], cwd).toString().trim();
  } catch {
    throw new ConfigError([
      {
        code: "DIFF_NOT_A_GIT_REPOSITORY",
        message: `${cwd} is not inside a git repository, and "${ref}" is not a folder`,
        hint: "Run the diff inside the project's git checkout, or pass a folder written by `npm run synth`.",
      },
    ]);
  }
  if (!isGitRef(ref, cwd)) {
    throw new ConfigError([
      {
        code: "DIFF_BAD_BASE",
        message: `"${ref}" is neither a git commit (branch, tag, commit id) nor a folder`,
        hint: "Pass a ref such as HEAD, origin/main or a commit id, or a folder written by `npm run synth`.",
      },
    ]);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), "fw-review-base-"));
  try {
    const dirs = [options.catalogDir, options.environmentsDir].map((dir, i) => {
      const inRepo = path.relative(top, path.resolve(cwd, dir)).split(path.sep).join("/");
      if (inRepo.startsWith(".."))
        throw new ConfigError([{ code: "DIFF_OUTSIDE_REPOSITORY", message: `${dir} is outside the git repository ${top}`, hint: "Compare with a folder written by `npm run synth` instead." }]);
      const target = path.join(tmp, String(i), path.basename(path.resolve(cwd, dir)));
      mkdirSync(target, { recursive: true });
      writeTree(ref, inRepo, target, top);
      return { target, shown: `${ref}:${inRepo}` };
    });
    try {
      return await synthesizeSide({ label: ref, catalogDir: dirs[0].target, environmentsDir: dirs[1].target, only: options.only });
    } catch (e) {
      // Name the files as they are at the ref, not by the temporary folder.
      if (e instanceof Error) {
        let message = e.message;
        for (const d of dirs) message = message.split(d.target).join(d.shown);
        e.message = message === e.message ? `at ${ref}: ${message}` : message;
      }
      throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The working tree's side of the same rule: a catalog or environment (or its
 * folder) that is a symbolic link is refused (DIFF_SYMLINK_IN_WORKING_TREE), as
 * it is in a ref: what it leads to is not what git tracks, so the review would
 * compare a file nobody reviews.
 */
export function refuseLinkedInputs(dirs: readonly string[], cwd: string = process.cwd()): void {
  const links: string[] = [];
  for (const dir of dirs) {
    const abs = path.resolve(cwd, dir);
    const isLink = (p: string) => {
      try {
        return lstatSync(p).isSymbolicLink();
      } catch {
        return false;
      }
    };
    if (isLink(abs)) {
      links.push(`${dir} (to ${readlinkSync(abs)})`);
      continue;
    }
    if (!existsSync(abs)) continue; // the loader names a missing folder
    for (const name of readdirSync(abs).sort()) if (/\.ya?ml$/i.test(name) && isLink(path.join(abs, name))) links.push(`${path.join(dir, name)} (to ${readlinkSync(path.join(abs, name))})`);
  }
  if (links.length > 0) {
    throw new ConfigError(
      links.map((l) => ({
        code: "DIFF_SYMLINK_IN_WORKING_TREE",
        message: `${l} is a symbolic link in the working tree; the review compares files git tracks, never what a link leads to`,
        hint: "Put the file itself in its place (git tracks a link as a link, not as its target).",
      })),
    );
  }
}

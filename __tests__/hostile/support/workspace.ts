/** Scratch copies of the example inputs for hostile tests, and ways to look at an output folder. */
import { createHash } from "crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeAll } from "../../../synth/synthesize";

export interface Workspace {
  readonly dir: string;
  readonly catalogDir: string;
  readonly environmentsDir: string;
  readonly outdir: string;
}

/** A copy of the example catalog and of some environments (default all) that a test may change. */
export function workspace(environments?: readonly string[]): Workspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-hostile-"));
  cpSync("catalog", path.join(dir, "catalog"), { recursive: true });
  cpSync("environments", path.join(dir, "environments"), { recursive: true });
  if (environments) for (const f of readdirSync(path.join(dir, "environments"))) if (f.endsWith(".yaml") && !environments.includes(f.replace(/\.yaml$/, ""))) rmSync(path.join(dir, "environments", f));
  return { dir, catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") };
}

const synthesized = new Map<string, Promise<Workspace>>();

/**
 * A workspace as `workspace(environments)` and then `synthesizeAll` on it
 * leave it: the synthesis runs once per environment list and test file, and
 * each caller gets its own copy of the result (inputs, priority files and
 * output), which it may change.
 */
export async function synthesizedWorkspace(environments?: readonly string[]): Promise<Workspace> {
  const key = environments ? environments.join(",") : "*";
  let pristine = synthesized.get(key);
  if (!pristine) {
    pristine = (async () => {
      const ws = workspace(environments);
      await synthesizeAll(ws);
      return ws;
    })();
    synthesized.set(key, pristine);
  }
  const source = await pristine;
  const dir = mkdtempSync(path.join(os.tmpdir(), "fw-hostile-"));
  cpSync(source.dir, dir, { recursive: true, verbatimSymlinks: true });
  return { dir, catalogDir: path.join(dir, "catalog"), environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") };
}

/** Every entry under dir (dotfiles, folders and symlinks included) with its content: equal hashes mean byte-identical trees. */
export function treeHash(dir: string, skip: (rel: string) => boolean = () => false): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      if (skip(rel)) continue;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) hash.update(`L ${rel} -> ${readlinkSync(p)}\n`);
      else if (st.isDirectory()) {
        hash.update(`D ${rel}\n`);
        walk(p);
      } else hash.update(`F ${rel} ${st.mode.toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}\n`);
    }
  };
  if (existsSync(dir)) walk(dir);
  return hash.digest("hex");
}

/** Files a Terraform user leaves in a stack folder. */
export const USER_FILES: Record<string, string> = {
  "terraform.tfstate": '{"version": 4, "serial": 7}\n',
  "terraform.tfstate.backup": '{"version": 4, "serial": 6}\n',
  ".terraform.lock.hcl": "# lock\n",
  ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws": "binary\n",
  ".terraform/terraform.tfstate": "{}\n",
  "team_override.tf": 'locals { owner = "team" }\n',
};

export function addUserFiles(folder: string): void {
  for (const [rel, content] of Object.entries(USER_FILES)) {
    mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    writeFileSync(path.join(folder, rel), content);
  }
}

/** The user files of a folder that are missing or changed (empty: all there, byte for byte). */
export function missingUserFiles(folder: string): string[] {
  return Object.entries(USER_FILES)
    .filter(([rel, content]) => !existsSync(path.join(folder, rel)) || readFileSync(path.join(folder, rel), "utf8") !== content)
    .map(([rel]) => rel);
}

/** Names in or beside the output folder that an install or a staging left (empty after a complete run). */
export function leftovers(ws: Workspace): string[] {
  const found: string[] = readdirSync(ws.dir).filter((n) => /staging|\.synth-/.test(n));
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (/\.synth-|synth-journal|synth-tmp|before-synth/.test(name)) found.push(path.relative(ws.dir, p));
      else if (name !== ".terraform" && lstatSync(p).isDirectory()) walk(p);
    }
  };
  if (existsSync(ws.outdir)) walk(ws.outdir);
  return found.sort();
}

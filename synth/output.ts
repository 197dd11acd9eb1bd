/**
 * Putting a synthesis in place without losing anything. Synthesis writes the
 * whole output into a staging folder beside the output folder; only when every
 * stack, HCL file and report is there does `commit` install it, file by file,
 * into the output folder:
 *
 * - only files we generate are written or removed (GENERATED_FILES: fixed names
 *   per tree, plus reports/<env>.{json,md}, manifest.json and inputs.json);
 *   state, `.terraform/`, lock files, a user's `*_override.tf`, anything else in
 *   a stack folder stays byte for byte;
 * - every new file is first written beside its target under a temporary name;
 *   only when all are written are they renamed into place, and a failure while
 *   renaming puts back what was there: a failed run changes nothing;
 * - a stack folder whose stack is no longer produced is removed when it holds
 *   only generated files, and kept, with a warning, when it holds anything else.
 *
 * `inputs.json` records, per environment, a fingerprint of what its output was
 * made from (stacks/inputs.ts), so `npm run verify` can refuse to check stale output.
 */
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "fs";
import * as os from "os";
import * as path from "path";
import { SynthesisError } from "../policy";
import { EnvironmentOutput, generatorName, OutputRecord, readOutputRecord } from "../stacks/inputs";
import { HCL_HEADER } from "./hcl";
import { GENERATED_FILES, inputsPath, manifestPath, manifestStackPaths, REPORT_EXTENSIONS, reportPath, stackDir, STACK_JSON_FILE, Tree, treeDir, TREES } from "./layout";

/** The files synthesis writes in a stack folder, per tree (synth/layout.ts); any other file there is the user's. */
export { GENERATED_FILES };

export interface CommitOptions {
  /** The environments this run built (each with its stacks). */
  readonly environments: readonly EnvironmentOutput[];
  /**
   * True when only some environments were selected (FIREWALL_ENVIRONMENTS): the
   * other environments' output stays as it is. Otherwise the run covers every
   * environment, and stack folders of stacks no longer produced are cleaned up.
   */
  readonly selective: boolean;
}

/** A staging folder for one synthesis. */
export class OutputStaging {
  /** Creates the staging folder beside `outdir` (same file system), or in the system's temporary folder when that is not writable. */
  static begin(outdir: string): OutputStaging {
    const real = realOutdir(outdir);
    const prefix = `.${path.basename(real)}.staging-`;
    removeAbandonedStaging(path.dirname(real), prefix);
    let dir: string;
    try {
      dir = mkdtempSync(path.join(path.dirname(real), `${prefix}${process.pid}-`));
    } catch {
      dir = mkdtempSync(path.join(os.tmpdir(), "firewall-synth-staging-"));
    }
    return new OutputStaging(path.normalize(outdir), dir);
  }

  private constructor(
    /** The output folder as the user named it (used in messages). */
    readonly outdir: string,
    /** Where this run writes everything first. */
    readonly dir: string,
  ) {}

  /**
   * Installs the staged output. Returns notices for the console (stack folders
   * removed or kept). Throws SynthesisError, having changed nothing, when the
   * output cannot be installed.
   */
  commit(options: CommitOptions): string[] {
    const plan = planInstall(this.outdir, this.dir, options);
    applyPlan(plan);
    return plan.notices;
  }

  /** Removes the staging folder (after a commit or a failure). */
  discard(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Staging folders of runs that were killed (SIGKILL, a power cut) before they
 * could remove their own; the process id in the name tells whether the run is
 * still going. Removing a live run's folder by mistake only makes that run fail.
 */
function removeAbandonedStaging(parent: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The output folder with symlinks resolved (the staging folder goes beside the real one). */
function realOutdir(outdir: string): string {
  try {
    return realpathSync(outdir);
  } catch {
    return path.resolve(outdir);
  }
}

/** A write's content: bytes, or a staged file copied when installed (at 5,000 rules the staged output is 160 MB; holding it all set the run's peak memory). */
type Content = Buffer | { readonly staged: string };
type Change = { kind: "write"; target: string; content: Content } | { kind: "remove"; target: string } | { kind: "rmdir"; target: string };

interface InstallPlan {
  readonly outdir: string;
  readonly changes: Change[];
  readonly notices: string[];
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isRegularFile(p: string): boolean {
  try {
    return lstatSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * True when the CDKTF CLI (`npx cdktf synth`) runs us: it sets SYNTH_HCL_OUTPUT
 * for the app, lists the stack folders before the app runs, and afterwards
 * removes those its manifest does not list.
 */
function runByCdktfCli(): boolean {
  return process.env.SYNTH_HCL_OUTPUT !== undefined;
}

/**
 * A file synthesis wrote and nobody edited since: HCL starts with our header,
 * JSON carries CDKTF's metadata naming the stack. Only such files are removed
 * with a stack folder; anything else there keeps the folder.
 */
function isGenerated(tree: Tree, stack: string, file: string): boolean {
  if (!isRegularFile(file)) return false;
  try {
    const text = readFileSync(file, "utf8");
    if (tree === "hcl") return text.startsWith(HCL_HEADER);
    return (JSON.parse(text) as { "//"?: { metadata?: { stackName?: string } } })["//"]?.metadata?.stackName === stack;
  } catch {
    return false;
  }
}

function planInstall(outdir: string, staging: string, options: CommitOptions): InstallPlan {
  const changes: Change[] = [];
  const notices: string[] = [];
  const show = (...parts: string[]) => path.join(outdir, ...parts);
  const previous = readOutputRecord(outdir);
  const built = new Set(options.environments.flatMap((e) => e.stacks));

  // The stacks of this run: every generated name is written or, when this run did not produce it, removed.
  for (const stack of built) {
    for (const tree of TREES) {
      const produced = existsSync(stackDir(staging, tree, stack)) ? readdirSync(stackDir(staging, tree, stack)).sort() : [];
      const unknown = produced.filter((f) => !GENERATED_FILES[tree].includes(f));
      if (unknown.length > 0) throw new Error(`synthesis produced ${unknown.join(", ")} in ${tree}/${stack}, which GENERATED_FILES (synth/output.ts) does not list`);
      for (const file of GENERATED_FILES[tree]) {
        const target = path.join(stackDir(outdir, tree, stack), file);
        if (produced.includes(file)) changes.push({ kind: "write", target, content: { staged: path.join(stackDir(staging, tree, stack), file) } });
        else if (isRegularFile(target)) changes.push({ kind: "remove", target });
      }
    }
  }

  // Stacks no longer produced: all of them in a full run; in a selective run, those the selected environments made last time.
  const orphans = new Set<string>();
  if (options.selective) {
    for (const env of options.environments) for (const s of previous?.environments[env.name]?.stacks ?? []) if (!built.has(s)) orphans.add(s);
  } else {
    // A folder is a stack of ours when our record lists it or it holds a file we generate; any other folder is the user's own.
    const recorded = new Set(Object.values(previous?.environments ?? {}).flatMap((e) => e.stacks));
    for (const tree of TREES) {
      const dir = treeDir(outdir, tree);
      if (!isDirectory(dir)) continue;
      for (const name of readdirSync(dir)) {
        const folder = path.join(dir, name);
        if (built.has(name) || !lstatSync(folder).isDirectory()) continue;
        if (recorded.has(name) || GENERATED_FILES[tree].some((f) => isGenerated(tree, name, path.join(folder, f)))) orphans.add(name);
      }
    }
  }
  const keptOrphans = new Set<string>();
  for (const stack of [...orphans].sort()) {
    for (const tree of TREES) {
      const dir = stackDir(outdir, tree, stack);
      if (!existsSync(dir) || !lstatSync(dir).isDirectory()) continue;
      const entries = readdirSync(dir).sort();
      const foreign = entries.filter((f) => !(GENERATED_FILES[tree].includes(f) && isGenerated(tree, stack, path.join(dir, f))));
      if (foreign.length === 0 && tree === "stacks" && runByCdktfCli()) {
        // `cdktf synth` removes it itself (it is not in the manifest), and fails when it is already gone.
        notices.push(`${show(tree, stack)}: stack ${stack} is no longer synthesized; \`cdktf synth\` removes the folder, which held only generated files.`);
      } else if (foreign.length === 0) {
        for (const f of entries) changes.push({ kind: "remove", target: path.join(dir, f) });
        changes.push({ kind: "rmdir", target: dir });
        notices.push(`removed ${show(tree, stack)}: stack ${stack} is no longer synthesized and the folder held only generated files${entries.length ? ` (${entries.join(", ")})` : ""}.`);
      } else {
        if (tree === "stacks") keptOrphans.add(stack);
        const listed = foreign.slice(0, 5).map((f) => (isDirectory(path.join(dir, f)) ? `${f}/` : f));
        notices.push(
          `warning: kept ${show(tree, stack)}: stack ${stack} is no longer synthesized (its environment or cloud section is gone), ` +
            `but the folder holds files synthesis did not write (or that were edited since): ${listed.join(", ")}${foreign.length > 5 ? `, … (${foreign.length} in all)` : ""}. ` +
            `If that state still manages resources, run \`terraform destroy\` in the folder first (its last configuration is still there); then delete the folder yourself.`,
        );
      }
    }
  }

  // Reports: this run's environments are replaced; a full run removes those of environments it no longer has.
  for (const env of options.environments) {
    for (const ext of REPORT_EXTENSIONS) changes.push({ kind: "write", target: reportPath(outdir, env.name, ext), content: { staged: reportPath(staging, env.name, ext) } });
  }
  const names = new Set(options.environments.map((e) => e.name));
  if (!options.selective) {
    for (const gone of Object.keys(previous?.environments ?? {}).filter((n) => !names.has(n))) {
      for (const ext of REPORT_EXTENSIONS) {
        const target = reportPath(outdir, gone, ext);
        if (isRegularFile(target)) changes.push({ kind: "remove", target });
      }
    }
  }

  // The record of inputs: this run's environments, plus, in a selective run, the others as they were.
  const environments: Record<string, EnvironmentOutput> = {};
  if (options.selective) for (const [n, e] of Object.entries(previous?.environments ?? {})) if (!names.has(n)) environments[n] = e;
  for (const e of options.environments) environments[e.name] = e;
  const record: OutputRecord = { generator: generatorName(), environments: sortKeys(environments) };
  changes.push({ kind: "write", target: inputsPath(outdir), content: Buffer.from(JSON.stringify(record, null, 2) + "\n") });

  changes.push({ kind: "write", target: manifestPath(outdir), content: Buffer.from(mergedManifest(outdir, staging, built, orphans, keptOrphans)) });

  preflight(outdir, changes);
  return { outdir, changes, notices };
}

/**
 * The CDKTF manifest after this run: every stack folder in the JSON tree that
 * holds a configuration. Stacks kept from earlier runs keep their entries, and
 * kept orphan folders are listed too: `npx cdktf synth` deletes every stack
 * folder its manifest does not list, state and all.
 */
function mergedManifest(outdir: string, staging: string, built: Set<string>, orphans: Set<string>, keptOrphans: Set<string>): string {
  const fresh = JSON.parse(readFileSync(manifestPath(staging), "utf8")) as { version: string; stacks: Record<string, unknown> };
  let old: Record<string, unknown> = {};
  try {
    old = (JSON.parse(readFileSync(manifestPath(outdir), "utf8")) as { stacks?: Record<string, unknown> }).stacks ?? {};
  } catch {
    // no earlier manifest, or not ours: entries are rebuilt below
  }
  const stacks: Record<string, unknown> = { ...fresh.stacks };
  const stacksDir = treeDir(outdir, "stacks");
  for (const name of isDirectory(stacksDir) ? readdirSync(stacksDir) : []) {
    if (built.has(name) || (orphans.has(name) && !keptOrphans.has(name))) continue;
    if (!isDirectory(path.join(stacksDir, name)) || !isRegularFile(path.join(stacksDir, name, STACK_JSON_FILE))) continue;
    stacks[name] = old[name] ?? {
      annotations: [],
      constructPath: name,
      dependencies: [],
      name,
      ...manifestStackPaths(name),
    };
  }
  return stableStringify({ ...fresh, stacks });
}

/** JSON with sorted keys in the layout CDKTF writes its manifest (json-stable-stringify, two spaces). */
export function stableStringify(value: unknown, indent = ""): string {
  const inner = indent + "  ";
  if (Array.isArray(value)) return `[${value.map((v) => `\n${inner}${stableStringify(v, inner)}`).join(",")}\n${indent}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `\n${inner}${JSON.stringify(k)}: ${stableStringify((value as Record<string, unknown>)[k], inner)}`);
    return `{${entries.join(",")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/**
 * Refuses, before anything is written, an output folder where a file stands
 * where we need a folder or a folder where we write a file.
 */
function preflight(outdir: string, changes: readonly Change[]): void {
  const problems = new Set<string>();
  const checkedDirs = new Set<string>();
  for (const c of changes) {
    if (c.kind !== "write") continue;
    for (let dir = path.dirname(c.target); !checkedDirs.has(dir); dir = path.dirname(dir)) {
      checkedDirs.add(dir);
      if (existsSync(dir) && !isDirectory(dir)) problems.add(`${dir} is a file, but synthesis needs a folder there; move it away`);
      else if (isSymlink(dir) && !existsSync(dir)) problems.add(`${dir} is a symbolic link to ${readlinkSync(dir)}, which does not exist; create that folder or remove the link`);
      if (dir === outdir || dir === path.dirname(dir)) break;
    }
    if (isDirectory(c.target)) problems.add(`${c.target} is a folder, but synthesis writes a generated file of that name there; move it away`);
  }
  if (problems.size > 0) {
    throw new SynthesisError(`cannot install the synthesized output; nothing was changed:\n${[...problems].map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Writes every new file under a temporary name beside its target, then renames
 * them all into place and removes what is to be removed. Any failure undoes
 * what was done, from the old contents kept in memory (our files are small).
 */
function applyPlan(plan: InstallPlan): void {
  const createdDirs: string[] = [];
  let current = "";
  const temps = new Map<string, string>();
  const undo: (() => void)[] = [];
  const tempName = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.synth-tmp`);
  const fail = (e: unknown, stage: string): never => {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // keep undoing the rest
      }
    }
    for (const t of temps.values()) rmSync(t, { force: true });
    for (const d of createdDirs.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // not empty (a user's file appeared) or gone: leave it
      }
    }
    const err = e as NodeJS.ErrnoException;
    throw new SynthesisError(
      `cannot install the synthesized output into ${plan.outdir} (${stage} ${current}: ${err.code ?? err.message ?? String(e)}); the previous output was left as it was. Check the folder's permissions and that nothing else holds it.`,
    );
  };

  try {
    for (const c of plan.changes) {
      if (c.kind !== "write") continue;
      current = c.target;
      const missing: string[] = [];
      for (let dir = path.dirname(c.target); !existsSync(dir); dir = path.dirname(dir)) missing.unshift(dir);
      for (const dir of missing) {
        mkdirSync(dir);
        createdDirs.push(dir);
      }
      const temp = tempName(c.target);
      if (Buffer.isBuffer(c.content)) writeFileSync(temp, c.content);
      else copyFileSync(c.content.staged, temp);
      temps.set(c.target, temp);
    }
  } catch (e) {
    fail(e, "writing");
  }

  try {
    for (const c of plan.changes) {
      current = c.target;
      if (c.kind === "write") {
        const old = isRegularFile(c.target) ? readFileSync(c.target) : undefined;
        const link = isSymlink(c.target) ? readlinkSync(c.target) : undefined;
        renameSync(temps.get(c.target)!, c.target);
        temps.delete(c.target);
        undo.push(() => {
          if (old) restore(c.target, old);
          else {
            unlinkSync(c.target);
            if (link !== undefined) symlinkSync(link, c.target);
          }
        });
      } else if (c.kind === "remove") {
        const old = readFileSync(c.target);
        unlinkSync(c.target);
        undo.push(() => restore(c.target, old));
      } else {
        rmdirSync(c.target);
        undo.push(() => mkdirSync(c.target));
      }
    }
  } catch (e) {
    fail(e, "installing");
  }
}

function restore(target: string, content: Buffer): void {
  const temp = `${target}.${process.pid}.synth-restore`;
  writeFileSync(temp, content);
  renameSync(temp, target);
}

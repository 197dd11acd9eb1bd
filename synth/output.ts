/**
 * Putting a synthesis in place without losing anything. Synthesis writes the
 * whole output into a staging folder beside the output folder; only when every
 * stack, HCL file and report is there does `commit` install it into the output
 * folder, one folder (`stacks/<stack>`, `hcl/<stack>`, `reports`) at a time,
 * each all at once:
 *
 * - only files we generate are written or removed (GENERATED_FILES: fixed names
 *   per tree, plus reports/<env>.{json,md,html}, manifest.json and inputs.json);
 *   state, `.terraform/`, lock files, a user's `*_override.tf`, anything else in
 *   a stack folder is carried into the folder's next version as hard links
 *   (the same files, byte for byte);
 * - each folder's next version is built beside it (`.<name>.synth-new`), then
 *   swapped in by two renames; a journal (JOURNAL_FILE) records the install
 *   while it runs, so a killed run is completed by the next one and refused by
 *   every reader (assertOutputComplete); a failure puts back what was there;
 * - nothing is written or deleted through a symbolic link under the output
 *   folder: a link on the way is refused, naming it; a link where a generated
 *   file goes is replaced by the file, its target left alone;
 * - a stack folder whose stack is no longer produced is removed when it holds
 *   only generated files, and kept, with a warning, when it holds anything else.
 *
 * `inputs.json` records, per environment, a fingerprint of what its output was
 * made from (stacks/inputs.ts), so `npm run verify` can refuse to check stale output.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
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
  writeFileSync,
} from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, Problem, SynthesisError } from "../policy";
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
    refuseUnfitOutdir(outdir);
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
    // One install at a time: a second run would take a live install's journal for an interrupted one and "complete" it.
    const release = takeInstallLock(this.outdir);
    try {
      // An install an earlier run left half done is completed first: the plan reads the output as a whole.
      const recovered = recoverInterruptedInstall(this.outdir);
      const plan = planInstall(this.outdir, this.dir, options);
      const merged = applyPlan(plan);
      return [...recovered, ...plan.notices, ...merged];
    } finally {
      release();
    }
  }

  /** Removes the staging folder (after a commit or a failure). */
  discard(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Files that make a folder a project: output put there would mix with its sources.
 * (Not .git: a repository of its own for the output, which pipelines check out, is a fair output folder.)
 */
const NOT_AN_OUTPUT_FOLDER = ["cdktf.json", "package.json"];

/**
 * Refuses, before anything is built, an output folder that is a file, the
 * file system's root or a folder holding a project (CDKTF_OUTDIR=. or a typo):
 * the output's stacks/ would sit beside, say, the project's own stacks/ sources.
 */
function refuseUnfitOutdir(outdir: string): void {
  const unfit = (why: string, what: string) => {
    throw new SynthesisError(`the output folder ${outdir} ${why}. ${what}`, undefined, "OUTPUT_DIR_UNFIT");
  };
  let stat;
  try {
    stat = statSync(outdir);
  } catch {
    return; // created at install
  }
  if (!stat.isDirectory()) unfit("is not a folder", "Set CDKTF_OUTDIR (or the outdir option) to a folder, such as cdktf.out, or move the file away.");
  const real = realOutdir(outdir);
  if (path.dirname(real) === real) unfit("is the root of the file system", "Give the output a folder of its own, such as cdktf.out.");
  const held = NOT_AN_OUTPUT_FOLDER.find((name) => existsSync(path.join(real, name)));
  if (held) unfit(`holds ${held}: it is a project folder, whose files the output would mix with`, "Give the output a folder of its own, such as cdktf.out (the default).");
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

/** How long a run waits for another run's install of the same output folder (an install takes seconds). */
export const INSTALL_LOCK_WAIT_MS = 120_000;

/**
 * Takes the install lock of `outdir`: a file beside it (`.<name>.synth-lock`,
 * created exclusively) naming the process and host that holds it. A lock whose
 * process on this host is gone is taken over; a live one is waited for, up to
 * INSTALL_LOCK_WAIT_MS, then refused (OUTPUT_BUSY). Where nothing can be written
 * beside the output folder the install goes on unlocked, as it did before locks.
 * Returns the release.
 */
export function takeInstallLock(outdir: string, waitMs = INSTALL_LOCK_WAIT_MS): () => void {
  const lock = installLockFile(outdir);
  const me = `${process.pid} ${os.hostname()}\n`;
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      writeFileSync(lock, me, { flag: "wx" });
      return () => {
        // Only our own lock is removed: a run that took over a lock it judged stale holds its own.
        if (readLock(lock) === me) rmSync(lock, { force: true });
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EROFS" || code === "EPERM") return () => undefined;
      if (code !== "EEXIST") throw e;
    }
    const holder = lockHolder(lock);
    if (holder && !holder.live) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SynthesisError(
        `another synthesis (process ${holder?.pid ?? "?"} on ${holder?.host ?? "?"}) is installing its output into ${outdir} and still holds ${lock} after ${Math.round(waitMs / 1000)} s; nothing was changed. Let it finish, or delete ${lock} if no synthesis is running.`,
        undefined,
        "OUTPUT_BUSY",
      );
    }
    Atomics.wait(pause, 0, 0, 50);
  }
}

/** The install lock of `outdir`: beside the real folder, so that it never mixes with the output. */
function installLockFile(outdir: string): string {
  const real = realOutdir(outdir);
  return path.join(path.dirname(real), `.${path.basename(real)}.synth-lock`);
}

/** "<pid> on <host>" of a live synthesis holding the install lock of `outdir`, if one does. */
function installLockHolder(outdir: string): string | undefined {
  const holder = lockHolder(installLockFile(outdir));
  return holder?.live ? `${holder.pid} on ${holder.host}` : undefined;
}

/**
 * Who holds a lock file, if it is there: its process and host, and whether that
 * process may still run. A process of another host cannot be asked, so it is
 * taken as live; a file that names no process is a stale lock.
 */
function lockHolder(file: string): { readonly pid: string; readonly host: string; readonly live: boolean } | undefined {
  const text = readLock(file);
  if (text === undefined) return undefined;
  const [pid = "", host = ""] = text.trim().split(" ");
  return { pid, host, live: /^\d+$/.test(pid) && (host !== os.hostname() || isAlive(Number(pid))) };
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
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
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

/**
 * Refuses, before anything is written, an output folder where a file stands
 * where we need a folder, a folder where we write a file, or a symbolic link
 * on the way to what we write: synthesis never writes or deletes through a
 * link (it could lead anywhere, a team's own folder included).
 */
function preflight(outdir: string, changes: readonly Change[]): void {
  const problems = new Map<string, Problem>();
  const add = (p: Problem) => problems.set(`${p.subject}: ${p.message}`, p);
  const checkedDirs = new Set<string>();
  for (const c of changes) {
    for (let dir = path.dirname(c.target); !checkedDirs.has(dir); dir = path.dirname(dir)) {
      checkedDirs.add(dir);
      // The output folder itself may be a link: the user chose where it lives.
      if (dir === outdir || dir === path.dirname(dir)) break;
      if (isSymlink(dir))
        add({
          code: "OUTPUT_SYMLINK",
          subject: dir,
          message: `is a symbolic link (to ${readlinkSync(dir)}); synthesis never writes through a link, so it leaves the link and its target alone`,
          hint: "Replace the link by a plain folder (move your own files into it), or remove it.",
        });
      else if (existsSync(dir) && !isDirectory(dir)) add({ code: "OUTPUT_IN_THE_WAY", subject: dir, message: "is a file, but synthesis needs a folder there", hint: "Move it away." });
    }
    if (c.kind === "write" && isDirectory(c.target) && !isSymlink(c.target))
      add({ code: "OUTPUT_IN_THE_WAY", subject: c.target, message: "is a folder, but synthesis writes a generated file of that name there", hint: "Move it away." });
  }
  if (problems.size > 0) {
    // Links first: the refusal's code is OUTPUT_SYMLINK whenever a link is in the way.
    const all = [...problems.values()].sort((a, b) => Number(b.code === "OUTPUT_SYMLINK") - Number(a.code === "OUTPUT_SYMLINK"));
    throw SynthesisError.of(all, "cannot install the synthesized output; nothing was changed");
  }
}

/**
 * One folder we switch at once (`stacks/<stack>`, `hcl/<stack>`, `reports`):
 * its next version is built beside it, holding our new files and a hard link
 * of everything else in it (state, `.terraform/`, lock and override files,
 * other environments' reports), then swapped in by two renames.
 */
interface FolderSwitch {
  /** Relative to the output folder, `/`-separated. */
  readonly dir: string;
  readonly writes: Map<string, Content>;
  /** Names in it that are ours (written or removed by this run): the rest is carried over. */
  readonly ours: Set<string>;
  /** The folder goes away (a stack no longer produced, holding only generated files). */
  readonly drop: boolean;
}

/** Written in the output folder while an install runs; its presence means "interrupted" to every reader. */
export const JOURNAL_FILE = ".synth-journal.json";

interface Journal {
  readonly format: 1;
  /** preparing: the old output is whole, next versions are being built beside it; switching: folders are being swapped. */
  readonly phase: "preparing" | "switching";
  readonly folders: readonly { dir: string; ours: string[]; drop: boolean }[];
  /** Files at the top of the output folder, each replaced by one rename. */
  readonly files: readonly string[];
}

const NEW = ".synth-new";
const OLD = ".synth-old";
const beside = (outdir: string, rel: string, suffix: string) => path.join(outdir, path.dirname(rel), `.${path.basename(rel)}${suffix}`);

function groupChanges(outdir: string, changes: readonly Change[]): { folders: FolderSwitch[]; files: Map<string, Content> } {
  const folders = new Map<string, FolderSwitch>();
  const files = new Map<string, Content>();
  const folderOf = (rel: string, drop = false): FolderSwitch => {
    let f = folders.get(rel);
    if (!f) folders.set(rel, (f = { dir: rel, writes: new Map(), ours: new Set(), drop }));
    return f;
  };
  for (const c of changes) {
    const rel = path.relative(outdir, c.target).split(path.sep).join("/");
    if (c.kind === "rmdir") {
      const f = folderOf(rel, true);
      (f as { drop: boolean }).drop = true;
      continue;
    }
    const dir = path.posix.dirname(rel);
    if (dir === ".") {
      if (c.kind === "write") files.set(rel, c.content);
      continue;
    }
    const f = folderOf(dir);
    f.ours.add(path.posix.basename(rel));
    if (c.kind === "write") f.writes.set(path.posix.basename(rel), c.content);
  }
  // Deeper folders first is not needed (ours are one level under stacks/, hcl/ or the top): sort for a stable order.
  return { folders: [...folders.values()].sort((a, b) => a.dir.localeCompare(b.dir)), files };
}

function writeJournal(outdir: string, journal: Journal): void {
  const temp = path.join(outdir, `${JOURNAL_FILE}.tmp`);
  writeFileSync(temp, JSON.stringify(journal, null, 2) + "\n");
  renameSync(temp, path.join(outdir, JOURNAL_FILE));
}

function readJournal(outdir: string): Journal | undefined {
  const file = path.join(outdir, JOURNAL_FILE);
  if (!existsSync(file)) return undefined;
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(file, "utf8")) as Journal;
  } catch {
    throw new SynthesisError(
      `${file} records an install that was interrupted, but it cannot be read. Nothing was changed. Look at the folders named *${NEW} and *${OLD} in ${outdir}: move your own files (state, .terraform/) back into their stack folders, then delete ${file} and synthesize again.`,
      undefined,
      "OUTPUT_JOURNAL_CORRUPT",
    );
  }
  if (!journal || journal.format !== 1 || !Array.isArray(journal.folders) || !Array.isArray(journal.files)) {
    throw new SynthesisError(
      `${file} is not a journal this version of the tool wrote; nothing was changed. Finish that install with the version that started it, or delete ${file} after checking the *${NEW}/*${OLD} folders beside the stack folders.`,
      undefined,
      "OUTPUT_JOURNAL_CORRUPT",
    );
  }
  return journal;
}

/**
 * Every reader of the output (verify, diff, drift, plan; deploy goes through
 * synthesis) calls this first: an install that was interrupted (a killed or
 * crashed synthesis) leaves folders switched and others not, and reading them
 * would check or apply a mix. Throws ConfigError OUTPUT_INSTALL_INTERRUPTED.
 */
export function assertOutputComplete(outdir: string): void {
  if (!existsSync(path.join(outdir, JOURNAL_FILE))) return;
  const holder = installLockHolder(outdir);
  throw new ConfigError([
    holder
      ? {
          code: "OUTPUT_INSTALL_INTERRUPTED",
          subject: `the synthesis of process ${holder}`,
          message: `is installing ${outdir} right now, so some folders may be new and others old`,
          hint: "Run this again when that synthesis has finished.",
        }
      : {
          code: "OUTPUT_INSTALL_INTERRUPTED",
          message: `${outdir} holds an install that was interrupted (a synthesis was killed or failed while putting its output in place: ${path.join(outdir, JOURNAL_FILE)} is still there), so some folders may be new and others old`,
          hint: "Run `npm run synth` again: it completes the install first, keeping your state and other files, then synthesizes as usual.",
        },
  ]);
}

/** A JSON file of the output, parsed; a missing or corrupt one is a ConfigError naming it (OUTPUT_MISSING_FILE, OUTPUT_CORRUPT_FILE). */
export function readOutputJson(file: string, what: string): any {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError([
      { code: "OUTPUT_MISSING_FILE", subject: `${file} (${what})`, message: `cannot be read (${code ?? String(e)})`, hint: "Run `npm run synth` to write it (or pass the synthesis folder)." },
    ]);
  }
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
    return value;
  } catch (e) {
    throw new ConfigError([
      {
        code: "OUTPUT_CORRUPT_FILE",
        subject: `${file} (${what})`,
        message: `is corrupt: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}${text.length === 0 ? " (the file is empty)" : ""}`,
        hint: "It was truncated or edited: run `npm run synth` to write it again (your own files in the output folder are kept).",
      },
    ]);
  }
}

/** Copies an entry of a folder into its next version: folders are made anew, files hard-linked (the same bytes, whatever happens next), links copied as links. */
function carryOver(from: string, to: string): void {
  const st = lstatSync(from);
  if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
  else if (st.isDirectory()) {
    mkdirSync(to);
    for (const name of readdirSync(from).sort()) carryOver(path.join(from, name), path.join(to, name));
    chmodSync(to, st.mode & 0o7777); // last: a read-only folder must still be filled
  } else if (st.isFile()) {
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
      chmodSync(to, st.mode & 0o7777);
    }
  } else {
    throw SynthesisError.of([
      {
        code: "OUTPUT_UNSUPPORTED_ENTRY",
        subject: from,
        message: "is neither a file, a folder nor a link (a socket or a device?); synthesis cannot carry it into the next version of its folder",
        hint: "Move it out of the output folder.",
      },
    ]);
  }
}

function sameEntry(a: string, b: string): boolean {
  const [x, y] = [lstatSync(a), lstatSync(b)];
  if (x.isSymbolicLink() || y.isSymbolicLink()) return x.isSymbolicLink() && y.isSymbolicLink() && readlinkSync(a) === readlinkSync(b);
  if (x.isFile() && y.isFile()) return (x.ino === y.ino && x.dev === y.dev) || (x.size === y.size && readFileSync(a).equals(readFileSync(b)));
  return false;
}

/**
 * After a switch, the old version of a folder holds what the new one already
 * has (hard links, our old files) and, when someone wrote into it while the
 * install ran or after an interruption, something new: that is moved into the
 * new version. Returns what could not be merged (both versions have a different file there).
 */
function sweep(old: string, current: string, ours: ReadonlySet<string>, top = true): string[] {
  const conflicts: string[] = [];
  for (const name of readdirSync(old).sort()) {
    if (top && ours.has(name)) continue;
    const [a, b] = [path.join(old, name), path.join(current, name)];
    if (!lexists(b)) renameSync(a, b);
    else if (lstatSync(a).isDirectory() && !lstatSync(a).isSymbolicLink() && lstatSync(b).isDirectory()) conflicts.push(...sweep(a, b, ours, false));
    else if (!sameEntry(a, b)) conflicts.push(b);
  }
  return conflicts;
}

function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Builds the next version of each folder and each top file beside it; the old output stays whole. */
function prepare(outdir: string, folders: readonly FolderSwitch[], files: ReadonlyMap<string, Content>, createdDirs: string[]): void {
  for (const f of folders) {
    const dir = path.join(outdir, f.dir);
    const next = beside(outdir, f.dir, NEW);
    rmSync(next, { recursive: true, force: true });
    if (f.drop) continue;
    const missing: string[] = [];
    for (let d = path.dirname(dir); !existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) {
      mkdirSync(d);
      createdDirs.push(d);
    }
    mkdirSync(next);
    if (isDirectory(dir)) for (const name of readdirSync(dir).sort()) if (!f.ours.has(name)) carryOver(path.join(dir, name), path.join(next, name));
    for (const [name, content] of f.writes) {
      if (Buffer.isBuffer(content)) writeFileSync(path.join(next, name), content);
      else copyFileSync(content.staged, path.join(next, name));
    }
    // The folder's own mode (a team may keep a stack folder read-only), set once it is filled.
    if (isDirectory(dir)) chmodSync(next, statSync(dir).mode & 0o7777);
  }
  for (const [name, content] of files) {
    const next = beside(outdir, name, NEW);
    if (Buffer.isBuffer(content)) writeFileSync(next, content);
    else copyFileSync(content.staged, next);
  }
}

/** Swaps one folder: the current version aside, the next one in. Safe to repeat after an interruption. */
function switchFolder(outdir: string, f: { dir: string; drop: boolean }): void {
  const [dir, next, old] = [path.join(outdir, f.dir), beside(outdir, f.dir, NEW), beside(outdir, f.dir, OLD)];
  if (!f.drop && !lexists(next)) return; // switched already
  if (lexists(dir)) {
    if (lexists(old)) {
      throw new SynthesisError(
        `${dir} and ${old} both exist: the interrupted install cannot tell which is the earlier version. Move your own files from ${old} into ${dir} if they are missing there, delete ${old}, then synthesize again.`,
        undefined,
        "OUTPUT_RECOVERY_CONFLICT",
      );
    }
    renameSync(dir, old);
  }
  if (!f.drop) renameSync(next, dir);
}

/** Switches a top file: the current version is kept as a link beside it until the install is done. */
function switchFile(outdir: string, name: string): void {
  const [file, next, old] = [path.join(outdir, name), beside(outdir, name, NEW), beside(outdir, name, OLD)];
  if (!lexists(next)) return;
  if (isRegularFile(file) && !lexists(old)) linkSync(file, old);
  renameSync(next, file);
}

/** Removes the old version of each folder, merging into the new one whatever is not in it yet. Returns notices. */
function finish(outdir: string, journal: Journal): string[] {
  const notices: string[] = [];
  for (const f of journal.folders) {
    const [dir, old] = [path.join(outdir, f.dir), beside(outdir, f.dir, OLD)];
    if (!lexists(old)) continue;
    chmodSync(old, 0o700); // the version going away: a read-only folder must not keep its entries from moving out
    if (f.drop) {
      const foreign = readdirSync(old).filter((n) => !f.ours.includes(n));
      if (foreign.length === 0) rmSync(old, { recursive: true, force: true });
      else if (!lexists(dir)) renameSync(old, dir); // something appeared in it meanwhile: keep the folder
      continue;
    }
    const conflicts = sweep(old, dir, new Set(f.ours));
    if (conflicts.length === 0) rmSync(old, { recursive: true, force: true });
    else {
      // Kept outside stacks/ and hcl/ (the CDKTF CLI deletes stack folders its manifest does not list).
      let kept = path.join(outdir, "before-synth", f.dir);
      for (let n = 2; lexists(kept); n++) kept = path.join(outdir, "before-synth", `${f.dir}-${n}`);
      mkdirSync(path.dirname(kept), { recursive: true });
      renameSync(old, kept);
      notices.push(`warning: ${conflicts.join(", ")} changed while synthesis installed ${dir}; the version from before is kept in ${kept}: compare, keep what you need, then delete that folder.`);
    }
  }
  for (const name of journal.files) rmSync(beside(outdir, name, OLD), { force: true });
  rmSync(path.join(outdir, JOURNAL_FILE), { force: true });
  return notices;
}

/**
 * Completes (or, when it never started switching, undoes) an install that an
 * earlier run left behind. Returns notices for the console.
 */
export function recoverInterruptedInstall(outdir: string): string[] {
  rmSync(path.join(outdir, `${JOURNAL_FILE}.tmp`), { force: true });
  const journal = readJournal(outdir);
  if (!journal) return [];
  if (journal.phase === "preparing") {
    for (const f of journal.folders) rmSync(beside(outdir, f.dir, NEW), { recursive: true, force: true });
    for (const name of journal.files) rmSync(beside(outdir, name, NEW), { force: true });
    rmSync(path.join(outdir, JOURNAL_FILE), { force: true });
    return [`${outdir}: an earlier synthesis was interrupted before it changed anything; its leftovers were removed.`];
  }
  for (const f of journal.folders) switchFolder(outdir, f);
  for (const name of journal.files) switchFile(outdir, name);
  return [...finish(outdir, journal), `${outdir}: completed the install of an earlier synthesis that was interrupted (your own files were kept).`];
}

/**
 * Installs the plan: each folder switches at once (two renames), with
 * everything in it that is not ours carried over; a journal says what is under
 * way, so readers refuse a half-done install and the next run completes it.
 * A failure before the old versions are merged away puts everything back.
 */
function applyPlan(plan: InstallPlan): string[] {
  const { outdir } = plan;
  const { folders, files } = groupChanges(outdir, plan.changes);
  const journal: Journal = { format: 1, phase: "preparing", folders: folders.map((f) => ({ dir: f.dir, ours: [...f.ours].sort(), drop: f.drop })), files: [...files.keys()] };
  const createdDirs: string[] = [];
  const outdirExisted = existsSync(outdir);
  const undoPrepare = () => {
    for (const f of folders) rmSync(beside(outdir, f.dir, NEW), { recursive: true, force: true });
    for (const name of files.keys()) rmSync(beside(outdir, name, NEW), { force: true });
    rmSync(path.join(outdir, JOURNAL_FILE), { force: true });
    rmSync(path.join(outdir, `${JOURNAL_FILE}.tmp`), { force: true });
    for (const d of createdDirs.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // not empty (a user's file appeared) or gone: leave it
      }
    }
    if (!outdirExisted) {
      try {
        rmdirSync(outdir);
      } catch {
        // not empty: leave it
      }
    }
  };
  const failure = (e: unknown, stage: string): SynthesisError => {
    if (e instanceof SynthesisError) return e;
    const err = e as NodeJS.ErrnoException;
    return new SynthesisError(
      `cannot install the synthesized output into ${outdir} (${stage} ${err.path ?? ""}: ${err.code ?? err.message ?? String(e)}); the previous output was left as it was. Check the folder's permissions and that nothing else holds it.`,
      undefined,
      "OUTPUT_INSTALL_FAILED",
    );
  };

  try {
    if (!outdirExisted) mkdirSync(outdir, { recursive: true });
    writeJournal(outdir, journal);
    prepare(outdir, folders, files, createdDirs);
    writeJournal(outdir, { ...journal, phase: "switching" });
  } catch (e) {
    undoPrepare();
    throw failure(e, "writing");
  }

  const switched: FolderSwitch[] = [];
  const switchedFiles: string[] = [];
  try {
    for (const f of folders) {
      switched.push(f);
      switchFolder(outdir, f);
    }
    for (const name of files.keys()) {
      switchedFiles.push(name);
      switchFile(outdir, name);
    }
  } catch (e) {
    // Put back what was switched: each folder's old version is intact beside it.
    try {
      for (const name of switchedFiles.reverse()) {
        const old = beside(outdir, name, OLD);
        if (lexists(old)) renameSync(old, path.join(outdir, name));
      }
      for (const f of switched.reverse()) {
        const [dir, next, old] = [path.join(outdir, f.dir), beside(outdir, f.dir, NEW), beside(outdir, f.dir, OLD)];
        if (!f.drop && lexists(dir) && !lexists(next) && lexists(old)) renameSync(dir, next);
        if (lexists(old) && !lexists(dir)) renameSync(old, dir);
      }
      undoPrepare();
    } catch {
      throw new SynthesisError(
        `installing the synthesized output into ${outdir} failed (${(e as NodeJS.ErrnoException).code ?? String(e)}) and could not be undone; the journal ${path.join(outdir, JOURNAL_FILE)} records it: run \`npm run synth\` again to complete the install (your own files are kept).`,
        undefined,
        "OUTPUT_INSTALL_INTERRUPTED",
      );
    }
    throw failure(e, "installing");
  }
  return finish(outdir, { ...journal, phase: "switching" });
}

/**
 * The twins of a stack: Terraform runs whatever configuration files a stack
 * folder holds, so `cdktf.out/hcl/<stack>` (what Terraform teams run) and the
 * JSON folder (what `cdktf deploy` runs) must both amount to the configuration
 * verify checked, `cdk.tf.json`. Each folder is read as Terraform reads it —
 * every top-level `*.tf` and `*.tf.json`, override files merged last — and
 * compared block by block and attribute by attribute.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { BoundPolicy } from "../../policy";
import { terraformJsonToHcl } from "../../synth/hcl";
import { checkEnvironment, SynthesizedCloud } from "../../modules/engine/check";

/** One configuration difference, located in the folder that holds it. */
export interface TwinDifference {
  /** The file holding (or expected to hold) the block, relative to the folder. */
  readonly file: string;
  /** Terraform address: `<type>.x`, `output.y`, `provider.aws`, `terraform`. */
  readonly block: string;
  readonly detail: string;
}

export interface FolderConfig {
  /** The configuration as Terraform JSON, one-element block lists unwrapped, metadata ("//") dropped. */
  readonly config: Record<string, any>;
  /** Block address → the file that defines it. */
  readonly fileOf: ReadonlyMap<string, string>;
  /** What Terraform itself would refuse (syntax errors, a block defined twice), located. */
  readonly problems: readonly TwinDifference[];
}

/** The block name of a problem with a whole file. */
const UNREADABLE = "(file)";

const OVERRIDE = /(^|_)override\.tf(\.json)?$/;

/** The configuration files Terraform reads in a folder (top level only), sorted. */
export function configurationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => (f.endsWith(".tf") || f.endsWith(".tf.json")) && statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Drops CDKTF's "//" metadata and unwraps one-element lists of objects (HCL blocks parse back as lists). */
export function normaliseConfig(v: unknown): any {
  if (Array.isArray(v)) {
    const items = v.map(normaliseConfig);
    return items.length === 1 && items[0] !== null && typeof items[0] === "object" && !Array.isArray(items[0]) ? items[0] : items;
  }
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (k !== "//") out[k] = normaliseConfig((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Every block of a parsed file as [address, [kind, ...labels], bodies] (HCL gives each block a list of bodies). */
function blocksOf(parsed: Record<string, any>): { address: string; labels: string[]; bodies: unknown[] }[] {
  const out: { address: string; labels: string[]; bodies: unknown[] }[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  for (const [kind, value] of Object.entries(parsed)) {
    if (kind === "//") continue;
    if (kind === "resource" || kind === "data") {
      for (const [type, byName] of Object.entries<any>(value ?? {})) {
        for (const [name, body] of Object.entries<any>(byName ?? {})) out.push({ address: `${kind === "data" ? "data." : ""}${type}.${name}`, labels: [kind, type, name], bodies: list(body) });
      }
    } else if (kind === "output" || kind === "variable" || kind === "module") {
      for (const [name, body] of Object.entries<any>(value ?? {})) out.push({ address: `${kind}.${name}`, labels: [kind, name], bodies: list(body) });
    } else if (kind === "provider") {
      // Several configurations of one provider (aliases) form one list.
      for (const [name, body] of Object.entries<any>(value ?? {})) out.push({ address: `provider.${name}`, labels: [kind, name], bodies: [list(body)] });
    } else {
      // terraform, locals and anything newer: Terraform merges repeated blocks.
      out.push({ address: kind, labels: [kind], bodies: [Object.assign({}, ...list(value).map((b) => (b && typeof b === "object" ? b : {})))] });
    }
  }
  return out;
}

function setAt(config: Record<string, any>, labels: string[], body: unknown): void {
  let node = config;
  for (const l of labels.slice(0, -1)) node = node[l] ??= {};
  node[labels[labels.length - 1]] = body;
}

function getAt(config: Record<string, any>, labels: string[]): any {
  return labels.reduce<any>((node, l) => node?.[l], config);
}

/** ":<line>" of a block's header in an HCL file (`resource "type" "name" {`), or "" when it cannot be told. */
function headerLine(file: string, text: string, labels: string[]): string {
  if (file.endsWith(".json")) return "";
  const escape = (l: string) => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const header = new RegExp(`^[ \\t]*${[escape(labels[0]), ...labels.slice(1).map((l) => `"?${escape(l)}"?`)].join("[ \\t]+")}[ \\t]*\\{`, "m");
  const m = header.exec(text);
  return m ? `:${text.slice(0, m.index).split("\n").length}` : "";
}

/** HashiCorp's HCL parser, loaded only when a folder must be parsed (its WebAssembly runtime takes ~0.25 s to load). */
async function parseHcl(file: string, text: string): Promise<Record<string, any>> {
  const { parse } = await import("@cdktf/hcl2json");
  return parse(file, text);
}

/** Reads a stack folder as Terraform would: base files first, then override files merged over them. */
export async function readFolderConfig(dir: string): Promise<FolderConfig> {
  const config: Record<string, any> = {};
  const fileOf = new Map<string, string>();
  const problems: TwinDifference[] = [];
  const files = configurationFiles(dir);
  const parsedFiles: { file: string; text: string; parsed: Record<string, any> }[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    try {
      parsedFiles.push({ file, text, parsed: file.endsWith(".json") ? JSON.parse(text) : await parseHcl(file, text) });
    } catch (e) {
      // A stack overflow is this reader's limit, not Terraform's refusal: say so, and still refuse to judge the file.
      const detail =
        e instanceof RangeError
          ? `it nests too deeply for this check to read (${e.message}); flatten the nesting, or judge the planned configuration instead`
          : `Terraform cannot read it: ${e instanceof Error ? e.message : String(e)}`;
      problems.push({ file, block: UNREADABLE, detail });
    }
  }
  for (const pass of ["base", "override"] as const) {
    for (const { file, text, parsed } of parsedFiles) {
      if (OVERRIDE.test(file) !== (pass === "override")) continue;
      for (const { address, labels, bodies } of blocksOf(parsed)) {
        const here = `${file}${headerLine(file, text, labels)}`;
        const existing = getAt(config, labels);
        if (pass === "base") {
          if (existing !== undefined || bodies.length > 1) {
            problems.push({
              file: here,
              block: address,
              detail: `defined more than once (${existing !== undefined ? `also in ${fileOf.get(address)}` : "twice in this file"}); Terraform refuses duplicate blocks`,
            });
          }
          setAt(config, labels, normaliseConfig(bodies[0]));
          if (!fileOf.has(address)) fileOf.set(address, here);
        } else {
          if (existing === undefined) {
            problems.push({ file: here, block: address, detail: "overrides a block no other file defines; Terraform refuses it" });
            continue;
          }
          // Terraform's override rule: each attribute or nested block type named in the override replaces the original's.
          const merged = { ...existing };
          for (const body of bodies) Object.assign(merged, normaliseConfig(body));
          setAt(config, labels, normaliseConfig(merged));
          fileOf.set(address, `${fileOf.get(address)} (overridden by ${here})`);
        }
      }
    }
  }
  return { config, fileOf, problems };
}

/** Terraform converts between numbers, booleans and strings where the schema asks: 22 and "22" are one value. */
function sameScalar(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a === "object" || typeof b === "object") return a === b;
  return String(a) === String(b);
}

function show(v: unknown): string {
  return v === undefined ? "absent" : JSON.stringify(v);
}

/** Attribute-level differences between two bodies: `from_port is 23 here, 22 in cdk.tf.json`. */
function bodyDifferences(actual: unknown, expected: unknown, at: string, reference: string, out: string[]): void {
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(actual) && isObj(expected)) {
    const keys = [...new Set([...Object.keys(actual as object), ...Object.keys(expected as object)])].sort();
    for (const k of keys) bodyDifferences((actual as any)[k], (expected as any)[k], at ? `${at}.${k}` : k, reference, out);
    return;
  }
  if (Array.isArray(actual) && Array.isArray(expected) && actual.length === expected.length) {
    // Ranges, tags, ports and rule blocks are sets to the providers: an order change is not a change.
    const canonical = (list: unknown[]) =>
      list
        .map((v) => JSON.stringify(v))
        .sort()
        .join("\n");
    if (canonical(actual) === canonical(expected)) return;
    actual.forEach((v, i) => bodyDifferences(v, expected[i], `${at}[${i}]`, reference, out));
    return;
  }
  if (Array.isArray(actual) || Array.isArray(expected) || isObj(actual) || isObj(expected) ? JSON.stringify(actual) !== JSON.stringify(expected) : !sameScalar(actual, expected)) {
    out.push(`${at || "the block"} is ${show(actual)} here, ${show(expected)} in ${reference}`);
  }
}

/** Where the synthesizer puts a block of the reference configuration (for a block missing from the folder). */
function expectedFile(labels: string[], body: unknown): string {
  const single: Record<string, any> = {};
  setAt(single, labels, labels[0] === "provider" ? [body].flat() : body);
  try {
    return Object.keys(terraformJsonToHcl(single)).find((f) => f.endsWith(".tf")) ?? "main.tf";
  } catch {
    return "main.tf";
  }
}

/**
 * How a folder's configuration differs from the reference (`cdk.tf.json`), block by block:
 * blocks added, blocks missing, attributes changed, each with the file that holds it.
 */
export function compareWithReference(folder: FolderConfig, reference: unknown, referenceName: string): TwinDifference[] {
  const want = new Map(blocksOf(normaliseConfig(reference) as Record<string, any>).map((b) => [b.address, b]));
  const have = new Map(blocksOf(folder.config).map((b) => [b.address, b]));
  const out: TwinDifference[] = [...folder.problems];
  for (const address of [...new Set([...want.keys(), ...have.keys()])].sort()) {
    const w = want.get(address);
    const h = have.get(address);
    if (!h) {
      out.push({ file: expectedFile(w!.labels, w!.bodies[0]), block: address, detail: `missing: ${referenceName} defines it, no file here does` });
    } else if (!w) {
      out.push({ file: folder.fileOf.get(address)!, block: address, detail: `added: not in ${referenceName}` });
    } else {
      const details: string[] = [];
      bodyDifferences(normaliseConfig(h.bodies[0]), normaliseConfig(w.bodies[0]), "", referenceName, details);
      for (const detail of details) out.push({ file: folder.fileOf.get(address)!, block: address, detail });
    }
  }
  return out;
}

export function formatTwinDifference(folder: string, d: TwinDifference): string {
  return `${path.join(folder, d.file)}: ${d.block}: ${d.detail}`;
}

/** The Terraform settings block: backend and version constraints, no firewall meaning. */
const SETTINGS_BLOCK = "terraform";

/** What the twin check found: differences that fail verify, and Terraform-settings differences shown as notes. */
export interface TwinFindings {
  readonly differences: readonly string[];
  readonly notes: readonly string[];
}

/** A cloud check of one configuration: the disagreements it finds, one line each. */
export type ConfigurationCheck = (config: unknown) => readonly string[];

/**
 * Checks both folders of one stack against its `cdk.tf.json`: every difference,
 * located; and, when a folder differs, the flows it decides unlike the catalog
 * (what running Terraform in that folder would change). Empty when both match.
 */
export async function checkStackTwins(jsonFile: string, hclFolder: string, check: ConfigurationCheck): Promise<TwinFindings> {
  const reference = JSON.parse(readFileSync(jsonFile, "utf8"));
  const referenceName = path.basename(jsonFile);
  const jsonFolder = path.dirname(jsonFile);
  const lines: string[] = [];
  const notes: string[] = [];
  if (!existsSync(hclFolder)) return { differences: [`${hclFolder} is missing: the HCL twin of ${jsonFile}. Run \`npm run synth\` to write both trees.`], notes };
  const folders: string[] = [];
  // Fast path: files byte-identical to what synthesis writes from this cdk.tf.json hold its configuration
  // (the synth tests hold the round trip). Anything else is parsed and compared block by block.
  const written = terraformJsonToHcl(reference);
  const present = configurationFiles(hclFolder);
  const untouched = present.join("\n") === Object.keys(written).sort().join("\n") && present.every((f) => readFileSync(path.join(hclFolder, f), "utf8") === written[f]);
  if (!untouched) folders.push(hclFolder);
  // The JSON folder matters only when something besides cdk.tf.json sits in it (Terraform would read that too).
  if (configurationFiles(jsonFolder).some((f) => f !== referenceName)) folders.push(jsonFolder);
  for (const folder of folders) {
    const read = await readFolderConfig(folder);
    // A file Terraform cannot read: Terraform stops there, and so does the comparison (its blocks are unknown).
    const unreadable = read.problems.filter((p) => p.block === UNREADABLE);
    if (unreadable.length > 0) {
      lines.push(...unreadable.map((d) => formatTwinDifference(folder, d)));
      continue;
    }
    const all = compareWithReference(read, reference, referenceName);
    // The terraform block (backend, required versions) decides where state lives, not what is
    // allowed: a pipeline's backend_override.tf is the user's to keep, so it is shown, not failed.
    notes.push(...all.filter((d) => d.block === SETTINGS_BLOCK).map((d) => formatTwinDifference(folder, d)));
    const differences = all.filter((d) => d.block !== SETTINGS_BLOCK);
    if (differences.length === 0) continue;
    lines.push(...differences.map((d) => formatTwinDifference(folder, d)));
    let effects: readonly string[];
    try {
      effects = check(read.config);
    } catch (e) {
      effects = [`cannot be evaluated: ${e instanceof Error ? e.message : String(e)}`];
    }
    lines.push(...effects.map((e) => `${folder} as Terraform reads it: ${e}`));
  }
  return { differences: lines, notes };
}

/** One stack of an environment: its cloud, its synthesized JSON file, its HCL folder. */
export interface StackTwins {
  readonly cloud: SynthesizedCloud["cloud"];
  readonly jsonFile: string;
  readonly hclFolder: string;
  /** The cloud's section of the environment (for reading its JSON). */
  readonly section?: unknown;
}

/** The twins of every stack of one environment; the flows of a differing folder are decided against the catalog. */
export async function checkEnvironmentTwins(bound: BoundPolicy, stacks: readonly StackTwins[]): Promise<TwinFindings> {
  const differences: string[] = [];
  const notes: string[] = [];
  for (const s of stacks) {
    const check: ConfigurationCheck = (config) => checkEnvironment({ bound, stacks: [{ cloud: s.cloud, json: config, section: s.section }] }).disagreements.map((d) => d.explanation);
    const found = await checkStackTwins(s.jsonFile, s.hclFolder, check);
    differences.push(...found.differences);
    notes.push(...found.notes);
  }
  return { differences, notes };
}

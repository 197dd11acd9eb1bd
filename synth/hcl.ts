/**
 * Terraform JSON → HCL in the layout of HashiCorp's hclwrite (`terraform fmt`),
 * split into the files a Terraform reviewer expects. CDKTF 0.21's own HCL
 * output is not used: it writes JSON into cdk.tf. The tests hold every file
 * byte-identical to what @cdktf/hcl-tools (hclwrite) and `terraform fmt` make
 * of it; synthesis itself does not load hcl-tools (its WebAssembly runtime
 * costs ~0.5 s and ~70 MiB to load and ~1 s per MB formatted).
 */
import { BlockTree, providerBlocks, resourceBlocks } from "./provider-schema";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** File name → formatted HCL. */
export type HclFiles = Record<string, string>;

export const HCL_HEADER = "# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.\n\n";

/**
 * Renders a configuration as HCL files in the layout `terraform fmt` gives
 * (two-space indents, `=` aligned in runs of single-line attributes).
 */
export function terraformJsonToHcl(config: JsonObject): HclFiles {
  const files: Record<string, string[]> = {};
  const add = (file: string, text: string) => (files[file] ??= []).push(text);

  for (const [key, value] of Object.entries(config)) {
    if (key === "//") continue;
    const v = value as JsonObject;
    switch (key) {
      case "terraform":
        add("versions.tf", block(["terraform"], v, terraformBlocks(v), 0));
        break;
      case "provider":
        for (const [name, configs] of Object.entries(v)) {
          for (const c of asList(configs)) add("providers.tf", block(["provider", name], c as JsonObject, providerBlocks(name), 0));
        }
        break;
      case "resource":
      case "data":
        for (const [type, byName] of Object.entries(v)) {
          for (const [name, body] of Object.entries(byName as JsonObject)) {
            add("main.tf", block([key, type, name], body as JsonObject, resourceBlocks(type, key === "data"), 0));
          }
        }
        break;
      case "output":
      case "variable":
      case "module":
        for (const [name, body] of Object.entries(v)) add(key === "output" ? "outputs.tf" : "main.tf", block([key, name], body as JsonObject, {}, 0));
        break;
      case "locals":
        add("main.tf", block(["locals"], v, {}, 0));
        break;
      default:
        throw new Error(`top-level Terraform JSON key "${key}" has no HCL rendering yet`);
    }
  }
  const out: HclFiles = {};
  for (const file of Object.keys(files).sort()) out[file] = HCL_HEADER + files[file].join("\n");
  return out;
}

/**
 * Aligns `=` the way HashiCorp's hclwrite does: consecutive lines whose
 * assignment holds a whole single-line value form a run, and each run's
 * names are padded to its longest. A line that opens a multi-line value, a
 * block line or a blank line ends the run. terraformJsonToHcl writes its
 * assignments aligned so already (see `assignments`), without this pass over
 * every character of its text; the tests hold the two equal.
 */
export function alignAssignments(text: string): string {
  const lines = text.split("\n");
  const assignAt = lines.map(assignColumn);
  let start = -1;
  const close = (end: number) => {
    const width = Math.max(...lines.slice(start, end).map((l, k) => l.slice(0, assignAt[start + k]).trimEnd().length));
    for (let i = start; i < end; i++) {
      const lead = lines[i].slice(0, assignAt[i]).trimEnd();
      lines[i] = `${lead}${" ".repeat(width - lead.length + 1)}${lines[i].slice(assignAt[i])}`;
    }
    start = -1;
  };
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && assignAt[i] >= 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      close(i);
    }
  }
  return lines.join("\n");
}

/** Column of a line's assignment `=` when the value after it is complete on the line, else -1. */
function assignColumn(line: string): number {
  let inString = false;
  let at = -1;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "#" && at < 0) return -1;
    else if (at < 0 && c === "=" && i > 0 && line.trim() !== "=") at = i;
    else if (at >= 0 && (c === "(" || c === "[" || c === "{")) depth++;
    else if (at >= 0 && (c === ")" || c === "]" || c === "}")) depth--;
  }
  return at >= 0 && depth === 0 ? at : -1;
}

function terraformBlocks(v: JsonObject): BlockTree {
  const backends: Record<string, BlockTree> = {};
  for (const name of Object.keys((v.backend as JsonObject) ?? {})) backends[name] = {};
  return { required_providers: {}, backend: backends, cloud: {} };
}

function asList(v: Json): Json[] {
  return Array.isArray(v) ? v : [v];
}

function block(labels: string[], body: JsonObject, blocks: BlockTree, indent: number): string {
  const [type, ...names] = labels;
  const head = [type, ...names.map((n) => JSON.stringify(n))].join(" ");
  return `${pad(indent)}${head} {\n${blockBody(body, blocks, indent + 1)}${pad(indent)}}\n`;
}

/**
 * One body's or object's `name = value` lines, as alignAssignments would
 * leave them: the names of each run of single-line values padded to the
 * run's longest (all of a body's names share its indentation); a multi-line
 * value stands alone and ends the run before it.
 */
function assignments(entries: readonly (readonly [string, string])[], indent: number): string {
  const lead = pad(indent);
  let out = "";
  let runStart = 0;
  const flush = (end: number) => {
    let width = 0;
    for (let i = runStart; i < end; i++) width = Math.max(width, entries[i][0].length);
    for (let i = runStart; i < end; i++) out += `${lead}${entries[i][0]}${" ".repeat(width - entries[i][0].length)} = ${entries[i][1]}\n`;
  };
  for (let i = 0; i < entries.length; i++) {
    const [name, value] = entries[i];
    if (!value.includes("\n")) continue;
    flush(i);
    out += `${lead}${name} = ${value}\n`;
    runStart = i + 1;
  }
  flush(entries.length);
  return out;
}

function blockBody(body: JsonObject, blocks: BlockTree, indent: number): string {
  const attrs: [string, string][] = [];
  const nested: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//" || value === null || value === undefined) continue;
    if (key in blocks && typeof value === "object") {
      const childBlocks = blocks[key];
      if (key === "backend") {
        // backend { s3 = {...} } is written `backend "s3" { ... }`
        for (const [name, conf] of Object.entries(value as JsonObject)) nested.push(block([key, name], conf as JsonObject, {}, indent));
      } else if (key === "required_providers") {
        nested.push(`${pad(indent)}required_providers {\n${attributes(value as JsonObject, indent + 1)}${pad(indent)}}\n`);
      } else {
        for (const item of asList(value)) nested.push(block([key], item as JsonObject, childBlocks, indent));
      }
    } else {
      attrs.push([attrKey(key), expr(value, indent)]);
    }
  }
  return assignments(attrs, indent) + (attrs.length && nested.length ? "\n" : "") + nested.join("\n");
}

function attributes(obj: JsonObject, indent: number): string {
  return assignments(
    Object.entries(obj).map(([k, v]) => [attrKey(k), expr(v, indent)] as const),
    indent,
  );
}

/** A JSON value as an HCL expression; a string that is one whole `${…}` becomes the bare expression. */
export function expr(value: Json, indent: number): string {
  if (value === null) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") return bareReference(value) ?? quote(value);
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => expr(v, indent)).join(", ")}]`;
    return `[\n${value.map((v) => `${pad(indent + 1)}${expr(v, indent + 1)},\n`).join("")}${pad(indent)}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${assignments(
    entries.map(([k, v]) => [objectKey(k), expr(v, indent + 1)] as const),
    indent + 1,
  )}${pad(indent)}}`;
}

/** `${<type>.x.id}` → `<type>.x.id`; anything else stays a template. */
function bareReference(s: string): string | undefined {
  const m = /^\$\{([^${}"]+)\}$/.exec(s);
  return m && /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\])*$/.test(m[1].trim()) ? m[1].trim() : undefined;
}

/** Terraform JSON strings are templates already, so `${`/`%{` keep their meaning; only JSON escapes change. */
function quote(s: string): string {
  // Most strings need no escape: one test instead of five replacements (a 5,000-rule stack has 100,000 strings).
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

const NEEDS_ESCAPE = /[\\"\n\r\t]/;

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function attrKey(k: string): string {
  if (!IDENT.test(k)) throw new Error(`attribute name "${k}" is not an HCL identifier`);
  return k;
}

function objectKey(k: string): string {
  return IDENT.test(k) && !k.includes("-") ? k : JSON.stringify(k);
}

function pad(n: number): string {
  return "  ".repeat(n);
}

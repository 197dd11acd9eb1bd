/**
 * Terraform JSON → HCL, formatted by HashiCorp's hclwrite (@cdktf/hcl-tools),
 * split into the files a Terraform reviewer expects. CDKTF 0.21's own HCL
 * output is not used: it writes JSON into cdk.tf.
 */
import { format } from "@cdktf/hcl-tools";
import { BlockTree, providerBlocks, resourceBlocks } from "./provider-schema";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** File name → formatted HCL. */
export type HclFiles = Record<string, string>;

const HEADER = "# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.\n\n";

export async function terraformJsonToHcl(config: JsonObject): Promise<HclFiles> {
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
  for (const file of Object.keys(files).sort()) {
    out[file] = await format(HEADER + files[file].join("\n"));
  }
  return out;
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

function blockBody(body: JsonObject, blocks: BlockTree, indent: number): string {
  const attrs: string[] = [];
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
      attrs.push(`${pad(indent)}${attrKey(key)} = ${expr(value, indent)}\n`);
    }
  }
  return attrs.join("") + (attrs.length && nested.length ? "\n" : "") + nested.join("\n");
}

function attributes(obj: JsonObject, indent: number): string {
  return Object.entries(obj)
    .map(([k, v]) => `${pad(indent)}${attrKey(k)} = ${expr(v, indent)}\n`)
    .join("");
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
  return `{\n${entries.map(([k, v]) => `${pad(indent + 1)}${objectKey(k)} = ${expr(v, indent + 1)}\n`).join("")}${pad(indent)}}`;
}

/** `${aws_security_group.x.id}` → `aws_security_group.x.id`; anything else stays a template. */
function bareReference(s: string): string | undefined {
  const m = /^\$\{([^${}"]+)\}$/.exec(s);
  return m && /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\])*$/.test(m[1].trim()) ? m[1].trim() : undefined;
}

/** Terraform JSON strings are templates already, so `${`/`%{` keep their meaning; only JSON escapes change. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`;
}

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
